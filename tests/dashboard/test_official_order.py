"""The record audit's findings (干部信息核查) in the roster's official order (issue 15.4), each person's
findings together by rule, instead of the people of a unit by name pinyin."""

from datetime import date

import pytest

from dashboard.choices import AuditRule
from dashboard.models import AuditFinding
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
