"""The record audit's findings (干部信息核查) and the lists behind the dashboard's figures of people in the
roster's official order (issue 15.4), instead of the people of a unit by name pinyin or primary key."""

from datetime import date

import pytest

from assessments.choices import Grade
from dashboard.choices import AuditRule
from dashboard.models import AuditFinding
from tests.assessments.factories import AnnualResultFactory
from tests.conftest import ROSTER_ORDER

pytestmark = pytest.mark.django_db


def test_the_findings_list_people_in_the_official_order(as_user, org_staff, roster_people):
    for name in ("阿苦", "白玛", "次仁", "扎西"):
        for rule in (AuditRule.PARTY_JOIN_UNDER_18, AuditRule.CAREER_GAP):
            AuditFinding.objects.create(
                cadre=roster_people[name], rule=rule, message="待核查", found_on=date(2026, 11, 30)
            )

    response = as_user(org_staff).get("/dashboard/audit/")

    assert [(row.record.cadre.name, row.record.rule) for row in response.context["table"].page.object_list] == [
        (name, rule) for name in ROSTER_ORDER for rule in (AuditRule.CAREER_GAP, AuditRule.PARTY_JOIN_UNDER_18)
    ]


def test_the_list_behind_a_figure_of_people_is_in_the_official_order(as_user, org_staff, roster_people):
    for cadre in roster_people.values():
        cadre.party_join_date = date(2025, 7, 1)
        cadre.save()
        AnnualResultFactory(cadre=cadre, year=2025, grade=Grade.EXCELLENT)
    client = as_user(org_staff)

    members = client.get("/dashboard/figures/new_party_members/", {"year": 2025}).context["table"].page.object_list
    excellent = client.get("/dashboard/figures/excellent_results/", {"year": 2025}).context["table"].page.object_list

    assert [row.record.name for row in members] == ROSTER_ORDER
    assert [row.record.cadre.name for row in excellent] == ROSTER_ORDER
