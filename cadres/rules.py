"""Pure rules of the cadre record: no ORM, no I/O.

The resident ID number (GB 11643-1999): 17 digits and a check character computed by ISO 7064 MOD 11-2;
digits 7–14 are the birth date, and the 17th digit is odd for men and even for women.
"""

import math
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.utils.translation import gettext as _

from core.digits import foreign_digit_message, normalize_width
from core.periods import add_months, whole_years_between

ID_NUMBER_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_NUMBER_CHECK_CHARACTERS = "10X98765432"


def id_number_check_character(first_seventeen: str) -> str:
    """The check character of an ID number (GB 11643-1999, ISO 7064 MOD 11-2)."""
    total = sum(int(digit) * weight for digit, weight in zip(first_seventeen, ID_NUMBER_WEIGHTS, strict=True))
    return ID_NUMBER_CHECK_CHARACTERS[total % 11]


def id_number_birth_date(id_number: str) -> date | None:
    """The birth date written in an ID number, or None if it is not a real date."""
    try:
        return date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    except ValueError:
        return None


def id_number_gender(id_number: str) -> str:
    """ "M" or "F", from the parity of the 17th digit."""
    return "M" if int(id_number[16]) % 2 else "F"


def normalize_id_number(value: str) -> str:
    """The ID number as stored: NFKC (full-width ``５１３３…Ｘ`` becomes ASCII), stripped, upper-case ``X``."""
    return normalize_width(value or "").strip().upper()


def id_number_problems(id_number: str, *, birth_date: date | None = None, gender: str | None = None) -> list[str]:
    """Every reason, in Chinese, why this ID number is not acceptable for this person; empty if it is.

    ``id_number`` is normalised (``normalize_id_number``); a digit of another script (``٣``) is refused by name,
    since ``str.isdigit`` would take it and the database's check would not.
    """
    foreign = foreign_digit_message(id_number, label=_("身份证号"))
    if foreign:
        return [foreign]
    if (
        len(id_number) != 18
        or not id_number[:17].isascii()
        or not id_number[:17].isdigit()
        or id_number[17] not in "0123456789X"
    ):
        return [_("身份证号应为18位：前17位为数字，末位为数字或X。")]
    problems = []
    embedded_birth_date = id_number_birth_date(id_number)
    if embedded_birth_date is None:
        problems.append(_("身份证号中的出生日期无效。"))
    elif birth_date is not None and embedded_birth_date != birth_date:
        problems.append(
            _("身份证号中的出生日期（%(embedded)s）与填写的出生日期（%(given)s）不一致。")
            % {"embedded": embedded_birth_date.isoformat(), "given": birth_date.isoformat()}
        )
    if id_number_check_character(id_number[:17]) != id_number[17]:
        problems.append(_("身份证号校验码错误。"))
    if gender in ("M", "F") and id_number_gender(id_number) != gender:
        problems.append(_("身份证号中的性别与填写的性别不一致。"))
    return problems


def headcount_excess(headcount: int, in_service: int) -> int:
    """How many cadres in service a unit has over its approved headcount (编制数): 编制 56, 在职 57 → 1.

    A headcount of 0 is an unset one (the default of a unit whose 编制 was never entered): never over.
    """
    if headcount <= 0:
        return 0
    return max(0, in_service - headcount)


def mask_id_number(id_number: str) -> str:
    """Shown in lists: the region code and the last four characters only (513329********1234)."""
    if len(id_number) < 10:
        return "*" * len(id_number)
    return f"{id_number[:6]}{'*' * (len(id_number) - 10)}{id_number[-4:]}"


def age_on(birth_date: date, on: date) -> int:
    """Whole years of age on a date (``core.periods.whole_years_between``: born 29 February, a year older
    on 28 February of a common year)."""
    return whole_years_between(birth_date, on)


def birth_date_bounds_for_age(*, min_age: int | None, max_age: int | None, on: date) -> tuple[date | None, date | None]:
    """The birth-date range (earliest, latest) of people aged min_age..max_age on a date, inclusive.

    Exactly the people ``age_on`` gives those ages, leap days included.
    """
    latest = _latest_birth_date_for_age(on, min_age) if min_age is not None else None
    earliest = None
    if max_age is not None:
        earliest = _latest_birth_date_for_age(on, max_age + 1) + timedelta(days=1)
    return earliest, latest


def _latest_birth_date_for_age(on: date, years: int) -> date:
    """The last birth date of someone at least ``years`` old on ``on``: ``add_months(birth, 12 × years) <= on``.

    The same day ``years`` earlier, or the day after it when that clamps (on 2026-02-28, someone born
    1980-02-29 is already 46).
    """
    latest = add_months(on, -12 * years)
    following = latest + timedelta(days=1)
    return following if add_months(following, 12 * years) <= on else latest


def id_number_compose(*, region: str, birth_date: date, sequence: int, gender: str) -> str:
    """Build a valid ID number: region (6 digits), birth date, a 3-digit sequence whose last digit carries
    the gender (odd for men), and the check character. Used by the demo county and the test factories."""
    sequence = sequence % 500 * 2 + (1 if gender == "M" else 0)
    first_seventeen = f"{region}{birth_date:%Y%m%d}{sequence:03d}"
    return first_seventeen + id_number_check_character(first_seventeen)


# ---------------------------------------------------------------- statutory retirement (domain-rules §11)

RETIREMENT_CLAUSE = "全国人大常委会关于实施渐进式延迟法定退休年龄的决定（2024年）"


@dataclass(frozen=True, slots=True)
class Retirement:
    """A cadre's statutory retirement: the group, the age in months, the delay, and the day the age is reached.

    ``on`` is the day the cadre reaches the statutory age: the birthday ``age_months`` months after birth
    (the month's last day where the month has no such day), the day from which 到龄 applies.
    """

    group: str
    age_months: int
    delay_months: int
    on: date

    @property
    def age_text(self) -> str:
        """ "60岁1个月", "63岁", as the decision's appendix writes the age."""
        years, months = divmod(self.age_months, 12)
        if months:
            return _("%(years)s岁%(months)s个月") % {"years": years, "months": months}
        return _("%(years)s岁") % {"years": years}


def retirement_group(*, gender: str, category: str) -> str:
    """The retirement group of a cadre (domain-rules §11): men are "male_60"; a woman's group follows her
    category (``settings.RETIREMENT_FEMALE_GROUP_BY_CATEGORY``, 55 for cadres by default)."""
    if gender == "M":
        return "male_60"
    return settings.RETIREMENT_FEMALE_GROUP_BY_CATEGORY.get(category, "female_55")


def retirement_delay_months(*, old_retirement_year: int, old_retirement_month: int, group: str) -> int:
    """The delay in months for someone who would have retired in the given month under the old age (§11).

    Month n counts from ``settings.RETIREMENT_REFORM_START`` (January 2025 is 1); the delay is
    ceil(n / 4) months (ceil(n / 2) for the group whose old age was 50), capped at 36 (60 for that group);
    before the start the old age applies unchanged.
    """
    config = settings.RETIREMENT_GROUPS[group]
    start_year, start_month = settings.RETIREMENT_REFORM_START
    n = (old_retirement_year - start_year) * 12 + (old_retirement_month - start_month) + 1
    if n <= 0:
        return 0
    return min(math.ceil(n / config["months_per_delay_month"]), config["max_delay_months"])


def retirement_in_group(*, birth_date: date, group: str) -> Retirement:
    """The statutory retirement of someone born on ``birth_date`` in ``group`` (domain-rules §11).

    A man born 1965-01 reaches 60 in 2025-01 (month 1): delay 1 month, retires 2025-02 at 60 years 1 month.
    A woman cadre born 1971-04 reaches 55 in 2026-04 (month 16): delay 4, retires 2026-08 at 55 years 4 months.
    """
    base_months = settings.RETIREMENT_GROUPS[group]["base_years"] * 12
    old_retirement = add_months(birth_date.replace(day=1), base_months)
    delay = retirement_delay_months(
        old_retirement_year=old_retirement.year, old_retirement_month=old_retirement.month, group=group
    )
    age_months = base_months + delay
    return Retirement(group=group, age_months=age_months, delay_months=delay, on=add_months(birth_date, age_months))


def retirement(*, birth_date: date, gender: str, category: str) -> Retirement:
    """A cadre's statutory retirement: the group from gender and category, then ``retirement_in_group``."""
    return retirement_in_group(birth_date=birth_date, group=retirement_group(gender=gender, category=category))


def retirement_date(*, birth_date: date, gender: str, category: str) -> date:
    """The day the cadre reaches the statutory retirement age (``retirement(...).on``)."""
    return retirement(birth_date=birth_date, gender=gender, category=category).on


def retirement_birth_date_range(*, group: str, first: date, last: date) -> tuple[date, date] | None:
    """The births of ``group`` whose retirement day falls in [first, last], as an inclusive range, or None.

    The retirement day never decreases as the birth date increases (a later birth never retires earlier), so
    the births form one interval, found by bisection over days: a list of cadres reaching retirement in a
    window is then one indexed birth-date query per group.
    """
    config = settings.RETIREMENT_GROUPS[group]
    earliest = add_months(first, -12 * config["base_years"] - config["max_delay_months"] - 1).toordinal()
    latest = add_months(last, -12 * config["base_years"] + 1).toordinal()

    def first_birth_retiring_after(day: date) -> int:
        """The first birth (ordinal) whose retirement day is after ``day``: bisection over a monotonic test."""
        low, high = earliest, latest + 1
        while low < high:
            middle = (low + high) // 2
            if retirement_in_group(birth_date=date.fromordinal(middle), group=group).on > day:
                high = middle
            else:
                low = middle + 1
        return low

    low = first_birth_retiring_after(date.fromordinal(first.toordinal() - 1))
    high = first_birth_retiring_after(last) - 1
    if low > high:
        return None
    return date.fromordinal(low), date.fromordinal(high)
