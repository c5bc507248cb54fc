"""core.periods: the one meaning of months, periods and "至" (issue 11 item 9), at month ends and leap days."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core import periods

D = datetime.date
dates = st.dates(min_value=D(1900, 1, 1), max_value=D(2200, 12, 31))


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2026, 11, 15), 3, D(2027, 2, 15)),
        # a month without that day: its last day
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2024, 1, 31), 1, D(2024, 2, 29)),  # leap year
        (D(2024, 3, 31), 1, D(2024, 4, 30)),
        (D(2024, 2, 29), 12, D(2025, 2, 28)),
        (D(2024, 2, 29), 48, D(2028, 2, 29)),
        # backwards
        (D(2024, 2, 29), -60, D(2019, 2, 28)),
        (D(2026, 3, 31), -1, D(2026, 2, 28)),
        (D(2026, 1, 15), -1, D(2025, 12, 15)),
        (D(2026, 1, 15), 0, D(2026, 1, 15)),
    ],
)
def test_add_months_keeps_the_day_or_takes_the_months_last_day(day, months, expected):
    assert periods.add_months(day, months) == expected


@pytest.mark.parametrize(
    ("start", "months", "last_day"),
    [
        # domain-rules §1: a 6-month 警告 of 2024-03-15 covers up to 2024-09-14 and lifts on 2024-09-15
        (D(2024, 3, 15), 6, D(2024, 9, 14)),
        # §6: 12 months of training grace from 2024-11-01: the last day inside is 2025-10-31
        (D(2024, 11, 1), 12, D(2025, 10, 31)),
        (D(2024, 1, 31), 1, D(2024, 2, 28)),
        (D(2023, 1, 31), 1, D(2023, 2, 27)),
        (D(2024, 2, 29), 12, D(2025, 2, 27)),
        (D(2024, 1, 10), 12, D(2025, 1, 9)),
        (D(2024, 1, 10), 24, D(2026, 1, 9)),
    ],
)
def test_period_last_day_is_the_day_before_the_period_ends(start, months, last_day):
    assert periods.period_last_day(start, months) == last_day


@pytest.mark.parametrize(
    ("last_day", "months", "first_day"),
    [
        (D(2026, 6, 1), 60, D(2021, 6, 2)),  # domain-rules §6: the rolling 5-year window
        (D(2026, 12, 31), 60, D(2022, 1, 1)),
        (D(2028, 2, 29), 60, D(2023, 3, 1)),
        (D(2026, 2, 28), 12, D(2025, 3, 1)),
    ],
)
def test_period_first_day_of_a_rolling_window(last_day, months, first_day):
    assert periods.period_first_day(last_day, months) == first_day


@pytest.mark.parametrize(
    ("day", "expected"),
    [(D(2024, 2, 10), D(2024, 2, 29)), (D(2025, 2, 1), D(2025, 2, 28)), (D(2025, 12, 31), D(2025, 12, 31))],
)
def test_month_last_day(day, expected):
    assert periods.month_last_day(day) == expected


@pytest.mark.parametrize(
    ("start", "on", "months"),
    [
        (D(2026, 1, 15), D(2026, 2, 14), 0),
        (D(2026, 1, 15), D(2026, 2, 15), 1),
        # from a month's last day, a month has passed on the next month's last day
        (D(2026, 1, 31), D(2026, 2, 27), 0),
        (D(2026, 1, 31), D(2026, 2, 28), 1),
        (D(2024, 1, 31), D(2024, 2, 29), 1),
        (D(2024, 1, 30), D(2024, 2, 29), 1),
        (D(2026, 1, 31), D(2026, 3, 30), 1),
        (D(2026, 1, 31), D(2026, 3, 31), 2),
        (D(2026, 5, 1), D(2026, 4, 30), 0),  # before the start
    ],
)
def test_whole_months_between_counts_with_the_same_adding(start, on, months):
    assert periods.whole_months_between(start, on) == months


@pytest.mark.parametrize(
    ("start", "on", "years"),
    [
        (D(1980, 6, 15), D(2026, 6, 14), 45),
        (D(1980, 6, 15), D(2026, 6, 15), 46),
        # a 29 February anniversary comes round on 28 February in a common year
        (D(1980, 2, 29), D(2026, 2, 27), 45),
        (D(1980, 2, 29), D(2026, 2, 28), 46),
        (D(1980, 2, 29), D(2028, 2, 28), 47),
        (D(1980, 2, 29), D(2028, 2, 29), 48),
        (D(2014, 7, 1), D(2024, 6, 30), 9),
        (D(2014, 7, 1), D(2024, 7, 1), 10),
        (D(2025, 1, 1), D(2024, 12, 31), 0),
    ],
)
def test_whole_years_between_is_the_age_and_the_years_of_service(start, on, years):
    assert periods.whole_years_between(start, on) == years


@pytest.mark.parametrize(
    ("first", "last", "span"),
    [
        (D(2025, 9, 1), D(2025, 12, 31), periods.Span(4, 0)),
        (D(2026, 1, 1), D(2026, 12, 31), periods.Span(12, 0)),
        (D(2026, 1, 15), D(2026, 2, 14), periods.Span(1, 0)),
        (D(2026, 1, 15), D(2026, 2, 20), periods.Span(1, 6)),
        (D(2026, 1, 31), D(2026, 2, 27), periods.Span(1, 0)),
        (D(2024, 2, 29), D(2025, 2, 27), periods.Span(12, 0)),
        (D(2026, 3, 1), D(2026, 3, 1), periods.Span(0, 1)),
        (D(2026, 3, 2), D(2026, 3, 1), periods.Span(0, 0)),
        # domain-rules §7 (issue 11 item 6): one day short of 2 years is not 2 years
        (D(2023, 1, 2), D(2024, 12, 31), periods.Span(23, 30)),
        (D(2023, 1, 1), D(2024, 12, 31), periods.Span(24, 0)),
        # §2 art. 26 (issue 11 item 10): 2025-01-01..03-20 and 04-01..07-20
        (D(2025, 1, 1), D(2025, 3, 20), periods.Span(2, 20)),
        (D(2025, 4, 1), D(2025, 7, 20), periods.Span(3, 20)),
    ],
)
def test_interval_span_in_whole_months_and_leftover_days(first, last, span):
    assert periods.interval_span(first, last) == span


def test_days_inclusive_counts_both_ends():
    assert periods.days_inclusive(D(2025, 1, 1), D(2025, 3, 20)) == 79
    assert periods.days_inclusive(D(2025, 4, 1), D(2025, 7, 20)) == 111
    assert periods.days_inclusive(D(2024, 2, 28), D(2024, 3, 1)) == 3
    assert periods.days_inclusive(D(2024, 3, 2), D(2024, 3, 1)) == 0


def test_merge_intervals_joins_overlapping_and_touching_ones_and_drops_empty_ones():
    intervals = [
        (D(2020, 5, 1), D(2020, 8, 31)),
        (D(2020, 1, 1), D(2020, 6, 30)),
        (D(2020, 9, 1), D(2020, 9, 30)),
        (D(2021, 1, 2), D(2021, 1, 1)),
        (D(2021, 3, 1), D(2021, 3, 1)),
    ]
    assert periods.merge_intervals(intervals) == [(D(2020, 1, 1), D(2020, 9, 30)), (D(2021, 3, 1), D(2021, 3, 1))]


def test_span_years_and_months_of_year():
    assert (periods.Span(23, 30).years, periods.Span(23, 30).months_of_year) == (1, 11)
    assert periods.Span(2, 20) + periods.Span(3, 20) == periods.Span(5, 40)


@given(start=dates, months=st.integers(min_value=0, max_value=600))
def test_a_period_of_n_months_has_passed_n_whole_months_the_day_after_its_last_day(start, months):
    last = periods.period_last_day(start, months)
    assert periods.whole_months_between(start, last + periods.ONE_DAY) == months
    assert months == 0 or periods.whole_months_between(start, last) == months - 1
    assert periods.interval_span(start, last) == periods.Span(months, 0) or months == 0


@given(first=dates, last=dates)
def test_interval_span_adds_back_to_the_day_after_the_last(first, last):
    span = periods.interval_span(first, last)
    if last < first:
        assert span == periods.ZERO_SPAN
    else:
        assert periods.add_months(first, span.months) + datetime.timedelta(days=span.days) == last + periods.ONE_DAY
        assert 0 <= span.days < 31


@given(start=dates, on=dates)
def test_whole_months_between_is_the_largest_n_that_fits(start, on):
    months = periods.whole_months_between(start, on)
    if on < start:
        assert months == 0
    else:
        assert periods.add_months(start, months) <= on < periods.add_months(start, months + 1)
