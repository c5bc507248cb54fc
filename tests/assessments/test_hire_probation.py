"""A new hire's 录用试用期 (domain-rules §2, 考核规定 art. 25): the recompute reads the careers app's 录用
records set-based, leaves a hire on probation on 31 December ungraded, and that ungraded year still counts
toward rank tenure (§5, the rewards rule reads the same reason)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments import recompute
from assessments.choices import Grade, UngradedReason
from assessments.models import Proposal, QuotaPool
from careers.choices import AppointmentKind, ProbationOutcome
from rewards import rules as reward_rules
from tests.assessments.test_workflow import scored_period  # noqa: F401 (fixture)
from tests.careers.factories import AppointmentFactory
from tests.factories import CadreFactory

D = datetime.date


def hired(cadre, on, last_day, outcome=ProbationOutcome.PENDING):
    return AppointmentFactory(
        cadre=cadre,
        kind=AppointmentKind.HIRE,
        post_title="一级科员",
        effective_date=on,
        probation_end=last_day,
        probation_outcome=outcome,
    )


@pytest.mark.parametrize(
    ("hired_on", "last_day", "outcome", "ungraded_in"),
    [
        (D(2025, 7, 1), D(2026, 6, 30), ProbationOutcome.PENDING, {2025}),  # graded again in 2026
        (D(2025, 1, 1), D(2025, 12, 31), ProbationOutcome.CONFIRMED, {2025}),  # last day is 31 December
        (D(2024, 12, 31), D(2025, 12, 30), ProbationOutcome.CONFIRMED, {2024}),  # over on 30 December 2025
        (D(2025, 7, 1), D(2026, 6, 30), ProbationOutcome.FAILED, set()),  # 取消录用: no longer serves
    ],
    ids=["hired-2025-07-01", "hired-2025-01-01", "hired-2024-12-31", "probation-failed"],
)
def test_a_hire_is_ungraded_in_the_years_whose_31_december_its_probation_covers_art_25(
    county, hired_on, last_day, outcome, ungraded_in
):
    cadre = CadreFactory(unit=county["organ"])
    hired(cadre, hired_on, last_day, outcome)
    found = {
        year
        for year in (2024, 2025, 2026)
        if cadre.pk in recompute.hire_probation_in_year(year=year, cadre_ids=[cadre.pk])
    }
    assert found == ungraded_in


def test_reading_the_hire_probations_is_one_query_whatever_the_number_of_cadres(county):
    cadres = [CadreFactory(unit=county["organ"]) for _ in range(5)]
    for cadre in cadres:
        hired(cadre, D(2025, 7, 1), D(2026, 6, 30))
    with CaptureQueriesContext(connection) as queries:
        found = recompute.hire_probation_in_year(year=2025, cadre_ids=[cadre.pk for cadre in cadres])
    assert (len(found), len(queries)) == (5, 1)


def test_the_recompute_leaves_a_hire_on_probation_ungraded_and_gives_the_place_to_the_next(
    scored_period,  # noqa: F811
    staff_office,
):
    first = staff_office["staff"][0]  # 90 from everyone: first in rank
    hired(first, D(2025, 7, 1), D(2026, 6, 30))

    recompute.recompute_pools(
        period_id=scored_period.pk,
        pool_ids=list(QuotaPool.objects.filter(period=scored_period).values_list("pk", flat=True)),
    )

    proposal = Proposal.objects.get(assessee__cadre=first)
    assert (proposal.proposed_grade, proposal.ungraded_reason) == (Grade.UNGRADED, UngradedReason.PROBATION)
    assert any("新录用人员在试用期内，只写评语，不定等次" in reason for reason in proposal.reasons)
    assert Proposal.objects.get(assessee__cadre=staff_office["staff"][1]).proposed_grade == Grade.EXCELLENT
    # §5: the probation year is ungraded but counts toward rank tenure, unlike other ungraded years
    assert reward_rules.is_excluded_year(proposal.proposed_grade, proposal.ungraded_reason) is False
    assert reward_rules.is_excluded_year(Grade.UNGRADED, UngradedReason.LONG_LEAVE) is True
