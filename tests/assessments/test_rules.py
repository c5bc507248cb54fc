"""Table tests of the pure assessment rules, each citing its clause (issue 12, acceptance 1 and 5)."""

import datetime
from decimal import Decimal
from fractions import Fraction

import pytest
from django.test import override_settings

from assessments import rules
from assessments.choices import Grade, ItemKind, PeriodKind, PeriodState, RaterGroup, UngradedReason
from postings import rules as postings_rules

D = datetime.date


# ---------------------------------------------------------------- §2 优秀 quota (公务员考核规定, S settings)


@pytest.mark.parametrize(
    ("graded", "raised", "expected"),
    [
        (10, False, 2),  # 10 × 20% = 2
        (14, False, 2),  # 14 × 20% = 2.8, floor → 2
        (15, False, 3),
        (10, True, 2),  # 10 × 25% = 2.5, floor → 2
        (12, True, 3),  # 12 × 25% = 3
        (19, True, 4),  # 19 × 25% = 4.75 → 4
        (0, False, 0),
    ],
)
def test_quota_is_20_percent_or_25_where_raised_floored_domain_rules_2(graded, raised, expected):
    assert rules.excellent_quota(graded_members=graded, quota_raised=raised).max_excellent == expected


@pytest.mark.parametrize(("rounding", "expected"), [("floor", 2), ("half_up", 3), ("ceil", 3)])
def test_quota_rounding_is_a_setting_floor_by_default_domain_rules_2(rounding, expected):
    with override_settings(ASSESSMENTS_QUOTA_ROUNDING=rounding):
        assert rules.excellent_quota(graded_members=14, quota_raised=False).max_excellent == expected


@pytest.mark.parametrize(
    ("graded", "raised", "small_unit", "expected"),
    [
        (1, False, False, 0),
        (2, False, False, 0),
        (3, False, False, 0),
        (4, False, False, 0),
        (5, False, False, 1),  # 5 × 20% = 1 without any setting
        (1, False, True, 1),
        (2, False, True, 1),
        (3, False, True, 1),
        (4, False, True, 1),
        (5, False, True, 1),
        (4, True, False, 1),  # 4 × 25% = 1 already
        (3, True, False, 0),
        (3, True, True, 1),
    ],
)
def test_pools_of_one_to_five_with_and_without_the_small_unit_setting_domain_rules_2(
    graded, raised, small_unit, expected
):
    with override_settings(ASSESSMENTS_SMALL_UNIT_MINIMUM=small_unit):
        quota = rules.excellent_quota(graded_members=graded, quota_raised=raised)
    assert quota.max_excellent == expected
    assert quota.small_unit_applied is (small_unit and expected == 1 and graded * (25 if raised else 20) < 100)


def test_the_quota_says_how_it_was_counted():
    assert rules.excellent_quota(graded_members=14, quota_raised=True).text == (
        "优秀名额3名（定等次人数14×25%，向下取整，经批准提高比例）"
    )


# ---------------------------------------------------------------- the grade proposal of a pool (§2)


def member(cadre_id, composite, **facts):
    return rules.MemberFacts(cadre_id=cadre_id, composite=None if composite is None else Decimal(composite), **facts)


def grades(proposal) -> dict[int, str]:
    return {cadre_id: p.proposed_grade for cadre_id, p in proposal.proposals.items()}


def test_the_top_ranked_within_the_quota_are_proposed_excellent_domain_rules_2():
    members = [member(i, f"{90 - i}.00") for i in range(1, 11)]  # 10 graded → 2 优秀

    proposal = rules.propose_pool(members, quota_raised=False)

    assert proposal.quota.max_excellent == 2
    assert grades(proposal) == {1: "excellent", 2: "excellent", **dict.fromkeys(range(3, 11), "competent")}
    assert proposal.proposals[1].rank == 1
    assert proposal.proposals[1].reasons == (
        "综合得分89.00，本考核单元排名第1（共10人排名）",
        "公务员考核规定（优秀等次比例）：优秀名额2名（定等次人数10×20%，向下取整），使用第1个名额",
    )


@pytest.mark.parametrize(
    ("cap", "reason"),
    [
        (rules.CAP_NOT_EXCELLENT, "公务员考核规定第29条：2025年受政务警告，当年不得评为优秀"),
        (rules.CAP_INCOMPETENT, "公务员考核规定第29条：2025年受撤销党内职务，当年不称职"),
    ],
    ids=["not-excellent", "incompetent"],
)
def test_a_capped_cadres_place_goes_to_the_next_in_rank_art_29(cap, reason):
    members = [member(1, "95.00", cap=cap, cap_reason=reason, cap_source_id=7)] + [
        member(i, f"{90 - i}.00") for i in range(2, 11)
    ]

    proposal = rules.propose_pool(members, quota_raised=False)

    assert grades(proposal)[1] == ("competent" if cap == rules.CAP_NOT_EXCELLENT else "incompetent")
    assert [c for c, g in grades(proposal).items() if g == "excellent"] == [2, 3]
    assert reason in proposal.proposals[1].reasons


@pytest.mark.parametrize(
    ("facts", "reason"),
    [
        ({"on_probation": True}, UngradedReason.PROBATION),  # art. 25
        ({"long_leave": True}, UngradedReason.LONG_LEAVE),  # art. 27
        ({"cap": rules.CAP_UNGRADED, "cap_is_investigation": True, "cap_reason": "在审查"}, "investigation"),  # 28
        ({"cap": rules.CAP_UNGRADED, "cap_reason": "记过"}, UngradedReason.DISCIPLINE),  # art. 29
    ],
    ids=["probation", "leave", "open-investigation", "discipline"],
)
def test_each_ungraded_rule_takes_the_cadre_out_of_the_quota_base_art_25_27_28_29(facts, reason):
    # 6 members: with one ungraded, 5 graded → 1 优秀 (6 graded would also give 1; 5 → 1 tests the base)
    members = [member(1, "99.00", **facts)] + [member(i, f"{90 - i}.00") for i in range(2, 7)]

    proposal = rules.propose_pool(members, quota_raised=False)

    assert proposal.proposals[1].proposed_grade == Grade.UNGRADED
    assert proposal.proposals[1].ungraded_reason == reason
    assert proposal.proposals[1].rank is None
    assert proposal.quota.graded_members == 5
    assert grades(proposal)[2] == "excellent"


def test_an_investigation_closed_with_no_sanction_leaves_the_year_graded_art_28():
    # the careers rules give no cap once the case is closed with no sanction; the member is then graded
    proposal = rules.propose_pool([member(1, "95.00", cap=rules.CAP_NONE)], quota_raised=False)

    assert proposal.proposals[1].proposed_grade == Grade.COMPETENT  # graded; a pool of 1 has no 优秀


def test_ties_at_the_last_place_are_left_to_the_committee_not_split_arbitrarily():
    members = [member(1, "95.00"), member(2, "90.00"), member(3, "90.00")] + [
        member(i, "80.00") for i in range(4, 11)
    ]  # 10 graded → 2 places; 2 and 3 tie for the second

    proposal = rules.propose_pool(members, quota_raised=False)

    assert grades(proposal)[1] == "excellent"
    assert (grades(proposal)[2], grades(proposal)[3]) == ("competent", "competent")
    assert (proposal.proposals[2].rank, proposal.proposals[3].rank, proposal.proposals[4].rank) == (2, 2, 4)
    assert "与他人得分并列，剩余优秀名额不足，由考核委员会确定" in proposal.proposals[2].reasons
    assert proposal.proposed_excellent == 1


def test_ties_that_fit_the_quota_are_all_proposed():
    members = [member(1, "95.00"), member(2, "95.00")] + [member(i, "80.00") for i in range(3, 11)]

    assert grades(rules.propose_pool(members, quota_raised=False))[2] == "excellent"


@pytest.mark.parametrize(
    ("composite", "grade"), [("60.00", "competent"), ("59.99", "basically_competent"), ("44.99", "incompetent")]
)
def test_low_composites_are_proposed_below_competent_by_the_settings(composite, grade):
    proposal = rules.propose_pool([member(1, composite)], quota_raised=False)

    assert proposal.proposals[1].proposed_grade == grade


def test_a_member_without_any_score_is_counted_but_not_ranked():
    proposal = rules.propose_pool([member(1, None)] + [member(i, "80.00") for i in range(2, 6)], quota_raised=False)

    assert proposal.quota.graded_members == 5
    assert (proposal.proposals[1].rank, proposal.proposals[1].proposed_grade) == (None, "")


# ---------------------------------------------------------------- §2 ungraded facts


@pytest.mark.parametrize(
    ("hired", "last_day", "year", "on_probation"),
    [
        (D(2025, 3, 1), D(2026, 2, 28), 2025, True),  # art. 25: on probation on 2025-12-31
        (D(2025, 3, 1), D(2026, 2, 28), 2026, False),
        (D(2025, 1, 1), D(2025, 12, 31), 2025, True),  # the last day of probation is 31 December
        (D(2024, 12, 31), D(2025, 12, 30), 2025, False),
        (None, None, 2025, False),
    ],
)
def test_a_new_hire_on_probation_at_the_years_end_is_ungraded_art_25(hired, last_day, year, on_probation):
    assert rules.on_hire_probation_at_year_end(hired_on=hired, probation_last_day=last_day, year=year) is on_probation


@pytest.mark.parametrize(
    ("intervals", "days", "long"),
    [
        ([(D(2025, 1, 1), D(2025, 7, 1))], 182, False),  # 182 of 365 days: not more than half
        ([(D(2025, 1, 1), D(2025, 7, 2))], 183, True),  # 183: more than half (art. 27)
        ([(D(2025, 1, 1), D(2025, 3, 31)), (D(2025, 3, 15), D(2025, 7, 2))], 183, True),  # overlaps count once
        ([(D(2024, 10, 1), D(2025, 3, 31)), (D(2025, 9, 1), D(2025, 12, 31))], 212, True),  # across the year's edge
        ([(D(2024, 7, 1), D(2024, 12, 31))], 0, False),
    ],
)
def test_sick_and_personal_leave_over_half_the_year_leaves_it_ungraded_art_27(intervals, days, long):
    counted = rules.covered_days_in_year(intervals=intervals, year=2025)

    assert counted == days
    assert rules.long_leave(leave_days=counted, year=2025, share=Fraction(1, 2)) is long


def test_half_of_a_leap_year_is_183_days_art_27():
    assert rules.long_leave(leave_days=183, year=2024, share=Fraction(1, 2)) is False
    assert rules.long_leave(leave_days=184, year=2024, share=Fraction(1, 2)) is True


# ---------------------------------------------------------------- §2 art. 26: assessed by the host


HOST = 42


def host_decision(*stays, year=2025):
    """The postings app's rule, which the assessment generation calls (one rule, one place)."""
    return postings_rules.assessing_unit(
        home_unit_id=7,
        stays=[
            postings_rules.HostStay(index, f"unit:{HOST}", "色威乡", HOST, None, start, end)
            for index, (start, end) in enumerate(stays, start=1)
        ],
        year=year,
        min_months=6,
    )


@pytest.mark.parametrize(
    ("start", "end", "by_host"),
    [
        (D(2025, 1, 1), D(2025, 7, 1), True),  # 6 months and 1 day: more than 6 months
        (D(2025, 1, 1), D(2025, 6, 30), False),  # exactly 6 months (181 days): not more
        (D(2025, 1, 1), D(2025, 6, 29), False),  # 6 months less 1 day
        (D(2025, 7, 1), D(2026, 6, 30), False),  # 6 months of 2025
        (D(2025, 6, 30), D(2026, 6, 30), True),  # 6 months and 1 day of 2025
    ],
    ids=["6m+1d", "6m", "6m-1d", "second-half", "second-half+1d"],
)
def test_a_cadre_posted_more_than_six_months_of_the_year_is_assessed_by_the_host_art_26(start, end, by_host):
    decision = host_decision((start, end))

    assert decision.by_host is by_host
    assert decision.unit_id == (HOST if by_host else 7)


def test_postings_to_one_host_add_up_in_days_art_26():
    # 2025-01-01..03-20 plus 04-01..07-20: 190 days, more than the 181 days of 6 months from 2025-01-01
    decision = host_decision((D(2025, 1, 1), D(2025, 3, 20)), (D(2025, 4, 1), D(2025, 7, 20)))

    assert (decision.by_host, decision.days_at_host) == (True, 190)


# ---------------------------------------------------------------- composite scores and the one rounding


@pytest.mark.parametrize(
    ("value", "rounded"),
    [
        (Fraction(85125, 1000), Decimal("85.13")),
        (Fraction(85124999, 1000000), Decimal("85.12")),
        (Fraction(256, 3), Decimal("85.33")),
        (Fraction(100), Decimal("100.00")),
        (Fraction(0), Decimal("0.00")),
    ],
)
def test_a_composite_is_rounded_once_half_up_to_two_places(value, rounded):
    assert rules.round_score(value) == rounded


ITEMS = [
    rules.ItemSpec(1, "德", ItemKind.RATED, Decimal(40)),
    rules.ItemSpec(2, "目标绩效", ItemKind.QUANTITATIVE, Decimal(60)),
]
GROUPS = [
    rules.GroupSpec(RaterGroup.SUPERIOR, Decimal(50)),
    rules.GroupSpec(RaterGroup.PEER, Decimal(30), drop_extremes=True),
    rules.GroupSpec(RaterGroup.SUBORDINATE, Decimal(20)),
]


def test_the_composite_weights_groups_then_items():
    scores = [(1, "superior", Decimal(90)), (1, "peer", Decimal(80)), (1, "peer", Decimal(70)), (1, "subordinate", 60)]

    composite = rules.composite_score(
        items=ITEMS, groups=GROUPS, rated=rules.aggregate_scores(scores), quantitative={2: Decimal("88.5")}
    )

    # item 1: (50×90 + 30×75 + 20×60) / 100 = 79.5; composite (40×79.5 + 60×88.5) / 100 = 84.9
    assert composite.score == Decimal("84.90")
    assert composite.breakdown["items"][0]["score"] == "79.50"
    assert composite.breakdown["missing"] == []


def test_a_large_group_drops_its_highest_and_lowest_score():
    peers = [(1, "peer", Decimal(value)) for value in (100, 80, 80, 80, 20)]

    composite = rules.composite_score(
        items=ITEMS[:1], groups=GROUPS, rated=rules.aggregate_scores(peers), quantitative={}
    )

    assert composite.score == Decimal("80.00")
    assert composite.breakdown["items"][0]["groups"] == [["peer", "30", 5, 3, True, "240", "80.00"]]


def test_groups_without_scores_and_items_without_scores_are_left_out_of_the_weights():
    composite = rules.composite_score(
        items=ITEMS, groups=GROUPS, rated=rules.aggregate_scores([(1, "peer", Decimal(70))]), quantitative={}
    )

    assert composite.score == Decimal("70.00")
    assert composite.breakdown["missing"] == ["目标绩效"]


@override_settings(ASSESSMENTS_REGULAR_SHARE="0.20", ASSESSMENTS_REGULAR_GRADE_POINTS={"good": 95, "average": 70})
def test_regular_grades_feed_the_annual_composite_with_their_share():
    composite = rules.composite_score(
        items=ITEMS[1:], groups=GROUPS, rated=[], quantitative={2: Decimal(80)}, regular_grades=["good", "average"]
    )

    # 0.8 × 80 + 0.2 × (95 + 70) / 2 = 64 + 16.5 = 80.5
    assert composite.score == Decimal("80.50")


def test_no_score_at_all_gives_no_composite():
    assert rules.composite_score(items=ITEMS, groups=GROUPS, rated=[], quantitative={}).score is None


def test_equal_composites_share_a_rank():
    ranks = rules.rank_by_composite({1: Decimal("90.00"), 2: Decimal("85.50"), 3: Decimal("85.50"), 4: Decimal(80)})

    assert ranks == {1: 1, 2: 2, 3: 2, 4: 4}


# ---------------------------------------------------------------- anonymity of the display


def row(group, raters, total, weight):
    """A group's part as a breakdown stores it: an array in ``rules.GroupPart`` order."""
    return list(rules.GroupPart(group, str(weight), raters, raters, False, str(total), ""))


def test_a_small_group_is_merged_with_the_next_and_shows_no_mean_of_its_own():
    rows = [row("superior", 1, 95, 40), row("peer", 4, 320, 30), row("subordinate", 5, 350, 30), row("self", 1, 99, 0)]

    shown = rules.display_groups(rows, min_group=3)

    assert shown == [
        # (40×95 + 30×80) / 70 = 88.57: the weighted mean of the bucket, which the item score already implies
        {"groups": ["superior", "peer"], "raters": 5, "mean": "88.57", "merged": True},
        {"groups": ["subordinate"], "raters": 5, "mean": "70.00", "merged": False},
        {"groups": ["self"], "raters": 1, "mean": "", "merged": False},
    ]


def test_a_small_last_group_joins_the_one_before():
    rows = [row("peer", 4, 320, 50), row("subordinate", 2, 120, 50)]

    shown = rules.display_groups(rows, min_group=3)

    assert shown == [{"groups": ["peer", "subordinate"], "raters": 6, "mean": "70.00", "merged": True}]


def test_group_parts_stored_as_objects_before_show_the_same():
    parts = [row("superior", 1, 95, 40), row("peer", 4, 320, 30), row("self", 1, 99, 0)]
    objects = [rules.group_part(part)._asdict() for part in parts]

    assert objects[0] == {
        "group": "superior",
        "weight": "40",
        "raters": 1,
        "counted": 1,
        "dropped": False,
        "sum": "95",
        "mean": "",
    }
    assert rules.display_groups(objects, min_group=3) == rules.display_groups(parts, min_group=3)


def test_fewer_raters_than_the_minimum_in_all_groups_show_as_one_bucket_without_a_mean():
    shown = rules.display_groups([row("superior", 1, 90, 50), row("peer", 1, 70, 50)], min_group=3)

    assert shown == [{"groups": ["superior", "peer"], "raters": 2, "mean": "", "merged": True}]


def test_a_single_rater_beside_the_self_assessment_shows_neither_mean():
    # one peer's 70 would be the bucket's mean, and with the self-assessment's 90 the item's score gives it back
    own = list(rules.GroupPart("self", "20", 1, 1, False, "90", "90.00"))

    shown = rules.display_groups([row("peer", 1, 70, 80), own], min_group=3)

    assert shown == [
        {"groups": ["peer"], "raters": 1, "mean": "", "merged": False},
        {"groups": ["self"], "raters": 1, "mean": "", "merged": False},
    ]


# ---------------------------------------------------------------- the transition table


def test_the_annual_transition_table_goes_through_committee_and_publicity():
    path, state = [], PeriodState.DRAFT
    for action in ["open-scoring", "close-scoring", "propose", "submit-to-committee", "start-publicity", "confirm"]:
        transition = rules.find_transition(kind=PeriodKind.ANNUAL, state=state, action=action)
        state = transition.target
        path.append(state)

    assert path == [
        "scoring_open",
        "scoring_closed",
        "grades_proposed",
        "committee_review",
        "publicity",
        "confirmed",
    ]


def test_regular_and_special_periods_are_confirmed_after_scoring():
    for kind in (PeriodKind.REGULAR, PeriodKind.SPECIAL):
        assert (
            rules.find_transition(kind=kind, state=PeriodState.SCORING_CLOSED, action="confirm").target == "confirmed"
        )
        assert rules.find_transition(kind=kind, state=PeriodState.SCORING_CLOSED, action="propose") is None


@pytest.mark.parametrize(
    ("state", "action"),
    [("draft", "confirm"), ("scoring_open", "propose"), ("publicity", "open-scoring"), ("confirmed", "confirm")],
)
def test_moves_the_table_does_not_have_are_refused(state, action):
    assert rules.find_transition(kind=PeriodKind.ANNUAL, state=state, action=action) is None


def test_reopening_a_confirmed_period_needs_a_reason():
    reopen = rules.find_transition(kind=PeriodKind.ANNUAL, state=PeriodState.CONFIRMED, action="reopen")

    assert (reopen.target, reopen.reason_required) == ("committee_review", True)


# ---------------------------------------------------------------- publicity (公示) in working days


def weekdays(day):
    return day.weekday() < 5


def test_publicity_counts_working_days_from_the_start():
    # Monday 2025-03-03: five working days end on Friday 2025-03-07
    assert rules.publicity_last_day(start=D(2025, 3, 3), working_days=5, is_working_day=weekdays) == D(2025, 3, 7)
    # Thursday: over the weekend to Wednesday
    assert rules.publicity_last_day(start=D(2025, 3, 6), working_days=5, is_working_day=weekdays) == D(2025, 3, 12)


def test_an_unknown_year_refuses_with_what_to_enter():
    def unknown(day):
        raise rules.UnknownWorkCalendarYear(day.year)

    with pytest.raises(rules.UnknownWorkCalendarYear) as refused:
        rules.publicity_last_day(start=D(2027, 1, 4), working_days=5, is_working_day=unknown)

    assert refused.value.message == (
        "系统尚无2027年的法定节假日和调休安排：请在“工作日历”中录入国务院办公厅公布的2027年"
        "放假日期和调休上班日期，并标记该年已录入完整后再试。"
    )


# ---------------------------------------------------------------- §3 consequences


@pytest.mark.parametrize(
    ("grade", "previous", "expected"),
    [
        (Grade.EXCELLENT, None, ["commendation"]),
        (Grade.COMPETENT, None, []),
        (Grade.BASICALLY_COMPETENT, None, ["admonishment", "no_promotion_next_year"]),
        (Grade.INCOMPETENT, Grade.COMPETENT, ["demotion"]),
        (Grade.INCOMPETENT, Grade.INCOMPETENT, ["demotion", "dismissal_review"]),
        (Grade.UNGRADED, Grade.INCOMPETENT, []),
    ],
)
def test_consequences_of_a_confirmed_grade_art_19_to_21(grade, previous, expected):
    assert rules.consequences_of(grade=grade, previous_grade=previous) == expected


# ---------------------------------------------------------------- raters from the unit structure


def test_raters_follow_the_unit_structure_and_leadership_levels():
    members = [rules.UnitMember(1, 2), rules.UnitMember(2, 1), rules.UnitMember(3, 0), rules.UnitMember(4, 0)]
    groups = {RaterGroup.SUPERIOR, RaterGroup.PEER, RaterGroup.SUBORDINATE, RaterGroup.SELF}

    plan = rules.rater_plan(
        ratees=members,
        unit_members=members,
        outside_superiors=[rules.UnitMember(9, 4)],
        groups=groups,
        per_group={"superior": 2, "peer": 6, "subordinate": 6},
    )

    assert sorted(plan) == sorted(
        [
            (1, 9, "superior"),  # the top leader: by the leaders of the unit above
            (1, 2, "subordinate"),
            (1, 3, "subordinate"),
            (1, 4, "subordinate"),
            (1, 1, "self"),
            (2, 1, "superior"),
            (2, 3, "subordinate"),
            (2, 4, "subordinate"),
            (2, 2, "self"),
            (3, 1, "superior"),
            (3, 2, "superior"),
            (3, 4, "peer"),
            (3, 3, "self"),
            (4, 1, "superior"),
            (4, 2, "superior"),
            (4, 3, "peer"),
            (4, 4, "self"),
        ]
    )


def test_peers_of_a_large_unit_are_chosen_in_turn_so_the_work_is_spread():
    members = [rules.UnitMember(i, 0) for i in range(1, 11)]

    plan = rules.rater_plan(
        ratees=members, unit_members=members, outside_superiors=[], groups={"peer"}, per_group={"peer": 3}
    )

    raters_of = {ratee: sorted(r for e, r, _g in plan if e == ratee) for ratee in range(1, 11)}
    assert raters_of[1] == [2, 3, 4]
    assert raters_of[9] == [1, 2, 10]
    loads = [sum(1 for _e, r, _g in plan if r == rater) for rater in range(1, 11)]
    assert loads == [3] * 10
