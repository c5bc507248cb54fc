"""Pure rules of the care measures (domain-rules §8): plain data in, decision out; no ORM, no I/O.

Numbers that domain-rules marks V are constants here, each citing its clause. Numbers marked L (local)
are settings (config/settings/rules.py, "§8 care") that the callers read and pass in.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from care.choices import HealthCheckState

CENT = Decimal("0.01")

# 职工带薪年休假条例 art. 3 (V): 累计工作已满1年不满10年的，年休假5天；已满10年不满20年的，10天；已满20年的，15天。
# (minimum completed years of service, days), highest band first.
ANNUAL_LEAVE_BANDS: tuple[tuple[int, int], ...] = ((20, 15), (10, 10), (1, 5))

# 条例 art. 4 (3)–(5) (V): sick leave of 2 months or more (1–10 years' service), 3 months or more (10–20),
# 4 months or more (20+) takes away the year's leave. (minimum completed years, months), highest band first.
SICK_LEAVE_DISQUALIFYING_MONTHS: tuple[tuple[int, int], ...] = ((20, 4), (10, 3), (1, 2))

# 条例 art. 4 (2) (V): 请事假累计20天以上且单位按照规定不扣工资的, no leave that year. "以上" includes the number.
PERSONAL_LEAVE_DISQUALIFYING_DAYS = 20

DISQUALIFIED_BY_PERSONAL_LEAVE = "personal_leave"
DISQUALIFIED_BY_SICK_LEAVE = "sick_leave"


# ---------------------------------------------------------------- annual leave


def service_reckoning_date(year: int, month_day: tuple[int, int]) -> datetime.date:
    """The day of ``year`` on which years of service are counted for that year's leave (a setting, L)."""
    month, day = month_day
    return datetime.date(year, month, day)


def annual_leave_days_for_service(service_years: int) -> int:
    """条例 art. 3: 5 days from 1 full year, 10 from 10, 15 from 20; nothing under one year."""
    for minimum_years, days in ANNUAL_LEAVE_BANDS:
        if service_years >= minimum_years:
            return days
    return 0


def sick_leave_disqualifying_months(service_years: int) -> int | None:
    """条例 art. 4 (3)–(5): the months of sick leave that take away the year's leave at this service."""
    for minimum_years, months in SICK_LEAVE_DISQUALIFYING_MONTHS:
        if service_years >= minimum_years:
            return months
    return None


@dataclass(frozen=True)
class LeaveEntitlement:
    """A year's annual leave and why: the service band, and which art. 4 clause took it away, if any."""

    service_years: int
    band_days: int
    days: int
    disqualified_by: str = ""

    @property
    def reason(self) -> str:
        if self.disqualified_by == DISQUALIFIED_BY_PERSONAL_LEAVE:
            return "事假累计20天以上且未扣工资（条例第四条第二项），当年不享受年休假"
        if self.disqualified_by == DISQUALIFIED_BY_SICK_LEAVE:
            return "病假累计达到规定时长（条例第四条第三至五项），当年不享受年休假"
        if self.band_days == 0:
            return "累计工作未满1年（条例第三条），当年无年休假"
        return f"累计工作{self.service_years}年，年休假{self.band_days}天（条例第三条）"


def annual_leave_entitlement(
    *, service_years: int, personal_leave_days_paid: int, sick_leave_days: int, days_per_month: int
) -> LeaveEntitlement:
    """A year's annual leave (条例 art. 3) less the disqualifications of art. 4 (2)–(5).

    ``personal_leave_days_paid``: personal-leave days of the year for which the unit did not deduct pay;
    ``sick_leave_days``: sick-leave days of the year; months are converted at ``days_per_month`` (a setting, L).
    """
    band_days = annual_leave_days_for_service(service_years)
    if band_days == 0:
        return LeaveEntitlement(service_years=service_years, band_days=0, days=0)
    if personal_leave_days_paid >= PERSONAL_LEAVE_DISQUALIFYING_DAYS:
        return LeaveEntitlement(service_years, band_days, 0, DISQUALIFIED_BY_PERSONAL_LEAVE)
    months = sick_leave_disqualifying_months(service_years)
    if months is not None and sick_leave_days >= months * days_per_month:
        return LeaveEntitlement(service_years, band_days, 0, DISQUALIFIED_BY_SICK_LEAVE)
    return LeaveEntitlement(service_years=service_years, band_days=band_days, days=band_days)


@dataclass(frozen=True)
class LeaveBalance:
    """One year of the annual-leave ledger: what the year grants, what is carried in, taken and left."""

    year: int
    entitlement: int
    carried_in: int
    taken: int
    balance: int


@dataclass
class _Lot:
    year: int
    remaining: int


def annual_leave_balances(
    *, entitlements: Mapping[int, int], taken: Mapping[int, int], carry_over_years: int, until: int
) -> dict[int, LeaveBalance]:
    """The ledger year by year up to ``until``, first in, first out.

    条例 art. 5 (V): leave is normally taken within the year and may be arranged across at most one year;
    how many years unused days stay usable is the setting ``carry_over_years`` (default 1; 0 = none).
    Days taken use the oldest usable days first, since those expire first. Days taken beyond what is
    usable make the balance negative (shown, never hidden). The ledger starts at the earliest year given.
    """
    years = [*entitlements, *taken]
    if not years:
        return {}
    lots: list[_Lot] = []
    result: dict[int, LeaveBalance] = {}
    for year in range(min(min(years), until), until + 1):
        lots = [lot for lot in lots if year - lot.year <= carry_over_years and lot.remaining > 0]
        carried_in = sum(lot.remaining for lot in lots)
        granted = entitlements.get(year, 0)
        lots.append(_Lot(year=year, remaining=granted))
        to_take = taken.get(year, 0)
        for lot in lots:
            used = min(lot.remaining, to_take)
            lot.remaining -= used
            to_take -= used
        balance = sum(lot.remaining for lot in lots) - to_take
        result[year] = LeaveBalance(
            year=year, entitlement=granted, carried_in=carried_in, taken=taken.get(year, 0), balance=balance
        )
    return result


def leave_days_problem(*, start: datetime.date, end: datetime.date, days: int) -> tuple[str, str] | None:
    """Why a leave record's dates and days cannot stand, as (field, message), or None when they can."""
    if end < start:
        return "end_date", "结束日期不能早于开始日期。"
    if start.year != end.year:
        return "end_date", "请假不能跨年度登记，请按年度分别登记。"
    span = (end - start).days + 1
    if days < 1:
        return "days", "请假天数至少为1天。"
    if days > span:
        return "days", f"请假天数（{days}天）不能超过起止日期之间的天数（{span}天）。"
    return None


# ---------------------------------------------------------------- turnover housing


@dataclass(frozen=True)
class HousingFactors:
    """What an applicant declares; the weights of each are the setting CARE_HOUSING_PRIORITY_WEIGHTS (L)."""

    township_post: bool = False
    first_secretary: bool = False
    distance_km: int = 0
    spouse_elsewhere: bool = False
    dependent_children: bool = False
    family_hardship: bool = False


@dataclass(frozen=True)
class HousingPriority:
    score: int
    parts: list[tuple[str, int]] = field(default_factory=list)


HOUSING_FLAG_FACTORS = ("township_post", "first_secretary", "spouse_elsewhere", "dependent_children", "family_hardship")


def housing_priority(factors: HousingFactors, weights: Mapping[str, int]) -> HousingPriority:
    """The waiting-list score (local rule, L): the sum of the weights of the declared factors.

    Distance from home scores ``per_10km_distance`` for every full 10 km, up to ``distance_cap``.
    ``parts`` keeps which factor gave how many points, so the applicant can see why.
    """
    parts: list[tuple[str, int]] = []
    for name in HOUSING_FLAG_FACTORS:
        if getattr(factors, name) and weights.get(name, 0):
            parts.append((name, int(weights[name])))
    distance_points = (max(factors.distance_km, 0) // 10) * int(weights.get("per_10km_distance", 0))
    cap = weights.get("distance_cap")
    if cap is not None:
        distance_points = min(distance_points, int(cap))
    if distance_points:
        parts.append(("distance", distance_points))
    return HousingPriority(score=sum(points for _name, points in parts), parts=parts)


def periods_overlap(
    start_a: datetime.date, end_a: datetime.date | None, start_b: datetime.date, end_b: datetime.date | None
) -> bool:
    """Whether two half-open periods [start, end) overlap; an open end runs for ever."""
    return (end_b is None or start_a < end_b) and (end_a is None or start_b < end_a)


# ---------------------------------------------------------------- health checks


def health_check_state(*, done: bool, year: int, today: datetime.date, due_month: int) -> HealthCheckState:
    """A cadre's check for ``year`` (local rule, L): done; due until the end of ``due_month``; overdue after."""
    if done:
        return HealthCheckState.DONE
    if year < today.year or (year == today.year and today.month > due_month):
        return HealthCheckState.OVERDUE
    return HealthCheckState.DUE


# ---------------------------------------------------------------- township allowance


@dataclass(frozen=True)
class TownshipPayCheck:
    """A township cadre's month against county-organ peers of the same rank (seed article; L)."""

    total: Decimal
    peer_average: Decimal
    required: Decimal
    gap: Decimal

    @property
    def below(self) -> bool:
        return self.gap > 0


def township_pay_check(*, total: Decimal, peer_average: Decimal | None, premium: Decimal) -> TownshipPayCheck | None:
    """Township pay must be at least ``peer_average × (1 + premium)``; the gap is what is missing.

    No peers of the same rank that month means no comparison (None), never a made-up average.
    """
    if peer_average is None:
        return None
    average = Decimal(peer_average)
    required = (average * (Decimal(1) + Decimal(premium))).quantize(CENT, ROUND_HALF_UP)
    gap = max(required - Decimal(total), Decimal(0)).quantize(CENT, ROUND_HALF_UP)
    return TownshipPayCheck(
        total=Decimal(total), peer_average=average.quantize(CENT, ROUND_HALF_UP), required=required, gap=gap
    )


def move_out_refusal(tenancy) -> str:
    """Why a tenancy can no longer be ended ("" while it can): it has been already (退房 once). The service refuses
    with it, and the 退房 page sends the clerk back with it before a form is filled in."""
    return _("该入住记录已办理退房。") if tenancy.end_date is not None else ""
