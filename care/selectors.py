"""Every read of the care app. Each takes ``user=`` and returns a scoped, pre-joined queryset or rows.

Records about a person (applications, tenancies, checks, leave, pay) are scoped through the cadre
(``policy.scope(user).cadres("cadre__")``): a cadre sees only his or her own. Housing stock is scoped by the
unit where it stands; the inspection register holds no personal data and is read by every staff user.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, DecimalField, Exists, ExpressionWrapper, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import ExtractYear
from django.db.models.lookups import StartsWith
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts import policy
from accounts.models import User
from cadres.choices import CadreStatus
from cadres.models import Cadre, Unit
from cadres.selectors import official_order
from care import rules
from care.choices import ApplicationStatus, FlatStatus, InspectionStatus, LeaveKind
from care.models import (
    Building,
    Flat,
    HealthCheck,
    HousingApplication,
    InspectionItem,
    LeaveRecord,
    PayRecord,
    Tenancy,
)
from core.periods import whole_years_between

# ---------------------------------------------------------------- housing


def building_list(*, user: User) -> QuerySet[Building]:
    if not policy.is_staff(user):
        return Building.objects.none()
    return Building.objects.filter(policy.scope(user).units("unit__")).select_related("unit")


def building_get(*, user: User, pk: int) -> Building:
    return get_object_or_404(building_list(user=user), pk=pk)


def flat_list(*, user: User) -> QuerySet[Flat]:
    """Flats in the user's buildings, each with its current tenant's name (one subquery, no N+1)."""
    if not policy.is_staff(user):
        return Flat.objects.none()
    current = Tenancy.objects.filter(flat=OuterRef("pk"), end_date__isnull=True)
    return (
        Flat.objects.filter(policy.scope(user).units("building__unit__"))
        .select_related("building", "building__unit")
        .annotate(
            current_tenant_name=Subquery(current.values("cadre__name")[:1]),
            current_tenancy_id=Subquery(current.values("pk")[:1]),
        )
    )


def flat_get(*, user: User, pk: int) -> Flat:
    return get_object_or_404(flat_list(user=user), pk=pk)


def application_list(*, user: User) -> QuerySet[HousingApplication]:
    return HousingApplication.objects.filter(policy.scope(user).cadres("cadre__")).select_related(
        "cadre", "cadre__unit"
    )


def application_get(*, user: User, pk: int) -> HousingApplication:
    return get_object_or_404(application_list(user=user), pk=pk)


def waiting_list(*, user: User) -> QuerySet[HousingApplication]:
    """Approved applications waiting for a flat: highest priority first, then the earliest application."""
    return (
        application_list(user=user)
        .filter(status=ApplicationStatus.WAITING)
        .order_by("-priority_score", "applied_on", "id")
    )


def tenancy_list(*, user: User) -> QuerySet[Tenancy]:
    return Tenancy.objects.filter(policy.scope(user).cadres("cadre__")).select_related(
        "cadre", "cadre__unit", "flat", "flat__building"
    )


def tenancy_get(*, user: User, pk: int) -> Tenancy:
    return get_object_or_404(tenancy_list(user=user), pk=pk)


@dataclass(frozen=True)
class OccupancyRow:
    building: Building
    flats: int
    occupied: int
    maintenance: int
    retired: int

    @property
    def available(self) -> int:
        """Flats neither lived in, nor under maintenance, nor retired."""
        return max(self.flats - self.retired - self.maintenance - self.occupied, 0)

    @property
    def in_use(self) -> int:
        """Flats that can be lived in (all but retired ones)."""
        return self.flats - self.retired

    @property
    def rate(self) -> float:
        return round(100 * self.occupied / self.in_use, 1) if self.in_use else 0.0


def occupancy_report(*, user: User) -> list[OccupancyRow]:
    """Flats per building by state; "occupied" counts current tenancies (at most one per flat, by the DB)."""
    buildings = building_list(user=user).annotate(
        n_flats=Count("flats", distinct=True),
        n_occupied=Count("flats__tenancies", filter=Q(flats__tenancies__end_date__isnull=True), distinct=True),
        n_maintenance=Count("flats", filter=Q(flats__status=FlatStatus.MAINTENANCE), distinct=True),
        n_retired=Count("flats", filter=Q(flats__status=FlatStatus.RETIRED), distinct=True),
    )
    return [
        OccupancyRow(
            building=b,
            flats=b.n_flats,
            occupied=b.n_occupied,
            maintenance=b.n_maintenance,
            retired=b.n_retired,
        )
        for b in buildings.order_by("unit__path", "name", "id")
    ]


def occupancy_totals(rows: list[OccupancyRow]) -> dict:
    """The county's figures over the report's buildings: flats, occupied, available, in use, and the
    occupancy rate in percent (occupied over flats in use, one decimal; 0.0 with none in use)."""
    totals = {
        "flats": sum(r.flats for r in rows),
        "occupied": sum(r.occupied for r in rows),
        "available": sum(r.available for r in rows),
        "in_use": sum(r.in_use for r in rows),
    }
    totals["rate"] = round(100 * totals["occupied"] / totals["in_use"], 1) if totals["in_use"] else 0.0
    return totals


# ---------------------------------------------------------------- health checks


def health_check_list(*, user: User) -> QuerySet[HealthCheck]:
    return HealthCheck.objects.filter(policy.scope(user).cadres("cadre__")).select_related("cadre", "cadre__unit")


def health_check_get(*, user: User, pk: int) -> HealthCheck:
    return get_object_or_404(health_check_list(user=user), pk=pk)


def health_check_due_list(*, user: User, year: int) -> QuerySet[Cadre]:
    """Active cadres in scope with no done check for ``year``; each row says whether a record exists."""
    checks = HealthCheck.objects.filter(cadre=OuterRef("pk"), year=year)
    due = (
        Cadre.objects.filter(policy.scope(user).cadres(), status=CadreStatus.ACTIVE)
        .exclude(Exists(checks.filter(done=True)))
        .annotate(has_check_record=Exists(checks))
        .select_related("unit")
    )
    return official_order(due)  # the roster's order (issue 15.4)


def health_check_state_for(*, year: int, done: bool, today: datetime.date | None = None) -> str:
    return rules.health_check_state(
        done=done, year=year, today=today or timezone.localdate(), due_month=settings.CARE_HEALTH_CHECK_DUE_MONTH
    )


# ---------------------------------------------------------------- annual leave


def leave_record_list(*, user: User) -> QuerySet[LeaveRecord]:
    return LeaveRecord.objects.filter(policy.scope(user).cadres("cadre__")).select_related("cadre", "cadre__unit")


def leave_record_get(*, user: User, pk: int) -> LeaveRecord:
    return get_object_or_404(leave_record_list(user=user), pk=pk)


@dataclass(frozen=True)
class LeaveSummary:
    """A cadre's annual leave in a year: what the year grants and why, carried in, taken, and the balance.

    ``entitlement`` is None when the cadre's 参加工作时间 is unknown: nothing can be computed then.
    """

    year: int
    entitlement: rules.LeaveEntitlement | None
    carried_in: int = 0
    taken: int = 0
    balance: int = 0
    sick_days: int = 0
    personal_days_paid: int = 0

    @property
    def available(self) -> int:
        return (self.entitlement.days if self.entitlement else 0) + self.carried_in


def ledger_start_year(year: int) -> int:
    return min(year, settings.CARE_LEAVE_LEDGER_START_YEAR)


def leave_totals(*, cadres, first_year: int, last_year: int) -> dict[int, dict[int, dict[str, int]]]:
    """{cadre id: {year: {"annual", "sick", "personal_paid"}}} in ONE grouped query.

    ``cadres`` is a queryset (used as a subquery) or a list of ids. A leave record belongs to the year it
    starts in; the services refuse records that cross a year.
    """
    ids = cadres.values("pk") if isinstance(cadres, QuerySet) else cadres
    rows = (
        LeaveRecord.objects.filter(cadre_id__in=ids, start_date__year__gte=first_year, start_date__year__lte=last_year)
        .annotate(year=ExtractYear("start_date"))
        .values("cadre_id", "year")
        .annotate(
            annual=Sum("days", filter=Q(kind=LeaveKind.ANNUAL)),
            sick=Sum("days", filter=Q(kind=LeaveKind.SICK)),
            personal_paid=Sum("days", filter=Q(kind=LeaveKind.PERSONAL, pay_deducted=False)),
        )
        .order_by()
    )
    totals: dict[int, dict[int, dict[str, int]]] = defaultdict(dict)
    for row in rows:
        totals[row["cadre_id"]][row["year"]] = {
            "annual": row["annual"] or 0,
            "sick": row["sick"] or 0,
            "personal_paid": row["personal_paid"] or 0,
        }
    return totals


def leave_summary_from_totals(
    *, work_start_date: datetime.date | None, totals: dict[int, dict[str, int]], year: int
) -> LeaveSummary:
    """The pure rules applied to one cadre's yearly totals: entitlement per year, then the FIFO ledger."""
    this_year = totals.get(year, {})
    sick = this_year.get("sick", 0)
    personal_paid = this_year.get("personal_paid", 0)
    if work_start_date is None:
        return LeaveSummary(
            year=year,
            entitlement=None,
            taken=this_year.get("annual", 0),
            sick_days=sick,
            personal_days_paid=personal_paid,
        )
    entitlements, taken, grants = {}, {}, {}
    for each_year in range(ledger_start_year(year), year + 1):
        year_totals = totals.get(each_year, {})
        service_years = whole_years_between(
            work_start_date, rules.service_reckoning_date(each_year, settings.CARE_LEAVE_SERVICE_RECKONED_ON)
        )
        grants[each_year] = rules.annual_leave_entitlement(
            service_years=service_years,
            personal_leave_days_paid=year_totals.get("personal_paid", 0),
            sick_leave_days=year_totals.get("sick", 0),
            days_per_month=settings.CARE_LEAVE_DAYS_PER_MONTH,
        )
        entitlements[each_year] = grants[each_year].days
        taken[each_year] = year_totals.get("annual", 0)
    ledger = rules.annual_leave_balances(
        entitlements=entitlements, taken=taken, carry_over_years=settings.CARE_LEAVE_CARRY_OVER_YEARS, until=year
    )[year]
    return LeaveSummary(
        year=year,
        entitlement=grants[year],
        carried_in=ledger.carried_in,
        taken=ledger.taken,
        balance=ledger.balance,
        sick_days=sick,
        personal_days_paid=personal_paid,
    )


def leave_summary(*, cadre: Cadre, year: int) -> LeaveSummary:
    """One cadre's leave summary (one query). The cadre must already come from a scoped selector."""
    totals = leave_totals(cadres=[cadre.pk], first_year=ledger_start_year(year), last_year=year)
    return leave_summary_from_totals(work_start_date=cadre.work_start_date, totals=totals.get(cadre.pk, {}), year=year)


@dataclass(frozen=True)
class CadreLeaveRow:
    cadre: Cadre
    summary: LeaveSummary


def leave_overview(*, cadres: QuerySet[Cadre], year: int) -> list[CadreLeaveRow]:
    """Leave summaries for a (scoped, filtered) queryset of cadres in two queries however many rows."""
    cadre_rows = list(cadres.select_related("unit"))
    totals = leave_totals(cadres=cadres, first_year=ledger_start_year(year), last_year=year)
    return [
        CadreLeaveRow(
            cadre=cadre,
            summary=leave_summary_from_totals(
                work_start_date=cadre.work_start_date, totals=totals.get(cadre.pk, {}), year=year
            ),
        )
        for cadre in cadre_rows
    ]


def no_annual_leave_report(*, user: User, year: int, cadres: QuerySet[Cadre] | None = None) -> list[CadreLeaveRow]:
    """Active cadres in scope who are entitled to leave in ``year`` and have taken none, in the roster's
    official order (a 名单, not by pinyin)."""
    if cadres is None:
        cadres = Cadre.objects.filter(policy.scope(user).cadres(), status=CadreStatus.ACTIVE)
    rows = leave_overview(cadres=official_order(cadres), year=year)
    return [row for row in rows if row.summary.available > 0 and row.summary.taken == 0]


# ---------------------------------------------------------------- township allowance


def pay_record_list(*, user: User) -> QuerySet[PayRecord]:
    return PayRecord.objects.filter(policy.scope(user).cadres("cadre__")).select_related("cadre", "unit")


def pay_record_get(*, user: User, pk: int) -> PayRecord:
    return get_object_or_404(pay_record_list(user=user), pk=pk)


def _under_township(unit_path_ref: str) -> Exists:
    """True when the unit at ``unit_path_ref`` is a township or lies below one (one correlated subquery)."""
    return Exists(Unit.objects.filter(is_township=True).filter(StartsWith(OuterRef(unit_path_ref), F("path"))))


def county_organ_peer_averages(*, month: datetime.date) -> dict[int, Decimal]:
    """{rank: average total pay} of county-organ cadres in ``month``, in ONE grouped query.

    The average is a county statistic, not a person's record, so it is not narrowed to the user's scope.
    It is summed in SQL and divided here, in Decimal, so both databases give the same cents.
    """
    rows = (
        PayRecord.objects.filter(
            month=month,
            rank__isnull=False,
            cadre__category__in=settings.CARE_TOWNSHIP_PAY_CATEGORIES,
            unit__kind__in=settings.CARE_COUNTY_ORGAN_UNIT_KINDS,
        )
        .exclude(_under_township("unit__path"))
        .values("rank")
        .annotate(
            total=Sum(
                F("base_pay") + F("township_allowance"), output_field=DecimalField(max_digits=14, decimal_places=2)
            ),
            n=Count("pk"),
        )
        .order_by()
    )
    return {row["rank"]: Decimal(str(row["total"])) / row["n"] for row in rows if row["n"]}


@dataclass(frozen=True)
class TownshipPayRow:
    record: PayRecord
    check: rules.TownshipPayCheck


def _township_pay(records: QuerySet[PayRecord], month: datetime.date) -> QuerySet[PayRecord]:
    """Of ``records``, those of township cadres (the categories of the setting) paid in a township in ``month``."""
    return records.filter(month=month, cadre__category__in=settings.CARE_TOWNSHIP_PAY_CATEGORIES).filter(
        _under_township("unit__path")
    )


def township_pay_records(*, user: User, month: datetime.date) -> QuerySet[PayRecord]:
    """The month's township pay records in scope, by the paying unit, then the roster's official order."""
    return official_order(_township_pay(pay_record_list(user=user), month), "cadre__", before=("unit__path",))


def township_pay_below_floor(*, records: QuerySet[PayRecord], month: datetime.date) -> QuerySet[PayRecord]:
    """Of ``records`` (already scoped), the township cadres' pay records of ``month`` below the floor of
    domain-rules §8 (``rules.township_pay_check``: the county-organ average of the same rank × (1 + premium)).

    Set-based, for the dashboard: one grouped query for the averages, then one condition per rank, so it
    agrees with ``township_pay_report`` row for row without reading the records into Python. A rank without
    county-organ peers that month is never below (no comparison, as in the report).
    """
    premium = Decimal(str(settings.CARE_TOWNSHIP_PAY_PREMIUM))
    below = Q(pk__in=[])
    for rank, average in county_organ_peer_averages(month=month).items():
        required = rules.township_pay_check(total=Decimal(0), peer_average=average, premium=premium).required
        below |= Q(rank=rank, pay_total__lt=required)
    total = F("base_pay") + F("township_allowance")
    return (
        _township_pay(records, month)
        .annotate(pay_total=ExpressionWrapper(total, output_field=DecimalField(max_digits=12, decimal_places=2)))
        .filter(below)
    )


def township_pay_report(*, user: User, month: datetime.date, below_only: bool = True) -> list[TownshipPayRow]:
    """Township cadres in scope whose pay in ``month`` is below the floor, with the gap (two queries)."""
    premium = Decimal(str(settings.CARE_TOWNSHIP_PAY_PREMIUM))
    averages = county_organ_peer_averages(month=month)
    rows = []
    for record in township_pay_records(user=user, month=month):
        check = rules.township_pay_check(
            total=record.base_pay + record.township_allowance, peer_average=averages.get(record.rank), premium=premium
        )
        if check is not None and (check.below or not below_only):
            rows.append(TownshipPayRow(record=record, check=check))
    return rows


def latest_pay_month() -> datetime.date | None:
    return PayRecord.objects.order_by("-month").values_list("month", flat=True).first()


# ---------------------------------------------------------------- burden-reduction register


def inspection_item_list(*, user: User) -> QuerySet[InspectionItem]:
    if not policy.is_staff(user):
        return InspectionItem.objects.none()
    return InspectionItem.objects.select_related("merged_into")


def inspection_item_get(*, user: User, pk: int) -> InspectionItem:
    return get_object_or_404(inspection_item_list(user=user), pk=pk)


def inspection_counts_by_year(*, user: User) -> list[dict]:
    """Per year: items registered, kept, merged and retired (one grouped query), oldest year first."""
    return list(
        inspection_item_list(user=user)
        .values("year")
        .annotate(
            total=Count("pk"),
            active=Count("pk", filter=Q(status=InspectionStatus.ACTIVE)),
            merged=Count("pk", filter=Q(status=InspectionStatus.MERGED)),
            retired=Count("pk", filter=Q(status=InspectionStatus.RETIRED)),
        )
        .order_by("year")
    )


# ---------------------------------------------------------------- a cadre's own care


def own_current_tenancy(*, cadre: Cadre) -> Tenancy | None:
    return (
        Tenancy.objects.filter(cadre=cadre, end_date__isnull=True)
        .select_related("flat", "flat__building", "flat__building__unit")
        .first()
    )


def own_care(*, cadre: Cadre, year: int) -> dict:
    """What a cadre sees of his or her own care: housing, the year's leave, checks. Five queries, however many
    records. ``cadre`` must come from a scoped read (or be the login's own cadre)."""
    return {
        "tenancy": own_current_tenancy(cadre=cadre),
        "applications": list(HousingApplication.objects.filter(cadre=cadre).order_by("-applied_on", "-id")[:3]),
        "leave": leave_summary(cadre=cadre, year=year),
        "leave_records": list(LeaveRecord.objects.filter(cadre=cadre, start_date__year=year).order_by("start_date")),
        "checks": list(HealthCheck.objects.filter(cadre=cadre).order_by("-year")[:5]),
        "year": year,
    }


# ---------------------------------------------------------------- leave of many cadres (for the assessments job)


def leave_intervals_in_year(*, year: int, cadre_ids, kinds) -> dict[int, list[tuple[datetime.date, datetime.date]]]:
    """Inclusive (start, end) of the leave records of ``kinds`` that overlap ``year``, by cadre, in one query.
    The assessment rule "sick or personal leave over half the year" (domain-rules §2, art. 27) reads this."""
    rows = (
        LeaveRecord.objects.filter(
            cadre_id__in=cadre_ids,
            kind__in=kinds,
            start_date__lte=datetime.date(year, 12, 31),
            end_date__gte=datetime.date(year, 1, 1),
        )
        .order_by("cadre_id", "start_date")
        .values_list("cadre_id", "start_date", "end_date")
    )
    intervals: dict[int, list[tuple[datetime.date, datetime.date]]] = defaultdict(list)
    for cadre_id, start, end in rows:
        intervals[cadre_id].append((start, end))
    return dict(intervals)
