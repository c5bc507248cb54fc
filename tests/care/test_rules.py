"""The pure rules of care.rules, table-driven, each table citing its source (domain-rules §8)."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from care import rules
from care.choices import HealthCheckState

# ---------------------------------------------------------------- 职工带薪年休假条例 art. 3: bands


@pytest.mark.parametrize(
    ("service_years", "days"),
    [
        (0, 0),  # art. 3: 累计工作满1年 is the threshold; under one year, no leave
        (1, 5),  # 已满1年不满10年的，年休假5天
        (9, 5),
        (10, 10),  # 已满10年不满20年的，年休假10天
        (19, 10),
        (20, 15),  # 已满20年的，年休假15天
        (35, 15),
    ],
)
def test_annual_leave_band_follows_article_3(service_years, days):
    assert rules.annual_leave_days_for_service(service_years) == days


# ---------------------------------------------------------------- art. 4: disqualifications


@pytest.mark.parametrize(
    ("service_years", "personal_paid", "sick_days", "days", "disqualified_by"),
    [
        # art. 4 (2): 请事假累计20天以上且单位按照规定不扣工资的 — "以上" includes 20
        (5, 19, 0, 5, ""),
        (5, 20, 0, 0, rules.DISQUALIFIED_BY_PERSONAL_LEAVE),
        (25, 20, 0, 0, rules.DISQUALIFIED_BY_PERSONAL_LEAVE),
        # art. 4 (3): 满1年不满10年，请病假累计2个月以上 (60 days at 30 days a month)
        (5, 0, 59, 5, ""),
        (5, 0, 60, 0, rules.DISQUALIFIED_BY_SICK_LEAVE),
        # art. 4 (4): 满10年不满20年，请病假累计3个月以上
        (12, 0, 60, 10, ""),
        (12, 0, 89, 10, ""),
        (12, 0, 90, 0, rules.DISQUALIFIED_BY_SICK_LEAVE),
        # art. 4 (5): 满20年，请病假累计4个月以上
        (20, 0, 119, 15, ""),
        (20, 0, 120, 0, rules.DISQUALIFIED_BY_SICK_LEAVE),
        # art. 3: under one year there is nothing to take away
        (0, 30, 200, 0, ""),
    ],
)
def test_article_4_takes_away_the_years_leave(service_years, personal_paid, sick_days, days, disqualified_by):
    entitlement = rules.annual_leave_entitlement(
        service_years=service_years,
        personal_leave_days_paid=personal_paid,
        sick_leave_days=sick_days,
        days_per_month=30,
    )

    assert (entitlement.days, entitlement.disqualified_by) == (days, disqualified_by)


def test_entitlement_says_why_it_is_zero():
    entitlement = rules.annual_leave_entitlement(
        service_years=12, personal_leave_days_paid=0, sick_leave_days=90, days_per_month=30
    )

    assert entitlement.band_days == 10
    assert entitlement.reason == "病假累计达到规定时长（条例第四条第三至五项），当年不享受年休假"


# ---------------------------------------------------------------- art. 5: carry-over of at most one year


@pytest.mark.parametrize(
    ("entitlements", "taken", "carry_over_years", "expected"),
    [
        # art. 5: 可以跨1个年度安排 — 2023's unused 3 days are usable in 2024
        ({2023: 5, 2024: 5}, {2023: 2}, 1, {2024: (3, 0, 8)}),
        # unused 2022 days do not reach 2024 (more than one year)
        ({2022: 5, 2023: 5, 2024: 5}, {}, 1, {2023: (5, 0, 10), 2024: (5, 0, 10)}),
        # the carried-in days are used first: 2024 takes 6 = 3 carried + 3 own, 2 own left
        ({2023: 5, 2024: 5}, {2023: 2, 2024: 6}, 1, {2024: (3, 6, 2)}),
        # with no carry-over (setting 0) only the year's own days count
        ({2023: 5, 2024: 5}, {2023: 2}, 0, {2024: (0, 0, 5)}),
        # taking more than is usable shows a negative balance rather than hiding it
        ({2024: 5}, {2024: 7}, 1, {2024: (0, 7, -2)}),
        # two years of carry-over when the setting says so
        ({2022: 5, 2023: 5, 2024: 5}, {}, 2, {2024: (10, 0, 15)}),
    ],
)
def test_ledger_carries_unused_days_over_at_most_the_setting(entitlements, taken, carry_over_years, expected):
    ledger = rules.annual_leave_balances(
        entitlements=entitlements, taken=taken, carry_over_years=carry_over_years, until=2024
    )

    assert {year: (ledger[year].carried_in, ledger[year].taken, ledger[year].balance) for year in expected} == expected


@given(
    st.lists(st.integers(min_value=0, max_value=15), min_size=1, max_size=6),
    st.lists(st.integers(min_value=0, max_value=15), min_size=1, max_size=6),
)
def test_ledger_never_carries_more_than_the_previous_years_grant(grants, takes):
    entitlements = {2019 + i: days for i, days in enumerate(grants)}
    taken = {2019 + i: days for i, days in enumerate(takes)}
    until = 2019 + max(len(grants), len(takes)) - 1

    ledger = rules.annual_leave_balances(entitlements=entitlements, taken=taken, carry_over_years=1, until=until)

    for year, row in ledger.items():
        assert 0 <= row.carried_in <= entitlements.get(year - 1, 0)
        assert row.balance <= row.entitlement + row.carried_in


@pytest.mark.parametrize(
    ("start", "end", "days", "problem"),
    [
        (datetime.date(2024, 4, 1), datetime.date(2024, 4, 5), 5, None),
        (datetime.date(2024, 4, 5), datetime.date(2024, 4, 1), 1, ("end_date", "结束日期不能早于开始日期。")),
        (
            datetime.date(2024, 12, 30),
            datetime.date(2025, 1, 2),
            2,
            ("end_date", "请假不能跨年度登记，请按年度分别登记。"),
        ),
        (
            datetime.date(2024, 4, 1),
            datetime.date(2024, 4, 2),
            3,
            ("days", "请假天数（3天）不能超过起止日期之间的天数（2天）。"),
        ),
        (datetime.date(2024, 4, 1), datetime.date(2024, 4, 2), 0, ("days", "请假天数至少为1天。")),
    ],
)
def test_leave_days_must_fit_the_period(start, end, days, problem):
    assert rules.leave_days_problem(start=start, end=end, days=days) == problem


# ---------------------------------------------------------------- turnover housing (local rule, L)

WEIGHTS = {
    "township_post": 30,
    "first_secretary": 20,
    "per_10km_distance": 2,
    "distance_cap": 20,
    "spouse_elsewhere": 10,
    "dependent_children": 5,
    "family_hardship": 10,
}


@pytest.mark.parametrize(
    ("factors", "score", "parts"),
    [
        (rules.HousingFactors(), 0, []),
        (rules.HousingFactors(township_post=True), 30, [("township_post", 30)]),
        (rules.HousingFactors(first_secretary=True, distance_km=95), 38, [("first_secretary", 20), ("distance", 18)]),
        # distance scores per full 10 km, capped
        (rules.HousingFactors(distance_km=9), 0, []),
        (rules.HousingFactors(distance_km=400), 20, [("distance", 20)]),
        (
            rules.HousingFactors(
                township_post=True, spouse_elsewhere=True, dependent_children=True, family_hardship=True
            ),
            55,
            [("township_post", 30), ("spouse_elsewhere", 10), ("dependent_children", 5), ("family_hardship", 10)],
        ),
    ],
)
def test_housing_priority_adds_the_weights_of_declared_factors(factors, score, parts):
    priority = rules.housing_priority(factors, WEIGHTS)

    assert (priority.score, priority.parts) == (score, parts)


@pytest.mark.parametrize(
    ("a", "b", "overlap"),
    [
        ((datetime.date(2024, 1, 1), datetime.date(2024, 6, 1)), (datetime.date(2024, 6, 1), None), False),
        ((datetime.date(2024, 1, 1), datetime.date(2024, 6, 2)), (datetime.date(2024, 6, 1), None), True),
        ((datetime.date(2024, 1, 1), None), (datetime.date(2020, 1, 1), datetime.date(2021, 1, 1)), False),
        ((datetime.date(2020, 6, 1), None), (datetime.date(2020, 1, 1), datetime.date(2021, 1, 1)), True),
    ],
)
def test_tenancy_periods_are_half_open(a, b, overlap):
    assert rules.periods_overlap(a[0], a[1], b[0], b[1]) is overlap


# ---------------------------------------------------------------- health checks (local rule, L)


@pytest.mark.parametrize(
    ("done", "year", "today", "state"),
    [
        (True, 2024, datetime.date(2024, 12, 1), HealthCheckState.DONE),
        (False, 2024, datetime.date(2024, 10, 31), HealthCheckState.DUE),
        (False, 2024, datetime.date(2024, 11, 1), HealthCheckState.OVERDUE),
        (False, 2023, datetime.date(2024, 2, 1), HealthCheckState.OVERDUE),
    ],
)
def test_health_check_is_overdue_after_the_due_month(done, year, today, state):
    assert rules.health_check_state(done=done, year=year, today=today, due_month=10) == state


# ---------------------------------------------------------------- township allowance (seed article, L)


@pytest.mark.parametrize(
    ("total", "average", "premium", "required", "gap", "below"),
    [
        # seed article: township pay at least 20% above county-organ peers of the same rank
        (Decimal("6000.00"), Decimal("5000"), Decimal("0.20"), Decimal("6000.00"), Decimal("0.00"), False),
        (Decimal("5999.99"), Decimal("5000"), Decimal("0.20"), Decimal("6000.00"), Decimal("0.01"), True),
        (Decimal("5500.00"), Decimal("5000"), Decimal("0.20"), Decimal("6000.00"), Decimal("500.00"), True),
        (Decimal("5500.00"), Decimal("5000"), Decimal("0.10"), Decimal("5500.00"), Decimal("0.00"), False),
        # averages are taken unrounded; the floor is rounded to the cent
        (Decimal("4000.00"), Decimal("3333.333333"), Decimal("0.20"), Decimal("4000.00"), Decimal("0.00"), False),
    ],
)
def test_township_pay_must_be_the_premium_above_peers(total, average, premium, required, gap, below):
    check = rules.township_pay_check(total=total, peer_average=average, premium=premium)

    assert (check.required, check.gap, check.below) == (required, gap, below)


def test_township_pay_without_peers_is_not_compared():
    assert rules.township_pay_check(total=Decimal(1), peer_average=None, premium=Decimal("0.2")) is None
