"""Acceptance 10.3 and 14.10: the admin goes through the services, deletes nothing, and answers impossible ids
with form errors.

Each bypass the issue found is tried here as an administrator would: a course set to finished without
credits, an enrolment's seat and hours edited past capacity, a posting extended without an extension
record, a unit moved into its own subtree, a cadre deleted with his or her training credits.
"""

import datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.messages import get_messages
from django.db import models
from django.db.models import ProtectedError
from django.test import Client, RequestFactory
from django.urls import reverse

from cadres.models import Cadre, Unit
from core.admin import SafeIdsMixin
from postings.models import Posting
from tests.core.test_admin import cadre_form_data, project_models
from tests.postings.factories import PostingFactory
from tests.training.factories import CourseFactory, CourseSessionFactory
from training import services as training_services
from training.choices import CourseStatus
from training.models import Course, Enrolment, TrainingCredit


@pytest.fixture
def admin_client(admin_user) -> Client:
    client = Client()
    client.force_login(admin_user)
    return client


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def course_form_data(course: Course, **changes) -> dict:
    data = {
        "title": course.title,
        "kind": course.kind,
        "organizer": course.organizer,
        "location": course.location,
        "start_date": course.start_date.isoformat(),
        "end_date": course.end_date.isoformat(),
        "hours": str(course.hours),
        "days": str(course.days) if course.days is not None else "",
        "capacity": course.capacity,
        "enrol_opens": course.enrol_opens.isoformat(),
        "enrol_closes": course.enrol_closes.isoformat(),
        "audience_levels": "[]",
        "audience_categories": "[]",
        "description": course.description,
        "status": course.status,
        "sessions-TOTAL_FORMS": "0",
        "sessions-INITIAL_FORMS": "0",
        "sessions-MIN_NUM_FORMS": "0",
        "sessions-MAX_NUM_FORMS": "1000",
        "_save": "保存",
    }
    data.update(changes)
    return data


# ---------------------------------------------------------------- the bypasses, refused


def test_a_draft_course_set_to_finished_in_the_admin_is_refused_with_a_message(admin_client):
    course = CourseFactory(status=CourseStatus.DRAFT)
    url = reverse("admin:training_course_change", args=[course.pk])

    response = admin_client.post(url, course_form_data(course, status=CourseStatus.FINISHED))

    assert response.status_code == 302
    assert response["Location"] == url
    assert messages_of(response) == ["未保存：培训班状态不能从“草稿”变为“已结业”。"]
    assert Course.objects.get(pk=course.pk).status == CourseStatus.DRAFT


def test_a_running_course_finished_in_the_admin_goes_through_the_service_and_credits_the_hours(
    admin_client, admin_user, own_cadre
):
    course = CourseFactory(status=CourseStatus.OPEN, capacity=1)
    CourseSessionFactory(course=course, hours=Decimal("7"))
    training_services.enrolment_create(actor=admin_user, course=course, cadre=own_cadre)
    training_services.course_transition(actor=admin_user, course=course, target=CourseStatus.RUNNING)
    course.refresh_from_db()

    response = admin_client.post(
        reverse("admin:training_course_change", args=[course.pk]),
        course_form_data(course, status=CourseStatus.FINISHED),
    )

    assert messages_of(response)[-1].startswith("成功修改了")
    assert response.status_code == 302
    assert Course.objects.get(pk=course.pk).status == CourseStatus.FINISHED
    assert list(TrainingCredit.objects.filter(cadre=own_cadre).values_list("hours", flat=True)) == [Decimal("70")]


def test_an_enrolments_seat_and_hours_cannot_be_edited_in_the_admin(admin_client, admin_user, own_cadre):
    course = CourseFactory(capacity=1)
    enrolment = training_services.enrolment_create(actor=admin_user, course=course, cadre=own_cadre)
    url = reverse("admin:training_enrolment_change", args=[enrolment.pk])

    response = admin_client.post(url, {"seat": "5", "leave_hours": "0", "hours_credited": "999"})

    assert response.status_code == 403
    assert admin_client.get(url).status_code == 200  # still shown, read-only
    enrolment.refresh_from_db()
    assert (enrolment.seat, enrolment.hours_credited) == (1, Decimal("0"))


def test_a_posting_cannot_be_extended_in_the_admin_without_its_extension_record(admin_client, own_cadre):
    posting = PostingFactory(cadre=own_cadre)
    planned_end = posting.planned_end
    url = reverse("admin:postings_posting_change", args=[posting.pk])

    response = admin_client.post(url, {"planned_end": (planned_end + datetime.timedelta(days=365)).isoformat()})

    assert response.status_code == 403
    assert Posting.objects.get(pk=posting.pk).planned_end == planned_end
    assert not posting.extensions.exists()


def test_a_unit_moved_into_its_own_subtree_in_the_admin_is_refused_with_a_message(admin_client, county):
    township, village = county["township"], county["village"]
    url = reverse("admin:cadres_unit_change", args=[township.pk])
    data = {
        "code": township.code,
        "name": township.name,
        "parent": village.pk,
        "kind": township.kind,
        "is_township": "on",
        "headcount": township.headcount or "",
        "sort_order": township.sort_order,
        "is_active": "on",
        "_save": "保存",
    }

    response = admin_client.post(url, data)

    assert messages_of(response) == ["未保存：上级单位不能是本单位或其下级单位。"]
    assert Unit.objects.get(pk=township.pk).parent == county["root"]


def test_a_cadre_cannot_be_deleted_in_the_admin_and_a_cadre_with_credits_not_at_all(
    admin_client, admin_user, own_cadre
):
    course = CourseFactory(status=CourseStatus.OPEN)
    CourseSessionFactory(course=course)
    training_services.enrolment_create(actor=admin_user, course=course, cadre=own_cadre)
    training_services.course_transition(actor=admin_user, course=course, target=CourseStatus.RUNNING)
    training_services.course_transition(actor=admin_user, course=course, target=CourseStatus.FINISHED)

    delete_url = reverse("admin:cadres_cadre_delete", args=[own_cadre.pk])
    assert admin_client.get(delete_url).status_code == 403
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 403
    changelist = admin_client.get(reverse("admin:cadres_cadre_changelist"))
    assert changelist.context["action_form"] is None  # no "delete selected" action, nor any other
    with pytest.raises(ProtectedError):
        Cadre.objects.get(pk=own_cadre.pk).delete()
    assert TrainingCredit.objects.filter(cadre=own_cadre).count() == 1
    assert Enrolment.objects.filter(cadre=own_cadre).count() == 1


def test_a_cadres_post_and_rank_are_read_only_in_the_admin_after_creation(admin_client, own_cadre):
    url = reverse("admin:cadres_cadre_change", args=[own_cadre.pk])

    response = admin_client.post(url, cadre_form_data(own_cadre, post_title="党委副书记", rank=9, phone="13912345678"))

    assert response.status_code == 302
    own_cadre.refresh_from_db()
    assert (own_cadre.post_title, own_cadre.rank, own_cadre.phone) == ("科员", own_cadre.rank, "13912345678")


# ---------------------------------------------------------------- the rules the bases keep


def person_foreign_keys() -> list:
    found = []
    for model in apps.get_models():
        if hasattr(model, "instance_type"):  # simple_history's tables keep no constraint
            continue
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model in (Cadre, Unit):
                found.append(field)
    return found


@pytest.mark.parametrize("field", person_foreign_keys(), ids=lambda field: f"{field.model._meta.label}.{field.name}")
def test_every_foreign_key_to_a_cadre_or_unit_protects_it(field):
    if (field.model._meta.label, field.name) == ("accounts.User", "cadre"):
        pytest.skip("a login is unlinked from a cadre, never a record of the cadre")
    assert field.remote_field.on_delete is models.PROTECT


@pytest.mark.parametrize("model", project_models(), ids=lambda model: model._meta.label)
def test_no_project_admin_deletes_and_every_writable_one_refuses_impossible_ids(admin_user, model):
    model_admin = admin.site.get_model_admin(model)
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    if model._meta.label == "accounts.User":
        assert isinstance(model_admin, SafeIdsMixin)
        return

    assert model_admin.has_delete_permission(request) is False
    if model_admin.has_add_permission(request) or model_admin.has_change_permission(request):
        assert isinstance(model_admin, SafeIdsMixin)


# ---------------------------------------------------------------- 14.10: impossible ids are form errors


@pytest.mark.parametrize("unit", ["abc", "99999999999999999999", "1.5"])
def test_an_impossible_id_in_an_autocomplete_field_is_a_form_error(admin_client, own_cadre, unit):
    url = reverse("admin:cadres_unit_change", args=[own_cadre.unit_id])
    township = own_cadre.unit
    data = {
        "code": township.code,
        "name": township.name,
        "parent": unit,
        "kind": township.kind,
        "sort_order": township.sort_order,
        "_save": "保存",
    }

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["parent"] == ["选择一个有效的选项。所选项不是可用的选项之一。"]


def test_a_huge_id_in_a_many_to_many_field_is_a_form_error(admin_client):
    course = CourseFactory(status=CourseStatus.DRAFT)

    response = admin_client.post(
        reverse("admin:training_course_change", args=[course.pk]),
        course_form_data(course, audience_units=["99999999999999999999"]),
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["audience_units"] == [
        "选择一个有效的选项。所选项不是可用的选项之一。"
    ]


def test_a_huge_id_in_the_users_managed_units_is_a_form_error(admin_client, unit_hr):
    url = reverse("admin:accounts_user_change", args=[unit_hr.pk])
    page = admin_client.get(url)
    initial = page.context["adminform"].form.initial
    data = {
        "username": unit_hr.username,
        "role": unit_hr.role,
        "is_active": "on",
        "managed_units": ["99999999999999999999"],
        "date_joined_0": initial["date_joined"].strftime("%Y-%m-%d"),
        "date_joined_1": "00:00:00",
    }

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["managed_units"] == [
        "选择一个有效的选项。所选项不是可用的选项之一。"
    ]


def test_a_service_admin_without_its_service_hooks_is_refused_when_defined():
    from core.admin import ServiceAdmin

    with pytest.raises(TypeError, match="HalfAdmin must define service_update"):
        type("HalfAdmin", (ServiceAdmin,), {"service_create": lambda self, request, data: None})
