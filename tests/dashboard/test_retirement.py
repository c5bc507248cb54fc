"""Statutory retirement under the 2024 decision (domain-rules §11): the table, the cadre page and API, and the
6/12-month warning list."""

from datetime import date

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from cadres import rules
from cadres.choices import CadreStatus, Category
from tests.factories import CadreFactory

# (case, gender, category, birth date, statutory age "Y岁M个月", retirement day): domain-rules §11.
RETIREMENT_TABLE = [
    # The decision's appendix examples (§11): month n = 1 and n = 16.
    (
        "man born 1965-01: 60 years 1 month, 2025-02",
        "M",
        Category.CIVIL_SERVANT,
        date(1965, 1, 15),
        "60岁1个月",
        date(2025, 2, 15),
    ),
    (
        "woman cadre born 1971-04: 55 years 4 months, 2026-08",
        "F",
        Category.CIVIL_SERVANT,
        date(1971, 4, 10),
        "55岁4个月",
        date(2026, 8, 10),
    ),
    # Before 2025 the old ages apply unchanged.
    (
        "man born 1964-12: old age 60, 2024-12",
        "M",
        Category.CIVIL_SERVANT,
        date(1964, 12, 31),
        "60岁",
        date(2024, 12, 31),
    ),
    (
        "woman cadre born 1969-12: old age 55, 2024-12",
        "F",
        Category.CIVIL_SERVANT,
        date(1969, 12, 1),
        "55岁",
        date(2024, 12, 1),
    ),
    # n = 4 still one month; n = 5 two months.
    ("man born 1965-04: n=4, 1 month", "M", Category.CIVIL_SERVANT, date(1965, 4, 30), "60岁1个月", date(2025, 5, 30)),
    ("man born 1965-05: n=5, 2 months", "M", Category.CIVIL_SERVANT, date(1965, 5, 1), "60岁2个月", date(2025, 7, 1)),
    # A birthday the retirement month has not: the month's last day (1966-08-31 + 60y6m → 2027-02-28).
    (
        "man born 1966-08-31: n=20, 5 months, to the month's end",
        "M",
        Category.CIVIL_SERVANT,
        date(1966, 8, 31),
        "60岁5个月",
        date(2027, 1, 31),
    ),
    # The cap: 36 months from n = 141 (1976-09) on; born 1980 is 63.
    (
        "man born 1976-08: n=140, 35 months",
        "M",
        Category.CIVIL_SERVANT,
        date(1976, 8, 1),
        "62岁11个月",
        date(2039, 7, 1),
    ),
    ("man born 1976-09: n=141, capped at 36", "M", Category.CIVIL_SERVANT, date(1976, 9, 1), "63岁", date(2039, 9, 1)),
    ("man born 1980-01: capped, 63", "M", Category.CIVIL_SERVANT, date(1980, 1, 20), "63岁", date(2043, 1, 20)),
    (
        "woman cadre born 1981-09: n=141, capped at 58",
        "F",
        Category.PUBLIC_INSTITUTION,
        date(1981, 9, 9),
        "58岁",
        date(2039, 9, 9),
    ),
]


@pytest.mark.parametrize(
    ("gender", "category", "birth_date", "age", "expected"),
    [case[1:] for case in RETIREMENT_TABLE],
    ids=[case[0] for case in RETIREMENT_TABLE],
)
def test_retirement_age_and_day_follow_the_2024_decision(gender, category, birth_date, age, expected):
    result = rules.retirement(birth_date=birth_date, gender=gender, category=category)

    assert (result.age_text, result.on) == (age, expected)


FIFTY_GROUP = {"village": "female_50"}


@pytest.mark.parametrize(
    ("birth_date", "age", "expected"),
    [
        (date(1974, 12, 5), "50岁", date(2024, 12, 5)),  # before 2025: unchanged
        (date(1975, 1, 5), "50岁1个月", date(2025, 2, 5)),  # n = 1: one month per two months
        (date(1975, 3, 5), "50岁2个月", date(2025, 5, 5)),  # n = 3
        (date(1984, 12, 5), "55岁", date(2039, 12, 5)),  # n = 120: capped at 60 months
    ],
)
@override_settings(RETIREMENT_FEMALE_GROUP_BY_CATEGORY=FIFTY_GROUP)
def test_a_woman_whose_old_age_was_50_gains_a_month_every_two_months_up_to_55(birth_date, age, expected):
    result = rules.retirement(birth_date=birth_date, gender="F", category=Category.VILLAGE)

    assert (result.group, result.age_text, result.on) == ("female_50", age, expected)


def test_a_category_the_setting_does_not_name_is_in_the_cadres_group_of_55():
    with override_settings(RETIREMENT_FEMALE_GROUP_BY_CATEGORY={}):
        assert rules.retirement_group(gender="F", category=Category.VILLAGE) == "female_55"


@pytest.mark.parametrize("group", ["male_60", "female_55", "female_50"])
def test_the_birth_range_of_a_window_is_exactly_the_births_retiring_in_it(group):
    first, last = date(2026, 11, 30), date(2027, 11, 29)

    low, high = rules.retirement_birth_date_range(group=group, first=first, last=last)

    def retires(day):
        return rules.retirement_in_group(birth_date=day, group=group).on

    assert first <= retires(low) <= last
    assert first <= retires(high) <= last
    assert retires(date.fromordinal(low.toordinal() - 1)) < first
    assert retires(date.fromordinal(high.toordinal() + 1)) > last


# ---------------------------------------------------------------- the cadre page and the API


def test_the_cadre_page_and_api_show_the_retirement_date(as_user, org_staff, county):
    cadre = CadreFactory(gender="F", birth_date=date(1971, 4, 10), unit=county["township"])

    page = as_user(org_staff).get(f"/cadres/{cadre.pk}/")
    api = as_user(org_staff).get(f"/api/cadres/{cadre.pk}/")

    assert "2026-08-10（55岁4个月）" in page.content.decode()
    assert (api.json()["retirement_date"], api.json()["retirement_age"]) == ("2026-08-10", "55岁4个月")


# ---------------------------------------------------------------- the warning list


@pytest.fixture
def retiring(county):
    """On 2026-11-30: cadres retiring in 6 months, in 12 months, later, already, and one retired."""
    unit = county["township"]
    return {
        # man born 1966-07-01: 60y5m → 2026-12-01
        "in_1_month": CadreFactory(name="一月", gender="M", birth_date=date(1966, 7, 1), unit=unit),
        # woman born 1971-11-20: 55y6m → 2027-05-20 (inside 6 months: 2026-11-30 … 2027-05-29)
        "in_6_months": CadreFactory(name="半年", gender="F", birth_date=date(1971, 11, 20), unit=unit),
        # man born 1967-01-15: 60y7m → 2027-08-15
        "in_9_months": CadreFactory(name="九月", gender="M", birth_date=date(1967, 1, 15), unit=unit),
        # man born 1967-06-01: 60y9m → 2028-03-01: outside 12 months
        "later": CadreFactory(name="以后", gender="M", birth_date=date(1967, 6, 1), unit=unit),
        # man born 1966-04-10: 60y4m → 2026-08-10, still serving
        "overdue": CadreFactory(name="超龄", gender="M", birth_date=date(1966, 4, 10), unit=unit),
        "retired": CadreFactory(
            name="已退", gender="M", birth_date=date(1966, 7, 2), unit=unit, status=CadreStatus.RETIRED
        ),
        "elsewhere": CadreFactory(name="外单位", gender="M", birth_date=date(1966, 8, 1), unit=county["organ"]),
    }


@pytest.fixture
def on_2026_11_30(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: date(2026, 11, 30))


def _names(response):
    return [row.record.name for row in response.context["table"].page.object_list]


@pytest.mark.parametrize(
    ("window", "expected"),
    [
        ("6", ["一月", "外单位", "半年"]),
        ("12", ["一月", "外单位", "半年", "九月"]),
        ("reached", ["超龄"]),
    ],
)
def test_the_warning_list_shows_serving_cadres_by_retirement_day(
    as_user, org_staff, retiring, on_2026_11_30, window, expected
):
    response = as_user(org_staff).get("/dashboard/retirement/", {"window": window})

    assert response.status_code == 200
    assert _names(response) == expected


def test_unit_hr_sees_only_the_warnings_of_their_units(as_user, unit_hr, retiring, on_2026_11_30):
    response = as_user(unit_hr).get("/dashboard/retirement/", {"window": "12"})

    assert _names(response) == ["一月", "半年", "九月"]


def test_a_cadre_may_not_open_the_warning_list(as_user, cadre_user):
    assert as_user(cadre_user).get("/dashboard/retirement/").status_code == 403


def test_the_warning_list_takes_the_same_queries_for_many_rows(as_user, org_staff, county, on_2026_11_30):
    client = as_user(org_staff)
    CadreFactory(gender="M", birth_date=date(1966, 7, 1), unit=county["township"])
    with CaptureQueriesContext(connection) as one:
        client.get("/dashboard/retirement/", {"window": "12"})
    for day in range(2, 20):
        CadreFactory(gender="M", birth_date=date(1966, 7, day), unit=county["township"])
    with CaptureQueriesContext(connection) as many:
        response = client.get("/dashboard/retirement/", {"window": "12"})

    assert len(response.context["table"].page.object_list) == 19
    assert len(many.captured_queries) == len(one.captured_queries)
