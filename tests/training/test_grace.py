"""The 12-month training grace after a promotion (domain-rules §6, 干部教育培训工作条例 art. 15; issue 11
items 1 and 2): only a 提拔 or a 晋升 starts it; the hours earned inside it count toward the promotion
year; "至" names its last day. Pure rule and batch selector, with the issue's dates."""

import datetime
from decimal import Decimal as D

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cadres.choices import LeadershipLevel, Rank
from careers.choices import AppointmentKind, RankChangeKind
from tests.careers.factories import AppointmentFactory, RankChangeFactory
from tests.factories import CadreFactory
from tests.training.credits import credit
from training import rules, selectors

DAY = datetime.date


@pytest.fixture
def thresholds():
    return rules.thresholds_from_settings()


# ---------------------------------------------------------------- pure rule


@pytest.mark.parametrize(
    ("promoted", "on", "window"),
    [
        # promoted 2024-11-01: the grace's last day is 2025-10-31
        pytest.param(DAY(2024, 11, 1), DAY(2025, 10, 31), (DAY(2025, 1, 1), DAY(2025, 10, 31)), id="§6 宽限期末日"),
        pytest.param(DAY(2024, 11, 1), DAY(2025, 11, 1), (DAY(2025, 1, 1), DAY(2025, 10, 31)), id="§6 宽限期届满后"),
        pytest.param(DAY(2024, 11, 1), DAY(2025, 3, 1), (DAY(2025, 1, 1), DAY(2025, 3, 1)), id="§6 不晚于查询日"),
        pytest.param(DAY(2024, 1, 1), DAY(2025, 3, 1), None, id="§6 1月1日提拔 宽限期不跨年"),
        pytest.param(DAY(2024, 11, 1), DAY(2024, 12, 1), None, id="§6 提拔当年尚无跨年补修"),
        pytest.param(None, DAY(2025, 3, 1), None, id="§6 未提拔"),
    ],
)
def test_grace_makeup_window(thresholds, promoted, on, window):
    assert rules.grace_makeup_window(promotion_date=promoted, on_date=on, thresholds=thresholds) == window


def assess(thresholds, *, on, promoted, annual_hours="0", grace_hours="0", level=None, rank=Rank.PRINCIPAL_STAFF_4):
    return rules.assess_compliance(
        cadre_id=1,
        leadership_level=level,
        rank=rank,
        promotion_date=promoted,
        totals=rules.CreditTotals(annual_hours=D(annual_hours), grace_hours=D(grace_hours)),
        on_date=on,
        thresholds=thresholds,
    )


@pytest.mark.parametrize(
    "on",
    [
        pytest.param(DAY(2025, 10, 31), id="§6 第15条 2025-10-31 宽限期内"),
        pytest.param(DAY(2025, 11, 1), id="§6 第15条 2025-11-01 宽限期届满 补修学时计入2024年度"),
    ],
)
def test_hours_made_up_in_the_grace_count_toward_the_promotion_year(thresholds, on):
    # issue 11 item 2: promoted 2024-11-01, 10 h in 2024, 100 h in January 2025 → 2024 is met
    result = assess(thresholds, on=on, promoted=DAY(2024, 11, 1), annual_hours="10", grace_hours="100")
    assert (result.compliant, result.in_grace, result.earned, result.makeup_hours) == (True, False, D(110), D(100))
    assert result.reason == "2024年度认定学时110，达到90学时要求。（含2024-11-01提拔后宽限期内补修100学时、0天）"


def test_without_make_up_the_grace_ends_on_its_last_day(thresholds):
    # issue 11 item 2: the message names the last day inside the grace, and the day after it fails
    inside = assess(thresholds, on=DAY(2025, 10, 31), promoted=DAY(2024, 11, 1), annual_hours="10")
    assert (inside.compliant, inside.in_grace) == (True, True)
    assert inside.reason.endswith("2024-11-01提拔，处于12个月宽限期内（至2025-10-31），暂不视为未达标。")
    after = assess(thresholds, on=DAY(2025, 11, 1), promoted=DAY(2024, 11, 1), annual_hours="10")
    assert (after.compliant, after.in_grace) == (False, False)


def test_make_up_counts_only_for_the_promotion_year(thresholds):
    # the 2025 promotion's grace credits are not the 2024 requirement's (the assessed year is 2024)
    result = assess(thresholds, on=DAY(2025, 12, 30), promoted=DAY(2025, 3, 1), annual_hours="10", grace_hours="100")
    assert (result.earned, result.makeup_hours, result.in_grace) == (D(10), D(0), True)


# ---------------------------------------------------------------- which changes start a grace (item 1)

LEADER = {"leadership_level": LeadershipLevel.COUNTY_DEPUTY, "rank": None, "post_date": DAY(2015, 1, 1)}


@pytest.mark.parametrize(
    ("record", "kind", "in_grace"),
    [
        pytest.param("appointment", AppointmentKind.PROMOTION, True, id="§6 提拔 开始宽限期"),
        pytest.param("rank", RankChangeKind.PROMOTION, True, id="§6 职级晋升 开始宽限期"),
        pytest.param("appointment", AppointmentKind.DEMOTION, False, id="§6 降职 无宽限期"),
        pytest.param("appointment", AppointmentKind.LATERAL_TRANSFER, False, id="§6 平级转任 无宽限期"),
        pytest.param("appointment", AppointmentKind.EXCHANGE, False, id="§6 交流任职 无宽限期"),
        pytest.param("appointment", AppointmentKind.CHANGE_TO_RANK, False, id="§6 改任职级 无宽限期"),
        pytest.param("rank", RankChangeKind.CONVERSION, False, id="§6 套转 无宽限期"),
        pytest.param("rank", RankChangeKind.DEMOTION, False, id="§6 职级降低 无宽限期"),
        pytest.param("rank", RankChangeKind.RESTORATION, False, id="§6 恢复职级 无宽限期"),
    ],
)
def test_only_a_promotion_starts_the_grace(county, record, kind, in_grace):
    # issue 11 item 1: a 县处级副职 leader with 0 hours on 2026-06-01, after a change on 2026-03-01
    cadre = CadreFactory(unit=county["organ"], **LEADER)
    if record == "appointment":
        AppointmentFactory(cadre=cadre, kind=kind, effective_date=DAY(2026, 3, 1))
    else:
        RankChangeFactory(cadre=cadre, kind=kind, from_rank=5, to_rank=6, effective_date=DAY(2026, 3, 1))
    cadre.post_date = DAY(2026, 3, 1)  # what the old rule read: any change of post moved this date
    cadre.save()
    result = selectors.compliance_for_cadre(cadre=cadre, on_date=DAY(2026, 6, 1))
    assert (result.compliant, result.in_grace) == (in_grace, in_grace)
    if in_grace:
        assert result.reason.endswith("2026-03-01提拔，处于12个月宽限期内（至2027-02-28），暂不视为未达标。")
    else:
        assert result.reason.endswith("未达到培训学时要求。")


def test_a_promotion_after_the_date_asked_gives_no_grace(county):
    cadre = CadreFactory(unit=county["organ"], **LEADER)
    AppointmentFactory(cadre=cadre, kind=AppointmentKind.PROMOTION, effective_date=DAY(2026, 7, 1))
    assert selectors.compliance_for_cadre(cadre=cadre, on_date=DAY(2026, 6, 1)).in_grace is False


def test_the_batch_path_counts_make_up_hours_from_the_records(county, django_assert_max_num_queries):
    # issue 11 item 2 through the selectors: promoted 2024-11-01, 10 h in 2024, 100 h in January 2025
    cadre = CadreFactory(unit=county["township"], leadership_level=None, rank=Rank.PRINCIPAL_STAFF_4)
    RankChangeFactory(
        cadre=cadre, kind=RankChangeKind.PROMOTION, from_rank=2, to_rank=3, effective_date=DAY(2024, 11, 1)
    )
    credit(cadre, DAY(2024, 12, 1), 10)
    credit(cadre, DAY(2025, 1, 20), 100)
    late = CadreFactory(unit=county["township"], leadership_level=None, rank=Rank.PRINCIPAL_STAFF_4)
    RankChangeFactory(
        cadre=late, kind=RankChangeKind.PROMOTION, from_rank=2, to_rank=3, effective_date=DAY(2024, 11, 1)
    )
    credit(late, DAY(2024, 12, 1), 10)
    credit(late, DAY(2025, 11, 5), 100)  # after the grace: counts for 2025 only
    for on in (DAY(2025, 10, 31), DAY(2025, 11, 1)):
        with django_assert_max_num_queries(3):
            results = selectors.compliance_for_cadres(cadre_ids=[cadre.pk, late.pk], on_date=on)
        assert (results[cadre.pk].compliant, results[cadre.pk].earned) == (True, D(110))
    on_time = selectors.compliance_for_cadres(cadre_ids=[late.pk], on_date=DAY(2025, 10, 31))[late.pk]
    assert (on_time.compliant, on_time.in_grace) == (True, True)
    too_late = selectors.compliance_for_cadres(cadre_ids=[late.pk], on_date=DAY(2025, 11, 10))[late.pk]
    assert (too_late.compliant, too_late.earned) == (False, D(10))


# ---------------------------------------------------------------- differential: batch path = pure rule

history = st.lists(
    st.tuples(
        st.sampled_from(["appointment", "rank"]),
        st.sampled_from(["promotion", "other"]),
        st.integers(min_value=0, max_value=3 * 365),
    ),
    max_size=4,
)
ledger = st.lists(
    st.tuples(st.integers(min_value=0, max_value=3 * 365), st.integers(min_value=1, max_value=60)), max_size=6
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes=history, credits=ledger, on_offset=st.integers(min_value=0, max_value=3 * 365))
def test_selector_agrees_with_the_pure_rule_on_generated_promotions_and_credits(county, changes, credits, on_offset):
    from django.db import transaction

    start = DAY(2023, 1, 1)
    on = start + datetime.timedelta(days=on_offset)
    thresholds = rules.thresholds_from_settings()
    with transaction.atomic():
        cadre = CadreFactory(unit=county["township"], leadership_level=None, rank=Rank.PRINCIPAL_STAFF_4)
        promotions, used = [], set()
        for record, kind, offset in changes:
            day = start + datetime.timedelta(days=offset)
            if (record, day) in used:
                continue
            used.add((record, day))
            if record == "appointment":
                kind = AppointmentKind.PROMOTION if kind == "promotion" else AppointmentKind.LATERAL_TRANSFER
                AppointmentFactory(cadre=cadre, kind=kind, effective_date=day)
            else:
                kind = RankChangeKind.PROMOTION if kind == "promotion" else RankChangeKind.CONVERSION
                RankChangeFactory(cadre=cadre, kind=kind, effective_date=day)
            if kind == "promotion" and day <= on:
                promotions.append(day)
        for offset, hours in credits:
            credit(cadre, start + datetime.timedelta(days=offset), hours)
        promoted = max(promotions, default=None)
        periods = rules.assessment_periods(on, thresholds=thresholds)
        earned = [
            (start + datetime.timedelta(days=o), D(h)) for o, h in credits if start + datetime.timedelta(days=o) <= on
        ]
        window = rules.grace_makeup_window(promotion_date=promoted, on_date=on, thresholds=thresholds)
        in_window = (
            sum((h for d, h in earned if window[0] <= d <= window[1]), D(0))
            if window and promoted.year == periods.annual_year
            else D(0)
        )
        totals = rules.CreditTotals(
            annual_hours=sum((h for d, h in earned if d.year == periods.annual_year), D(0)),
            window_hours=sum((h for d, h in earned if d >= periods.window_start), D(0)),
            current_year_hours=sum((h for d, h in earned if d.year == on.year), D(0)),
            grace_hours=in_window,
        )
        expected = rules.assess_compliance(
            cadre_id=cadre.pk,
            leadership_level=None,
            rank=Rank.PRINCIPAL_STAFF_4,
            promotion_date=promoted,
            totals=totals,
            on_date=on,
            thresholds=thresholds,
        )
        assert selectors.compliance_for_cadres(cadre_ids=[cadre.pk], on_date=on)[cadre.pk] == expected
        assert selectors.compliance_for_cadre(cadre=cadre, on_date=on) == expected
        transaction.set_rollback(True)
