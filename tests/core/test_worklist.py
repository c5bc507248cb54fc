"""工作台: computed from the data when read (no beat needed), scoped to the user, the landing page of staff."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from careers.choices import AppointmentKind, ProbationOutcome
from core.worklist import worklist, worklist_count
from tests.care.factories import HousingApplicationFactory
from tests.careers.factories import AppointmentFactory
from tests.factories import CadreFactory
from tests.postings.factories import PostingFactory

pytestmark = pytest.mark.django_db


def counts(user) -> dict[str, int]:
    return {entry["key"]: entry["count"] for entry in worklist(user, timezone.localdate())}


def test_a_posting_ending_today_is_on_the_list_without_any_job_having_run(org_staff, own_cadre, other_cadre):
    today = timezone.localdate()
    PostingFactory(cadre=own_cadre, planned_end=today)
    PostingFactory(cadre=other_cadre, planned_start=today, planned_end=today + datetime.timedelta(days=1))

    entry = next(e for e in worklist(org_staff, today) if e["key"] == "posting_ended")

    assert entry["count"] == 1
    assert entry["preview"][0][0] == f"扎西 · 一线锻炼 · 到期 {today.isoformat()}"


def test_an_ended_probation_with_no_conclusion_waits_for_its_assessment(org_staff, own_cadre):
    AppointmentFactory(
        cadre=own_cadre,
        kind=AppointmentKind.PROMOTION,
        probation_end=datetime.date(2026, 11, 18),
        probation_outcome=ProbationOutcome.PENDING,
    )
    AppointmentFactory(
        cadre=own_cadre,
        kind=AppointmentKind.PROMOTION,
        probation_end=timezone.localdate() + datetime.timedelta(days=30),
        probation_outcome=ProbationOutcome.PENDING,
    )
    assert counts(org_staff)["probation_due"] == 1


def test_unit_hr_sees_only_the_work_of_the_units_managed(org_staff, unit_hr, own_cadre, outside_cadre):
    HousingApplicationFactory(cadre=own_cadre)
    HousingApplicationFactory(cadre=outside_cadre)
    assert counts(org_staff)["housing_pending"] == 2
    assert counts(unit_hr)["housing_pending"] == 1


def test_a_cadre_gets_none_of_the_staff_work(cadre_user, own_cadre):
    HousingApplicationFactory(cadre=own_cadre)
    assert set(counts(cadre_user)) <= {"rating_tasks"}
    assert worklist_count(cadre_user, timezone.localdate()) == 0


def test_staff_land_on_the_worklist_and_a_cadre_on_the_own_record(as_user, org_staff, unit_hr, cadre_user):
    assert as_user(org_staff).get("/")["Location"] == reverse("worklist")
    assert as_user(unit_hr).get("/")["Location"] == reverse("worklist")
    assert as_user(cadre_user).get("/")["Location"] == reverse("cadres:my_record")


def test_the_menu_badge_counts_everything_waiting(as_user, org_staff, own_cadre, outside_cadre):
    HousingApplicationFactory(cadre=own_cadre)
    PostingFactory(cadre=outside_cadre, planned_end=timezone.localdate())
    html = as_user(org_staff).get(reverse("worklist_badge")).content.decode()
    assert '<span class="badge rounded-pill text-bg-warning ms-1" id="worklist-badge" title="待办事项">2</span>' in html


def test_the_page_queries_do_not_grow_with_the_rows(as_user, org_staff, county, django_assert_max_num_queries):
    client = as_user(org_staff)
    today = timezone.localdate()
    for _ in range(2):
        PostingFactory(cadre=CadreFactory(unit=county["township"]), planned_end=today)
        HousingApplicationFactory(cadre=CadreFactory(unit=county["township"]))
    client.get(reverse("worklist"))  # warm the session
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("worklist"))
    for _ in range(8):
        PostingFactory(cadre=CadreFactory(unit=county["township"]), planned_end=today)
        HousingApplicationFactory(cadre=CadreFactory(unit=county["township"]))
    with django_assert_max_num_queries(20) as many:
        response = client.get(reverse("worklist"))
    assert len(many.captured_queries) == len(few.captured_queries)
    assert "查看全部 10 项" in response.content.decode()


def test_a_pending_housing_application_links_to_the_list_searching_the_cadres_whole_name(org_staff, county):
    cadre = CadreFactory(name="扎西#2 & 卓玛", unit=county["township"])
    HousingApplicationFactory(cadre=cadre)

    entry = next(e for e in worklist(org_staff, timezone.localdate()) if e["key"] == "housing_pending")

    assert (
        entry["preview"][0][1]
        == "/care/housing/applications/?q=%E6%89%8E%E8%A5%BF%232+%26+%E5%8D%93%E7%8E%9B&status=pending"
    )
