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
    facts = [record(kind)]
    both = {(BarKind.LEADERSHIP_POST, date(2025, 3, 14)), (BarKind.ABOVE_OLD_LEVEL, date(2026, 3, 14))}
    assert bar_spans(facts, date(2025, 3, 14)) == both
    assert bar_spans(facts, date(2025, 3, 15)) == {(BarKind.ABOVE_OLD_LEVEL, date(2026, 3, 14))}
    assert rules.bars_on(facts, date(2026, 3, 15)) == []


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


def test_rank_jump_message_names_the_steps():
    assert rules.rank_change_problems(kind="promotion", from_rank=3, to_rank=5, current_rank=3) == [
        "职级晋升只能逐级晋升，不能跨越2级（套转除外）。"
    ]
