"""Every read of the training area. Each takes ``user=`` (or an already scoped cadre) and scopes the queryset:
staff see the records of the cadres they may see, a cadre only his or her own; out of scope → 404."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, DecimalField, Prefetch, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, ExtractYear
from django.shortcuts import get_object_or_404

from accounts import policy
from accounts.models import User
from cadres.models import Cadre, Unit
from training import rules
from training.choices import SEAT_HOLDING_STATUSES, CourseStatus, EnrolmentStatus
from training.models import Attendance, Course, CourseSession, Enrolment, ExternalHours, TrainingCredit

ZERO = Decimal("0")


# ---------------------------------------------------------------- courses


def course_list(*, user: User) -> QuerySet[Course]:
    """Courses with their seat counts. Courses are county-wide: every logged-in user sees them, except
    that drafts are visible to staff only."""
    if not (user.is_authenticated and user.is_active):
        return Course.objects.none()
    queryset = Course.objects.annotate(
        enrolled_count=Count("enrolments", filter=Q(enrolments__status__in=SEAT_HOLDING_STATUSES)),
        waiting_count=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.WAITING)),
    )
    if not policy.is_staff(user):
        queryset = queryset.exclude(status=CourseStatus.DRAFT)
    return queryset


def course_get(*, user: User, pk: int) -> Course:
    return get_object_or_404(course_list(user=user), pk=pk)


def course_sessions(*, course: Course) -> QuerySet[CourseSession]:
    return CourseSession.objects.filter(course=course).order_by("date", "id")


def open_courses_for_cadre(*, cadre: Cadre, today: date) -> list[Course]:
    """Courses the cadre may sign up for today: open, inside the window, cadre in the audience (2 queries)."""
    candidates = (
        Course.objects.filter(status=CourseStatus.OPEN, enrol_opens__lte=today, enrol_closes__gte=today)
        .annotate(enrolled_count=Count("enrolments", filter=Q(enrolments__status__in=SEAT_HOLDING_STATUSES)))
        .prefetch_related(Prefetch("audience_units", queryset=Unit.objects.only("id", "path")))
        .order_by("enrol_closes", "id")
    )
    return [
        course
        for course in candidates
        if rules.in_audience(
            unit_path=cadre.unit.path,
            leadership_level=cadre.leadership_level,
            category=cadre.category,
            audience_unit_paths=[unit.path for unit in course.audience_units.all()],
            audience_levels=course.audience_levels,
            audience_categories=course.audience_categories,
        )
    ]


# ---------------------------------------------------------------- enrolments, attendance, external hours


def enrolment_list(*, user: User) -> QuerySet[Enrolment]:
    return Enrolment.objects.filter(policy.scope(user).cadres("cadre__")).select_related(
        "course", "cadre", "cadre__unit"
    )


def enrolment_get(*, user: User, pk: int) -> Enrolment:
    return get_object_or_404(enrolment_list(user=user), pk=pk)


def attendance_list(*, user: User) -> QuerySet[Attendance]:
    return Attendance.objects.filter(policy.scope(user).cadres("enrolment__cadre__")).select_related(
        "session", "enrolment", "enrolment__cadre", "enrolment__course"
    )


def external_hours_list(*, user: User) -> QuerySet[ExternalHours]:
    return ExternalHours.objects.filter(policy.scope(user).cadres("cadre__")).select_related(
        "cadre", "cadre__unit", "reviewed_by"
    )


def external_hours_get(*, user: User, pk: int) -> ExternalHours:
    return get_object_or_404(external_hours_list(user=user), pk=pk)


def credit_list(*, user: User) -> QuerySet[TrainingCredit]:
    return TrainingCredit.objects.filter(policy.scope(user).cadres("cadre__"))


# ---------------------------------------------------------------- compliance (§6)


def _credit_totals(*, cadres: QuerySet[Cadre] | list[int], on_date: date) -> dict[int, rules.CreditTotals]:
    """One aggregate query over the credit ledger: per cadre, the sums over every period §6 looks at."""
    thresholds = rules.thresholds_from_settings()
    periods = rules.assessment_periods(on_date, thresholds=thresholds)
    earliest = min(periods.window_start, date(periods.annual_year, 1, 1))
    in_annual = Q(year=periods.annual_year)
    in_window = Q(earned_on__gte=periods.window_start)
    in_current = Q(year=periods.current_year)
    decimal = DecimalField(max_digits=9, decimal_places=1)

    def total(field: str, condition: Q):
        return Coalesce(Sum(field, filter=condition), Value(ZERO), output_field=decimal)

    credits = TrainingCredit.objects.filter(earned_on__gte=earliest, earned_on__lte=on_date)
    if not isinstance(cadres, QuerySet):
        credits = credits.filter(cadre_id__in=list(cadres))
    elif cadres.query.where or cadres.query.is_sliced:
        credits = credits.filter(cadre_id__in=cadres.values("pk"))
    # else: every cadre (org-wide staff); a plain scan with a hash aggregate beats a semi-join.
    rows = (
        credits.values("cadre_id")
        .annotate(
            annual_hours=total("hours", in_annual),
            annual_days=total("days", in_annual),
            annual_online_hours=total("online_hours", in_annual),
            window_hours=total("hours", in_window),
            window_days=total("days", in_window),
            current_year_hours=total("hours", in_current),
            current_year_days=total("days", in_current),
        )
        .order_by()
    )
    return {row.pop("cadre_id"): rules.CreditTotals(**row) for row in rows}


def promotion_date(*, rank_date: date | None, post_date: date | None) -> date | None:
    """The last promotion, for the 12-month grace: the later of the rank and the post dates."""
    dates = [value for value in (rank_date, post_date) if value]
    return max(dates) if dates else None


def compliance_for_cadres(
    *, on_date: date, cadre_ids: list[int] | None = None, queryset: QuerySet[Cadre] | None = None
) -> dict[int, rules.ComplianceResult]:
    """§6 compliance on ``on_date`` of the given cadres, keyed by cadre id (2 queries whatever the count).

    Give either ``cadre_ids`` or an (already scoped) ``queryset``. Used by the reward eligibility engine
    as a promotion bar, and by the compliance report.
    """
    if (cadre_ids is None) == (queryset is None):
        raise TypeError("Give exactly one of cadre_ids or queryset.")
    results, _extra = _assess_cadres(
        cadres=queryset if queryset is not None else Cadre.objects.filter(pk__in=list(cadre_ids)),
        on_date=on_date,
    )
    return results


def _assess_cadres(
    *, cadres: QuerySet[Cadre], on_date: date, extra_fields: tuple[str, ...] = ()
) -> tuple[dict[int, rules.ComplianceResult], dict[int, tuple]]:
    """One aggregate query over the credits, one over the cadres (with ``extra_fields`` for reports),
    then the pure rule per cadre."""
    totals = _credit_totals(cadres=cadres, on_date=on_date)
    thresholds = rules.thresholds_from_settings()
    setup = rules.assessment_setup(on_date, thresholds=thresholds)
    empty = rules.CreditTotals()
    results, extra = {}, {}
    fields = ("pk", "leadership_level", "rank", "rank_date", "post_date", *extra_fields)
    for pk, leadership_level, rank, rank_date, post_date, *rest in cadres.order_by().values_list(*fields):
        results[pk] = rules.assess_compliance(
            cadre_id=pk,
            leadership_level=leadership_level,
            rank=rank,
            promotion_date=promotion_date(rank_date=rank_date, post_date=post_date),
            totals=totals.get(pk, empty),
            on_date=on_date,
            thresholds=thresholds,
            setup=setup,
        )
        if extra_fields:
            extra[pk] = tuple(rest)
    return results, extra


def compliance_for_cadre(*, cadre: Cadre, on_date: date) -> rules.ComplianceResult:
    """One cadre already loaded and scoped: a single aggregate query."""
    totals = _credit_totals(cadres=[cadre.pk], on_date=on_date).get(cadre.pk, rules.CreditTotals())
    return rules.assess_compliance(
        cadre_id=cadre.pk,
        leadership_level=cadre.leadership_level,
        rank=cadre.rank,
        promotion_date=promotion_date(rank_date=cadre.rank_date, post_date=cadre.post_date),
        totals=totals,
        on_date=on_date,
        thresholds=rules.thresholds_from_settings(),
    )


@dataclass
class UnitComplianceRow:
    unit_id: int
    unit_name: str
    unit_path: str
    cadres: int = 0
    compliant: int = 0
    in_grace: int = 0
    shortfall_cadres: int = 0
    shortfall_hours: Decimal = ZERO

    @property
    def percent(self) -> int:
        return int(self.compliant * 100 / self.cadres) if self.cadres else 100


@dataclass
class ComplianceReport:
    on_date: date
    results: dict[int, rules.ComplianceResult]
    units: list[UnitComplianceRow]
    cadres_by_id: dict[int, tuple]

    @property
    def total(self) -> int:
        return len(self.results)

    @property
    def compliant(self) -> int:
        return sum(1 for result in self.results.values() if result.compliant)


def compliance_report(*, cadres: QuerySet[Cadre], on_date: date) -> ComplianceReport:
    """The compliance of every cadre of a scoped queryset, summed by unit (2 queries)."""
    results, extra = _assess_cadres(
        cadres=cadres, on_date=on_date, extra_fields=("name", "unit_id", "unit__name", "unit__path")
    )
    units: dict[int, UnitComplianceRow] = {}
    cadres_by_id = {}
    for pk, (name, unit_id, unit_name, unit_path) in extra.items():
        cadres_by_id[pk] = (name, unit_name)
        row = units.get(unit_id)
        if row is None:
            row = units[unit_id] = UnitComplianceRow(unit_id=unit_id, unit_name=unit_name, unit_path=unit_path)
        result = results[pk]
        row.cadres += 1
        if result.compliant:
            row.compliant += 1
            row.in_grace += int(result.in_grace)
        else:
            row.shortfall_cadres += 1
            row.shortfall_hours += result.shortfall
    return ComplianceReport(
        on_date=on_date,
        results=results,
        units=sorted(units.values(), key=lambda row: row.unit_path),
        cadres_by_id=cadres_by_id,
    )


# ---------------------------------------------------------------- a cadre's own training


def cadre_recent_enrolments(*, cadre: Cadre, limit: int = 5) -> list[Enrolment]:
    return list(
        Enrolment.objects.filter(cadre=cadre).select_related("course").order_by("-course__start_date", "-id")[:limit]
    )


# ---------------------------------------------------------------- statistics (dashboard)


def training_statistics(*, user: User) -> dict:
    """Sessions held, attendances and credited hours, by year, unit and kind: one grouped query each.

    Attendances and hours are scoped to the cadres the user may see; sessions are county-wide.
    """
    sessions = list(
        CourseSession.objects.filter(
            course__status__in=[CourseStatus.RUNNING, CourseStatus.FINISHED, CourseStatus.ARCHIVED]
        )
        .annotate(year=ExtractYear("date"))
        .values("year", "course__kind")
        .annotate(sessions=Count("id"), courses=Count("course", distinct=True))
        .order_by("year", "course__kind")
    )
    completed = Enrolment.objects.filter(policy.scope(user).cadres("cadre__"), status=EnrolmentStatus.COMPLETED)
    attendances = list(
        completed.annotate(year=ExtractYear("course__end_date"))
        .values("year", "course__kind")
        .annotate(attendances=Count("id"), hours=Sum("hours_credited"))
        .order_by("year", "course__kind")
    )
    by_unit = list(
        completed.values("cadre__unit_id", "cadre__unit__name", "cadre__unit__path")
        .annotate(attendances=Count("id"), hours=Sum("hours_credited"))
        .order_by("cadre__unit__path")
    )
    hours_by_year = list(
        credit_list(user=user)
        .values("year", "source")
        .annotate(hours=Sum("hours"), cadres=Count("cadre_id", distinct=True))
        .order_by("year", "source")
    )
    return {"sessions": sessions, "attendances": attendances, "by_unit": by_unit, "hours_by_year": hours_by_year}


def cadre_hours_by_year(*, cadre: Cadre) -> dict[int, Decimal]:
    rows = TrainingCredit.objects.filter(cadre=cadre).values("year").annotate(hours=Sum("hours")).order_by("year")
    return {row["year"]: row["hours"] for row in rows}


def group_by(rows: list[dict], key: str) -> dict:
    grouped = defaultdict(list)
    for row in rows:
        grouped[row[key]].append(row)
    return dict(grouped)
