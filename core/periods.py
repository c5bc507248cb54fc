"""Date periods: the one meaning of months, periods, ages and "至" for every app. Pure; no ORM, no I/O.

Conventions (domain-rules §1, §5, §6, §7; issue 11):

- **Adding months** keeps the day of the month, or takes the month's last day when the month has no such
  day: 31 Jan + 1 month = 28 Feb (29 in a leap year); 29 Feb 2024 + 12 months = 28 Feb 2025.
- **A period of N months starting on day D** runs from D up to and including ``period_last_day(D, N)``,
  the day before ``add_months(D, N)``: a 6-month 警告 of 2024-03-15 covers 2024-03-15 … 2024-09-14 and
  is lifted on 2024-09-15.
- **"至" names the last day included**, everywhere a period is shown: "至2024-09-14".
- **Whole months between two dates** are counted with the same adding: N whole months have passed on
  ``on`` when ``add_months(start, N) <= on``. So a 29 February birthday comes round on 28 February in
  a common year, exactly as the 12-month period from 29 February ends the day before.
- **Length of an inclusive interval** ``[first, last]``: whole calendar months and the leftover days,
  counting from ``first`` to the day after ``last``. [2025-09-01, 2025-12-31] is 4 months 0 days;
  [2023-01-02, 2024-12-31] is 23 months 30 days, one day short of 2 years.
"""

import calendar
import datetime
from collections.abc import Iterable
from dataclasses import dataclass

ONE_DAY = datetime.timedelta(days=1)

# An inclusive date interval: (first day, last day).
Interval = tuple[datetime.date, datetime.date]


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` moved by ``months`` (negative goes back), on the same day of the month or the month's last day.

    >>> add_months(datetime.date(2024, 1, 31), 1)
    datetime.date(2024, 2, 29)
    """
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def period_last_day(start: datetime.date, months: int) -> datetime.date:
    """The last day of a period of ``months`` months starting on ``start`` (the day "至" names).

    2024-03-15 + 6 months → 2024-09-14; 2024-01-31 + 1 month → 2024-02-28.
    """
    return add_months(start, months) - ONE_DAY


def period_first_day(last_day: datetime.date, months: int) -> datetime.date:
    """The first day of the rolling period of ``months`` months that ends on ``last_day``.

    The day after the same day ``months`` earlier: the 5-year window ending on 2026-06-01 starts on
    2021-06-02 (domain-rules §6).
    """
    return add_months(last_day, -months) + ONE_DAY


def month_first_day(day: datetime.date) -> datetime.date:
    """The first day of the month of ``day``."""
    return day.replace(day=1)


def month_last_day(day: datetime.date) -> datetime.date:
    """The last day of the month of ``day``."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def whole_months_between(start: datetime.date, on: datetime.date) -> int:
    """Whole calendar months from ``start`` to ``on``: the largest N with ``add_months(start, N) <= on``.

    0 when ``on`` is before ``start``. 2026-01-31 → 2026-02-28 is 1 month; 2026-01-15 → 2026-02-14 is 0.
    """
    if on < start:
        return 0
    months = (on.year - start.year) * 12 + (on.month - start.month)
    if add_months(start, months) > on:
        months -= 1
    return months


def whole_years_between(start: datetime.date, on: datetime.date) -> int:
    """Whole years from ``start`` to ``on`` (an age, years of service): 12 whole months each.

    Born 1980-06-15: 45 on 2026-06-14, 46 on 2026-06-15. Born 1980-02-29: 46 on 2026-02-28.
    """
    return whole_months_between(start, on) // 12


def days_inclusive(first: datetime.date, last: datetime.date) -> int:
    """The number of days of the inclusive interval [first, last] (0 when it is empty)."""
    return max(0, (last - first).days + 1)


@dataclass(frozen=True, slots=True)
class Span:
    """A length of time: whole calendar months plus leftover days (``days`` may exceed a month when the
    leftovers of several intervals are added up)."""

    months: int
    days: int

    @property
    def years(self) -> int:
        """Whole years of the whole months."""
        return self.months // 12

    @property
    def months_of_year(self) -> int:
        """The months left over after the whole years."""
        return self.months % 12

    def __add__(self, other: "Span") -> "Span":
        return Span(self.months + other.months, self.days + other.days)


ZERO_SPAN = Span(0, 0)


def interval_span(first: datetime.date, last: datetime.date) -> Span:
    """The length of the inclusive interval [first, last] in whole calendar months and leftover days.

    [2025-09-01, 2025-12-31] → 4 months 0 days; [2026-01-15, 2026-02-20] → 1 month 6 days;
    [2023-01-02, 2024-12-31] → 23 months 30 days. An empty interval (last before first) is 0.
    """
    if last < first:
        return ZERO_SPAN
    stop = last + ONE_DAY
    months = whole_months_between(first, stop)
    return Span(months, (stop - add_months(first, months)).days)


def merge_intervals(intervals: Iterable[Interval]) -> list[Interval]:
    """Overlapping or touching inclusive intervals merged into disjoint ones, in date order.

    Empty intervals (last before first) are dropped.
    """
    merged: list[list[datetime.date]] = []
    for first, last in sorted(interval for interval in intervals if interval[1] >= interval[0]):
        if merged and first <= merged[-1][1] + ONE_DAY:
            merged[-1][1] = max(merged[-1][1], last)
        else:
            merged.append([first, last])
    return [(first, last) for first, last in merged]


def clip_interval(interval: Interval, first: datetime.date, last: datetime.date) -> Interval:
    """The part of ``interval`` inside [first, last] (possibly empty: its last day before its first)."""
    return max(interval[0], first), min(interval[1], last)


def year_interval(year: int) -> Interval:
    """1 January to 31 December of ``year``."""
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
