"""Pure rules of postings (domain-rules §2 art. 26 and §7), table-driven."""

import datetime
from fractions import Fraction

import pytest

from postings import rules

D = datetime.date
GRASSROOTS = ("first_secretary", "front_line:rural_grassroots", "exchange:county_to_township")


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
        # leftover days of separate postings add up: 20 + 15 days make one more month (31 days a month)
        (
            [
                ("first_secretary", "", D(2020, 1, 1), D(2020, 1, 20)),
                ("first_secretary", "", D(2020, 3, 1), D(2020, 3, 15)),
            ],
            D(2026, 1, 1),
            (0, 1),
        ),
        # §7 (issue 11 item 6): 2023-01-02..2024-12-31 is one day short of 2 years: 1 year 11 months 30 days
        ([("first_secretary", "", D(2023, 1, 2), D(2024, 12, 31))], D(2026, 1, 1), (1, 11)),
        ([("first_secretary", "", D(2023, 1, 1), D(2024, 12, 31))], D(2026, 1, 1), (2, 0)),
        # a posting starting after the date asked does not count
        ([("first_secretary", "", D(2027, 1, 1), D(2028, 12, 31))], D(2026, 1, 1), (0, 0)),
    ],
)
def test_grassroots_experience_in_years_and_months(postings, on, expected):
    experience = rules.grassroots_experience(postings=postings, counted_keys=GRASSROOTS, on=on, days_per_month=31)
    assert experience.years_and_months == expected


@pytest.mark.parametrize(
    ("first", "last", "days_per_month", "text", "meets"),
    [
        # §7 (S) 2 years for 县处级; issue 11 item 6: whole calendar months and days, no rounding up
        pytest.param(D(2023, 1, 2), D(2024, 12, 31), 31, "1年11个月30天", False, id="§7 差1天不满2年"),
        pytest.param(D(2023, 1, 2), D(2024, 12, 31), None, "1年11个月30天", False, id="§7 不折算 差1天不满2年"),
        pytest.param(D(2023, 1, 1), D(2024, 12, 31), 31, "2年", True, id="§7 满2年"),
        pytest.param(D(2023, 1, 2), D(2025, 1, 1), 31, "2年", True, id="§7 2023-01-02起满2年"),
        # the old hard-coded 30-day rounding, still available as a setting
        pytest.param(D(2023, 1, 2), D(2024, 12, 31), 30, "2年", True, id="§7 设置为30天折1个月"),
    ],
)
def test_grassroots_counts_whole_calendar_months_and_days(first, last, days_per_month, text, meets):
    experience = rules.grassroots_experience(
        postings=[("first_secretary", "", first, last)],
        counted_keys=GRASSROOTS,
        on=D(2026, 1, 1),
        days_per_month=days_per_month,
    )
    assert experience.text == text
    assert rules.meets_grassroots_requirement(experience=experience, min_years=2) is meets


def test_grassroots_leftover_days_of_separate_postings_pool_by_the_setting():
    postings = [
        ("first_secretary", "", D(2020, 1, 1), D(2020, 1, 20)),  # 20 days
        ("first_secretary", "", D(2020, 3, 1), D(2020, 3, 15)),  # 15 days
    ]
    pooled = rules.grassroots_experience(
        postings=postings, counted_keys=GRASSROOTS, on=D(2026, 1, 1), days_per_month=31
    )
    assert (pooled.span, pooled.counted_months, pooled.days, pooled.text) == (rules.Span(0, 35), 1, 4, "1个月4天")
    kept = rules.grassroots_experience(
        postings=postings, counted_keys=GRASSROOTS, on=D(2026, 1, 1), days_per_month=None
    )
    assert (kept.counted_months, kept.text) == (0, "35天")


def test_grassroots_warning_names_the_figure():
    # §7 (S): 提任县处级 needs 2 years of grassroots experience
    short = rules.grassroots_experience(
        postings=[("first_secretary", "", D(2023, 1, 2), D(2024, 12, 31))],
        counted_keys=GRASSROOTS,
        on=D(2026, 1, 1),
        days_per_month=31,
    )
    assert rules.grassroots_shortfall_warning(experience=short, min_years=2) == (
        "党政领导干部选拔任用工作条例第8条：提任县处级领导职务应当具有2年以上基层工作经历，"
        "该干部登记的基层工作经历累计1年11个月30天（按实践锻炼记录计算），不足2年。"
    )
    enough = rules.count_grassroots(rules.Span(24, 0), days_per_month=31)
    assert rules.grassroots_shortfall_warning(experience=enough, min_years=2) is None


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
    ("intervals", "days", "threshold", "assessed"),
    [
        # issue 11 item 10, §2 art. 26: 79 + 111 = 190 days, more than the 181 days of 6 months from 2025-01-01
        pytest.param(
            [(D(2025, 1, 1), D(2025, 3, 20)), (D(2025, 4, 1), D(2025, 7, 20))], 190, 181, True, id="§2 第26条 190天"
        ),
        # one stretch: exactly 6 calendar months is not more than 6, whatever the months' lengths
        pytest.param([(D(2025, 1, 1), D(2025, 6, 30))], 181, 181, False, id="§2 第26条 1-6月 恰好6个月"),
        pytest.param([(D(2025, 7, 1), D(2025, 12, 31))], 184, 184, False, id="§2 第26条 7-12月 恰好6个月"),
        pytest.param([(D(2024, 3, 1), D(2024, 9, 1))], 185, 184, True, id="§2 第26条 6个月零1天"),
        # leap year: 2024-01-01 + 6 months is 182 days
        pytest.param(
            [(D(2024, 1, 1), D(2024, 2, 29)), (D(2024, 5, 1), D(2024, 8, 2))], 154, 182, False, id="§2 闰年 不足"
        ),
    ],
)
def test_host_rule_counts_days_exactly(intervals, days, threshold, assessed):
    assert rules.days_in_year(intervals=intervals, year=intervals[0][0].year) == days
    assert rules.host_threshold_days(intervals=intervals, year=intervals[0][0].year, min_months=6) == threshold
    assert rules.assessed_by_host(intervals=intervals, year=intervals[0][0].year, min_months=6) is assessed


def stay(posting_id, start, last_day, host=7, name="成都市某局"):
    return rules.HostStay(
        posting_id=posting_id,
        host_key=f"unit:{host}",
        host_name=name,
        host_unit_id=host,
        external_host_id=None,
        start=start,
        last_day=last_day,
    )


def test_assessing_unit_is_the_host_after_190_days_and_says_why():
    # issue 11 item 10, §2 公务员考核规定第26条
    stays = [stay(1, D(2025, 1, 1), D(2025, 3, 20)), stay(2, D(2025, 4, 1), D(2025, 7, 20))]
    result = rules.assessing_unit(home_unit_id=3, stays=stays, year=2025, min_months=6)
    assert (result.by_host, result.unit_id, result.posting_ids, result.days_at_host) == (True, 7, (1, 2), 190)
    assert result.reason == (
        "公务员考核规定第26条：2025年在成都市某局实践锻炼190天（2025-01-01至2025-03-20、2025-04-01至2025-07-20），"
        "超过6个月（181天），由接收单位考核，并征求派出单位意见。"
    )


def test_assessing_unit_is_the_home_unit_below_the_threshold_or_without_postings():
    short = rules.assessing_unit(
        home_unit_id=3, stays=[stay(1, D(2025, 1, 1), D(2025, 6, 30))], year=2025, min_months=6
    )
    assert (short.by_host, short.unit_id, short.days_at_host) == (False, 3, 181)
    assert short.reason.endswith("未超过6个月（181天），由派出单位考核。")
    nothing = rules.assessing_unit(home_unit_id=3, stays=[], year=2025, min_months=6)
    assert (nothing.by_host, nothing.unit_id, nothing.reason) == (
        False,
        3,
        "公务员考核规定第26条：2025年无实践锻炼，由所在单位考核。",
    )


def test_assessing_unit_does_not_add_up_stays_at_different_hosts():
    stays = [stay(1, D(2025, 1, 1), D(2025, 4, 30), host=7), stay(2, D(2025, 5, 1), D(2025, 9, 30), host=8)]
    result = rules.assessing_unit(home_unit_id=3, stays=stays, year=2025, min_months=6)
    assert (result.by_host, result.days_at_host) == (False, 153)


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
