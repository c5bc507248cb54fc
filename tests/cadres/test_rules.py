"""The ID number (GB 11643-1999) and age rules of the cadre record."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cadres import rules
from core.pinyin import pinyin_keys

# A published example number of GB 11643-1999: 11010519491231002X (female, born 1949-12-31).
STANDARD_EXAMPLE = "11010519491231002X"


def test_the_standard_example_number_is_accepted_with_its_birth_date_and_gender():
    assert rules.id_number_problems(STANDARD_EXAMPLE, birth_date=datetime.date(1949, 12, 31), gender="F") == []


@pytest.mark.parametrize(
    ("id_number", "birth_date", "gender", "problems"),
    [
        ("110105194912310021", None, None, ["身份证号校验码错误。"]),
        ("11010519491231002", None, None, ["身份证号应为18位：前17位为数字，末位为数字或X。"]),
        ("1101051949123100AX", None, None, ["身份证号应为18位：前17位为数字，末位为数字或X。"]),
        ("110105194902300028", None, None, ["身份证号中的出生日期无效。", "身份证号校验码错误。"]),
        (
            STANDARD_EXAMPLE,
            datetime.date(1950, 1, 1),
            None,
            ["身份证号中的出生日期（1949-12-31）与填写的出生日期（1950-01-01）不一致。"],
        ),
        (STANDARD_EXAMPLE, None, "M", ["身份证号中的性别与填写的性别不一致。"]),
    ],
    ids=[
        "bad-check-character",
        "seventeen-characters",
        "letter-inside",
        "30-february",
        "birth-date-differs",
        "gender-differs",
    ],
)
def test_bad_id_numbers_are_refused_with_every_reason(id_number, birth_date, gender, problems):
    assert rules.id_number_problems(id_number, birth_date=birth_date, gender=gender) == problems


@given(
    birth_date=st.dates(min_value=datetime.date(1940, 1, 1), max_value=datetime.date(2008, 12, 31)),
    sequence=st.integers(min_value=0, max_value=10_000),
    gender=st.sampled_from(["M", "F"]),
)
def test_composed_id_numbers_always_validate_and_carry_birth_date_and_gender(birth_date, sequence, gender):
    number = rules.id_number_compose(region="513329", birth_date=birth_date, sequence=sequence, gender=gender)

    assert rules.id_number_problems(number, birth_date=birth_date, gender=gender) == []
    assert (rules.id_number_birth_date(number), rules.id_number_gender(number)) == (birth_date, gender)


def test_lists_show_only_region_and_last_four_characters():
    assert rules.mask_id_number(STANDARD_EXAMPLE) == "110105********002X"


@pytest.mark.parametrize(
    ("birth_date", "on", "age"),
    [
        (datetime.date(1980, 6, 15), datetime.date(2026, 6, 14), 45),
        (datetime.date(1980, 6, 15), datetime.date(2026, 6, 15), 46),
        # core.periods: a 29 February birthday comes round on 28 February in a common year
        (datetime.date(1980, 2, 29), datetime.date(2026, 2, 27), 45),
        (datetime.date(1980, 2, 29), datetime.date(2026, 2, 28), 46),
        (datetime.date(1980, 2, 29), datetime.date(2026, 3, 1), 46),
    ],
)
def test_age_counts_whole_years(birth_date, on, age):
    assert rules.age_on(birth_date, on) == age


@given(
    birth_date=st.dates(min_value=datetime.date(1950, 1, 1), max_value=datetime.date(2005, 12, 31)),
    min_age=st.integers(min_value=18, max_value=60),
    span=st.integers(min_value=0, max_value=20),
    on=st.sampled_from(
        [datetime.date(2026, 11, 24), datetime.date(2026, 2, 28), datetime.date(2028, 2, 29), datetime.date(2026, 3, 1)]
    ),
)
def test_age_bounds_hold_exactly_the_people_of_those_ages(birth_date, min_age, span, on):
    earliest, latest = rules.birth_date_bounds_for_age(min_age=min_age, max_age=min_age + span, on=on)

    assert (earliest <= birth_date <= latest) == (min_age <= rules.age_on(birth_date, on) <= min_age + span)


@pytest.mark.parametrize(
    ("name", "keys"),
    [
        ("扎西", ("zhaxi", "zx")),
        ("泽仁拉姆", ("zerenlamu", "zrlm")),
        ("阿苦·日布", ("akuribu", "akrb")),
        ("王建国", ("wangjianguo", "wjg")),
    ],
)
def test_pinyin_keys_give_full_pinyin_and_initials(name, keys):
    assert pinyin_keys(name) == keys
