"""Digits typed in other scripts: full-width forms are made ASCII, any other non-ASCII digit is refused.

Chinese input methods type full-width digits and letters (``５１３３２９…``, ``Ｘ``) that look like the ASCII
ones and that Python's ``str.isdigit`` and ``int`` accept, while the database's checks, lookups and exports
do not. Every ID number, code and number read from a person (import, form, API) goes through
``ascii_digits`` first, so that what a preview accepts is what the write stores (issue 14.5).
"""

import functools
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ASCII_DIGITS = frozenset("0123456789")
FULL_WIDTH_DIGITS = frozenset("０１２３４５６７８９")


def normalize_width(text: str) -> str:
    """``text`` in Unicode NFKC form: full-width digits, letters and signs become ASCII (``５`` → ``5``)."""
    return unicodedata.normalize("NFKC", text)


def foreign_digits(text: str) -> list[str]:
    """The decimal digits in ``text`` that are not ASCII 0–9 (``٣``, ``३``), in order, each once."""
    return list(dict.fromkeys(char for char in text if unicodedata.category(char) == "Nd" and char not in ASCII_DIGITS))


def foreign_digit_message(text: str, *, label: str = "") -> str:
    """The Chinese message that refuses the non-ASCII digits of ``text``; "" when there are none."""
    found = foreign_digits(text)
    if not found:
        return ""
    return _("%(label)s含有无法识别的数字“%(digits)s”，请用半角数字 0–9 填写。") % {
        "label": label,
        "digits": "".join(found),
    }


def ascii_digits(value, *, label: str = "") -> str:
    """``value`` as stripped text in NFKC form, with only ASCII digits; ValidationError (Chinese) otherwise.

    ``label`` names the field in the message (e.g. "身份证号"). None gives "".
    """
    text = normalize_width("" if value is None else str(value)).strip()
    message = foreign_digit_message(text, label=label)
    if message:
        raise ValidationError(message, code="foreign_digits")
    return text


MAX_ID = 2**63 - 1  # the largest primary key (a 64-bit integer column)


def whole_number(value, *, maximum: int = MAX_ID) -> int | None:
    """A whole number read from a URL's query or a posted list (an id, a year, a page): its digits ASCII or
    full-width, at most ``maximum``; None for anything else ("abc", "-1", "٣", a number beyond 64 bits).

    ``str.isdigit`` is no test for ``int``: it accepts "²" and "٣", which ``int`` refuses ("²") or the database
    cannot compare, and a number beyond 64 bits overflows SQLite's driver; each was a server error.
    """
    text = ("" if value is None else str(value)).strip()
    if not text or len(text) > len(str(maximum)) or not set(text) <= ASCII_DIGITS | FULL_WIDTH_DIGITS:
        return None
    number = int(normalize_width(text))
    return number if number <= maximum else None


def _reading_ascii_digits(convert):
    """``convert(self, value)`` that first passes a text value through ``ascii_digits``."""

    @functools.wraps(convert)
    def wrapper(self, value, *args, **kwargs):
        if isinstance(value, str):
            value = ascii_digits(value)
        return convert(self, value, *args, **kwargs)

    wrapper.reads_ascii_digits = True
    return wrapper


def install_field_normalisation() -> None:
    """Make every number, date and time field of Django forms and DRF serializers read ``ascii_digits``.

    Python's ``int`` and ``Decimal`` take any script's digits (``int("٣") == 3``) and ``strptime`` takes
    none but ASCII, so without this a full-width date is refused and an Arabic-Indic number slips in. One
    hook covers every form, filter, admin page and API field at once; called once from ``CoreConfig.ready``.
    A refused value is a ValidationError, which both a form and a serializer report as a field error.
    """
    from django import forms
    from rest_framework import fields

    for cls, method in (
        (forms.IntegerField, "to_python"),
        (forms.FloatField, "to_python"),
        (forms.DecimalField, "to_python"),
        (forms.fields.BaseTemporalField, "to_python"),
        (forms.DateTimeField, "to_python"),
        (fields.IntegerField, "to_internal_value"),
        (fields.FloatField, "to_internal_value"),
        (fields.DecimalField, "to_internal_value"),
        (fields.DateField, "to_internal_value"),
        (fields.DateTimeField, "to_internal_value"),
        (fields.TimeField, "to_internal_value"),
    ):
        convert = cls.__dict__[method]
        if not getattr(convert, "reads_ascii_digits", False):
            setattr(cls, method, _reading_ascii_digits(convert))


# A mainland mobile (11 digits from 13x to 19x, "+86" allowed), or a landline with or without its area code
# (0836-1234567, 08361234567, 1234567) and an extension (-801). Spaces and hyphens between groups are kept.
MOBILE_PATTERN = re.compile(r"^(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}$")
LANDLINE_PATTERN = re.compile(r"^(?:\(?0\d{2,3}\)?[- ]?)?[1-9]\d{6,7}(?:[- ]\d{1,6}|转\d{1,6})?$")


def validate_phone(value: str) -> None:
    """A phone number as the department writes one: a mobile (13800000000, 138-0000-0000, +86 13800000000)
    or a landline (0836-1234567, (0836)1234567, 1234567, 0836-1234567-801). Full-width digits are read as
    ASCII. Raises ValidationError in Chinese for anything else ("abc123", two numbers in one field)."""
    text = normalize_width(str(value or "")).strip()
    if not text:
        return
    if MOBILE_PATTERN.match(text) or LANDLINE_PATTERN.match(text):
        return
    raise ValidationError(
        _("“%(value)s”不是有效的电话号码：请填写11位手机号（如 13800000000）或固定电话（如 0836-1234567）。")
        % {"value": value},
        code="invalid_phone",
    )
