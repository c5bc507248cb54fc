"""Numbers read from an imported sheet or an admin form go through core.digits.whole_number: "²" and "٣" pass
str.isdigit() but int() refuses the first, and a number beyond 64 bits overflows SQLite's driver."""

import pytest

from assessments.imports import _year
from cadres.imports import _whole_number


@pytest.mark.parametrize(("value", "expected"), [("2025", 2025), ("２０２５年", 2025), ("2025年度", 2025), ("²", None)])
def test_a_year_cell_is_read_as_a_year_or_refused(value, expected):
    assert _year(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"), [("12", 12), ("１２", 12), ("²", None), ("99999999999999999999999", None), ("-3", None)]
)
def test_a_whole_number_cell_is_read_or_refused(value, expected):
    assert _whole_number(value) == expected
