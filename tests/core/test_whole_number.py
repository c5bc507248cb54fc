"""Numbers read from a URL's query or a posted list (ids, years, pages) go through ``core.digits.whole_number``:
"²", "٣", "-1", "abc" or a number beyond 64 bits is no number there, never a server error (``str.isdigit``
accepted "²", which ``int`` refuses, and SQLite's driver overflows beyond 64 bits)."""

import pytest

from core.digits import whole_number


@pytest.mark.parametrize(
    ("value", "number"),
    [
        ("42", 42),
        (" 42 ", 42),
        ("４２", 42),  # full-width, as Chinese input methods type it
        (42, 42),
        ("9223372036854775807", 2**63 - 1),
        ("9223372036854775808", None),
        ("99999999999999999999999", None),
        ("٣", None),
        ("²", None),
        ("-1", None),
        ("1.5", None),
        ("abc", None),
        ("", None),
        (None, None),
    ],
)
def test_whole_number_reads_ascii_or_full_width_digits_within_64_bits_only(value, number):
    assert whole_number(value) == number


def test_a_page_number_in_another_script_shows_the_first_page(as_user, org_staff):
    response = as_user(org_staff).get("/rewards/funds/", {"page": "٣"})

    assert response.status_code == 200
    assert response.context["table"].page.number == 1
