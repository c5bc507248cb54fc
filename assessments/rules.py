"""Pure rules of assessment (domain-rules §1–§3): plain data in, decisions out. No ORM, no I/O.

Every number that domain-rules marks S or L is read from ``django.conf.settings`` at call time
(config/settings/rules.py, "§1–§3 assessment"), so the organization department can change it and tests can
override it. The recompute job, the pages and the API call these functions, so they agree.

Scores are exact until the one rounding of a composite: the database adds up the scores (sums, counts,
highest and lowest per cadre, item and rater group), these rules combine the sums as exact fractions and
``round_score`` rounds the composite once, half up, to two places. The per-cadre path and the set-based job
therefore rank ties identically.
"""

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import NamedTuple

from django.conf import settings
from django.utils.translation import gettext as _

from assessments.choices import (
    RATER_GROUP_ORDER,
    Grade,
    ItemKind,
    PeriodKind,
    PeriodState,
    RaterGroup,
    SuggestionStatus,
    UngradedReason,
)
from core.periods import clip_interval, days_inclusive, merge_intervals, year_interval

QUOTA_CLAUSE = "公务员考核规定（优秀等次比例）"
PROBATION_CLAUSE = "公务员考核规定第25条"
LEAVE_CLAUSE = "公务员考核规定第27条"
SCORE_PLACES = 2
ONE_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class AnnualResultFacts:
    """A confirmed annual result as the rules of other apps read it (rewards §4–§5).

    ``ungraded_reason`` is "" unless ``grade`` is ``ungraded``; ``source`` is ``assessed`` or ``imported``.
    """

    cadre_id: int
    year: int
    grade: str
    ungraded_reason: str
    confirmed_on: date
    source: str


def setting_fraction(value: str | int | float | Fraction) -> Fraction:
    """A share written in settings as "0.20", "1/2", 0.2 or a Fraction, as an exact fraction."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, float):
        return Fraction(str(value))
    return Fraction(str(value).strip())


# ---------------------------------------------------------------- the one rounding of a score


def round_score(value: Fraction) -> Decimal:
    """An exact score rounded once, half up, to two decimal places: the only rounding of a composite.

    85.125 → 85.13; 85.124999… → 85.12. Exact: no binary floating point anywhere.
    """
    scaled = value * 10**SCORE_PLACES
    whole = math.floor(scaled + Fraction(1, 2))
    return Decimal(whole).scaleb(-SCORE_PLACES)


def display_score(value: Fraction | None) -> str:
    """A part of a score for the breakdown shown to people (never used to rank)."""
    return "" if value is None else str(round_score(value))


# ---------------------------------------------------------------- the period's transitions


@dataclass(frozen=True, slots=True)
class Transition:
    """One allowed move of a period: from a state to another by a named action, for some kinds of period."""

    action: str
    source: str
    target: str
    label: str
    kinds: frozenset[str]
    reason_required: bool = False


ALL_KINDS = frozenset(PeriodKind.values)
ANNUAL = frozenset({PeriodKind.ANNUAL})
NOT_ANNUAL = frozenset({PeriodKind.REGULAR, PeriodKind.SPECIAL})

# The one transition table of a period (issue 12). Annual periods go through proposal, committee and publicity;
# regular and special periods are confirmed once scoring is closed. Reopening a confirmed period needs a reason.
TRANSITIONS: tuple[Transition, ...] = (
    Transition("open-scoring", PeriodState.DRAFT, PeriodState.SCORING_OPEN, "开始评分", ALL_KINDS),
    Transition("close-scoring", PeriodState.SCORING_OPEN, PeriodState.SCORING_CLOSED, "结束评分", ALL_KINDS),
    Transition("reopen-scoring", PeriodState.SCORING_CLOSED, PeriodState.SCORING_OPEN, "重新开放评分", ALL_KINDS, True),
    Transition("propose", PeriodState.SCORING_CLOSED, PeriodState.GRADES_PROPOSED, "拟定等次", ANNUAL),
    Transition(
        "withdraw-proposal", PeriodState.GRADES_PROPOSED, PeriodState.SCORING_CLOSED, "撤回拟定等次", ANNUAL, True
    ),
    Transition(
        "submit-to-committee",
        PeriodState.GRADES_PROPOSED,
        PeriodState.COMMITTEE_REVIEW,
        "提交考核委员会审议",
        ANNUAL,
    ),
    Transition("start-publicity", PeriodState.COMMITTEE_REVIEW, PeriodState.PUBLICITY, "开始公示", ANNUAL),
    Transition(
        "return-to-committee",
        PeriodState.PUBLICITY,
        PeriodState.COMMITTEE_REVIEW,
        "退回考核委员会",
        ANNUAL,
        True,
    ),
    Transition("confirm", PeriodState.PUBLICITY, PeriodState.CONFIRMED, "确定等次", ANNUAL),
    Transition("confirm", PeriodState.SCORING_CLOSED, PeriodState.CONFIRMED, "确定结果", NOT_ANNUAL),
    Transition("reopen", PeriodState.CONFIRMED, PeriodState.COMMITTEE_REVIEW, "重新审议", ANNUAL, True),
    Transition("reopen", PeriodState.CONFIRMED, PeriodState.SCORING_CLOSED, "重新审议", NOT_ANNUAL, True),
)


def allowed_transitions(*, kind: str, state: str) -> list[Transition]:
    """The moves a period of ``kind`` may make from ``state``, in table order."""
    return [t for t in TRANSITIONS if t.source == state and kind in t.kinds]


def find_transition(*, kind: str, state: str, action: str) -> Transition | None:
    """The move ``action`` from ``state`` for a period of ``kind``, or None when the table does not allow it."""
    return next((t for t in allowed_transitions(kind=kind, state=state) if t.action == action), None)


# States in which the composites and proposals may be recomputed (later states are the committee's).
RECOMPUTABLE_STATES = frozenset({PeriodState.SCORING_OPEN, PeriodState.SCORING_CLOSED, PeriodState.GRADES_PROPOSED})
# States in which raters may score.
SCORING_STATES = frozenset({PeriodState.SCORING_OPEN})
# States in which a unit's excellent quota may still be raised (or the raise taken back): before the committee.
QUOTA_CHANGE_STATES = frozenset(
    {PeriodState.DRAFT, PeriodState.SCORING_OPEN, PeriodState.SCORING_CLOSED, PeriodState.GRADES_PROPOSED}
)


def quota_change_refusal(period) -> str:
    """Why a unit's 优秀比例 can no longer be changed in ``period`` ("" while it can). The service refuses with it,
    the period page offers the button only without it, and the page sends the clerk back with it."""
    if period.state in QUOTA_CHANGE_STATES:
        return ""
    return _("考核周期处于“%(state)s”状态，不能再调整优秀比例。") % {"state": PeriodState(period.state).label}


def committee_grade_refusal(period) -> str:
    """Why the committee can no longer set a grade in ``period`` ("" while it can): only in 考核委员会审议."""
    return "" if period.state == PeriodState.COMMITTEE_REVIEW else _("只有在考核委员会审议阶段可以调整等次。")


def suggestion_handled_refusal(suggestion) -> str:
    """Why a to-do of §3 can no longer be handled ("" while it is open): it is handled once."""
    return "" if suggestion.status == SuggestionStatus.OPEN else _("该待办已办结。")


# ---------------------------------------------------------------- publicity (公示) in working days


class UnknownWorkCalendarYear(LookupError):
    """Neither the calendar package nor the staff-entered table knows the holidays of ``year``."""

    def __init__(self, year: int):
        super().__init__(year)
        self.year = year

    @property
    def message(self) -> str:
        return _(
            "系统尚无%(year)s年的法定节假日和调休安排：请在“工作日历”中录入国务院办公厅公布的%(year)s年"
            "放假日期和调休上班日期，并标记该年已录入完整后再试。"
        ) % {"year": self.year}


def publicity_last_day(*, start: date, working_days: int, is_working_day: Callable[[date], bool]) -> date:
    """The last day of a publicity window of ``working_days`` working days starting on ``start`` (公示, §2, S).

    Counts the working days of the official calendar (holidays and make-up working days included) from
    ``start`` on, ``start`` itself included when it is a working day. ``is_working_day`` raises
    ``UnknownWorkCalendarYear`` for a year it does not know; that refusal passes through.
    A window of 5 starting on Monday 2026-09-28 ends on Friday 2026-10-09 (国庆 2026-10-01…07).
    """
    if working_days < 1:
        raise ValueError("working_days must be at least 1")
    day, counted = start, 0
    while True:
        if is_working_day(day):
            counted += 1
            if counted == working_days:
                return day
        day += ONE_DAY


# ---------------------------------------------------------------- who is graded (§2)


def on_hire_probation_at_year_end(*, hired_on: date | None, probation_last_day: date | None, year: int) -> bool:
    """Whether a new hire is still on probation on 31 December of ``year`` (art. 25, V): then ungraded.

    Hired 2025-03-01 with 12 months' probation (to 2026-02-28): ungraded for 2025, graded for 2026.
    """
    if hired_on is None or probation_last_day is None:
        return False
    year_end = date(year, 12, 31)
    return hired_on <= year_end <= probation_last_day


def covered_days_in_year(*, intervals: Iterable[tuple[date, date]], year: int) -> int:
    """Calendar days of ``year`` covered by inclusive date intervals, each day counted once (core.periods)."""
    first, last = year_interval(year)
    merged = merge_intervals(clip_interval(interval, first, last) for interval in intervals)
    return sum(days_inclusive(start, end) for start, end in merged)


def long_leave(*, leave_days: int, year: int, share: Fraction) -> bool:
    """Sick and personal leave adding up to more than ``share`` (½) of the year's days (art. 27, V).

    2025 has 365 days: 182 days is not more than half, 183 days is.
    """
    year_days = (date(year, 12, 31) - date(year, 1, 1)).days + 1
    return leave_days > share * year_days


# Grade caps as careers.rules.GradeCap kinds (careers.choices.GradeCapKind).
CAP_NONE = "none"
CAP_NOT_EXCELLENT = "not_excellent"
CAP_UNGRADED = "ungraded"
CAP_INCOMPETENT = "incompetent"


class MemberFacts(NamedTuple):
    """What the grade proposal needs of one member of a quota pool.

    ``composite`` is None when the member has no score at all; ``cap`` is a grade-cap kind from the careers
    app with its reason and source record; ``cap_is_investigation`` says that an open investigation set it.
    A named tuple rather than a frozen dataclass, like ``MemberProposal``: the recompute job makes one per
    assessee (45,000 a county), and a frozen dataclass takes six times as long to make.
    """

    cadre_id: int
    composite: Decimal | None
    on_probation: bool = False
    long_leave: bool = False
    cap: str = CAP_NONE
    cap_reason: str = ""
    cap_source_id: int | None = None
    cap_is_investigation: bool = False


def ungraded_reason_of(member: MemberFacts) -> str:
    """Why a member is 不定等次 this year, or "" when graded (domain-rules §2; art. 25, 27, 28, 29).

    Probation first, then leave, then the record that caps the grade (an open investigation or discipline).
    """
    if member.on_probation:
        return UngradedReason.PROBATION
    if member.long_leave:
        return UngradedReason.LONG_LEAVE
    if member.cap == CAP_UNGRADED:
        return UngradedReason.INVESTIGATION if member.cap_is_investigation else UngradedReason.DISCIPLINE
    return ""


# ---------------------------------------------------------------- raters generated from the unit structure


@dataclass(frozen=True, slots=True)
class UnitMember:
    """A cadre of a unit as the rater plan sees him or her: leadership level (0 for non-leaders)."""

    cadre_id: int
    level: int


def _cyclic_after(candidates: Sequence[int], after: int, count: int) -> list[int]:
    """Up to ``count`` of the sorted ``candidates`` following ``after`` in cyclic order, so that rating work
    spreads evenly over a large unit (each member rates about ``count`` others)."""
    if count <= 0 or not candidates:
        return []
    start = next((index for index, value in enumerate(candidates) if value > after), 0)
    rotated = [*candidates[start:], *candidates[:start]]
    return rotated[:count]


def rater_plan(
    *,
    ratees: Sequence[UnitMember],
    unit_members: Sequence[UnitMember],
    outside_superiors: Sequence[UnitMember],
    groups: Iterable[str],
    per_group: Mapping[str, int],
) -> list[tuple[int, int, str]]:
    """(ratee, rater, group) assignments for the assessees of one assessing unit (360°, issue 12).

    - 上级 (superior): the unit's members of a higher leadership level, highest first; for the unit's top
      leaders, the leaders of the unit above (``outside_superiors``);
    - 同级 (peer): members of the same level (non-leaders with non-leaders), a cyclic choice;
    - 下级 (subordinate): members of a lower level, a cyclic choice;
    - 本人 (self): the ratee.
    Only the template's groups are planned; each group has at most ``per_group[group]`` raters.
    """
    wanted = set(groups)
    by_level: dict[int, list[int]] = defaultdict(list)
    for member in unit_members:
        by_level[member.level].append(member.cadre_id)
    for ids in by_level.values():
        ids.sort()
    levels_desc = sorted(by_level, reverse=True)
    plan: list[tuple[int, int, str]] = []
    for ratee in ratees:
        if RaterGroup.SUPERIOR in wanted:
            higher = [cadre_id for level in levels_desc if level > ratee.level for cadre_id in by_level[level]]
            if not higher and ratee.level > 0:
                higher = [
                    member.cadre_id
                    for member in sorted(outside_superiors, key=lambda m: (-m.level, m.cadre_id))
                    if member.level > ratee.level
                ]
            plan.extend(
                (ratee.cadre_id, rater, RaterGroup.SUPERIOR) for rater in higher[: per_group.get("superior", 0)]
            )
        if RaterGroup.PEER in wanted:
            peers = [cadre_id for cadre_id in by_level.get(ratee.level, []) if cadre_id != ratee.cadre_id]
            plan.extend(
                (ratee.cadre_id, rater, RaterGroup.PEER)
                for rater in _cyclic_after(peers, ratee.cadre_id, per_group.get("peer", 0))
            )
        if RaterGroup.SUBORDINATE in wanted and ratee.level > 0:
            lower = sorted(cadre_id for level, ids in by_level.items() if level < ratee.level for cadre_id in ids)
            plan.extend(
                (ratee.cadre_id, rater, RaterGroup.SUBORDINATE)
                for rater in _cyclic_after(lower, ratee.cadre_id, per_group.get("subordinate", 0))
            )
        if RaterGroup.SELF in wanted:
            plan.append((ratee.cadre_id, ratee.cadre_id, RaterGroup.SELF))
    return plan


# ---------------------------------------------------------------- the 优秀 quota (§2)


@dataclass(frozen=True, slots=True)
class Quota:
    max_excellent: int
    graded_members: int
    share: Fraction
    small_unit_applied: bool
    text: str


def excellent_quota(*, graded_members: int, quota_raised: bool) -> Quota:
    """The most 优秀 a quota pool may have (domain-rules §2, 公务员考核规定第13条, S).

    20% of the graded members, or 25% where the unit's year is marked "quota raised, approved"; rounded by the
    setting (floor by default: 14 × 20% = 2.8 → 2). A pool of 1–4 graded members whose share rounds to none
    may have one 优秀 only with the small-unit setting on.
    """
    share = setting_fraction(
        settings.ASSESSMENTS_EXCELLENT_SHARE_RAISED if quota_raised else settings.ASSESSMENTS_EXCELLENT_SHARE
    )
    exact = share * graded_members
    rounding = settings.ASSESSMENTS_QUOTA_ROUNDING
    if rounding == "floor":
        count = math.floor(exact)
    elif rounding == "ceil":
        count = math.ceil(exact)
    elif rounding == "half_up":
        count = math.floor(exact + Fraction(1, 2))
    else:
        raise ValueError(f"ASSESSMENTS_QUOTA_ROUNDING must be floor, ceil or half_up, not {rounding!r}")
    small = (
        count == 0
        and settings.ASSESSMENTS_SMALL_UNIT_MINIMUM
        and 1 <= graded_members <= settings.ASSESSMENTS_SMALL_UNIT_MAX_MEMBERS
    )
    if small:
        count = 1
    rounding_label = {"floor": _("向下取整"), "ceil": _("向上取整"), "half_up": _("四舍五入")}[rounding]
    percent = share * 100
    percent_text = f"{percent.numerator}" if percent.denominator == 1 else f"{float(percent):g}"
    text = _("优秀名额%(count)s名（定等次人数%(members)s×%(percent)s%%，%(rounding)s%(raised)s%(small)s）") % {
        "count": count,
        "members": graded_members,
        "percent": percent_text,
        "rounding": rounding_label,
        "raised": _("，经批准提高比例") if quota_raised else "",
        "small": _("；人数较少的单位可评1名优秀") if small else "",
    }
    return Quota(max_excellent=count, graded_members=graded_members, share=share, small_unit_applied=small, text=text)


# ---------------------------------------------------------------- composite scores (综合得分)


@dataclass(frozen=True, slots=True)
class ItemSpec:
    """One indicator item of a template: rated by raters or quantitative, with its weight (of 100)."""

    id: int
    name: str
    kind: str
    weight: Decimal


@dataclass(frozen=True, slots=True)
class GroupSpec:
    """A rater group's weight in a template, and whether it drops its highest and lowest score."""

    group: str
    weight: Decimal
    drop_extremes: bool = False


@dataclass(frozen=True, slots=True)
class ScoreAggregate:
    """The scores of one item by one rater group for one cadre: their sum, number, lowest and highest."""

    item_id: int
    group: str
    total: Decimal
    count: int
    low: Decimal
    high: Decimal


def aggregate_scores(scores: Iterable[tuple[int, str, Decimal]]) -> list[ScoreAggregate]:
    """(item, group, score) rows of one cadre's submitted ratings added up per item and group: what the
    database's GROUP BY gives the job, computed here for the per-cadre path."""
    buckets: dict[tuple[int, str], list[Decimal]] = defaultdict(list)
    for item_id, group, score in scores:
        buckets[(item_id, group)].append(Decimal(score))
    return [
        ScoreAggregate(item_id, group, sum(values, Decimal(0)), len(values), min(values), max(values))
        for (item_id, group), values in sorted(buckets.items())
    ]


class GroupPart(NamedTuple):
    """A rater group's part in an item's score, as a composite's breakdown keeps it (admins only: raw sums).

    Stored as a JSON array of these fields in this order (``list(part)``), not as an object: a county's
    recompute writes some 280,000 of them, and the keys were half of their text and of the cost of writing
    them. Breakdowns stored before keep objects with the same keys; ``group_part`` reads either.
    """

    group: str
    weight: str  # the group's weight in the template, a decimal
    raters: int
    counted: int  # the raters whose scores count: two fewer when the highest and lowest are dropped
    dropped: bool
    sum: str  # the counted scores' sum, a decimal
    mean: str  # their mean as shown (``display_score``)


def group_part(stored: Sequence | Mapping) -> GroupPart:
    """A group part of a stored breakdown: an array in ``GroupPart`` order, or an object (stored before)."""
    if isinstance(stored, Mapping):
        return GroupPart(**{name: stored[name] for name in GroupPart._fields})
    return GroupPart(*stored)


def breakdown_labelled(breakdown: dict) -> dict:
    """A stored breakdown with every group part as an object of ``GroupPart``'s fields (for admins' eyes)."""
    if not breakdown:
        return breakdown
    items = [
        {**item, "groups": [group_part(part)._asdict() for part in item.get("groups", [])]}
        for item in breakdown.get("items", [])
    ]
    return {**breakdown, "items": items}


@dataclass(frozen=True, slots=True)
class Composite:
    """A composite score and why: ``score`` is rounded once (None without any score); ``breakdown`` keeps
    every item's and group's part (sums and counts per group, for the anonymity-safe display)."""

    score: Decimal | None
    breakdown: dict = field(default_factory=dict)


def group_mean(aggregate: ScoreAggregate, *, drop_extremes: bool) -> tuple[Fraction, int, bool]:
    """A group's mean on an item: (mean, raters counted, extremes dropped). With the option on and at least
    ASSESSMENTS_DROP_EXTREMES_MIN_RATERS raters, the highest and the lowest score are left out."""
    total, count = Fraction(aggregate.total), aggregate.count
    dropped = drop_extremes and count >= settings.ASSESSMENTS_DROP_EXTREMES_MIN_RATERS
    if dropped:
        total -= Fraction(aggregate.high) + Fraction(aggregate.low)
        count -= 2
    return total / count, count, dropped


def regular_points(grades: Sequence[str]) -> Fraction | None:
    """The mean points of the year's regular (quarterly) grades, or None without any (§1, L points)."""
    if not grades:
        return None
    points = settings.ASSESSMENTS_REGULAR_GRADE_POINTS
    return Fraction(sum(Fraction(points[grade]) for grade in grades), len(grades))


def composite_score(
    *,
    items: Sequence[ItemSpec],
    groups: Sequence[GroupSpec],
    rated: Iterable[ScoreAggregate],
    quantitative: Mapping[int, Decimal],
    regular_grades: Sequence[str] = (),
) -> Composite:
    """综合得分 of one cadre (issue 12): item and group weights, then the regular grades' share.

    - a rated item's score is the weighted mean of its rater groups' means, over the groups that scored it
      (each group's mean after dropping extremes where the template says so);
    - a quantitative item's score is the one entered by staff;
    - the assessed score is the weighted mean of the items that have a score (items without one are listed
      as missing in the breakdown);
    - with regular grades that year, the composite is (1 − s) × assessed + s × their mean points, s being
      ASSESSMENTS_REGULAR_SHARE;
    - everything is exact; ``round_score`` rounds the composite once.
    """
    group_specs = {spec.group: spec for spec in groups}
    by_item: dict[int, list[ScoreAggregate]] = defaultdict(list)
    for aggregate in rated:
        by_item[aggregate.item_id].append(aggregate)
    weighted_sum, weight_total = Fraction(0), Fraction(0)
    item_rows, missing = [], []
    for item in items:
        item_score: Fraction | None = None
        group_rows = []
        if item.kind == ItemKind.RATED:
            part_sum, part_weight = Fraction(0), Fraction(0)
            for aggregate in sorted(by_item.get(item.id, ()), key=lambda a: RATER_GROUP_ORDER.get(a.group, 99)):
                spec = group_specs.get(aggregate.group)
                if spec is None or spec.weight <= 0 or aggregate.count == 0:
                    continue
                mean, counted, dropped = group_mean(aggregate, drop_extremes=spec.drop_extremes)
                part_sum += Fraction(spec.weight) * mean
                part_weight += Fraction(spec.weight)
                group_rows.append(
                    list(
                        GroupPart(
                            group=aggregate.group,
                            weight=str(spec.weight),
                            raters=aggregate.count,
                            counted=counted,
                            dropped=dropped,
                            # the counted scores' sum as a decimal, as the set-based statement writes it
                            sum=str(aggregate.total - (aggregate.high + aggregate.low if dropped else 0)),
                            mean=display_score(mean),
                        )
                    )
                )
            if part_weight:
                item_score = part_sum / part_weight
        elif item.id in quantitative:
            item_score = Fraction(quantitative[item.id])
        if item_score is None:
            missing.append(item.name)
        else:
            weighted_sum += Fraction(item.weight) * item_score
            weight_total += Fraction(item.weight)
        item_rows.append(
            {
                "item": item.id,
                "name": item.name,
                "kind": item.kind,
                "weight": str(item.weight),
                "score": display_score(item_score),
                "groups": group_rows,
            }
        )
    assessed = weighted_sum / weight_total if weight_total else None
    regular = regular_points(regular_grades)
    share = setting_fraction(settings.ASSESSMENTS_REGULAR_SHARE)
    if assessed is None:
        exact = None
    elif regular is None:
        exact = assessed
    else:
        exact = (1 - share) * assessed + share * regular
    breakdown = {
        "items": item_rows,
        "missing": missing,
        "assessed": display_score(assessed),
        "regular": {"grades": list(regular_grades), "points": display_score(regular), "share": str(share)}
        if regular is not None
        else None,
    }
    return Composite(score=None if exact is None else round_score(exact), breakdown=breakdown)


# ---------------------------------------------------------------- what a cadre and staff may see of a breakdown


def display_groups(group_rows: Sequence[Sequence | Mapping], *, min_group: int) -> list[dict]:
    """An item's rater groups as they may be shown to anyone but an admin (anonymity, issue 12). ``group_rows``:
    the item's group parts as its stored breakdown keeps them (``group_part``).

    The self-assessment is shown alone. Every other group with fewer than ``min_group`` raters is merged
    with the next group (the last one with the one before); a merged bucket shows its raters' number and the
    weighted mean of its groups, never a group's own mean, so no individual score can be worked back from
    the item's score. When all of them together have fewer than ``min_group`` raters, they are one bucket and
    no mean is shown, neither theirs nor the self-assessment's (mean ""): with a single rater the bucket's mean
    would be that rater's score, and with the self-assessment's mean beside the item's score it could be
    worked back.
    """
    parts = [group_part(row) for row in group_rows]
    own = [part for part in parts if part.group == RaterGroup.SELF]
    others = [part for part in parts if part.group != RaterGroup.SELF]
    buckets: list[list[GroupPart]] = []
    pending: list[GroupPart] = []
    for part in others:
        pending.append(part)
        if sum(each.raters for each in pending) >= min_group:
            buckets.append(pending)
            pending = []
    if pending:
        if buckets:
            buckets[-1].extend(pending)
        else:
            buckets.append(pending)
    too_few = 0 < sum(part.raters for part in others) < min_group
    shown = []
    for bucket in buckets:
        weight = sum(Fraction(part.weight) for part in bucket)
        weighted = sum(Fraction(part.weight) * Fraction(part.sum) / part.counted for part in bucket)
        shown.append(
            {
                "groups": [part.group for part in bucket],
                "raters": sum(part.raters for part in bucket),
                "mean": display_score(weighted / weight) if weight and not too_few else "",
                "merged": len(bucket) > 1,
            }
        )
    shown.extend(
        {"groups": [part.group], "raters": part.raters, "mean": "" if too_few else part.mean, "merged": False}
        for part in own
    )
    return shown


# ---------------------------------------------------------------- the grade proposal of a quota pool (§2)


class MemberProposal(NamedTuple):
    """One member's proposed grade (or 不定等次 with ``ungraded_reason``), rank and why; a named tuple, see
    ``MemberFacts``."""

    cadre_id: int
    rank: int | None
    proposed_grade: str
    ungraded_reason: str
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PoolProposal:
    quota: Quota
    members: int
    proposed_excellent: int
    proposals: dict[int, MemberProposal]


def _grade_below() -> Callable[[Decimal], str]:
    """The grade of a composite without 优秀 or a cap: 不称职 / 基本称职 below the settings' thresholds (read
    once per pool), 称职 otherwise."""
    incompetent_below = Decimal(str(settings.ASSESSMENTS_INCOMPETENT_BELOW))
    basically_below = Decimal(str(settings.ASSESSMENTS_BASICALLY_COMPETENT_BELOW))

    def grade(composite: Decimal) -> str:
        if composite < incompetent_below:
            return Grade.INCOMPETENT
        if composite < basically_below:
            return Grade.BASICALLY_COMPETENT
        return Grade.COMPETENT

    return grade


@dataclass(frozen=True, slots=True)
class _ReasonTexts:
    """The "why" texts of a pool's proposals in the active language, translated once per pool: a pool of
    thousands would otherwise look each one up per member."""

    probation: str
    leave: str
    unscored: str
    ranked: str
    tied_out: str
    cap_passed_on: str
    quota_place: str

    @classmethod
    def active(cls) -> "_ReasonTexts":
        return cls(
            probation=f"{PROBATION_CLAUSE}：" + _("新录用人员在试用期内，只写评语，不定等次"),
            leave=f"{LEAVE_CLAUSE}：" + _("病假、事假累计超过考核年度半年，不定等次"),
            unscored=_("尚无评分，无法排名，请考核委员会确定等次"),
            ranked=_("综合得分%(score)s，本考核单元排名第%(rank)s（共%(count)s人排名）"),
            tied_out=_("与他人得分并列，剩余优秀名额不足，由考核委员会确定"),
            cap_passed_on=_("受等次限制不得评为优秀，名额顺延给下一名"),
            quota_place=_("，使用第%(n)s个名额"),
        )


def rank_by_composite(composites: Mapping[int, Decimal]) -> dict[int, int]:
    """Competition ranking (1, 2, 2, 4) by composite, highest first: equal composites share a rank."""
    ordered = sorted(composites.items(), key=lambda pair: (-pair[1], pair[0]))
    ranks: dict[int, int] = {}
    previous, previous_rank = None, 0
    for position, (cadre_id, composite) in enumerate(ordered, start=1):
        if composite != previous:
            previous, previous_rank = composite, position
        ranks[cadre_id] = previous_rank
    return ranks


def propose_pool(members: Sequence[MemberFacts], *, quota_raised: bool, grading: bool = True) -> PoolProposal:
    """Proposed grades of one quota pool (domain-rules §2), each with why.

    1. The ungraded rules and caps come first: probation, long leave, an open investigation or a discipline
       that leaves the year ungraded take the member out of the graded count.
    2. The quota is counted on the graded members (``excellent_quota``).
    3. Graded members with a composite are ranked, highest first; equal composites share a rank.
    4. 优秀 goes down the ranking to members whose cap allows it, until the quota is used; a capped member's
       place goes to the next in rank. Members tied on the last place are all left to the committee when they
       do not all fit, rather than split by an arbitrary order.
    5. The rest are 称职, or 基本称职 / 不称职 below the settings' thresholds, or 不称职 under that cap.

    With ``grading`` off (a special assessment), members are only ranked.
    """
    if not grading:
        return _rank_only(members)
    ungraded = {member.cadre_id: ungraded_reason_of(member) for member in members}
    graded = [member for member in members if not ungraded[member.cadre_id]]
    quota = excellent_quota(graded_members=len(graded), quota_raised=quota_raised)
    scored = {member.cadre_id: member.composite for member in graded if member.composite is not None}
    ranks = rank_by_composite(scored)
    ranked_count = len(scored)
    excellent: set[int] = set()
    tied_out: set[int] = set()
    open_places = quota.max_excellent
    eligible = [
        member
        for member in sorted(graded, key=lambda m: (ranks.get(m.cadre_id, 10**9), m.cadre_id))
        if member.composite is not None and member.cap not in (CAP_NOT_EXCELLENT, CAP_INCOMPETENT)
    ]
    index = 0
    while open_places > 0 and index < len(eligible):
        rank = ranks[eligible[index].cadre_id]
        end = index  # the members sharing this rank are the next ones: ``eligible`` is in rank order
        while end < len(eligible) and ranks[eligible[end].cadre_id] == rank:
            end += 1
        tie = [member.cadre_id for member in eligible[index:end]]
        if len(tie) <= open_places:
            excellent.update(tie)
            open_places -= len(tie)
        else:
            tied_out.update(tie)
            break
        index += len(tie)

    texts = _ReasonTexts.active()
    grade_below = _grade_below()
    proposals: dict[int, MemberProposal] = {}
    for member in members:
        cadre_id = member.cadre_id
        reasons: list[str] = []
        reason = ungraded[cadre_id]
        if reason:
            if member.cap == CAP_UNGRADED and reason in (UngradedReason.INVESTIGATION, UngradedReason.DISCIPLINE):
                reasons.append(member.cap_reason)
            elif reason == UngradedReason.PROBATION:
                reasons.append(texts.probation)
            else:
                reasons.append(texts.leave)
            proposals[cadre_id] = MemberProposal(cadre_id, None, Grade.UNGRADED, reason, tuple(reasons))
            continue
        if member.composite is None:
            reasons.append(texts.unscored)
            proposals[cadre_id] = MemberProposal(cadre_id, None, "", "", tuple(reasons))
            continue
        rank = ranks[cadre_id]
        reasons.append(texts.ranked % {"score": member.composite, "rank": rank, "count": ranked_count})
        if member.cap not in (CAP_NONE, "") and member.cap_reason:
            reasons.append(member.cap_reason)
        if cadre_id in excellent:
            grade = Grade.EXCELLENT
        elif member.cap == CAP_INCOMPETENT:
            grade = Grade.INCOMPETENT
        else:
            grade = grade_below(member.composite)
            if grade == Grade.COMPETENT and cadre_id in tied_out:
                reasons.append(texts.tied_out)
            elif grade == Grade.COMPETENT and member.cap == CAP_NOT_EXCELLENT and rank <= quota.max_excellent:
                reasons.append(texts.cap_passed_on)
        proposals[cadre_id] = MemberProposal(cadre_id, rank, grade, "", tuple(reasons))
    for used, cadre_id in enumerate(sorted(excellent, key=lambda c: (ranks[c], c)), start=1):
        proposal = proposals[cadre_id]
        proposals[cadre_id] = MemberProposal(
            cadre_id,
            proposal.rank,
            proposal.proposed_grade,
            "",
            (*proposal.reasons, f"{QUOTA_CLAUSE}：{quota.text}" + texts.quota_place % {"n": used}),
        )
    return PoolProposal(quota=quota, members=len(members), proposed_excellent=len(excellent), proposals=proposals)


def _rank_only(members: Sequence[MemberFacts]) -> PoolProposal:
    scored = {member.cadre_id: member.composite for member in members if member.composite is not None}
    ranks = rank_by_composite(scored)
    ranked, unscored = _("综合得分%(score)s，排名第%(rank)s（共%(count)s人）"), (_("尚无评分"),)  # once per pool
    proposals = {}
    for member in members:
        rank = ranks.get(member.cadre_id)
        reasons = (ranked % {"score": member.composite, "rank": rank, "count": len(scored)},) if rank else unscored
        proposals[member.cadre_id] = MemberProposal(member.cadre_id, rank, "", "", reasons)
    quota = Quota(max_excellent=0, graded_members=len(members), share=Fraction(0), small_unit_applied=False, text="")
    return PoolProposal(quota=quota, members=len(members), proposed_excellent=0, proposals=proposals)


# ---------------------------------------------------------------- consequences of a confirmed grade (§3)


class Consequence:
    """Kinds of suggestion a confirmed grade puts on the staff to-do list (domain-rules §3); values are
    ``assessments.choices.SuggestionKind`` values."""

    COMMENDATION = "commendation"
    ADMONISHMENT = "admonishment"
    NO_PROMOTION_NEXT_YEAR = "no_promotion_next_year"
    DEMOTION = "demotion"
    DISMISSAL_REVIEW = "dismissal_review"


def consequences_of(*, grade: str, previous_grade: str | None) -> list[str]:
    """What a confirmed grade suggests (公务员考核规定 art. 19–21, 公务员法 art. 50 and 88; §3), never acted on
    by the system itself: 优秀 → a 嘉奖 candidate; 基本称职 → a suggested 诫勉 and no promotion next year;
    不称职 → a one-level demotion; a second consecutive 不称职 → a dismissal review."""
    if grade == Grade.EXCELLENT:
        return [Consequence.COMMENDATION]
    if grade == Grade.BASICALLY_COMPETENT:
        return [Consequence.ADMONISHMENT, Consequence.NO_PROMOTION_NEXT_YEAR]
    if grade == Grade.INCOMPETENT:
        if previous_grade == Grade.INCOMPETENT:
            return [Consequence.DEMOTION, Consequence.DISMISSAL_REVIEW]
        return [Consequence.DEMOTION]
    return []
