"""Pure rules of postings (domain-rules §2 and §7): plain dates and numbers in, decisions out. No ORM.

Time is counted in calendar months and days over inclusive date intervals: [2025-09-01, 2025-12-31] is
4 months exactly, because the day after its end is 4 calendar months after its start. Leftover days of
several intervals are added up and every 30 of them make one more month.
"""

import calendar
import datetime
import math
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

DAYS_PER_LEFTOVER_MONTH = 30
ONE_DAY = datetime.timedelta(days=1)

Interval = tuple[datetime.date, datetime.date]


@dataclass(frozen=True)
class Span:
    """A length of time in whole calendar months plus leftover days."""

    months: int
    days: int

    @property
    def years_and_months(self) -> tuple[int, int]:
        total = self.months + self.days // DAYS_PER_LEFTOVER_MONTH
        return total // 12, total % 12

    def more_than_months(self, months: int) -> bool:
        return self.months > months or (self.months == months and self.days > 0)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later, clamped to the month's last day (Jan 31 + 1 month = Feb 28/29)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def interval_span(start: datetime.date, end: datetime.date) -> Span:
    """The length of the inclusive interval [start, end] in calendar months and leftover days."""
    if end < start:
        return Span(0, 0)
    stop = end + ONE_DAY
    months = (stop.year - start.year) * 12 + (stop.month - start.month)
    if add_months(start, months) > stop:
        months -= 1
    return Span(months, (stop - add_months(start, months)).days)


def merge_intervals(intervals: Iterable[Interval]) -> list[Interval]:
    """Overlapping or touching inclusive intervals merged into disjoint ones, in date order."""
    merged: list[list[datetime.date]] = []
    for start, end in sorted(interval for interval in intervals if interval[1] >= interval[0]):
        if merged and start <= merged[-1][1] + ONE_DAY:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]


def total_span(intervals: Iterable[Interval]) -> Span:
    """The time covered by the intervals, each day counted once however many postings cover it."""
    months = days = 0
    for start, end in merge_intervals(intervals):
        span = interval_span(start, end)
        months += span.months
        days += span.days
    return Span(months, days)


# ---------------------------------------------------------------- grassroots experience (§7)


def posting_key(kind: str, detail: str = "") -> str:
    """The key a posting is matched by in POSTINGS_GRASSROOTS_KEYS: "front_line:rural_grassroots"."""
    return f"{kind}:{detail}" if detail else kind


def counts_as_grassroots(*, kind: str, detail: str, counted_keys: Iterable[str]) -> bool:
    """Whether a posting of this kind (and front line or exchange direction) counts as 基层工作经历."""
    keys = set(counted_keys)
    return kind in keys or posting_key(kind, detail) in keys


def grassroots_experience(
    *, postings: Iterable[tuple[str, str, datetime.date, datetime.date]], counted_keys: Iterable[str], on: datetime.date
) -> tuple[int, int]:
    """基层工作经历 from postings (domain-rules §7), as (years, months) on the date ``on``.

    ``postings`` are (kind, detail, start, end) of postings that took place (not those recalled before
    they started); a posting still running counts up to ``on``. Overlapping postings count once.
    """
    counted_keys = tuple(counted_keys)
    intervals = [
        (start, min(end, on))
        for kind, detail, start, end in postings
        if start <= on and counts_as_grassroots(kind=kind, detail=detail, counted_keys=counted_keys)
    ]
    return total_span(intervals).years_and_months


def meets_grassroots_requirement(*, years_and_months: tuple[int, int], min_years: int) -> bool:
    """At least ``min_years`` of grassroots experience (2 for promotion to 县处级, S)."""
    years, months = years_and_months
    return years * 12 + months >= min_years * 12


# ---------------------------------------------------------------- assessed by the host (§2, art. 26)


def span_in_year(*, intervals: Iterable[Interval], year: int) -> Span:
    """The time of ``year`` the intervals cover."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return total_span((max(start, first), min(end, last)) for start, end in intervals)


def assessed_by_host(*, intervals: Iterable[Interval], year: int, min_months: int) -> bool:
    """Whether a cadre posted to one host over ``intervals`` is assessed by the host for ``year``.

    公务员考核规定 art. 26 (domain-rules §2): more than ``min_months`` (6) months of the year at the host.
    2025-09-01..2026-05-31 gives 4 months of 2025 and 5 of 2026, so neither year.
    """
    return span_in_year(intervals=intervals, year=year).more_than_months(min_months)


# ---------------------------------------------------------------- days on site (§7, L)


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def month_end(day: datetime.date) -> datetime.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


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
    return working_days(max(month_start(month), start), min(month_end(month), end))


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
