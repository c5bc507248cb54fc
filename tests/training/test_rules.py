"""Table-driven tests of the §6 rules (干部教育培训工作条例 2023 art. 14–15; domain-rules §6)."""

from datetime import date
from decimal import Decimal as D
from fractions import Fraction

import pytest
from django.test import override_settings

from cadres.choices import LeadershipLevel as L
from cadres.choices import Rank as R
from training import rules
from training.choices import CourseStatus, RequirementKind


@pytest.fixture
def thresholds():
    return rules.thresholds_from_settings()


@pytest.mark.parametrize(
    ("level", "rank", "expected"),
    [
        # §6: 乡科级 leaders and 一级主任科员 and below → annual rule
        (None, R.CLERK_2, RequirementKind.ANNUAL),
        (None, R.PRINCIPAL_STAFF_1, RequirementKind.ANNUAL),
        (L.TOWNSHIP_DEPUTY, R.PRINCIPAL_STAFF_4, RequirementKind.ANNUAL),
        (L.TOWNSHIP_CHIEF, R.PRINCIPAL_STAFF_1, RequirementKind.ANNUAL),
        (None, None, RequirementKind.ANNUAL),
        # §6: 县处级 leaders and 四级调研员 and above → 5-year rule
        (None, R.RESEARCHER_4, RequirementKind.FIVE_YEAR),
        (None, R.INSPECTOR_1, RequirementKind.FIVE_YEAR),
        (L.COUNTY_DEPUTY, None, RequirementKind.FIVE_YEAR),
        (L.COUNTY_CHIEF, R.PRINCIPAL_STAFF_2, RequirementKind.FIVE_YEAR),
        # both: a 乡科级 leader holding 四级调研员 follows the 5-year rule
        (L.TOWNSHIP_CHIEF, R.RESEARCHER_4, RequirementKind.FIVE_YEAR),
    ],
)
def test_requirement_kind_follows_level_and_rank(level, rank, expected):
    assert rules.requirement_kind(leadership_level=level, rank=rank) == expected


def _assess(thresholds, *, level=None, rank=R.PRINCIPAL_STAFF_4, promoted=None, on=date(2025, 12, 31), **totals):
    return rules.assess_compliance(
        cadre_id=1,
        leadership_level=level,
        rank=rank,
        promotion_date=promoted,
        totals=rules.CreditTotals(**{key: D(str(value)) for key, value in totals.items()}),
        on_date=on,
        thresholds=thresholds,
    )


@pytest.mark.parametrize(
    ("hours", "days", "compliant"),
    [
        # §6 annual: at least 90 学时 ...
        ("89.9", "0", False),
        ("90", "0", True),
        ("120", "0", True),
        # ... or 12 days of day-based off-the-job training (the "or")
        ("0", "11.9", False),
        ("0", "12", True),
        ("40", "12", True),
        ("89.9", "11.9", False),
    ],
)
def test_annual_rule_hours_or_days(thresholds, hours, days, compliant):
    result = _assess(thresholds, annual_hours=hours, annual_days=days)
    assert result.requirement == RequirementKind.ANNUAL
    assert result.compliant is compliant
    assert (result.required, result.required_days) == (D(90), D(12))
    assert result.period_start == date(2025, 1, 1)
    assert result.period_end == date(2025, 12, 31)


@pytest.mark.parametrize(
    ("hours", "days", "compliant"),
    [
        # §6 5-year: at least 550 学时 or 3 months (90 days) in the rolling window
        ("549.9", "0", False),
        ("550", "0", True),
        ("0", "89.5", False),
        ("0", "90", True),
        ("300", "90", True),
    ],
)
def test_five_year_rule_hours_or_days(thresholds, hours, days, compliant):
    result = _assess(thresholds, level=L.COUNTY_DEPUTY, rank=None, window_hours=hours, window_days=days)
    assert result.requirement == RequirementKind.FIVE_YEAR
    assert result.compliant is compliant
    assert (result.required, result.required_days) == (D(550), D(90))
    assert (result.period_start, result.period_end) == (date(2021, 1, 1), date(2025, 12, 31))


def test_annual_rule_ignores_window_hours_and_five_year_rule_ignores_annual_hours(thresholds):
    assert _assess(thresholds, annual_hours="10", window_hours="600").compliant is False
    assert _assess(thresholds, level=L.COUNTY_CHIEF, annual_hours="600", window_hours="10").compliant is False


def test_shortfall_reason_names_period_numbers_and_gap(thresholds):
    result = _assess(thresholds, annual_hours="40", annual_days="3")
    assert result.shortfall == D(50)
    assert result.reason == "2025年度认定学时40（要求90），脱产培训3天（要求12天），差50学时。未达到培训学时要求。"


def test_compliant_reason_says_which_measure_was_met(thresholds):
    assert _assess(thresholds, annual_hours="96").reason == "2025年度认定学时96，达到90学时要求。"
    assert _assess(thresholds, annual_days="12").reason == "2025年度脱产培训12天，达到12天要求。"


@pytest.mark.parametrize(
    ("promoted", "in_grace"),
    [
        # §6: the newly promoted must finish within 12 months of the promotion
        (date(2025, 1, 1), True),
        (date(2025, 6, 30), True),
        (date(2024, 12, 31), False),  # exactly 12 months before: grace has ended
        (date(2024, 6, 1), False),
        (date(2026, 1, 1), False),  # a promotion after the date asked gives no grace
        (None, False),
    ],
)
def test_twelve_month_grace_after_promotion(thresholds, promoted, in_grace):
    result = _assess(thresholds, promoted=promoted, annual_hours="10")
    assert result.compliant is in_grace
    assert result.in_grace is in_grace


def test_grace_reason_gives_the_end_of_the_grace(thresholds):
    result = _assess(thresholds, promoted=date(2025, 3, 15), annual_hours="10")
    # §6: "至" names the last day inside the grace
    assert result.reason.endswith("2025-03-15提拔，处于12个月宽限期内（至2026-03-14），暂不视为未达标。")


def test_grace_does_not_mark_a_cadre_who_met_the_hours(thresholds):
    result = _assess(thresholds, promoted=date(2025, 3, 15), annual_hours="95")
    assert (result.compliant, result.in_grace) == (True, False)


@pytest.mark.parametrize(
    ("on", "annual_year", "window_start"),
    [
        (date(2025, 12, 31), 2025, date(2021, 1, 1)),
        (date(2026, 3, 1), 2025, date(2021, 3, 2)),
        (date(2024, 2, 29), 2023, date(2019, 3, 1)),
    ],
)
def test_assessment_periods(thresholds, on, annual_year, window_start):
    periods = rules.assessment_periods(on, thresholds=thresholds)
    assert (periods.annual_year, periods.window_start, periods.window_end) == (annual_year, window_start, on)


@pytest.mark.parametrize(
    ("course_hours", "missed", "exceeds"),
    [
        # §6: leave above 1/7 of the course hours withdraws the trainee; exactly 1/7 is tolerated
        ("70", "10", False),
        ("70", "10.1", True),
        ("90", "12.8", False),  # 90/7 = 12.857...
        ("90", "12.9", True),
        ("7", "1", False),
        ("7", "1.1", True),
        ("70", "0", False),
    ],
)
def test_leave_above_one_seventh_withdraws(thresholds, course_hours, missed, exceeds):
    assert rules.leave_exceeds_limit(course_hours=D(course_hours), missed=D(missed), thresholds=thresholds) is exceeds
    credit = rules.course_credit(
        course_hours=D(course_hours), credited_days=D(2), missed=D(missed), thresholds=thresholds
    )
    # §6 credit: the set hours in full, or nothing
    assert (credit.hours, credit.days, credit.withdrawn) == (
        (D(0), D(0), True) if exceeds else (D(course_hours), D(2), False)
    )


def test_leave_share_is_a_setting():
    with override_settings(TRAINING_LEAVE_MAX_SHARE="1/5"):
        thresholds = rules.thresholds_from_settings()
        assert thresholds.leave_share == Fraction(1, 5)
        assert rules.leave_exceeds_limit(course_hours=D(70), missed=D(14), thresholds=thresholds) is False
        assert rules.leave_limit_hours(D(70), thresholds=thresholds) == D("14.00")


def test_missed_hours_counts_leave_and_absence(thresholds):
    rows = [("present", D(0), D(7)), ("leave", D(3), D(7)), ("absent", D(0), D(7))]
    assert rules.missed_hours(rows, thresholds=thresholds) == D(10)
    with override_settings(TRAINING_ABSENCE_COUNTS_AS_LEAVE=False):
        assert rules.missed_hours(rows, thresholds=rules.thresholds_from_settings()) == D(3)


def test_one_day_is_six_hours_by_default_and_a_setting(thresholds):
    # §6 conversion (L): 1 day = 6 学时
    assert rules.hours_from_days(D(12), thresholds=thresholds) == D(72)
    with override_settings(TRAINING_HOURS_PER_DAY=8):
        assert rules.hours_from_days(D("2.5"), thresholds=rules.thresholds_from_settings()) == D(20)


@override_settings(TRAINING_ANNUAL_REQUIRED_HOURS=100, TRAINING_FIVE_YEAR_REQUIRED_HOURS=600)
def test_thresholds_are_read_at_call_time():
    thresholds = rules.thresholds_from_settings()
    assert _assess(thresholds, annual_hours="95").compliant is False
    assert _assess(thresholds, level=L.COUNTY_DEPUTY, window_hours="590").compliant is False


def test_online_self_study_minimum_is_reported(thresholds):
    # §6 (S): at least 50 学时 of online self-study a year, reported next to compliance
    short = _assess(thresholds, annual_hours="90", annual_online_hours="49")
    met = _assess(thresholds, annual_hours="90", annual_online_hours="50")
    assert (short.compliant, short.online_met, short.online_required) == (True, False, D(50))
    assert met.online_met is True


@pytest.mark.parametrize(
    ("unit_path", "level", "category", "paths", "levels", "categories", "expected"),
    [
        ("000001.000002.", None, "civil_servant", [], [], [], True),
        ("000001.000002.000003.", None, "civil_servant", ["000001.000002."], [], [], True),
        ("000001.000004.", None, "civil_servant", ["000001.000002."], [], [], False),
        ("000001.000002.", 2, "civil_servant", [], [1, 2], [], True),
        ("000001.000002.", None, "civil_servant", [], [1, 2], [], False),
        ("000001.000002.", 2, "village", [], [2], ["civil_servant"], False),
    ],
)
def test_in_audience(unit_path, level, category, paths, levels, categories, expected):
    assert (
        rules.in_audience(
            unit_path=unit_path,
            leadership_level=level,
            category=category,
            audience_unit_paths=paths,
            audience_levels=levels,
            audience_categories=categories,
        )
        is expected
    )


def test_lowest_free_seat():
    assert rules.lowest_free_seat([], 3) == 1
    assert rules.lowest_free_seat([1, 3], 3) == 2
    assert rules.lowest_free_seat([1, 2, 3], 3) is None


@pytest.mark.parametrize(
    ("current", "target", "allowed"),
    [
        (CourseStatus.DRAFT, CourseStatus.OPEN, True),
        (CourseStatus.OPEN, CourseStatus.RUNNING, True),
        (CourseStatus.RUNNING, CourseStatus.FINISHED, True),
        (CourseStatus.FINISHED, CourseStatus.ARCHIVED, True),
        (CourseStatus.DRAFT, CourseStatus.FINISHED, False),
        (CourseStatus.FINISHED, CourseStatus.OPEN, False),
        (CourseStatus.ARCHIVED, CourseStatus.DRAFT, False),
    ],
)
def test_course_status_transitions(current, target, allowed):
    assert rules.course_transition_allowed(current, target) is allowed
