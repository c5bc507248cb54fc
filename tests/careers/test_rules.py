"""Table-driven tests of careers.rules: every row of domain-rules §1 (sanction periods, party-discipline bars,
organizational-measure bars) and §2 (grade caps, heaviest wins). Each case id names its clause."""

from datetime import date

import pytest
from django.test import override_settings

from careers import rules
from careers.choices import BarKind, GradeCapKind, RecordKind
from careers.rules import RecordFacts

DECIDED = date(2024, 3, 15)


def record(kind, decided_on=DECIDED, **extra):
    return RecordFacts(id=1, kind=kind, decided_on=decided_on, **extra)


def bar_spans(records, on):
    return {(bar.kind, bar.until) for bar in rules.bars_on(records, on)}


# ---------------------------------------------------------------- §1 government sanctions (政务处分法 art. 8)

SANCTION_ROWS = [
    pytest.param(RecordKind.SANCTION_WARNING, date(2024, 9, 14), False, id="§1 政务处分法第8条 警告 6个月"),
    pytest.param(RecordKind.DEMERIT, date(2025, 3, 14), True, id="§1 政务处分法第8条 记过 12个月 停档"),
    pytest.param(RecordKind.MAJOR_DEMERIT, date(2025, 9, 14), True, id="§1 政务处分法第8条 记大过 18个月 停档"),
    pytest.param(RecordKind.GRADE_DEMOTION, date(2026, 3, 14), True, id="§1 政务处分法第8条 降级 24个月 停档"),
    pytest.param(RecordKind.DISMISSAL_FROM_POST, date(2026, 3, 14), True, id="§1 政务处分法第8条 撤职 24个月 停档"),
]


@pytest.mark.parametrize(("kind", "last_day", "stops_pay_step"), SANCTION_ROWS)
def test_government_sanction_bars_promotion_and_award_for_its_period(kind, last_day, stops_pay_step):
    facts = [record(kind)]
    expected = {(BarKind.PROMOTION, last_day), (BarKind.AWARD, last_day)}
    if stops_pay_step:
        expected.add((BarKind.PAY_STEP, last_day))
    assert bar_spans(facts, DECIDED) == expected
    assert bar_spans(facts, last_day) == expected
    assert rules.bars_on(facts, date.fromordinal(last_day.toordinal() + 1)) == []
    assert rules.bars_on(facts, date(2024, 3, 14)) == []


def test_government_sanction_reason_cites_the_clause_and_the_period():
    # §1 政务处分法第8条
    bars = rules.bars_on([record(RecordKind.DEMERIT)], DECIDED)
    promotion = next(bar for bar in bars if bar.kind == BarKind.PROMOTION)
    assert promotion.reason == "政务处分法第8条：记过，影响期12个月（至2025-03-14），期间不得晋升职务、职级、级别"
    assert promotion.source_id == 1


def test_expulsion_is_final():
    # §1 政务处分法第8条 开除: final
    facts = [record(RecordKind.EXPULSION)]
    assert bar_spans(facts, date(2070, 1, 1)) == {
        (BarKind.PROMOTION, None),
        (BarKind.AWARD, None),
        (BarKind.PAY_STEP, None),
    }


@override_settings(CAREERS_SANCTION_PERIOD_MONTHS={"sanction_warning": 3})
def test_sanction_period_is_a_setting():
    # §1 政务处分法第8条 警告, period overridden to 3 months
    assert bar_spans([record(RecordKind.SANCTION_WARNING)], DECIDED) == {
        (BarKind.PROMOTION, date(2024, 6, 14)),
        (BarKind.AWARD, date(2024, 6, 14)),
    }


# ---------------------------------------------------------------- §1 party discipline

PARTY_ROWS = [
    pytest.param(RecordKind.PARTY_WARNING, None, date(2025, 3, 14), id="§1 党纪 警告 12个月不得提拔"),
    pytest.param(RecordKind.PARTY_SERIOUS_WARNING, None, date(2025, 9, 14), id="§1 党纪 严重警告 18个月不得提拔"),
    pytest.param(RecordKind.PARTY_POST_REVOKED, None, date(2026, 3, 14), id="§1 党纪 撤销党内职务 24个月不得提拔"),
    pytest.param(RecordKind.PARTY_PROBATION, 1, date(2027, 3, 14), id="§1 党纪 留党察看1年 恢复权利后24个月"),
    pytest.param(RecordKind.PARTY_PROBATION, 2, date(2028, 3, 14), id="§1 党纪 留党察看2年 恢复权利后24个月"),
]


@pytest.mark.parametrize(("kind", "years", "last_day"), PARTY_ROWS)
def test_party_discipline_bars_promotion_for_its_period(kind, years, last_day):
    facts = [record(kind, probation_years=years)]
    expected = {(BarKind.PROMOTION, last_day), (BarKind.AWARD, last_day)}
    assert bar_spans(facts, last_day) == expected
    assert rules.bars_on(facts, date.fromordinal(last_day.toordinal() + 1)) == []


def test_party_expulsion_bars_rejoining_for_five_years():
    # §1 党纪 开除党籍: may not rejoin for 5 years
    facts = [record(RecordKind.PARTY_EXPULSION)]
    assert bar_spans(facts, date(2029, 3, 14)) == {(BarKind.REJOIN_PARTY, date(2029, 3, 14))}
    assert rules.bars_on(facts, date(2029, 3, 15)) == []


# ---------------------------------------------------------------- §1 organizational measures (L, settings)

MEASURE_ROWS = [
    pytest.param(RecordKind.ADMONISHMENT, date(2024, 9, 14), id="§1 组织处理 诫勉 6个月"),
    pytest.param(RecordKind.POST_ADJUSTMENT, date(2025, 3, 14), id="§1 组织处理 调整职务 12个月"),
    pytest.param(RecordKind.DEMOTION, date(2026, 3, 14), id="§1 组织处理 降职 24个月"),
]


@pytest.mark.parametrize(("kind", "last_day"), MEASURE_ROWS)
def test_measure_bars_promotion_for_its_period(kind, last_day):
    facts = [record(kind)]
    assert bar_spans(facts, last_day) == {(BarKind.PROMOTION, last_day)}
    assert rules.bars_on(facts, date.fromordinal(last_day.toordinal() + 1)) == []


@pytest.mark.parametrize(
    "kind",
    [
        pytest.param(RecordKind.REMINDER_TALK, id="§1 组织处理 提醒谈话 无"),
        pytest.param(RecordKind.WRITTEN_INQUIRY, id="§1 组织处理 函询 无"),
        pytest.param(RecordKind.PARTY_ROLL_REMOVAL, id="党章第9条 除名 不是处分 §1 无"),
    ],
)
def test_reminder_talk_and_written_inquiry_bar_nothing(kind):
    assert rules.bars_on([record(kind)], DECIDED) == []


def test_suspension_bars_promotion_only_for_its_own_term():
    # §1 组织处理 停职检查: none beyond its own term
    facts = [record(RecordKind.SUSPENSION, ends_on=date(2024, 5, 31))]
    assert bar_spans(facts, date(2024, 5, 31)) == {(BarKind.PROMOTION, date(2024, 5, 31))}
    assert rules.bars_on(facts, date(2024, 6, 1)) == []
    assert bar_spans([record(RecordKind.SUSPENSION)], date(2030, 1, 1)) == {(BarKind.PROMOTION, None)}


@pytest.mark.parametrize(
    "kind",
    [
        pytest.param(RecordKind.ORDERED_RESIGNATION, id="§1 组织处理 责令辞职 12个月无领导职务 24个月不高于原层次"),
        pytest.param(RecordKind.REMOVAL, id="§1 组织处理 免职 12个月无领导职务 24个月不高于原层次"),
    ],
)
def test_ordered_resignation_and_removal_have_the_two_part_bar(kind):
    facts = [record(kind, old_leadership_level=2)]
    both = {(BarKind.LEADERSHIP_POST, date(2025, 3, 14)), (BarKind.ABOVE_OLD_LEVEL, date(2026, 3, 14))}
    assert bar_spans(facts, date(2025, 3, 14)) == both
    assert bar_spans(facts, date(2025, 3, 15)) == {(BarKind.ABOVE_OLD_LEVEL, date(2026, 3, 14))}
    assert rules.bars_on(facts, date(2026, 3, 15)) == []


REMOVED = date(2024, 1, 10)
TOWNSHIP_CHIEF, COUNTY_DEPUTY = 2, 3

# issue 11 item 3, domain-rules §1 (L): 免职 on 2024-01-10 of a 乡科级正职: no leadership post up to
# 2025-01-09, then up to 2026-01-09 nothing above 乡科级正职; a post without a leadership level and a rank
# promotion are never barred by it. (on date, leadership level of the post taken, is it a 提拔, refused?)
REMOVAL_BAR_ROWS = [
    pytest.param(date(2024, 6, 1), 1, False, True, id="§1 免职 12个月内 平级转任乡科级副职 拒绝"),
    pytest.param(date(2025, 1, 9), TOWNSHIP_CHIEF, False, True, id="§1 免职 第12个月末日 仍不得担任领导职务"),
    pytest.param(date(2025, 2, 1), TOWNSHIP_CHIEF, False, False, id="§1 免职 2025-02-01 平级转任乡科级正职 允许"),
    pytest.param(date(2025, 2, 1), TOWNSHIP_CHIEF, True, False, id="§1 免职 12个月后 提拔至原层次 允许"),
    pytest.param(date(2025, 2, 1), COUNTY_DEPUTY, True, True, id="§1 免职 24个月内 高于原层次 拒绝"),
    pytest.param(date(2026, 1, 9), COUNTY_DEPUTY, True, True, id="§1 免职 第24个月末日 仍不得高于原层次"),
    pytest.param(date(2026, 1, 10), COUNTY_DEPUTY, True, False, id="§1 免职 24个月后 不再限制"),
    pytest.param(date(2024, 6, 1), None, False, False, id="§1 免职 非领导职务 不受限制"),
]


@pytest.mark.parametrize(("on", "to_level", "is_promotion", "is_refused"), REMOVAL_BAR_ROWS)
@pytest.mark.parametrize("kind", [RecordKind.REMOVAL, RecordKind.ORDERED_RESIGNATION])
def test_removal_bars_apply_each_to_what_it_names(kind, on, to_level, is_promotion, is_refused):
    facts = [record(kind, decided_on=REMOVED, old_leadership_level=TOWNSHIP_CHIEF)]
    bars = rules.bars_on(facts, on)
    assert bool(rules.post_refusing_bars(bars, to_level=to_level, is_promotion=is_promotion)) is is_refused
    # issue 11 item 3: a rank promotion (6 → 7) is never refused by 免职 / 责令辞职
    assert rules.rank_promotion_refusing_bars(bars) == []
    assert not rules.has_promotion_bar(bars)


def test_above_old_level_bar_names_the_old_level():
    facts = [record(RecordKind.REMOVAL, decided_on=REMOVED, old_leadership_level=TOWNSHIP_CHIEF)]
    bar = next(bar for bar in rules.bars_on(facts, date(2025, 2, 1)) if bar.kind == BarKind.ABOVE_OLD_LEVEL)
    assert (bar.level, bar.until) == (TOWNSHIP_CHIEF, date(2026, 1, 9))
    assert bar.reason == (
        "推进领导干部能上能下规定：免职，24个月内不得担任高于原任职务层次（乡科级正职）的领导职务（至2026-01-09）"
    )


def test_above_old_level_bar_without_a_recorded_level_refuses_every_leadership_post():
    facts = [record(RecordKind.REMOVAL, decided_on=REMOVED)]
    bars = rules.bars_on(facts, date(2025, 2, 1))
    assert rules.post_refusing_bars(bars, to_level=1, is_promotion=False)
    assert rules.post_refusing_bars(bars, to_level=None, is_promotion=False) == []


@pytest.mark.parametrize(
    ("kind", "refuses_rank_promotion"),
    [
        pytest.param(RecordKind.DEMERIT, True, id="§1 记过 不得晋升职级"),
        pytest.param(RecordKind.ADMONISHMENT, True, id="§1 诫勉 不得晋升职级"),
        pytest.param(RecordKind.INVESTIGATION, True, id="§5 第21条 立案审查调查 不得晋升职级"),
        pytest.param(RecordKind.REMOVAL, False, id="§1 免职 不限制职级晋升"),
    ],
)
def test_rank_promotion_is_refused_only_by_promotion_bars(kind, refuses_rank_promotion):
    bars = rules.bars_on([record(kind, old_leadership_level=2 if kind == RecordKind.REMOVAL else None)], DECIDED)
    assert bool(rules.rank_promotion_refusing_bars(bars)) is refuses_rank_promotion


@override_settings(CAREERS_MEASURE_BAR_MONTHS={"admonishment": 9})
def test_measure_bar_is_a_setting():
    # §1 组织处理 诫勉 (L), overridden to 9 months
    assert bar_spans([record(RecordKind.ADMONISHMENT)], DECIDED) == {(BarKind.PROMOTION, date(2024, 12, 14))}


def test_open_investigation_bars_promotion_until_it_closes():
    # §5 职务与职级并行规定第21条: under investigation
    open_case = [record(RecordKind.INVESTIGATION)]
    assert bar_spans(open_case, date(2030, 1, 1)) == {(BarKind.PROMOTION, None)}
    closed = [record(RecordKind.INVESTIGATION, closed_on=date(2024, 6, 1))]
    assert bar_spans(closed, date(2024, 5, 31)) == {(BarKind.PROMOTION, date(2024, 5, 31))}
    assert rules.bars_on(closed, date(2024, 6, 1)) == []


def test_revoked_record_bars_nothing_from_its_revocation_date():
    # §1 a revoked record keeps its history but no longer bars
    facts = [record(RecordKind.DEMERIT, revoked_on=date(2024, 6, 1))]
    assert bar_spans(facts, date(2024, 5, 31)) == {
        (BarKind.PROMOTION, date(2024, 5, 31)),
        (BarKind.AWARD, date(2024, 5, 31)),
        (BarKind.PAY_STEP, date(2024, 5, 31)),
    }
    assert rules.bars_on(facts, date(2024, 6, 1)) == []


def test_exempted_record_bars_nothing_and_caps_nothing():
    # 容错纠错 免责 lifts the record's bars
    facts = [record(RecordKind.MAJOR_DEMERIT, exempted=True)]
    assert rules.bars_on(facts, DECIDED) == []
    assert rules.grade_cap(facts, 2024).kind == GradeCapKind.NONE


def test_period_ends_on_the_last_day_of_a_short_month():
    # §1 月份 arithmetic: 31 Aug + 6 months
    facts = [record(RecordKind.SANCTION_WARNING, decided_on=date(2023, 8, 31))]
    assert bar_spans(facts, date(2024, 2, 27)) == {
        (BarKind.PROMOTION, date(2024, 2, 28)),
        (BarKind.AWARD, date(2024, 2, 28)),
    }


# ---------------------------------------------------------------- §2 grade caps (公务员考核规定 art. 28–29)

N, NE, U, INC = GradeCapKind.NONE, GradeCapKind.NOT_EXCELLENT, GradeCapKind.UNGRADED, GradeCapKind.INCOMPETENT

# kind, probation years, caps for 2024 (the decision year), 2025, 2026, 2027
GRADE_ROWS = [
    pytest.param(RecordKind.SANCTION_WARNING, None, [NE, N, N, N], id="§2 第29条 政务警告 不得评优"),
    pytest.param(RecordKind.PARTY_WARNING, None, [NE, N, N, N], id="§2 第29条 党内警告 不得评优"),
    pytest.param(RecordKind.ADMONISHMENT, None, [NE, N, N, N], id="§2 第29条 诫勉 不得评优"),
    pytest.param(RecordKind.POST_ADJUSTMENT, None, [NE, N, N, N], id="§2 第29条 组织调整 不得评优"),
    pytest.param(RecordKind.DEMERIT, None, [U, N, N, N], id="§2 第29条 记过 当年不定等次"),
    pytest.param(RecordKind.PARTY_SERIOUS_WARNING, None, [U, N, N, N], id="§2 第29条 党内严重警告 当年不定等次"),
    pytest.param(RecordKind.MAJOR_DEMERIT, None, [U, U, N, N], id="§2 第29条 记大过 当年及次年不定等次"),
    pytest.param(RecordKind.GRADE_DEMOTION, None, [U, U, N, N], id="§2 第29条 降级 当年及次年不定等次"),
    pytest.param(RecordKind.DISMISSAL_FROM_POST, None, [U, U, N, N], id="§2 第29条 撤职 当年及次年不定等次"),
    pytest.param(RecordKind.PARTY_POST_REVOKED, None, [INC, N, N, N], id="§2 撤销党内职务 当年不称职"),
    pytest.param(RecordKind.PARTY_PROBATION, 1, [INC, U, N, N], id="§2 留党察看1年 当年不称职 再1年不定等次"),
    pytest.param(RecordKind.PARTY_PROBATION, 2, [INC, U, U, N], id="§2 留党察看2年 当年不称职 再2年不定等次"),
    pytest.param(RecordKind.PARTY_EXPULSION, None, [INC, U, U, N], id="§2 开除党籍 当年不称职 第2、3年不定等次"),
    pytest.param(RecordKind.ORDERED_RESIGNATION, None, [U, N, N, N], id="§2 责令辞职 不定等次"),
    pytest.param(RecordKind.REMOVAL, None, [U, N, N, N], id="§2 免职 不定等次"),
    pytest.param(RecordKind.DEMOTION, None, [U, N, N, N], id="§2 降职 不定等次"),
    pytest.param(RecordKind.REMINDER_TALK, None, [N, N, N, N], id="§2 提醒谈话 不影响"),
    pytest.param(RecordKind.WRITTEN_INQUIRY, None, [N, N, N, N], id="§2 函询 不影响"),
    pytest.param(RecordKind.PARTY_ROLL_REMOVAL, None, [N, N, N, N], id="§2 除名 不是处分 不影响"),
]


@pytest.mark.parametrize(("kind", "years", "caps"), GRADE_ROWS)
def test_grade_cap_of_the_decision_year_and_the_years_that_follow(kind, years, caps):
    facts = [record(kind, probation_years=years)]
    assert [rules.grade_cap(facts, year).kind for year in (2024, 2025, 2026, 2027)] == caps
    assert rules.grade_cap(facts, 2023).kind == N


def test_grade_cap_reason_cites_the_clause():
    # §2 公务员考核规定第29条 记大过
    facts = [record(RecordKind.MAJOR_DEMERIT)]
    assert rules.grade_cap(facts, 2024).reason == "公务员考核规定第29条：2024年受记大过，当年不定等次"
    assert rules.grade_cap(facts, 2025).reason == "公务员考核规定第29条：2024年受记大过，其后第1年（2025年）不定等次"


def test_investigation_open_when_the_grade_is_set_leaves_the_year_ungraded():
    # §2 公务员考核规定第28条: under investigation when the grade is set (31 January next year by default)
    opened = [record(RecordKind.INVESTIGATION, decided_on=date(2025, 1, 10))]
    assert rules.grade_cap(opened, 2024).kind == U
    assert rules.grade_cap(opened, 2024).reason.startswith("公务员考核规定第28条")
    closed_in_time = [record(RecordKind.INVESTIGATION, decided_on=date(2024, 10, 1), closed_on=date(2025, 1, 20))]
    assert rules.grade_cap(closed_in_time, 2024).kind == N
    opened_after = [record(RecordKind.INVESTIGATION, decided_on=date(2025, 2, 1))]
    assert rules.grade_cap(opened_after, 2024).kind == N


# issue 11 item 4, domain-rules §2 (考核规定 art. 28): an investigation opened 2024-11-01 is open when the
# 2024 grade is set (2025-01-31); it closes on 2025-02-01 and its outcome decides the 2024 grade.
INVESTIGATION_OUTCOME_ROWS = [
    pytest.param(None, None, "", U, True, id="§2 第28条 未结案 暂不定等次"),
    pytest.param(date(2025, 2, 1), "no_sanction", "", N, False, id="§2 第28条 结案未予处分 正常确定等次"),
    pytest.param(date(2025, 2, 1), "warning_only", "", NE, False, id="§2 第28条 结案仅予警告 不得评为优秀"),
    pytest.param(date(2025, 2, 1), "sanctioned", "demerit", U, False, id="§2 第28-29条 结案记过 不定等次"),
    pytest.param(date(2025, 2, 1), "sanctioned", "major_demerit", U, False, id="§2 第28-29条 结案记大过 不定等次"),
    pytest.param(date(2025, 2, 1), "sanctioned", "party_post_revoked", INC, False, id="§2 结案撤销党内职务 不称职"),
    pytest.param(date(2025, 2, 1), "sanctioned", "party_probation", INC, False, id="§2 结案留党察看 不称职"),
    pytest.param(date(2025, 2, 1), "sanctioned", "", U, False, id="§2 结案给予处分 种类未登记 不定等次"),
    pytest.param(date(2025, 2, 1), "transferred", "", U, False, id="§2 结案移送司法机关 不定等次"),
]


@pytest.mark.parametrize(("closed_on", "outcome", "sanction", "cap", "pending"), INVESTIGATION_OUTCOME_ROWS)
def test_closed_investigation_outcome_decides_the_grade_of_the_year_it_held(closed_on, outcome, sanction, cap, pending):
    facts = [
        record(
            RecordKind.INVESTIGATION,
            decided_on=date(2024, 11, 1),
            closed_on=closed_on,
            outcome=outcome or "",
            sanction_kind=sanction,
        )
    ]
    result = rules.grade_cap(facts, 2024)
    assert (result.kind, result.pending) == (cap, pending)
    if closed_on is not None:
        # the case closed before the 2025 grade is set: the investigation leaves 2025 alone (a sanction caps
        # the year it is decided in, through its own record)
        assert rules.grade_cap(facts, 2025) == rules.NO_GRADE_CAP


def test_closed_investigation_reason_names_the_outcome():
    # §2 公务员考核规定第28条
    facts = [
        record(
            RecordKind.INVESTIGATION, decided_on=date(2024, 11, 1), closed_on=date(2025, 2, 1), outcome="warning_only"
        )
    ]
    assert rules.grade_cap(facts, 2024).reason == (
        "公务员考核规定第28条：确定2024年度等次时（2025-01-31）正在接受立案审查调查，2025-02-01结案，仅予警告，不得评为优秀"
    )
    still_open = [record(RecordKind.INVESTIGATION, decided_on=date(2024, 11, 1))]
    assert rules.grade_cap(still_open, 2024).reason == (
        "公务员考核规定第28条：确定2024年度等次时（2025-01-31）正在接受立案审查调查，暂不定等次，结案后按结果确定"
    )


def test_investigation_open_over_two_grade_days_decides_both_years():
    # §2 第28条: open 2024-06-01 … 2026-03-01, closed with 记过: 2024 and 2025 ungraded, 2026 untouched
    facts = [
        record(
            RecordKind.INVESTIGATION,
            decided_on=date(2024, 6, 1),
            closed_on=date(2026, 3, 1),
            outcome="sanctioned",
            sanction_kind="demerit",
        )
    ]
    assert [rules.grade_cap(facts, year).kind for year in (2023, 2024, 2025, 2026)] == [N, U, U, N]


HEAVIEST_ROWS = [
    pytest.param(
        [RecordKind.ADMONISHMENT, RecordKind.DEMERIT], U, RecordKind.DEMERIT, id="§2 从重 记过不定等次 胜 诫勉"
    ),
    pytest.param(
        [RecordKind.MAJOR_DEMERIT, RecordKind.PARTY_POST_REVOKED],
        INC,
        RecordKind.PARTY_POST_REVOKED,
        id="§2 从重 撤销党内职务不称职 胜 记大过",
    ),
    pytest.param(
        [RecordKind.SANCTION_WARNING, RecordKind.PARTY_EXPULSION, RecordKind.REMOVAL],
        INC,
        RecordKind.PARTY_EXPULSION,
        id="§2 从重 开除党籍 胜 免职与警告",
    ),
    pytest.param(
        [RecordKind.REMINDER_TALK, RecordKind.PARTY_WARNING], NE, RecordKind.PARTY_WARNING, id="§2 从重 党内警告"
    ),
]


@pytest.mark.parametrize(("kinds", "expected", "winner"), HEAVIEST_ROWS)
def test_heaviest_grade_cap_wins(kinds, expected, winner):
    facts = [RecordFacts(id=index, kind=kind, decided_on=DECIDED) for index, kind in enumerate(kinds)]
    cap = rules.grade_cap(facts, 2024)
    assert cap.kind == expected
    assert facts[cap.source_id].kind == winner


def test_heaviest_wins_across_years_an_earlier_record_following_year_against_a_lighter_one():
    # §2 从重: 2023 记大过 (ungraded 2024) and 2024 诫勉 (not 优秀) → ungraded
    facts = [
        RecordFacts(id=1, kind=RecordKind.MAJOR_DEMERIT, decided_on=date(2023, 5, 1)),
        RecordFacts(id=2, kind=RecordKind.ADMONISHMENT, decided_on=date(2024, 5, 1)),
    ]
    assert rules.grade_cap(facts, 2024) == rules.grade_cap(facts[:1], 2024)
    assert rules.grade_cap(facts, 2024).kind == U


def test_record_revoked_before_the_grade_is_set_caps_nothing():
    facts = [record(RecordKind.DEMERIT, revoked_on=date(2024, 12, 1))]
    assert rules.grade_cap(facts, 2024).kind == N


# ---------------------------------------------------------------- rank changes (公务员法第19条)


@pytest.mark.parametrize(
    ("kind", "from_rank", "to_rank", "current", "ok"),
    [
        pytest.param("promotion", 3, 4, 3, True, id="晋升一级"),
        pytest.param("promotion", 3, 5, 3, False, id="晋升跨两级 拒绝"),
        pytest.param("conversion", 3, 6, 3, True, id="套转可跨级"),
        pytest.param("promotion", 2, 3, 3, False, id="原职级与现职级不一致 拒绝"),
        pytest.param("demotion", 5, 4, 5, True, id="降低一级"),
        pytest.param("demotion", 5, 6, 5, False, id="降低却升高 拒绝"),
        pytest.param("restoration", 4, 5, 4, True, id="恢复"),
        pytest.param("conversion", 4, 4, 4, False, id="职级不变 拒绝"),
    ],
)
def test_rank_change_problems(kind, from_rank, to_rank, current, ok):
    problems = rules.rank_change_problems(kind=kind, from_rank=from_rank, to_rank=to_rank, current_rank=current)
    assert (problems == []) is ok


@pytest.mark.parametrize(
    ("to_rank", "ceiling", "problem"),
    [
        pytest.param(9, None, None, id="§1 县乡机关 二级调研员 可设置"),
        pytest.param(
            10,
            None,
            "职务与职级并行规定：县乡机关职级最高设置至二级调研员（系统设置 RANK_CEILING_COUNTY），"
            "不能设置为一级调研员。",
            id="§1 县乡机关 一级调研员 超过上限",
        ),
        pytest.param(10, 10, None, id="§1 上限是设置"),
    ],
)
def test_county_rank_ceiling(to_rank, ceiling, problem):
    assert rules.rank_ceiling_problem(to_rank=to_rank, ceiling=ceiling) == problem


def test_rank_jump_message_names_the_steps():
    assert rules.rank_change_problems(kind="promotion", from_rank=3, to_rank=5, current_rank=3) == [
        "职级晋升只能逐级晋升，不能跨越2级（套转除外）。"
    ]
