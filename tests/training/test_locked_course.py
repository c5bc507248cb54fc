"""A course that has started (进行中, 已结业, 已归档) is not offered for editing: the course page has no 修改
button, and its edit page, opened by its address, sends the clerk back to the course with the reason before any
typing, on a GET as on a POST, with nothing written. A draft or an open course is still edited as before."""

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.conftest import client_for
from tests.training.factories import CourseFactory
from training import rules, services
from training.choices import CourseStatus
from training.models import Course

pytestmark = pytest.mark.django_db

STARTED = [CourseStatus.RUNNING, CourseStatus.FINISHED, CourseStatus.ARCHIVED]


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.mark.parametrize(
    ("status", "refusal"),
    [
        (CourseStatus.DRAFT, ""),
        (CourseStatus.OPEN, ""),
        (CourseStatus.RUNNING, "培训班已开班（进行中），不能再修改基本信息。"),
        (CourseStatus.FINISHED, "培训班已开班（已结业），不能再修改基本信息。"),
        (CourseStatus.ARCHIVED, "培训班已开班（已归档），不能再修改基本信息。"),
    ],
)
def test_the_rule_names_why_a_course_can_no_longer_be_edited(status, refusal):
    assert rules.course_edit_refusal(Course(status=status)) == refusal


@pytest.mark.parametrize("status", STARTED)
def test_the_page_of_a_started_course_offers_no_edit_button(org_staff, status):
    course = CourseFactory(status=status)
    html = client_for(org_staff).get(reverse("training:course_detail", args=[course.pk])).content.decode()
    assert reverse("training:course_edit", args=[course.pk]) not in html


def test_the_page_of_an_open_course_offers_the_edit_button(org_staff):
    course = CourseFactory(status=CourseStatus.OPEN)
    html = client_for(org_staff).get(reverse("training:course_detail", args=[course.pk])).content.decode()
    assert f'href="{reverse("training:course_edit", args=[course.pk])}">修改</a>' in html


def test_opening_the_edit_page_of_a_finished_course_goes_back_to_the_course_with_the_reason(org_staff):
    course = CourseFactory(status=CourseStatus.FINISHED, title="2025年春季主体班")
    response = client_for(org_staff).get(reverse("training:course_edit", args=[course.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("training:course_detail", args=[course.pk])
    assert messages_of(response) == ["培训班已开班（已结业），不能再修改基本信息。"]


def test_the_reason_is_shown_on_the_course_page_it_goes_back_to(org_staff):
    course = CourseFactory(status=CourseStatus.FINISHED)
    response = client_for(org_staff).get(reverse("training:course_edit", args=[course.pk]), follow=True)
    assert response.redirect_chain == [(reverse("training:course_detail", args=[course.pk]), 302)]
    assert "培训班已开班（已结业），不能再修改基本信息。" in response.content.decode()


def test_posting_to_the_edit_page_of_a_running_course_writes_nothing(org_staff):
    course = CourseFactory(status=CourseStatus.RUNNING, title="原名称")
    response = client_for(org_staff).post(reverse("training:course_edit", args=[course.pk]), {"title": "新名称"})
    course.refresh_from_db()
    assert (response.status_code, course.title) == (302, "原名称")
    assert messages_of(response) == ["培训班已开班（进行中），不能再修改基本信息。"]


def test_the_edit_page_of_an_open_course_still_opens_its_form(org_staff):
    course = CourseFactory(status=CourseStatus.OPEN, title="业务培训")
    response = client_for(org_staff).get(reverse("training:course_edit", args=[course.pk]))
    assert response.status_code == 200
    assert response.context["page_title"] == "修改培训班：业务培训"


def test_the_service_refuses_a_course_that_started_while_its_form_was_open(org_staff):
    course = CourseFactory(status=CourseStatus.OPEN)
    Course.objects.filter(pk=course.pk).update(status=CourseStatus.RUNNING)
    with pytest.raises(ValidationError) as refused:
        services.course_update(actor=org_staff, course=course, data={"title": "新名称"})
    assert refused.value.messages == ["培训班已开班（进行中），不能再修改基本信息。"]


def test_unit_hr_still_gets_403_on_the_edit_page_of_a_finished_course(unit_hr):
    course = CourseFactory(status=CourseStatus.FINISHED)
    assert client_for(unit_hr).get(reverse("training:course_edit", args=[course.pk])).status_code == 403


# ---------------------------------------------------------------- enrolment by staff


@pytest.mark.parametrize("status", [CourseStatus.DRAFT, CourseStatus.FINISHED, CourseStatus.ARCHIVED])
def test_the_page_of_a_course_not_taking_enrolment_offers_neither_the_picker_nor_the_bulk_page(org_staff, status):
    course = CourseFactory(status=status)
    html = client_for(org_staff).get(reverse("training:course_detail", args=[course.pk])).content.decode()
    assert reverse("training:enrol_one", args=[course.pk]) not in html
    assert reverse("training:enrol_bulk", args=[course.pk]) not in html
    assert reverse("training:attendance_import", args=[course.pk]) in html


@pytest.mark.parametrize("status", [CourseStatus.OPEN, CourseStatus.RUNNING])
def test_the_page_of_a_course_taking_enrolment_offers_the_picker_and_the_bulk_page(org_staff, status):
    course = CourseFactory(status=status)
    html = client_for(org_staff).get(reverse("training:course_detail", args=[course.pk])).content.decode()
    assert f'action="{reverse("training:enrol_one", args=[course.pk])}"' in html
    assert f'href="{reverse("training:enrol_bulk", args=[course.pk])}"' in html


def test_the_bulk_enrolment_page_of_a_finished_course_goes_back_to_the_course_with_the_reason(org_staff):
    course = CourseFactory(status=CourseStatus.FINISHED)
    response = client_for(org_staff).get(reverse("training:enrol_bulk", args=[course.pk]) + "?status=active")
    assert (response.status_code, response["Location"]) == (302, reverse("training:course_detail", args=[course.pk]))
    assert messages_of(response) == ["该培训班当前不接受报名。"]


def test_posting_the_bulk_enrolment_of_a_finished_course_enrols_no_one(org_staff, own_cadre):
    course = CourseFactory(status=CourseStatus.FINISHED)
    url = reverse("training:enrol_bulk", args=[course.pk]) + "?status=active"
    response = client_for(org_staff).post(url, {"cadre": [own_cadre.pk]})
    assert messages_of(response) == ["该培训班当前不接受报名。"]
    assert not course.enrolments.exists()


@pytest.mark.parametrize(
    ("status", "refusal"),
    [
        (CourseStatus.DRAFT, "该培训班当前不接受报名。"),
        (CourseStatus.OPEN, ""),
        (CourseStatus.RUNNING, ""),
        (CourseStatus.FINISHED, "该培训班当前不接受报名。"),
        (CourseStatus.ARCHIVED, "该培训班当前不接受报名。"),
    ],
)
def test_the_rule_says_when_staff_may_enrol(status, refusal):
    assert rules.staff_enrol_refusal(Course(status=status)) == refusal
