"""Pure rules of rewards (domain-rules §1, §3–§5, §9): plain data in, decisions out; no ORM, no I/O.

Every number that domain-rules marks S or L is read from ``django.conf.settings`` at call time (the rewards
block of config/settings/rules.py) through ``RewardSettings``, so the organization department can change it
and tests can override it. The eligibility engine (``rewards.engine``) computes the same facts set-based in
SQL and must agree with these functions; ``tests/rewards/test_engine_differential.py`` shows that it does.

Conventions:
- an annual result counts from its ``confirmed_on`` (§5: only confirmed grades count); a result confirmed
  after the date asked neither shortens nor excludes, and proposes no award yet;
- tenure is counted in whole calendar months from the month the rank was taken (§5), so a rank taken on any
  day of July 2024 gives 24 months in July 2026, and "可晋升" dates are the first day of a month unless a bar
  ends on another day;
- an assessment year is a year at the current rank when the rank was held on REWARDS_RANK_YEAR_HELD_ON of it.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_FLOOR, Decimal
from typing import Protocol

from django.conf import settings
from django.utils.translation import gettext as _

from careers.rules import rank_ceiling_problem
from core.periods import add_months, month_first_day, whole_months_between
from rewards.choices import AwardBasisKind, AwardKind, AwardStatus, GrantStatus

# Grades and ungraded reasons of assessments.AnnualResult (its choices are the contract; see assessments.choices).
EXCELLENT = "excellent"
COMPETENT = "competent"
BASICALLY_COMPETENT = "basically_competent"
INCOMPETENT = "incompetent"
UNGRADED = "ungraded"
PROBATION = "probation"

AWARD_CLAUSE = "公务员考核规定第19条"
BASICALLY_COMPETENT_CLAUSE = "公务员考核规定第21条"
RANK_CLAUSE = "职务与职级并行规定第18条"
RANK_BAR_CLAUSE = "职务与职级并行规定第21条"
MERIT_STREAK_YEARS = 3  # §3 (V): three consecutive 优秀 years
SHORTENING_MONTHS_PER_EXCELLENT = 6  # §3 (V): each 优秀 year shortens the years needed by 0.5


class AnnualResultLike(Protocol):
    """What the rules read of an annual result (assessments.rules.AnnualResultFacts has these)."""

    year: int
    grade: str
    ungraded_reason: str
    confirmed_on: date


class BarLike(Protocol):
    """What the rules read of a bar (careers.rules.Bar has these): its kind, last day (None: no end), reason."""

    kind: str
    until: date | None
    reason: str


@dataclass(frozen=True)
class RewardSettings:
    """The S and L numbers of the rewards rules, as configured now."""

    merit_replaces_commendation: bool
    streak_restarts_after_merit: bool
    candidate_lookback_years: int | None
    rank_min_years: dict[int, int]
    rank_year_held_on: tuple[int, int]
    basically_competent_bars_next_year: bool
    rank_post_limits: tuple[dict, ...]
    rank_ceiling: int


def settings_snapshot() -> RewardSettings:
    """The rewards settings now (config/settings/rules.py, rewards block)."""
    return RewardSettings(
        merit_replaces_commendation=bool(settings.REWARDS_MERIT_REPLACES_COMMENDATION),
        streak_restarts_after_merit=bool(settings.REWARDS_STREAK_RESTARTS_AFTER_MERIT),
        candidate_lookback_years=settings.REWARDS_CANDIDATE_LOOKBACK_YEARS,
        rank_min_years={int(rank): int(years) for rank, years in settings.REWARDS_RANK_MIN_YEARS.items()},
        rank_year_held_on=tuple(settings.REWARDS_RANK_YEAR_HELD_ON),
        basically_competent_bars_next_year=bool(settings.REWARDS_BASICALLY_COMPETENT_BARS_NEXT_YEAR),
        rank_post_limits=tuple(settings.REWARDS_RANK_POST_LIMITS),
        rank_ceiling=int(settings.RANK_CEILING_COUNTY),
    )


# ---------------------------------------------------------------- awards (§1, §4)


def award_bonus(kind: str) -> Decimal:
    """The one-off bonus of an award kind, in 元 (domain-rules §1, S: REWARDS_AWARD_BONUS)."""
    return Decimal(str(settings.REWARDS_AWARD_BONUS[kind])).quantize(Decimal("0.01"))


def award_has_medal(kind: str) -> bool:
    """Whether an award of this kind comes with a medal by default (REWARDS_MEDAL_KINDS, L)."""
    return kind in settings.REWARDS_MEDAL_KINDS


def years_text(years: Iterable[int]) -> str:
    """ "2022、2023、2024" for a list of years."""
    return "、".join(str(year) for year in years)


def award_basis_key(*, basis_kind: str, years: Sequence[int] = (), text: str = "") -> str:
    """The language-neutral key that makes an award unique with its cadre, kind and year (domain-rules §4).

    ``assessment:2022,2023,2024`` for confirmed grades, ``written:<reason>`` for a written reason (with
    runs of white space folded, so that the same reason typed twice is the same basis).
    """
    if basis_kind == AwardBasisKind.ASSESSMENT:
        return "assessment:" + ",".join(str(year) for year in sorted(years))
    return "written:" + " ".join(text.split())


def basis_description(*, basis_kind: str, years: Sequence[int], text: str) -> str:
    """The basis as a person reads it."""
    if basis_kind == AwardBasisKind.ASSESSMENT:
        if len(years) >= MERIT_STREAK_YEARS:
            return _("%(years)s年连续%(count)s年考核优秀") % {"years": years_text(years), "count": len(years)}
        return _("%(years)s年度考核优秀") % {"years": years_text(years)}
    return text


@dataclass(frozen=True)
class CandidateResult:
    """One award the rules propose (§4), blocked or not, with why."""

    kind: str
    year: int
    basis_years: tuple[int, ...]
    blocked: bool
    reasons: tuple[str, ...]

    @property
    def basis(self) -> str:
        return award_basis_key(basis_kind=AwardBasisKind.ASSESSMENT, years=self.basis_years)


def confirmed_results(results: Iterable[AnnualResultLike], on_date: date) -> dict[int, AnnualResultLike]:
    """The results confirmed on or before ``on_date``, by year (§5: only confirmed grades count)."""
    return {result.year: result for result in results if result.confirmed_on <= on_date}


def streak_positions(excellent_years: Iterable[int]) -> dict[int, int]:
    """Each 优秀 year's place in its run of consecutive 优秀 years: 1 for a year after a gap or another grade.

    A year missing from the history, an ungraded year or any other grade ends a run (§4: consecutive years).
    """
    positions: dict[int, int] = {}
    for year in sorted(excellent_years):
        positions[year] = positions.get(year - 1, 0) + 1
    return positions


def is_merit_position(position: int, *, restarts: bool) -> bool:
    """Whether the year at this place of a run completes three consecutive 优秀 years (§4).

    With the restart setting (default) the count starts again after each 记三等功: places 3, 6, 9 … earn one;
    without it every place from 3 on does (a sliding window).
    """
    if restarts:
        return position % MERIT_STREAK_YEARS == 0
    return position >= MERIT_STREAK_YEARS


def first_candidate_year(on_date: date, config: RewardSettings) -> int:
    """The earliest assessment year proposed for an award on ``on_date`` (REWARDS_CANDIDATE_LOOKBACK_YEARS)."""
    if config.candidate_lookback_years is None:
        return 0
    return on_date.year - int(config.candidate_lookback_years)


@dataclass(frozen=True)
class CandidateTexts:
    """The translated sentences of the award candidates, built once per run (not once per cadre)."""

    commendation: str
    merit: str
    replaced: str
    blocked: str


def candidate_texts() -> CandidateTexts:
    return CandidateTexts(
        commendation=_("%(year)s 年度考核优秀，给予嘉奖（%(clause)s）"),
        merit=_("%(years)s 年连续三年考核优秀，记三等功（%(clause)s）"),
        replaced=_("记三等功代替 %(year)s 年度嘉奖，不重复奖励"),
        blocked=_("奖励日期 %(day)s 处于影响期内，暂不能奖励"),
    )


def award_candidates_from_positions(
    *,
    positions: dict[int, int],
    on_date: date,
    award_bars: Sequence[BarLike],
    config: RewardSettings,
    texts: CandidateTexts | None = None,
) -> list[CandidateResult]:
    """The award candidates of one cadre from the run places of his or her confirmed 优秀 years (§4).

    - 嘉奖 for each confirmed 优秀 year, unless that year completes a 记三等功 and the replacement setting is on;
    - 记三等功 in year y for three consecutive confirmed 优秀 years y-2, y-1, y (restart setting above);
    - only years from ``first_candidate_year`` on are proposed; earlier ones still count for the streak;
    - blocked while a bar on awards (a sanction's period, a discipline's bar; 公务员法 art. 56) covers
      ``on_date``, the award date: listed with every bar's reason, never dropped.

    Ordered by year, then kind (lowest first).
    """
    texts = texts or candidate_texts()
    first_year = first_candidate_year(on_date, config)
    block_reasons = tuple(bar.reason for bar in award_bars)
    if block_reasons:
        block_reasons += (texts.blocked % {"day": on_date.isoformat()},)
    blocked = bool(award_bars)
    candidates = []
    for year in sorted(positions):
        if year < first_year:
            continue
        merit = is_merit_position(positions[year], restarts=config.streak_restarts_after_merit)
        if not (merit and config.merit_replaces_commendation):
            reasons = (texts.commendation % {"year": year, "clause": AWARD_CLAUSE},)
            candidates.append(CandidateResult(AwardKind.COMMENDATION, year, (year,), blocked, reasons + block_reasons))
        if merit:
            years = tuple(range(year - MERIT_STREAK_YEARS + 1, year + 1))
            reasons = (texts.merit % {"years": years_text(years), "clause": AWARD_CLAUSE},)
            if config.merit_replaces_commendation:
                reasons += (texts.replaced % {"year": year},)
            candidates.append(CandidateResult(AwardKind.MERIT_THIRD, year, years, blocked, reasons + block_reasons))
    return candidates


def award_candidates(
    *,
    results: Iterable[AnnualResultLike],
    on_date: date,
    award_bars: Sequence[BarLike] = (),
    config: RewardSettings | None = None,
) -> list[CandidateResult]:
    """The award candidates of one cadre on ``on_date`` from his or her annual results (domain-rules §4)."""
    config = config or settings_snapshot()
    confirmed = confirmed_results(results, on_date)
    excellent = [year for year, result in confirmed.items() if result.grade == EXCELLENT]
    return award_candidates_from_positions(
        positions=streak_positions(excellent), on_date=on_date, award_bars=award_bars, config=config
    )


# ---------------------------------------------------------------- rank promotion (§5)


def tenure_months(*, rank_date: date, on_date: date) -> int:
    """Whole months at the rank on ``on_date``, counted from the month the rank was taken (§5): from the
    first day of that month, so a rank taken on 15 July 2024 has 24 months on any day of July 2026."""
    return whole_months_between(month_first_day(rank_date), on_date)


def tenure_reached_on(*, rank_date: date, months: int) -> date:
    """The first day on which ``tenure_months`` reaches ``months``: the first day of a month (§5)."""
    return add_months(month_first_day(rank_date), months)


def first_year_at_rank(rank_date: date, config: RewardSettings) -> int:
    """The first assessment year that counts at the rank: the rank held on REWARDS_RANK_YEAR_HELD_ON of it."""
    month, day = config.rank_year_held_on
    return rank_date.year if rank_date <= date(rank_date.year, month, day) else rank_date.year + 1


def is_excluded_year(grade: str, ungraded_reason: str) -> bool:
    """§5: a year at the rank does not count when it is 基本称职 or 不称职, or ungraded for any reason other
    than a new hire's probation year."""
    if grade in (BASICALLY_COMPETENT, INCOMPETENT):
        return True
    return grade == UNGRADED and ungraded_reason != PROBATION


@dataclass(frozen=True)
class TenureFacts:
    """The counted facts of §5 for one cadre at one rank on one date.

    ``excellent_years``: confirmed 优秀 years at the rank; ``excluded_years``: (year, grade, ungraded
    reason) of the confirmed years that do not count; ``probation_years``: ungraded probation years, which
    count; ``unconfirmed_years``: years at the rank with a result confirmed only after the date.
    ``latest_year`` is the latest confirmed assessment year (any grade, any rank), ``latest_streak`` the
    number of consecutive 优秀 years ending in it; ``previous_year_basically_competent`` whether the year
    before the date's year was confirmed 基本称职 (a bar of its own, at any rank).
    """

    tenure: int
    excellent_years: tuple[int, ...] = ()
    excluded_years: tuple[tuple[int, str, str], ...] = ()
    probation_years: tuple[int, ...] = ()
    unconfirmed_years: tuple[int, ...] = ()
    latest_year: int | None = None
    latest_streak: int = 0
    previous_year_basically_competent: bool = False


def tenure_facts(
    *, rank_date: date, results: Iterable[AnnualResultLike], on_date: date, config: RewardSettings
) -> TenureFacts:
    """Count the §5 facts from a cadre's annual results: the pure reading the engine's SQL must agree with."""
    first_year = first_year_at_rank(rank_date, config)
    excellent, excluded, probation, unconfirmed = [], [], [], []
    confirmed: dict[int, AnnualResultLike] = {}
    for result in sorted(results, key=lambda item: item.year):
        if result.confirmed_on > on_date:
            if result.year >= first_year:
                unconfirmed.append(result.year)
            continue
        confirmed[result.year] = result
        if result.year < first_year:
            continue
        if result.grade == EXCELLENT:
            excellent.append(result.year)
        elif is_excluded_year(result.grade, result.ungraded_reason):
            excluded.append((result.year, result.grade, result.ungraded_reason))
        elif result.grade == UNGRADED:
            probation.append(result.year)
    latest_year = max(confirmed) if confirmed else None
    streak = 0
    if latest_year is not None:
        while latest_year - streak in confirmed and confirmed[latest_year - streak].grade == EXCELLENT:
            streak += 1
    previous = confirmed.get(on_date.year - 1)
    previous_basically_competent = previous is not None and previous.grade == BASICALLY_COMPETENT
    return TenureFacts(
        tenure=tenure_months(rank_date=rank_date, on_date=on_date),
        excellent_years=tuple(excellent),
        excluded_years=tuple(excluded),
        probation_years=tuple(probation),
        unconfirmed_years=tuple(unconfirmed),
        latest_year=latest_year,
        latest_streak=streak,
        previous_year_basically_competent=previous_basically_competent,
    )


def target_rank(rank: int, config: RewardSettings) -> int | None:
    """The next rank up, or None at the top of the ladder or above the county's ceiling (§1, §5; the careers
    app's ``rank_ceiling_problem`` with RANK_CEILING_COUNTY)."""
    target = rank + 1
    if target not in config.rank_min_years or rank_ceiling_problem(to_rank=target, ceiling=config.rank_ceiling):
        return None
    return target


def required_months(*, target: int, excellent_count: int, config: RewardSettings) -> int:
    """12 × the minimum years below ``target`` − 6 per confirmed 优秀 year at the rank, never below zero (§5)."""
    return max(0, 12 * config.rank_min_years[target] - SHORTENING_MONTHS_PER_EXCELLENT * excellent_count)


GRADE_LABELS = {
    EXCELLENT: "优秀",
    COMPETENT: "称职",
    BASICALLY_COMPETENT: "基本称职",
    INCOMPETENT: "不称职",
    UNGRADED: "不定等次",
}


@dataclass(frozen=True)
class PromotionTexts:
    """The translated sentences of rank-promotion reasons, built once per run (not once per cadre)."""

    target: str
    top: str
    tenure: str
    tenure_with_exclusions: str
    shortening: str
    excluded: str
    excluded_ungraded: str
    probation: str
    unconfirmed: str
    previous_year: str
    training: str
    priority: str
    eligible: str
    from_month: str
    from_day: str
    no_date: str
    no_date_training: str
    rank_posts_within: str
    rank_posts_full: str
    rank_posts_state: str
    rank_posts_unknown: str
    no_rank_date: str
    grades: dict[str, str]
    ungraded_reasons: dict[str, str]
    ranks: dict[int, str]


def promotion_texts() -> PromotionTexts:
    """The reason sentences in the active language, with the grade, ungraded-reason and rank labels."""
    from cadres.choices import Rank

    try:
        from assessments.choices import UngradedReason
    except ImportError:  # the assessments app is not installed: its values are shown as they are
        ungraded_reasons: dict[str, str] = {}
    else:
        ungraded_reasons = {value: str(label) for value, label in UngradedReason.choices}
    return PromotionTexts(
        target=_("现职级%(rank)s，拟晋升%(target)s"),
        top=_("现职级%(rank)s已是职级序列的最高职级"),
        tenure=_("任现职级 %(tenure)s 个月，需 %(required)s 个月"),
        tenure_with_exclusions=_(
            "任现职级 %(tenure)s 个月，扣除不计算的 %(excluded)s 个月后为 %(counted)s 个月，需 %(required)s 个月"
        ),
        shortening=_("（%(years)s 年优秀缩短 %(months)s 个月）"),
        excluded=_("%(year)s 年%(grade)s，该年不计算任职年限"),
        excluded_ungraded=_("%(year)s 年不定等次（%(reason)s），该年不计算任职年限"),
        probation=_("%(year)s 年不定等次（录用试用期），该年照常计算任职年限"),
        unconfirmed=_("%(year)s 年度考核结果尚未确定，暂不缩短也不扣除任职年限"),
        previous_year=_("%(year)s 年度考核基本称职，%(next)s 年内不得晋升职级（%(clause)s）"),
        training=_("培训学时未达标，不得晋升职级：%(reason)s"),
        priority=_("%(years)s 年连续三年考核优秀，同等条件下优先晋升"),
        eligible=_("符合晋升%(target)s的条件"),
        from_month=_("%(year)s 年 %(month)s 月起可晋升"),
        from_day=_("%(year)s 年 %(month)s 月 %(day)s 日起可晋升"),
        no_date=_("有未定结束日期的限制，暂不能确定可晋升时间"),
        no_date_training=_("培训学时达标后方可晋升"),
        rank_posts_within=_("本单位%(ranks)s职数 %(limit)s 名，已占 %(held)s 名，按排序在职数内"),
        rank_posts_full=_("本单位%(ranks)s职数 %(limit)s 名，已占 %(held)s 名，按排序已无空余职数"),
        rank_posts_state=_("本单位%(ranks)s职数 %(limit)s 名，已占 %(held)s 名"),
        rank_posts_unknown=_("本单位未核定编制数，未检查%(ranks)s职数"),
        no_rank_date=_("未登记任现职级时间，无法计算任职年限"),
        grades={grade: _(label) for grade, label in GRADE_LABELS.items()},
        ungraded_reasons=ungraded_reasons,
        ranks={value: str(label) for value, label in Rank.choices},
    )


def available_from_text(day: date, texts: PromotionTexts) -> str:
    """ "2026 年 7 月起可晋升" on the first day of a month, "2026 年 7 月 15 日起可晋升" otherwise."""
    numbers = {"year": day.year, "month": day.month, "day": day.day}
    return (texts.from_month if day.day == 1 else texts.from_day) % numbers


@dataclass(frozen=True)
class PromotionResult:
    """A cadre's rank-promotion eligibility on a date (§5), with every number and why.

    ``eligible`` is the cadre's own conditions (tenure, bars, training); whether the unit's rank posts
    (职数) leave room is decided per unit afterwards (``allocate_rank_posts``).
    """

    cadre_id: int
    current_rank: int
    target_rank: int | None
    eligible: bool
    priority: bool
    months_tenure: int
    months_excluded: int
    months_counted: int
    months_required: int
    excellent_years: tuple[int, ...]
    excluded_years: tuple[int, ...]
    eligible_from: date | None
    reasons: tuple[str, ...]


def rank_promotion(
    *,
    cadre_id: int,
    rank: int,
    rank_date: date,
    facts: TenureFacts,
    on_date: date,
    promotion_bars: Sequence[BarLike] = (),  # careers.rules.rank_promotion_refusing_bars of the date
    training_compliant: bool = True,
    training_reason: str = "",
    config: RewardSettings | None = None,
    texts: PromotionTexts | None = None,
) -> PromotionResult:
    """Rank-promotion eligibility of one cadre on ``on_date`` (domain-rules §5; 职务与职级并行规定 art. 18–21).

    tenure − 12 × excluded years ≥ 12 × base years of the target − 6 × 优秀 years, and no bar: no sanction,
    discipline or measure bar nor investigation (``promotion_bars``, from the careers app), no 基本称职 in
    the previous year (setting), training hours met (from the training app; its 12-month grace included).
    The target is the next rank within the county ceiling. ``eligible_from`` is the first day on which all
    of it holds if nothing changes: None when the date cannot be known (a bar without an end, hours to earn).
    """
    config = config or settings_snapshot()
    texts = texts or promotion_texts()
    rank_label = texts.ranks.get(rank, str(rank))
    target = target_rank(rank, config)
    excellent = facts.excellent_years
    excluded_years = tuple(year for year, _grade, _reason in facts.excluded_years)
    months_excluded = 12 * len(excluded_years)
    counted = facts.tenure - months_excluded
    if target is None:
        on_ladder = rank + 1 in config.rank_min_years
        ceiling = rank_ceiling_problem(to_rank=rank + 1, ceiling=config.rank_ceiling) if on_ladder else None
        reason = ceiling or texts.top % {"rank": rank_label}
        return PromotionResult(
            cadre_id, rank, None, False, False, facts.tenure, months_excluded, counted, 0, excellent, excluded_years,
            None, (reason,),
        )  # fmt: skip
    required = required_months(target=target, excellent_count=len(excellent), config=config)
    target_label = texts.ranks.get(target, str(target))
    reasons = [texts.target % {"rank": rank_label, "target": target_label}]
    numbers = {"tenure": facts.tenure, "excluded": months_excluded, "counted": counted, "required": required}
    tenure_line = (texts.tenure_with_exclusions if months_excluded else texts.tenure) % numbers
    if excellent:
        tenure_line += texts.shortening % {
            "years": years_text(excellent),
            "months": SHORTENING_MONTHS_PER_EXCELLENT * len(excellent),
        }
    reasons.append(tenure_line)
    for year, grade, ungraded_reason in facts.excluded_years:
        if grade == UNGRADED:
            label = texts.ungraded_reasons.get(ungraded_reason, ungraded_reason)
            reasons.append(texts.excluded_ungraded % {"year": year, "reason": label})
        else:
            reasons.append(texts.excluded % {"year": year, "grade": texts.grades[grade]})
    reasons.extend(texts.probation % {"year": year} for year in facts.probation_years)
    reasons.extend(texts.unconfirmed % {"year": year} for year in facts.unconfirmed_years)

    starts = [tenure_reached_on(rank_date=rank_date, months=required + months_excluded)]
    open_ended = False
    for bar in promotion_bars:
        reasons.append(bar.reason)
        if bar.until is None:
            open_ended = True
        else:
            starts.append(bar.until + timedelta(days=1))
    previous_bar = config.basically_competent_bars_next_year and facts.previous_year_basically_competent
    if previous_bar:
        reasons.append(
            texts.previous_year % {"year": on_date.year - 1, "next": on_date.year, "clause": BASICALLY_COMPETENT_CLAUSE}
        )
        starts.append(date(on_date.year + 1, 1, 1))
    if not training_compliant:
        reasons.append(texts.training % {"reason": training_reason})
    barred = bool(promotion_bars) or previous_bar or not training_compliant
    eligible = counted >= required and not barred
    streak_recent = facts.latest_year is not None and facts.latest_year >= on_date.year - 2
    priority = eligible and streak_recent and facts.latest_streak >= MERIT_STREAK_YEARS
    if priority:
        streak_years = range(facts.latest_year - MERIT_STREAK_YEARS + 1, facts.latest_year + 1)
        reasons.append(texts.priority % {"years": years_text(streak_years)})

    eligible_from = None if open_ended or not training_compliant else max(starts)
    if eligible:
        reasons.append(texts.eligible % {"target": target_label})
    elif eligible_from is not None:
        reasons.append(available_from_text(eligible_from, texts))
    else:
        reasons.append(texts.no_date_training if not training_compliant and not open_ended else texts.no_date)
    return PromotionResult(
        cadre_id=cadre_id,
        current_rank=rank,
        target_rank=target,
        eligible=eligible,
        priority=priority,
        months_tenure=facts.tenure,
        months_excluded=months_excluded,
        months_counted=counted,
        months_required=required,
        excellent_years=excellent,
        excluded_years=excluded_years,
        eligible_from=eligible_from,
        reasons=tuple(reasons),
    )


# ---------------------------------------------------------------- rank posts (职数, §5)


@dataclass
class RankPostLimit:
    """One rank-post limit of a unit: the ranks it covers, how many posts (None: the unit has no headcount
    on record, so the limit is not checked), and how many cadres hold those ranks now."""

    ranks: frozenset[int]
    limit: int | None
    held: int

    @property
    def free(self) -> int | None:
        return None if self.limit is None else max(0, self.limit - self.held)


def rank_post_limits(*, headcount: int, held_by_rank: dict[int, int], config: RewardSettings) -> list[RankPostLimit]:
    """The unit's rank-post limits (职数, domain-rules §5, S): each share of the unit's posts (编制数), rounded
    down; a limit with "of" is a share of another limit. A unit without a headcount is not checked."""
    by_ranks: dict[frozenset[int], int | None] = {}
    limits = []
    for item in config.rank_post_limits:
        ranks = frozenset(int(rank) for rank in item["ranks"])
        base: int | None = headcount if headcount else None
        if item.get("of") is not None and base is not None:
            base = by_ranks.get(frozenset(int(rank) for rank in item["of"]))
        limit = None if base is None else int((Decimal(base) * Decimal(str(item["share"]))).to_integral(ROUND_FLOOR))
        by_ranks[ranks] = limit
        held = sum(count for rank, count in held_by_rank.items() if rank in ranks)
        limits.append(RankPostLimit(ranks=ranks, limit=limit, held=held))
    return limits


def entered_limits(*, current: int, target: int, limits: Sequence[RankPostLimit]) -> list[RankPostLimit]:
    """The limits a promotion from ``current`` to ``target`` enters (moving inside one limit takes no post)."""
    return [limit for limit in limits if target in limit.ranks and current not in limit.ranks]


def ranks_text(ranks: Iterable[int], texts: PromotionTexts) -> str:
    return "、".join(texts.ranks.get(rank, str(rank)) for rank in sorted(ranks, reverse=True))


def promotion_sort_key(result: PromotionResult, free_posts: int | None) -> tuple:
    """§5: the candidate order: eligible first, then most 优秀 years, longest counted tenure, the unit's free
    rank posts (most first), and the cadre id for a stable order."""
    free = -1 if free_posts is None else free_posts
    return (not result.eligible, -len(result.excellent_years), -result.months_counted, -free, result.cadre_id)


@dataclass(frozen=True)
class RankPostDecision:
    """``within``: the promotion takes a free post now; ``room``: the posts leave room for the cadre in the
    candidate order (for a cadre not yet eligible: a post is still free after the eligible cadres ahead)."""

    within: bool
    limit: int | None
    held: int | None
    free: int | None
    reason: str | None
    room: bool = True


def allocate_rank_posts(
    *, results: Sequence[PromotionResult], limits: Sequence[RankPostLimit], texts: PromotionTexts | None = None
) -> dict[int, RankPostDecision]:
    """Decide, for the cadres of one unit, whose promotion fits the unit's rank posts (职数, §5).

    Eligible cadres take the free posts of the limits their promotion enters in candidate order
    (``promotion_sort_key``); a cadre for whom one of them is full is listed with that limit's numbers.
    A cadre not yet eligible (they come after the eligible ones) takes no post, and is told the same when no
    post is left for him or her: the date the own conditions are met does not make a post free.
    A promotion that enters no limit, or only unchecked ones, always fits.
    """
    texts = texts or promotion_texts()
    remaining = {id(limit): limit.free for limit in limits}
    decisions = {}

    def key(result: PromotionResult) -> tuple:
        entered = entered_limits(current=result.current_rank, target=result.target_rank, limits=limits)
        frees = [limit.free for limit in entered if limit.free is not None]
        return promotion_sort_key(result, min(frees) if frees else None)

    for result in sorted((item for item in results if item.target_rank is not None), key=key):
        entered = entered_limits(current=result.current_rank, target=result.target_rank, limits=limits)
        checked = [limit for limit in entered if limit.limit is not None]
        if not entered:
            decisions[result.cadre_id] = RankPostDecision(result.eligible, None, None, None, None)
            continue
        if not checked:
            reason = texts.rank_posts_unknown % {"ranks": ranks_text(entered[0].ranks, texts)}
            decisions[result.cadre_id] = RankPostDecision(result.eligible, None, None, None, reason)
            continue
        tightest = min(checked, key=lambda limit: (remaining[id(limit)], sorted(limit.ranks)))
        numbers = {"ranks": ranks_text(tightest.ranks, texts), "limit": tightest.limit, "held": tightest.held}
        fits = all(remaining[id(limit)] > 0 for limit in checked)
        if not result.eligible:
            template = texts.rank_posts_state if fits else texts.rank_posts_full
            decisions[result.cadre_id] = RankPostDecision(
                False, tightest.limit, tightest.held, tightest.free, template % numbers, room=fits
            )
            continue
        if fits:
            for limit in checked:
                remaining[id(limit)] -= 1
        template = texts.rank_posts_within if fits else texts.rank_posts_full
        decisions[result.cadre_id] = RankPostDecision(
            fits, tightest.limit, tightest.held, tightest.free, template % numbers, room=fits
        )
    return decisions


def promotion_conclusion(*, eligible: bool, within_rank_posts: bool, reasons: Sequence[str]) -> str:
    """The one sentence that sums up a rank-promotion eligibility, wherever it is shown (the eligibility list's
    说明, the cadre's 我的奖励与晋升): nothing for a cadre who may be promoted now within the unit's rank posts,
    else the engine's last reason. Where the unit's posts leave no room that is the rank-post sentence (the
    engine puts it last, after the date the cadre's own conditions are met); otherwise the date, or why none."""
    if eligible and within_rank_posts:
        return ""
    return reasons[-1] if reasons else ""


# ---------------------------------------------------------------- awards and grants past a step
# Each gives why the record can no longer take the step ("" while it can): the service refuses with it, and the
# step's page sends the clerk back with it before a form is filled in.


def award_revoke_refusal(award) -> str:
    return "" if award.status == AwardStatus.ACTIVE else _("该奖励已撤销。")


def grant_pay_refusal(grant) -> str:
    if grant.status == GrantStatus.APPROVED:
        return ""
    return _("只有已批准的拨付可以支付（当前为“%(status)s”）。") % {"status": GrantStatus(grant.status).label}


def grant_cancel_refusal(grant) -> str:
    """A grant is cancelled before payment only: a paid one is recovered by finance, a cancelled one is done."""
    if grant.status in (GrantStatus.PROPOSED, GrantStatus.APPROVED):
        return ""
    return _("“%(status)s”的拨付不能撤销。") % {"status": GrantStatus(grant.status).label}
