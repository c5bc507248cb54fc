"""The postings API: the same scope as the pages, the services' messages as 400s, and the permission matrix."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from postings.choices import PostingKind, PostingStatus, ReminderKind
from postings.models import Posting, PostingReminder
from postings.views import section_context
from tests.api import error_messages
from tests.postings.factories import ExternalHostFactory, PostingFactory

D = datetime.date


@pytest.fixture
def world(county, own_cadre, outside_cadre, today):
    inside = PostingFactory(
        cadre=own_cadre,
        kind=PostingKind.FIRST_SECRETARY,
        front_line="",
        host_unit=county["village"],
        planned_start=D(2025, 3, 1),
        planned_end=D(2027, 2, 28),
    )
    outside = PostingFactory(
        cadre=outside_cadre,
        kind=PostingKind.TEMPORARY_POST,
        front_line="",
        host_unit=None,
        external_host=ExternalHostFactory(),
        planned_start=D(2026, 1, 1),
        planned_end=D(2026, 12, 10),
    )
    for posting in (inside, outside):
        PostingReminder.objects.create(posting=posting, kind=ReminderKind.ENDED, period=today, raised_on=today)
    return {"inside": inside, "outside": outside, **county}


def _ids(response) -> list[int]:
    return sorted(row["id"] for row in response.json()["results"])


def test_posting_list_is_scoped(world, as_user, cadre_user, unit_hr, org_staff, admin_user):
    url = reverse("api:posting-list")
    inside, outside = world["inside"].pk, world["outside"].pk
    assert as_user(None).get(url).status_code == 401
    assert _ids(as_user(cadre_user).get(url)) == [inside]
    assert _ids(as_user(unit_hr).get(url)) == [inside]
    assert _ids(as_user(org_staff).get(url)) == sorted([inside, outside])
    assert _ids(as_user(admin_user).get(url)) == sorted([inside, outside])
    assert _ids(as_user(org_staff).get(url, {"kind": "temporary_post"})) == [outside]


def test_posting_retrieve_out_of_scope_is_404(world, as_user, cadre_user, unit_hr, org_staff):
    inside = reverse("api:posting-detail", kwargs={"pk": world["inside"].pk})
    outside = reverse("api:posting-detail", kwargs={"pk": world["outside"].pk})
    assert as_user(cadre_user).get(inside).json()["host_name"] == "如龙村"
    assert as_user(cadre_user).get(outside).status_code == 404
    assert as_user(unit_hr).get(outside).status_code == 404
    assert as_user(org_staff).get(outside).json()["host_name"].endswith(world["outside"].external_host.name)


@pytest.mark.parametrize(
    ("action", "payload", "field", "value"),
    [
        ("extend", {"new_end": "2027-08-31", "reason": "巩固成果"}, "planned_end", D(2027, 8, 31)),
        ("end", {"actual_end": "2026-11-20"}, "status", PostingStatus.COMPLETED),
        ("recall", {"on": "2026-11-20", "reason": "工作需要"}, "status", PostingStatus.RECALLED),
        ("evaluate", {"grade": "competent", "comment": "称职", "on": "2026-11-20"}, "evaluation_grade", "competent"),
    ],
)
def test_posting_actions_permission_matrix(
    world, as_user, cadre_user, unit_hr, org_staff, action, payload, field, value
):
    inside, outside = world["inside"], world["outside"]

    def url(posting):
        return reverse(f"api:posting-{action}", kwargs={"pk": posting.pk})

    def current(posting):
        return Posting.objects.values_list(field, flat=True).get(pk=posting.pk)

    before = current(inside), current(outside)
    assert as_user(None).post(url(inside), payload).status_code == 401
    assert as_user(cadre_user).post(url(inside), payload).status_code == 403
    assert as_user(unit_hr).post(url(outside), payload).status_code == 404
    assert (current(inside), current(outside)) == before
    assert as_user(unit_hr).post(url(inside), payload).status_code == 200
    assert as_user(org_staff).post(url(outside), payload).status_code == 200
    assert (current(inside), current(outside)) == (value, value)


def test_presence_action_answers_400_with_the_message(world, as_user, unit_hr):
    url = reverse("api:posting-presence", kwargs={"pk": world["inside"].pk})
    response = as_user(unit_hr).post(url, {"month": "2026-11-01", "days": 31})
    assert response.status_code == 400
    assert error_messages(response) == {"days": ["在岗天数应在 0 到 30 之间。"]}
    assert as_user(unit_hr).post(url, {"month": "2026-11-01", "days": 18}).status_code == 200


def test_create_answers_400_with_the_clear_message(world, as_user, org_staff, unit_hr, own_cadre, outside_cadre):
    url = reverse("api:posting-list")
    payload = {
        "cadre": outside_cadre.pk,
        "kind": "first_secretary",
        "host_unit": world["village"].pk,
        "planned_start": "2027-01-01",
        "planned_end": "2029-02-28",
    }
    response = as_user(org_staff).post(url, payload)
    assert response.status_code == 400
    assert error_messages(response) == {"host_unit": ["该村在这段时间已有第一书记。"]}
    response = as_user(unit_hr).post(url, {**payload, "host_unit": world["township"].pk})
    assert response.status_code == 400
    # the cadre is out of this user's scope: answered like a cadre that does not exist
    assert error_messages(response) == {"cadre": [f"无效主键 “{outside_cadre.pk}” － 对象不存在。"]}
    created = as_user(org_staff).post(url, {**payload, "kind": "temporary_post", "host_unit": world["township"].pk})
    assert created.status_code == 201
    assert created.json()["status"] == "planned"
    assert Posting.objects.count() == 3


@pytest.mark.parametrize("name", ["api:posting-village-list", "api:posting-reminder-list", "api:posting-statistics"])
def test_staff_endpoints_permission_matrix(world, as_user, cadre_user, unit_hr, org_staff, admin_user, name):
    url = reverse(name)
    assert as_user(None).get(url).status_code == 401
    assert as_user(cadre_user).get(url).status_code == 403
    for user in (unit_hr, org_staff, admin_user):
        assert as_user(user).get(url).status_code == 200


def test_reminders_and_villages_are_scoped(world, as_user, unit_hr, org_staff):
    reminders = as_user(unit_hr).get(reverse("api:posting-reminder-list")).json()["results"]
    assert [row["posting"] for row in reminders] == [world["inside"].pk]
    assert len(as_user(org_staff).get(reverse("api:posting-reminder-list")).json()["results"]) == 2
    villages = as_user(unit_hr).get(reverse("api:posting-village-list")).json()["results"]
    assert [(v["name"], v["first_secretary"]["cadre"]) for v in villages] == [("如龙村", "扎西")]


def test_village_profile_put_is_scoped(world, as_user, unit_hr, org_staff):
    url = reverse("api:posting-village-profile", kwargs={"pk": world["village"].pk})
    response = as_user(unit_hr).put(
        url, {"is_poverty": True, "is_relocation_site": True}, content_type="application/json"
    )
    assert response.status_code == 200
    village = as_user(org_staff).get(reverse("api:posting-village-detail", kwargs={"pk": world["village"].pk})).json()
    assert village["categories"] == ["贫困村/脱贫村", "易地搬迁安置村"]


def test_cadre_page_section_uses_one_query(world, own_cadre, org_staff, django_assert_num_queries, today):
    request = RequestFactory().get("/")
    request.user = org_staff
    with django_assert_num_queries(1):
        html = render_to_string(
            "postings/_cadre_section.html", {"cadre": own_cadre, **section_context(request, own_cadre)}, request=request
        )
    assert "基层工作经历（实践锻炼）：1年8个月24天" in html
