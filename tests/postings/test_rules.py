"""Pure rules of postings (domain-rules §2 art. 26 and §7), table-driven."""

import datetime
from fractions import Fraction

import pytest

from postings import rules

D = datetime.date
GRASSROOTS = ("first_secretary", "front_line:rural_grassroots", "exchange:county_to_township")


@pytest.mark.parametrize(
    ("start", "end", "months", "days"),
    [
        (D(2025, 9, 1), D(2025, 12, 31), 4, 0),
        (D(2026, 1, 1), D(2026, 5, 31), 5, 0),
        (D(2026, 1, 1), D(2026, 12, 31), 12, 0),
        (D(2026, 1, 15), D(2026, 2, 14), 1, 0),
        (D(2026, 1, 15), D(2026, 2, 20), 1, 6),
        # from a month's last day, one month later is the next month's last day (clamped)
        (D(2026, 1, 31), D(2026, 2, 27), 1, 0),
        (D(2026, 3, 1), D(2026, 3, 1), 0, 1),
        (D(2026, 3, 2), D(2026, 3, 1), 0, 0),
    ],
)
def test_interval_span_counts_calendar_months_and_leftover_days(start, end, months, days):
    assert rules.interval_span(start, end) == rules.Span(months, days)


def test_merge_intervals_joins_overlapping_and_touching_ones():
    intervals = [(D(2020, 5, 1), D(2020, 8, 31)), (D(2020, 1, 1), D(2020, 6, 30)), (D(2020, 9, 1), D(2020, 9, 30))]
    assert rules.merge_intervals(intervals) == [(D(2020, 1, 1), D(2020, 9, 30))]


@pytest.mark.parametrize(
    ("postings", "on", "expected"),
    [
        # no postings, no experience
        ([], D(2026, 1, 1), (0, 0)),
        # a two-year first secretary term
        ([("first_secretary", "", D(2020, 1, 1), D(2021, 12, 31))], D(2026, 1, 1), (2, 0)),
        # a running posting counts up to the date asked
        ([("first_secretary", "", D(2025, 1, 1), D(2026, 12, 31))], D(2025, 7, 31), (0, 7)),
        # overlapping postings count once
        (
            [
                ("first_secretary", "", D(2020, 1, 1), D(2020, 12, 31)),
                ("front_line", "rural_grassroots", D(2020, 7, 1), D(2021, 6, 30)),
            ],
            D(2026, 1, 1),
            (1, 6),
        ),
        # a front line other than 乡村基层 and a temporary post elsewhere do not count
        (
            [
                ("front_line", "project_construction", D(2020, 1, 1), D(2020, 12, 31)),
                ("temporary_post", "", D(2021, 1, 1), D(2021, 12, 31)),
            ],
            D(2026, 1, 1),
            (0, 0),
        ),
        # county → township counts, township → county does not
        (
            [
                ("exchange", "county_to_township", D(2022, 3, 1), D(2022, 8, 31)),
                ("exchange", "township_to_county", D(2023, 1, 1), D(2023, 12, 31)),
            ],
            D(2026, 1, 1),
            (0, 6),
        ),
        # leftover days of separate postings add up: 20 + 15 days make one more month
        (
            [
                ("first_secretary", "", D(2020, 1, 1), D(2020, 1, 20)),
                ("first_secretary", "", D(2020, 3, 1), D(2020, 3, 15)),
            ],
            D(2026, 1, 1),
            (0, 1),
        ),
        # a posting starting after the date asked does not count
        ([("first_secretary", "", D(2027, 1, 1), D(2028, 12, 31))], D(2026, 1, 1), (0, 0)),
    ],
)
def test_grassroots_experience_in_years_and_months(postings, on, expected):
    assert rules.grassroots_experience(postings=postings, counted_keys=GRASSROOTS, on=on) == expected


@pytest.mark.parametrize(
    ("years_and_months", "min_years", "meets"), [((2, 0), 2, True), ((1, 11), 2, False), ((3, 1), 2, True)]
)
def test_grassroots_requirement_for_county_level(years_and_months, min_years, meets):
    assert rules.meets_grassroots_requirement(years_and_months=years_and_months, min_years=min_years) is meets


@pytest.mark.parametrize(
    ("intervals", "year", "assessed"),
    [
        # across the year boundary: 4 months of 2025, 5 of 2026 → neither year (§2, art. 26)
        ([(D(2025, 9, 1), D(2026, 5, 31))], 2025, False),
        ([(D(2025, 9, 1), D(2026, 5, 31))], 2026, False),
        # exactly 6 months is not more than 6
        ([(D(2026, 1, 1), D(2026, 6, 30))], 2026, False),
        # 6 months and a day is
        ([(D(2026, 1, 1), D(2026, 7, 1))], 2026, True),
        # a whole-year posting
        ([(D(2025, 3, 1), D(2027, 2, 28))], 2026, True),
        # 2025-05-01..2026-04-30: 8 months of 2025, 4 of 2026
        ([(D(2025, 5, 1), D(2026, 4, 30))], 2025, True),
        ([(D(2025, 5, 1), D(2026, 4, 30))], 2026, False),
        # two postings at the same host in one year add up: 4 + 3 months
        ([(D(2026, 1, 1), D(2026, 4, 30)), (D(2026, 9, 1), D(2026, 11, 30))], 2026, True),
        # a year the posting does not touch
        ([(D(2026, 1, 1), D(2026, 12, 31))], 2024, False),
    ],
)
def test_assessed_by_host_needs_more_than_six_months_of_the_year(intervals, year, assessed):
    assert rules.assessed_by_host(intervals=intervals, year=year, min_months=6) is assessed


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2026, 11, 1), D(2026, 11, 30), 21),  # November 2026: 21 weekdays
        (D(2026, 2, 1), D(2026, 2, 28), 20),
        (D(2026, 11, 21), D(2026, 11, 22), 0),  # a weekend
        (D(2026, 11, 23), D(2026, 11, 23), 1),  # a Monday
        (D(2026, 11, 30), D(2026, 11, 1), 0),
    ],
)
def test_working_days_are_weekdays(start, end, expected):
    assert rules.working_days(start, end) == expected


@pytest.mark.parametrize(
    ("month", "start", "end", "expected"),
    [
        (D(2026, 11, 1), D(2025, 1, 1), D(2027, 1, 1), 21),
        # a posting starting on Monday 16 November: 11 working days of November
        (D(2026, 11, 1), D(2026, 11, 16), D(2027, 1, 1), 11),
        (D(2026, 11, 1), D(2025, 1, 1), D(2026, 11, 6), 5),
    ],
)
def test_working_days_of_a_month_within_the_posting(month, start, end, expected):
    assert rules.posting_working_days_in_month(month=month, start=start, end=end) == expected


@pytest.mark.parametrize(
    ("days", "working", "ratio", "required", "compliant"),
    [
        (14, 21, Fraction(2, 3), 14, True),  # 2/3 of 21 = 14 exactly
        (13, 21, Fraction(2, 3), 14, False),
        (15, 22, Fraction(2, 3), 15, True),  # 14.67 → 15
        (14, 22, Fraction(2, 3), 15, False),
        (0, 0, Fraction(2, 3), 0, True),
        (16, 21, Fraction(3, 4), 16, True),
    ],
)
def test_days_on_site_against_the_ratio(days, working, ratio, required, compliant):
    assert rules.required_presence_days(working_days_in_month=working, ratio=ratio) == required
    assert rules.presence_compliant(days=days, working_days_in_month=working, ratio=ratio) is compliant


@pytest.mark.parametrize(("value", "expected"), [("2/3", Fraction(2, 3)), (0.75, Fraction(3, 4)), ("1", Fraction(1))])
def test_ratio_setting_accepts_fraction_text_or_number(value, expected):
    assert rules.parse_ratio(value) == expected


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [(D(2026, 1, 31), 1, D(2026, 2, 28)), (D(2024, 1, 31), 1, D(2024, 2, 29)), (D(2026, 11, 15), 3, D(2027, 2, 15))],
)
def test_add_months_clamps_to_the_last_day(day, months, expected):
    assert rules.add_months(day, months) == expected
