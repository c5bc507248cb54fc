"""Pure rules of postings (domain-rules §2 and §7): plain dates and numbers in, decisions out. No ORM.

Time is counted with ``core.periods``: over inclusive date intervals, in whole calendar months and
leftover days ([2025-09-01, 2025-12-31] is 4 months exactly; [2023-01-02, 2024-12-31] is 23 months and
30 days, one day short of 2 years). Several postings are merged first, so a day covered twice counts once.
"""

import datetime
import math
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from django.utils.translation import gettext as _

from core.periods import (
    ZERO_SPAN,
    Interval,
    Span,
    clip_interval,
    days_inclusive,
    interval_span,
    merge_intervals,
    month_first_day,
    month_last_day,
    period_last_day,
    year_interval,
)
from postings.choices import PostingStatus

HOST_ASSESSMENT_CLAUSE = "公务员考核规定第26条"
GRASSROOTS_CLAUSE = "党政领导干部选拔任用工作条例第8条"


def total_span(intervals: Iterable[Interval]) -> Span:
    """The time the intervals cover, each day once: the whole months and leftover days of each merged
    interval, added up (leftover days are not turned into months here)."""
    total = ZERO_SPAN
    for first, last in merge_intervals(intervals):
        total += interval_span(first, last)
    return total


def span_text(span: Span) -> str:
    """ "1年11个月30天", "5个月", "0天": a span as staff read it."""
    parts = []
    if span.years:
        parts.append(_("%(n)s年") % {"n": span.years})
    if span.months_of_year:
        parts.append(_("%(n)s个月") % {"n": span.months_of_year})
    if span.days or not parts:
        parts.append(_("%(n)s天") % {"n": span.days})
    return "".join(parts)


# ---------------------------------------------------------------- grassroots experience (§7)


def posting_key(kind: str, detail: str = "") -> str:
    """The key a posting is matched by in POSTINGS_GRASSROOTS_KEYS: "front_line:rural_grassroots"."""
    return f"{kind}:{detail}" if detail else kind


def counts_as_grassroots(*, kind: str, detail: str, counted_keys: Iterable[str]) -> bool:
    """Whether a posting of this kind (and front line or exchange direction) counts as 基层工作经历."""
    keys = set(counted_keys)
    return kind in keys or posting_key(kind, detail) in keys


@dataclass(frozen=True)
class GrassrootsExperience:
    """基层工作经历 on a date (domain-rules §7): the exact calendar span, and the whole months it counts for.

    ``span`` is the whole calendar months and leftover days of each merged posting, added up.
    ``counted_months`` adds to the whole months one month for every ``days_per_month`` leftover days
    pooled from separate postings (POSTINGS_GRASSROOTS_LEFTOVER_DAYS_PER_MONTH; None: leftover days
    never make a month). ``days`` is what is left of the leftover days after that.
    """

    span: Span
    counted_months: int
    days: int

    @property
    def years(self) -> int:
        return self.counted_months // 12

    @property
    def months(self) -> int:
        return self.counted_months % 12

    @property
    def years_and_months(self) -> tuple[int, int]:
        return self.years, self.months

    @property
    def text(self) -> str:
        return span_text(Span(self.counted_months, self.days))


def count_grassroots(span: Span, *, days_per_month: int | None) -> GrassrootsExperience:
    """Whole months of a span, with the leftover days pooled by the rounding setting (§7, L)."""
    if not days_per_month:
        return GrassrootsExperience(span=span, counted_months=span.months, days=span.days)
    extra, days = divmod(span.days, days_per_month)
    return GrassrootsExperience(span=span, counted_months=span.months + extra, days=days)


def grassroots_experience(
    *,
    postings: Iterable[tuple[str, str, datetime.date, datetime.date]],
    counted_keys: Iterable[str],
    on: datetime.date,
    days_per_month: int | None,
) -> GrassrootsExperience:
    """基层工作经历 from postings (domain-rules §7) on the date ``on``.

    ``postings`` are (kind, detail, start, last day) of postings that took place (not those recalled
    before they started); a posting still running counts up to ``on``. Overlapping postings count once.
    Counted in whole calendar months and days (``core.periods``); leftover days of separate postings
    make a month per ``days_per_month`` (POSTINGS_GRASSROOTS_LEFTOVER_DAYS_PER_MONTH).
    """
    counted_keys = tuple(counted_keys)
    intervals = [
        (start, min(end, on))
        for kind, detail, start, end in postings
        if start <= on and counts_as_grassroots(kind=kind, detail=detail, counted_keys=counted_keys)
    ]
    return count_grassroots(total_span(intervals), days_per_month=days_per_month)


def meets_grassroots_requirement(*, experience: GrassrootsExperience, min_years: int) -> bool:
    """At least ``min_years`` whole years of grassroots experience (2 for promotion to 县处级, §7, S)."""
    return experience.counted_months >= 12 * min_years


def grassroots_shortfall_warning(*, experience: GrassrootsExperience, min_years: int) -> str | None:
    """The warning staff must acknowledge before a 提拔 to 县处级 without enough grassroots experience
    (domain-rules §7, S: at least ``min_years`` years), with the figure; None when the requirement is met."""
    if meets_grassroots_requirement(experience=experience, min_years=min_years):
        return None
    return _(
        "%(clause)s：提任县处级领导职务应当具有%(years)s年以上基层工作经历，该干部登记的基层工作经历累计%(have)s"
        "（按实践锻炼记录计算），不足%(years)s年。"
    ) % {"clause": GRASSROOTS_CLAUSE, "years": min_years, "have": experience.text}


# ---------------------------------------------------------------- assessed by the host (§2, art. 26)


def days_in_year(*, intervals: Iterable[Interval], year: int) -> int:
    """The days of ``year`` the intervals cover, each day once."""
    first, last = year_interval(year)
    clipped = merge_intervals(clip_interval(interval, first, last) for interval in intervals)
    return sum(days_inclusive(start, end) for start, end in clipped)


def span_in_year(*, intervals: Iterable[Interval], year: int) -> Span:
    """The time of ``year`` the intervals cover, in whole months and leftover days."""
    first, last = year_interval(year)
    return total_span(clip_interval(interval, first, last) for interval in intervals)


def host_threshold_days(*, intervals: Iterable[Interval], year: int, min_months: int) -> int | None:
    """The days that make ``min_months`` months at the host in ``year``: the length of the ``min_months``-month
    period starting on the first day at the host that year (None: no day of the year at the host).

    Counting the days exactly, laid end to end from that first day, agrees with calendar months for a
    single stretch ([2026-01-01, 2026-06-30] is 181 days = 6 months, not more) and lets the days of
    several stretches add up (2025-01-01..03-20 plus 04-01..07-20 is 190 days, more than the 181 of
    6 months from 2025-01-01).
    """
    first, last = year_interval(year)
    clipped = merge_intervals(clip_interval(interval, first, last) for interval in intervals)
    if not clipped:
        return None
    start = clipped[0][0]
    return days_inclusive(start, period_last_day(start, min_months))


def assessed_by_host(*, intervals: Iterable[Interval], year: int, min_months: int) -> bool:
    """Whether a cadre posted to one host over ``intervals`` is assessed by the host for ``year``.

    公务员考核规定 art. 26 (domain-rules §2): more than ``min_months`` (6) months of the year at the host,
    counted in days exactly (``host_threshold_days``). 2025-09-01..2026-05-31 gives 4 months of 2025 and
    5 of 2026, so neither year.
    """
    intervals = list(intervals)
    threshold = host_threshold_days(intervals=intervals, year=year, min_months=min_months)
    return threshold is not None and days_in_year(intervals=intervals, year=year) > threshold


@dataclass(frozen=True)
class HostStay:
    """One posting of a cadre as the host rule reads it: which host, and from when to when."""

    posting_id: int
    host_key: str  # "unit:<id>" or "external:<id>": postings to the same host add up
    host_name: str
    host_unit_id: int | None
    external_host_id: int | None
    start: datetime.date
    last_day: datetime.date


@dataclass(frozen=True)
class AssessingUnit:
    """Who assesses a cadre's year (domain-rules §2, 考核规定 art. 26), and why.

    ``by_host`` is True when the host assesses (after consulting the home unit): ``host_unit_id`` (a unit
    of the county) or ``external_host_id`` (a host outside it) says which, and ``posting_ids`` the
    postings there. Otherwise the home unit (``home_unit_id``) assesses. ``days_at_host`` are the days of
    the year at the host the reason speaks of (the longest stay when nobody exceeds the threshold).
    """

    home_unit_id: int
    by_host: bool
    host_unit_id: int | None
    external_host_id: int | None
    posting_ids: tuple[int, ...]
    days_at_host: int
    reason: str

    @property
    def unit_id(self) -> int | None:
        """The county unit whose raters give the score: the host unit, or the home unit (None: a host
        outside the county, whose evaluation staff enter)."""
        return self.host_unit_id if self.by_host else self.home_unit_id


def assessing_unit(*, home_unit_id: int, stays: Iterable[HostStay], year: int, min_months: int) -> AssessingUnit:
    """The unit that assesses a cadre for ``year``, and why (domain-rules §2, 公务员考核规定 art. 26).

    ``stays`` are the cadre's postings that took place (see ``postings.selectors``); those at the same host
    add up. A host where the cadre spent more than ``min_months`` months of the year, counted in days
    (``assessed_by_host``), assesses; otherwise the home unit does.
    """
    year_first, year_last = year_interval(year)
    by_host: dict[str, list[HostStay]] = {}
    for stay in stays:
        by_host.setdefault(stay.host_key, []).append(stay)
    longest: tuple[int, list[HostStay]] | None = None
    for host_stays in by_host.values():
        intervals = [(stay.start, stay.last_day) for stay in host_stays]
        days = days_in_year(intervals=intervals, year=year)
        if days == 0:
            continue
        threshold = host_threshold_days(intervals=intervals, year=year, min_months=min_months)
        if days > threshold:
            first = host_stays[0]
            return AssessingUnit(
                home_unit_id=home_unit_id,
                by_host=True,
                host_unit_id=first.host_unit_id,
                external_host_id=first.external_host_id,
                posting_ids=tuple(
                    sorted(
                        stay.posting_id
                        for stay in host_stays
                        if stay.start <= year_last and stay.last_day >= year_first and stay.last_day >= stay.start
                    )
                ),
                days_at_host=days,
                reason=_host_reason(host_stays, year=year, days=days, threshold=threshold, min_months=min_months),
            )
        if longest is None or days > longest[0]:
            longest = (days, host_stays)
    if longest is None:
        reason = _("%(clause)s：%(year)s年无实践锻炼，由所在单位考核。") % {
            "clause": HOST_ASSESSMENT_CLAUSE,
            "year": year,
        }
        return _home(home_unit_id, days=0, reason=reason)
    days, host_stays = longest
    threshold = host_threshold_days(
        intervals=[(stay.start, stay.last_day) for stay in host_stays], year=year, min_months=min_months
    )
    reason = _(
        "%(clause)s：%(year)s年在%(host)s实践锻炼%(days)s天（%(periods)s），未超过%(months)s个月（%(threshold)s天），"
        "由派出单位考核。"
    ) % {
        "clause": HOST_ASSESSMENT_CLAUSE,
        "year": year,
        "host": host_stays[0].host_name,
        "days": days,
        "periods": _periods_text(host_stays, year),
        "months": min_months,
        "threshold": threshold,
    }
    return _home(home_unit_id, days=days, reason=reason)


def _home(home_unit_id: int, *, days: int, reason: str) -> AssessingUnit:
    return AssessingUnit(
        home_unit_id=home_unit_id,
        by_host=False,
        host_unit_id=None,
        external_host_id=None,
        posting_ids=(),
        days_at_host=days,
        reason=reason,
    )


def _periods_text(stays: list[HostStay], year: int) -> str:
    first, last = year_interval(year)
    clipped = merge_intervals(clip_interval((stay.start, stay.last_day), first, last) for stay in stays)
    return "、".join(_("%(start)s至%(end)s") % {"start": a.isoformat(), "end": b.isoformat()} for a, b in clipped)


def _host_reason(stays: list[HostStay], *, year: int, days: int, threshold: int, min_months: int) -> str:
    return _(
        "%(clause)s：%(year)s年在%(host)s实践锻炼%(days)s天（%(periods)s），超过%(months)s个月（%(threshold)s天），"
        "由接收单位考核，并征求派出单位意见。"
    ) % {
        "clause": HOST_ASSESSMENT_CLAUSE,
        "year": year,
        "host": stays[0].host_name,
        "days": days,
        "periods": _periods_text(stays, year),
        "months": min_months,
        "threshold": threshold,
    }


# ---------------------------------------------------------------- days on site (§7, L)


def working_days(start: datetime.date, end: datetime.date) -> int:
    """Weekdays (Monday to Friday) in the inclusive interval [start, end]."""
    if end < start:
        return 0
    total = (end - start).days + 1
    full_weeks, rest = divmod(total, 7)
    count = full_weeks * 5
    for offset in range(rest):
        if (start.weekday() + offset) % 7 < 5:
            count += 1
    return count


def posting_working_days_in_month(*, month: datetime.date, start: datetime.date, end: datetime.date) -> int:
    """The working days of ``month`` that fall inside the posting [start, end]."""
    return working_days(max(month_first_day(month), start), min(month_last_day(month), end))


def parse_ratio(value: str | float | Fraction) -> Fraction:
    """A setting's ratio, written "2/3", 0.75 or a Fraction."""
    return Fraction(value).limit_denominator(1000) if not isinstance(value, str) else Fraction(value.strip())


def required_presence_days(*, working_days_in_month: int, ratio: Fraction) -> int:
    """The fewest days on site that meet the ratio: 2/3 of 22 working days is 14.67, so 15 days."""
    return math.ceil(working_days_in_month * ratio)


def presence_compliant(*, days: int, working_days_in_month: int, ratio: Fraction) -> bool:
    """Days on site meet the requirement (default at least 2/3 of the working days, L)."""
    return days >= required_presence_days(working_days_in_month=working_days_in_month, ratio=ratio)


def term_months(start: datetime.date, end: datetime.date) -> int:
    """Whole calendar months of a planned term (for the first secretary's minimum term, L)."""
    return interval_span(start, end).months


# ---------------------------------------------------------------- postings that can no longer take a step
# Each gives why a posting can no longer take the step ("" while it can): the service refuses with it, and the
# step's page sends the clerk back to the posting with it before a form is filled in.

OPEN_STATUSES = (PostingStatus.PLANNED, PostingStatus.SERVING)


def extend_refusal(posting) -> str:
    if posting.status in OPEN_STATUSES and not posting.actual_end:
        return ""
    return _("只有拟派出或在岗且未确定结束日期的实践锻炼可以延期。")


def end_refusal(posting) -> str:
    return "" if posting.status == PostingStatus.SERVING else _("只有在岗的实践锻炼可以结束。")


def recall_refusal(posting) -> str:
    return "" if posting.status in OPEN_STATUSES else _("只有拟派出或在岗的实践锻炼可以召回。")


def evaluate_refusal(posting) -> str:
    """鉴定 is of a posting that has started: not one still planned, nor one recalled before it started."""
    never_started = posting.status == PostingStatus.RECALLED and not posting.actual_end
    return _("尚未开始的实践锻炼不能鉴定。") if posting.status == PostingStatus.PLANNED or never_started else ""


STEP_REFUSALS = {"extend": extend_refusal, "end": end_refusal, "recall": recall_refusal, "evaluate": evaluate_refusal}


def step_refusal(step: str, posting) -> str:
    """Why ``posting`` can no longer take the page's ``step`` (postings.views.POSTING_ACTIONS); "" while it can."""
    refusal = STEP_REFUSALS.get(step)
    return refusal(posting) if refusal else ""
