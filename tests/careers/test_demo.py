"""The careers demo extension writes plausible, consistent records in bulk, with their history."""

import datetime
import random

from cadres.choices import LeadershipLevel, PoliticalStatus
from careers import demo
from careers.models import AccountabilityRecord, Appointment, RankChange
from tests.factories import CadreFactory


def test_demo_seed_writes_consistent_records_with_history(county):
    leaders = [
        CadreFactory(unit=county["township"], leadership_level=LeadershipLevel.TOWNSHIP_DEPUTY, post_date="2020-05-01")
        for _ in range(3)
    ]
    for _ in range(40):
        CadreFactory(unit=county["village"], political_status=PoliticalStatus.PARTY_MEMBER)
    demo.seed(rng=random.Random(1), cadres_count=43, stdout=None)
    assert Appointment.objects.filter(kind="promotion").count() == 3
    for leader in leaders:
        appointment = Appointment.objects.get(cadre=leader, kind="promotion")
        assert (appointment.post_title, appointment.leadership_level) == (leader.post_title, leader.leadership_level)
        assert appointment.effective_date == datetime.date(2020, 5, 1)
    # every cadre's career starts with the 录用 on the work start date, its probation over and concluded
    hires = Appointment.objects.filter(kind="hire")
    assert hires.count() == 43
    assert set(hires.values_list("effective_date", "post_title", "probation_outcome")) == {
        (datetime.date(2003, 7, 1), "科员", "confirmed")
    }
    for change in RankChange.objects.select_related("cadre"):
        assert (change.to_rank, change.effective_date) == (change.cadre.rank, change.cadre.rank_date)
    assert AccountabilityRecord.history.count() == AccountabilityRecord.objects.count()
    assert Appointment.history.count() == 46
    demo.records_seed(rng=random.Random(2), share=1.0)
    assert AccountabilityRecord.objects.count() >= 43
    assert (
        AccountabilityRecord.objects.filter(family="party_discipline")
        .exclude(cadre__political_status__in=demo.PARTY_STATUSES)
        .count()
        == 0
    )


def test_demo_seed_removes_the_articles_one_party_member_a_year_from_the_rolls(county):
    """domain-rules §10: "1 removed from the rolls (除名)" for a county of about 4,000 cadres, every demo year."""
    for _ in range(10):
        CadreFactory(
            unit=county["village"], political_status=PoliticalStatus.PARTY_MEMBER, party_join_date="2010-07-01"
        )
    CadreFactory(unit=county["village"], political_status=PoliticalStatus.MASSES)

    written = demo.roll_removals_seed(rng=random.Random(3), per_year=demo.roll_removal_count(4000))
    removals = AccountabilityRecord.objects.filter(kind="party_roll_removal")

    assert written == 4
    assert sorted(removals.values_list("decided_on__year", flat=True)) == [2023, 2024, 2025, 2026]
    assert removals.values("cadre").distinct().count() == 4
    assert not removals.exclude(cadre__political_status=PoliticalStatus.PARTY_MEMBER).exists()
    assert max(removals.values_list("decided_on", flat=True)) < demo.REFERENCE_DATE
    assert AccountabilityRecord.history.filter(kind="party_roll_removal").count() == 4
    assert (demo.roll_removal_count(300), demo.roll_removal_count(100_000)) == (1, 25)


def test_demo_seed_fills_the_investigation_unfit_and_fault_tolerance_lists(county, as_user, org_staff):
    """Issue 15.10: every list of the careers area has demo rows after seeding a small county."""
    from django.urls import reverse

    from careers.choices import CaseStatus, FaultToleranceOutcome
    from careers.models import FaultToleranceCase, UnfitAdjustmentCase

    for _ in range(4):
        CadreFactory(unit=county["township"], leadership_level=LeadershipLevel.TOWNSHIP_DEPUTY, post_date="2020-05-01")
    for _ in range(60):
        CadreFactory(unit=county["village"], political_status=PoliticalStatus.PARTY_MEMBER)

    demo.seed(rng=random.Random(1), cadres_count=64, stdout=None)

    totals = {
        name: as_user(org_staff).get(reverse(f"careers:{name}")).context["total"]
        for name in ("investigation_list", "unfit_case_list", "fault_tolerance_list")
    }
    assert totals == {"investigation_list": 3, "unfit_case_list": 4, "fault_tolerance_list": 4}
    assert sorted(UnfitAdjustmentCase.objects.values_list("status", flat=True)) == [
        CaseStatus.INVESTIGATING,
        CaseStatus.INVESTIGATING,
        CaseStatus.OPENED,
        CaseStatus.OPENED,
    ]
    assert sorted(FaultToleranceCase.objects.values_list("outcome", flat=True)) == [
        "",
        "",
        FaultToleranceOutcome.EXEMPT,
        FaultToleranceOutcome.LENIENT,
    ]
    assert FaultToleranceCase.history.count() == UnfitAdjustmentCase.history.count() == 4


def test_a_county_chief_working_since_1998_has_a_career_of_steps_up_to_the_current_post():
    """Issue 15.10: the résumé of a cadre working since the 1990s starts at the work start, one 提拔 per
    leadership level below the current one, at least STEP_YEARS apart and before the current post."""
    steps = demo.career_steps(
        work_start=datetime.date(1998, 7, 1),
        post_title="县委书记",
        post_date=datetime.date(2021, 6, 1),
        level=LeadershipLevel.COUNTY_CHIEF,
    )

    assert [(kind, day.isoformat(), post, level) for kind, day, post, level in steps] == [
        ("hire", "1998-07-01", "科员", None),
        ("promotion", "2004-03-01", "副科长", LeadershipLevel.TOWNSHIP_DEPUTY),
        ("promotion", "2009-12-01", "科长", LeadershipLevel.TOWNSHIP_CHIEF),
        ("promotion", "2015-09-01", "县委副书记", LeadershipLevel.COUNTY_DEPUTY),
    ]


def test_a_short_career_keeps_only_the_steps_that_fit_and_a_staff_post_is_taken_by_transfer():
    chief = demo.career_steps(
        work_start=datetime.date(2018, 9, 1),
        post_title="镇长",
        post_date=datetime.date(2023, 3, 1),
        level=LeadershipLevel.COUNTY_CHIEF,
    )
    staff = demo.career_steps(
        work_start=datetime.date(2010, 9, 1), post_title="股长", post_date=datetime.date(2019, 1, 1), level=None
    )

    assert [(post, level) for _kind, _day, post, level in chief] == [
        ("科员", None),
        ("副镇长", LeadershipLevel.COUNTY_DEPUTY),
    ]
    assert [(kind, day, post) for kind, day, post, _level in staff] == [
        ("hire", datetime.date(2010, 9, 1), "科员"),
        ("lateral_transfer", datetime.date(2019, 1, 1), "股长"),
    ]
    assert (
        demo.career_steps(
            work_start=datetime.date(2023, 3, 1), post_title="镇长", post_date=datetime.date(2023, 3, 1), level=2
        )
        == []
    )
