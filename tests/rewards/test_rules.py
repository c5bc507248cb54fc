"""Table tests of the pure rules, each citing its clause.

domain-rules §4 (公务员考核规定第19条: 嘉奖 for a 优秀 year, 记三等功 for three consecutive ones; local settings for
the replacement and the restart; 公务员法第56条: no award while a bar covers the award date) and §5 (职务与职级并行
规定第18–21条: tenure, the 0.5-year shortening, years not counted, bars, the county ceiling, rank posts).
"""

import datetime
from dataclasses import dataclass

import pytest
from django.test import override_settings

from careers import rules as career_rules
from careers.choices import BarKind, RecordKind
from rewards import rules

D = datetime.date


@dataclass(frozen=True)
class R:
    """An annual result: confirmed on 1 February of the next year unless said otherwise."""

    year: int
    grade: str
    ungraded_reason: str = ""
    confirmed_on: datetime.date | None = None

    def __post_init__(self):
        if self.confirmed_on is None:
            object.__setattr__(self, "confirmed_on", D(self.year + 1, 2, 1))


E, C, BC, IC, U = "excellent", "competent", "basically_competent", "incompetent", "ungraded"


def history(grades: dict[int, str]) -> list[R]:
    return [R(year, grade) for year, grade in grades.items()]


ON = D(2026, 3, 1)


def candidates(results, on=ON, **kwargs) -> list[tuple[str, int]]:
    return [(found.kind, found.year) for found in rules.award_candidates(results=results, on_date=on, **kwargs)]


# ---------------------------------------------------------------- §4 award candidates


def test_s4_a_commendation_for_each_confirmed_excellent_year():
    assert candidates(history({2023: E, 2024: C, 2025: E})) == [("commendation", 2023), ("commendation", 2025)]


def test_s4_three_consecutive_excellent_years_earn_a_merit_that_replaces_the_third_commendation():
    found = rules.award_candidates(results=history({2023: E, 2024: E, 2025: E}), on_date=D(2026, 3, 1))
    assert [(item.kind, item.year, item.basis_years) for item in found] == [
        ("commendation", 2023, (2023,)),
        ("commendation", 2024, (2024,)),
        ("merit_third", 2025, (2023, 2024, 2025)),
    ]
    assert found[2].reasons == (
        "2023、2024、2025 年连续三年考核优秀，记三等功（公务员考核规定第19条）",
        "记三等功代替 2025 年度嘉奖，不重复奖励",
    )
    assert found[0].reasons == ("2023 年度考核优秀，给予嘉奖（公务员考核规定第19条）",)


@override_settings(REWARDS_MERIT_REPLACES_COMMENDATION=False)
def test_s4_without_the_replacement_setting_the_third_year_gets_both():
    assert candidates(history({2023: E, 2024: E, 2025: E})) == [
        ("commendation", 2023),
        ("commendation", 2024),
        ("commendation", 2025),
        ("merit_third", 2025),
    ]


@pytest.mark.parametrize(
    ("grades", "merits"),
    [
        ({2022: E, 2024: E, 2025: E}, []),  # 2023 missing: a gap ends the run
        ({2023: E, 2024: U, 2025: E}, []),  # an ungraded year ends the run
        ({2023: E, 2024: C, 2025: E}, []),
        ({2022: U, 2023: E, 2024: E, 2025: E}, [2025]),  # a run may start after an ungraded year
    ],
)
def test_s4_streaks_across_gaps_and_ungraded_years(grades, merits):
    results = [R(year, grade, "long_leave" if grade == U else "") for year, grade in grades.items()]
    found = candidates(results, config=None)
    assert [year for kind, year in found if kind == "merit_third"] == merits


@override_settings(REWARDS_CANDIDATE_LOOKBACK_YEARS=None)
def test_s4_the_count_restarts_after_a_merit():
    six_years = history(dict.fromkeys(range(2020, 2026), E))
    assert [year for kind, year in candidates(six_years) if kind == "merit_third"] == [2022, 2025]
    assert [year for kind, year in candidates(six_years) if kind == "commendation"] == [2020, 2021, 2023, 2024]


@override_settings(REWARDS_CANDIDATE_LOOKBACK_YEARS=None, REWARDS_STREAK_RESTARTS_AFTER_MERIT=False)
def test_s4_without_the_restart_every_third_consecutive_year_on_earns_a_merit():
    six_years = history(dict.fromkeys(range(2020, 2026), E))
    assert [year for kind, year in candidates(six_years) if kind == "merit_third"] == [2022, 2023, 2024, 2025]


def test_s4_a_year_not_yet_confirmed_counts_from_its_confirmation_day():
    results = [R(2023, E), R(2024, E), R(2025, E, confirmed_on=D(2026, 3, 10))]
    assert candidates(results, on=D(2026, 3, 9)) == [("commendation", 2023), ("commendation", 2024)]
    assert candidates(results, on=D(2026, 3, 10))[-1] == ("merit_third", 2025)


@override_settings(REWARDS_CANDIDATE_LOOKBACK_YEARS=2)
def test_s4_older_years_are_not_proposed_but_still_make_a_streak():
    assert candidates(history({2022: E, 2023: E, 2024: E})) == [("merit_third", 2024)]


def test_s4_a_barred_candidate_is_listed_blocked_with_the_reason():
    # 公务员法第56条: 记过 of 2025-12-01 (12 months) covers the award date 2026-03-01
    record = career_rules.RecordFacts(id=7, kind=RecordKind.DEMERIT, decided_on=D(2025, 12, 1))
    bars = [bar for bar in career_rules.bars_on([record], D(2026, 3, 1)) if bar.kind == BarKind.AWARD]
    found = rules.award_candidates(results=history({2025: E}), on_date=D(2026, 3, 1), award_bars=bars)
    assert [(item.kind, item.year, item.blocked) for item in found] == [("commendation", 2025, True)]
    assert found[0].reasons[1].startswith("政务处分法第8条：记过，影响期12个月（至2026-11-30）")
    assert found[0].reasons[-1] == "奖励日期 2026-03-01 处于影响期内，暂不能奖励"


# ---------------------------------------------------------------- §5 rank promotion


def promotion(*, rank=4, rank_date, results=(), on, bars=(), training=(True, "")):
    config = rules.settings_snapshot()
    facts = rules.tenure_facts(rank_date=rank_date, results=results, on_date=on, config=config)
    compliant, reason = training
    return rules.rank_promotion(
        cadre_id=1,
        rank=rank,
        rank_date=rank_date,
        facts=facts,
        on_date=on,
        promotion_bars=list(bars),
        training_compliant=compliant,
        training_reason=reason,
        config=config,
    )


def test_s5_the_issue_example_18_months_needed_after_one_excellent_year():
    # 职务与职级并行规定第18条: 2 years below 二级主任科员; 公务员考核规定第19条: each 优秀 shortens it by 6 months
    result = promotion(rank_date=D(2022, 1, 10), results=history({2022: E}), on=D(2023, 7, 1))
    assert (result.months_tenure, result.months_required, result.eligible) == (18, 18, True)
    assert result.reasons[:2] == (
        "现职级三级主任科员，拟晋升二级主任科员",
        "任现职级 18 个月，需 18 个月（2022 年优秀缩短 6 个月）",
    )
    assert result.reasons[-1] == "符合晋升二级主任科员的条件"


def test_s5_two_excellent_years_shorten_by_a_year():
    result = promotion(rank_date=D(2022, 1, 10), results=history({2022: E, 2023: E}), on=D(2024, 3, 1))
    assert (result.months_required, result.excellent_years) == (12, (2022, 2023))
    assert "（2022、2023 年优秀缩短 12 个月）" in result.reasons[1]


def test_s5_the_issue_example_the_month_from_which_promotion_is_possible():
    result = promotion(rank_date=D(2024, 7, 15), results=history({2024: C, 2025: C}), on=D(2026, 3, 1))
    assert (result.eligible, result.eligible_from) == (False, D(2026, 7, 1))
    assert result.reasons[-1] == "2026 年 7 月起可晋升"


def test_s5_a_basically_competent_year_does_not_count():
    # 公务员考核规定第21条
    result = promotion(rank_date=D(2022, 1, 1), results=history({2022: C, 2023: BC, 2024: C}), on=D(2025, 3, 1))
    assert (result.months_tenure, result.months_excluded, result.months_counted, result.months_required) == (
        38,
        12,
        26,
        24,
    )
    assert "2023 年基本称职，该年不计算任职年限" in result.reasons
    assert "任现职级 38 个月，扣除不计算的 12 个月后为 26 个月，需 24 个月" in result.reasons
    assert result.eligible


def test_s5_an_incompetent_year_and_an_ungraded_year_for_leave_do_not_count():
    results = [R(2021, IC), R(2022, U, "long_leave"), R(2023, C), R(2024, C)]
    result = promotion(rank_date=D(2021, 1, 1), results=results, on=D(2025, 1, 1))
    assert (result.months_excluded, result.months_counted, result.excluded_years) == (24, 24, (2021, 2022))
    assert "2021 年不称职，该年不计算任职年限" in result.reasons
    assert "2022 年不定等次（病假、事假累计超过半年），该年不计算任职年限" in result.reasons


def test_s5_a_probation_year_counts():
    # domain-rules §5: ungraded for a new hire's probation is not excluded
    results = [R(2023, U, "probation"), R(2024, C)]
    result = promotion(rank=1, rank_date=D(2023, 1, 1), results=results, on=D(2025, 1, 1))
    assert (result.months_excluded, result.months_counted, result.months_required, result.eligible) == (0, 24, 24, True)
    assert "2023 年不定等次（录用试用期），该年照常计算任职年限" in result.reasons


def test_s5_an_unconfirmed_year_neither_shortens_nor_excludes():
    results = [R(2024, C), R(2025, E, confirmed_on=D(2026, 2, 15))]
    before = promotion(rank_date=D(2024, 3, 1), results=results, on=D(2026, 2, 14))
    assert (before.months_required, before.excellent_years) == (24, ())
    assert "2025 年度考核结果尚未确定，暂不缩短也不扣除任职年限" in before.reasons
    after = promotion(rank_date=D(2024, 3, 1), results=results, on=D(2026, 2, 15))
    assert (after.months_required, after.excellent_years) == (18, (2025,))
    unconfirmed_bad = promotion(
        rank_date=D(2024, 3, 1), results=[R(2025, BC, confirmed_on=D(2026, 2, 15))], on=D(2026, 2, 14)
    )
    assert unconfirmed_bad.months_excluded == 0


def test_s5_years_before_the_rank_was_taken_do_not_count():
    # REWARDS_RANK_YEAR_HELD_ON (L, 31 December): 2023 counts for a rank taken on 2023-12-31, not 2024-01-01
    results = history({2023: E})
    assert promotion(rank_date=D(2023, 12, 31), results=results, on=D(2025, 1, 1)).excellent_years == (2023,)
    assert promotion(rank_date=D(2024, 1, 1), results=results, on=D(2025, 1, 1)).excellent_years == ()


def test_s5_bar_a_basically_competent_previous_year_bars_the_whole_next_year():
    # 公务员考核规定第21条 and REWARDS_BASICALLY_COMPETENT_BARS_NEXT_YEAR (L)
    result = promotion(rank_date=D(2020, 1, 1), results=history({2022: C, 2023: BC}), on=D(2024, 6, 1))
    assert (result.eligible, result.eligible_from) == (False, D(2025, 1, 1))
    assert "2023 年度考核基本称职，2024 年内不得晋升职级（公务员考核规定第21条）" in result.reasons
    with override_settings(REWARDS_BASICALLY_COMPETENT_BARS_NEXT_YEAR=False):
        assert promotion(rank_date=D(2020, 1, 1), results=history({2022: C, 2023: BC}), on=D(2024, 6, 1)).eligible


def _bars(kind: str, decided_on: datetime.date, on: datetime.date, **extra) -> list:
    record = career_rules.RecordFacts(id=3, kind=kind, decided_on=decided_on, **extra)
    return career_rules.rank_promotion_refusing_bars(career_rules.bars_on([record], on))


@pytest.mark.parametrize(
    ("kind", "decided_on", "extra", "eligible_from", "reason_start"),
    [
        (RecordKind.SANCTION_WARNING, D(2025, 12, 10), {}, D(2026, 6, 10), "政务处分法第8条：政务警告，影响期6个月"),
        (
            RecordKind.PARTY_WARNING,
            D(2025, 10, 1),
            {},
            D(2026, 10, 1),
            "中国共产党纪律处分条例：党内警告，12个月内不得提拔",
        ),
        (
            RecordKind.ADMONISHMENT,
            D(2026, 1, 20),
            {},
            D(2026, 7, 20),
            "推进领导干部能上能下规定：诫勉，6个月内不得提拔",
        ),
        (
            RecordKind.INVESTIGATION,
            D(2026, 1, 5),
            {},
            None,
            "公务员法第62条、职务与职级并行规定第21条：立案审查调查期间不得晋升",
        ),
    ],
)
def test_s5_each_bar_stops_the_promotion_and_moves_the_date(kind, decided_on, extra, eligible_from, reason_start):
    # 职务与职级并行规定第21条: the bars of the careers app
    on = D(2026, 3, 1)
    bars = _bars(kind, decided_on, on, **extra)
    result = promotion(rank_date=D(2020, 1, 1), results=history({2024: C, 2025: C}), on=on, bars=bars)
    assert result.eligible is False
    assert result.eligible_from == eligible_from
    assert any(reason.startswith(reason_start) for reason in result.reasons), result.reasons
    expected_last = "有未定结束日期的限制，暂不能确定可晋升时间" if eligible_from is None else None
    if expected_last:
        assert result.reasons[-1] == expected_last
    else:
        assert result.reasons[-1] == rules.available_from_text(eligible_from, rules.promotion_texts())


def test_s5_bar_training_hours_not_met():
    # domain-rules §6 via the training app: not met (outside the 12-month grace) bars the promotion
    result = promotion(
        rank_date=D(2020, 1, 1),
        results=history({2025: C}),
        on=D(2026, 3, 1),
        training=(False, "2025年度认定学时40（要求90）"),
    )
    assert (result.eligible, result.eligible_from) == (False, None)
    assert "培训学时未达标，不得晋升职级：2025年度认定学时40（要求90）" in result.reasons
    assert result.reasons[-1] == "培训学时达标后方可晋升"


def test_s5_the_county_ceiling_stops_at_the_second_grade_researcher():
    # domain-rules §1 (S): county and township organs set ranks up to 二级调研员 (RANK_CEILING_COUNTY)
    result = promotion(rank=9, rank_date=D(2015, 1, 1), results=history({2024: E}), on=D(2026, 3, 1))
    assert (result.target_rank, result.eligible, result.eligible_from) == (None, False, None)
    assert result.reasons == (
        "职务与职级并行规定：县乡机关职级最高设置至二级调研员（系统设置 RANK_CEILING_COUNTY），不能设置为一级调研员。",
    )
    with override_settings(RANK_CEILING_COUNTY=10):
        raised = promotion(rank=9, rank_date=D(2015, 1, 1), results=history({2024: E}), on=D(2026, 3, 1))
        assert (raised.target_rank, raised.months_required, raised.eligible) == (10, 30, True)


def test_s5_three_consecutive_recent_excellent_years_give_priority():
    # 公务员考核规定第19条: priority for promotion when other conditions are equal
    result = promotion(rank_date=D(2022, 1, 1), results=history({2023: E, 2024: E, 2025: E}), on=D(2026, 3, 1))
    assert (result.eligible, result.priority) == (True, True)
    assert "2023、2024、2025 年连续三年考核优秀，同等条件下优先晋升" in result.reasons
    stale = promotion(rank_date=D(2018, 1, 1), results=history({2019: E, 2020: E, 2021: E}), on=D(2026, 3, 1))
    assert (stale.eligible, stale.priority) == (True, False)


# ---------------------------------------------------------------- §5 rank posts (职数)


def limits(headcount, held):
    return rules.rank_post_limits(headcount=headcount, held_by_rank=held, config=rules.settings_snapshot())


def test_s5_rank_post_limits_are_floored_shares_of_the_units_posts():
    # 二级调研员 ≤ 2%, 三、四级调研员 ≤ 10%, 一至四级主任科员 ≤ 60%, of which 一、二级 ≤ 50%
    found = limits(55, {9: 1, 7: 2, 3: 10, 5: 12})
    assert [(sorted(limit.ranks), limit.limit, limit.held, limit.free) for limit in found] == [
        ([9], 1, 1, 0),
        ([7, 8], 5, 2, 3),
        ([3, 4, 5, 6], 33, 22, 11),
        ([5, 6], 16, 12, 4),
    ]


def _result(cadre_id, current, target, eligible=True, excellent=(), counted=30):
    return rules.PromotionResult(
        cadre_id, current, target, eligible, False, counted, 0, counted, 24, tuple(excellent), (), None, ()
    )


def test_s5_rank_posts_go_in_candidate_order_and_the_rest_are_told_why():
    # 20 posts: 三、四级调研员 ≤ 2, already 1 held → one free post for three eligible 一级主任科员
    unit_limits = limits(20, {7: 1, 6: 3})
    decisions = rules.allocate_rank_posts(
        results=[_result(1, 6, 7, counted=30), _result(2, 6, 7, excellent=(2024,), counted=26), _result(3, 6, 7)],
        limits=unit_limits,
    )
    assert {cadre: decision.within for cadre, decision in decisions.items()} == {1: False, 2: True, 3: False}
    assert decisions[2].reason == "本单位三级调研员、四级调研员职数 2 名，已占 1 名，按排序在职数内"
    assert decisions[1].reason == "本单位三级调研员、四级调研员职数 2 名，已占 1 名，按排序已无空余职数"


def test_s5_a_cadre_not_yet_eligible_behind_the_one_who_took_the_last_post_is_told_none_is_left():
    # 三、四级调研员 ≤ 2, 1 held: the eligible cadre 1 takes the free post; cadre 2 meets the conditions later
    decisions = rules.allocate_rank_posts(
        results=[_result(1, 6, 7), _result(2, 6, 7, eligible=False, counted=20)], limits=limits(20, {7: 1, 6: 3})
    )
    assert (decisions[1].within, decisions[1].room) == (True, True)
    assert (decisions[2].within, decisions[2].room, decisions[2].free) == (False, False, 1)
    assert decisions[2].reason == "本单位三级调研员、四级调研员职数 2 名，已占 1 名，按排序已无空余职数"


def test_s5_a_cadre_not_yet_eligible_with_a_post_still_free_is_told_the_state_of_the_posts():
    decisions = rules.allocate_rank_posts(
        results=[_result(1, 6, 7), _result(2, 6, 7, eligible=False, counted=20)], limits=limits(20, {6: 3})
    )
    assert (decisions[2].within, decisions[2].room, decisions[2].free) == (False, True, 2)
    assert decisions[2].reason == "本单位三级调研员、四级调研员职数 2 名，已占 0 名"


def test_s5_the_conclusion_is_empty_only_for_a_promotion_within_the_posts_else_the_last_reason():
    reasons = ["现职级一级主任科员，拟晋升四级调研员", "2026 年 7 月起可晋升", "本单位…按排序已无空余职数"]
    assert rules.promotion_conclusion(eligible=True, within_rank_posts=True, reasons=reasons) == ""
    assert rules.promotion_conclusion(eligible=True, within_rank_posts=False, reasons=reasons) == reasons[-1]
    assert rules.promotion_conclusion(eligible=False, within_rank_posts=False, reasons=reasons) == reasons[-1]
    assert rules.promotion_conclusion(eligible=False, within_rank_posts=False, reasons=[]) == ""


def test_s5_a_promotion_inside_one_limit_takes_no_post():
    # 四级 → 三级调研员 stays inside the 三、四级调研员 limit
    decisions = rules.allocate_rank_posts(results=[_result(1, 7, 8)], limits=limits(20, {7: 2, 8: 0}))
    assert (decisions[1].within, decisions[1].reason) == (True, None)


def test_s5_the_nested_limit_of_the_first_and_second_grade_principal_staff():
    # 10 posts: 一至四级主任科员 ≤ 6, of which 一、二级 ≤ 3; 3 already at 5–6, so 4 → 5 does not fit
    decisions = rules.allocate_rank_posts(results=[_result(1, 4, 5)], limits=limits(10, {5: 3, 4: 2}))
    assert decisions[1].within is False
    assert decisions[1].reason == "本单位一级主任科员、二级主任科员职数 3 名，已占 3 名，按排序已无空余职数"


def test_s5_a_unit_without_a_headcount_is_not_checked():
    decisions = rules.allocate_rank_posts(results=[_result(1, 6, 7)], limits=limits(0, {7: 5}))
    assert (decisions[1].within, decisions[1].reason) == (True, "本单位未核定编制数，未检查三级调研员、四级调研员职数")
