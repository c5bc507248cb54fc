"""Every read of the training area. Each takes ``user=`` (or an already scoped cadre) and scopes the queryset:
staff see the records of the cadres they may see, a cadre only his or her own; out of scope → 404."""

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from django.db.models import Count, DecimalField, Prefetch, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, ExtractYear
from django.shortcuts import get_object_or_404

from accounts import policy
from accounts.models import User
from cadres.models import Cadre, Unit
from cadres.selectors import official_order
from careers.selectors import last_promotion_date
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


def course_enrolments(*, user: User, course: Course, today: date) -> dict:
    """The enrolment side of a course page for ``user``: ``enrolments`` in the user's scope (by seat, then
    the waiting list), ``waiting_rank`` ({enrolment id: place on the waiting list}), the user's own
    enrolment ``mine`` (or None), and whether the user, a cadre, ``can_sign_up`` today (§6 enrolment window)."""
    enrolments = list(enrolment_list(user=user).filter(course=course).order_by("seat", "waiting_position", "id"))
    waiting = (e for e in enrolments if e.status == EnrolmentStatus.WAITING)
    mine = next((e for e in enrolments if e.cadre_id == user.cadre_id), None) if user.cadre_id else None
    can_sign_up = bool(user.cadre_id) and (mine is None or mine.status == EnrolmentStatus.WITHDRAWN)
    if can_sign_up:
        can_sign_up = any(c.pk == course.pk for c in open_courses_for_cadre(cadre=user.cadre, today=today))
    return {
        "enrolments": enrolments,
        "waiting_rank": {e.pk: index for index, e in enumerate(waiting, start=1)},
        "mine": mine,
        "can_sign_up": can_sign_up,
    }


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


def compliance_for_cadres(
    *, on_date: date, cadre_ids: list[int] | None = None, queryset: QuerySet[Cadre] | None = None
) -> dict[int, rules.ComplianceResult]:
    """§6 compliance on ``on_date`` of the given cadres, keyed by cadre id (at most 3 queries whatever the
    count: credits, cadres with their last promotion, and the grace make-up credits of those promoted in
    the annual year).

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


def _grace_makeup_totals(
    *, cadres: QuerySet[Cadre], promotions: dict[int, date], on_date: date, thresholds: rules.Thresholds
) -> dict[int, tuple[Decimal, Decimal]]:
    """(hours, days) credited inside each cadre's ``rules.grace_makeup_window``, for the cadres promoted in
    the annual year assessed (the only ones whose make-up counts): one query, or none when nobody is."""
    annual_year = rules.assessment_periods(on_date, thresholds=thresholds).annual_year
    windows = {}
    for pk, promoted in promotions.items():
        if promoted is not None and promoted.year == annual_year:
            window = rules.grace_makeup_window(promotion_date=promoted, on_date=on_date, thresholds=thresholds)
            if window is not None:
                windows[pk] = window
    if not windows:
        return {}
    first = min(window[0] for window in windows.values())
    last = max(window[1] for window in windows.values())
    promoted_in_year = cadres.annotate(promoted=last_promotion_date(on_date=on_date)).filter(
        promoted__gte=date(annual_year, 1, 1), promoted__lte=date(annual_year, 12, 31)
    )
    rows = (
        TrainingCredit.objects.filter(
            cadre_id__in=promoted_in_year.values("pk"), earned_on__gte=first, earned_on__lte=last
        )
        .values_list("cadre_id", "earned_on")
        .annotate(hours=Sum("hours"), days=Sum("days"))
        .order_by()
    )
    totals: dict[int, tuple[Decimal, Decimal]] = {}
    for cadre_id, earned_on, hours, days in rows:
        window = windows.get(cadre_id)
        if window is not None and window[0] <= earned_on <= window[1]:
            so_far = totals.get(cadre_id, (ZERO, ZERO))
            totals[cadre_id] = (so_far[0] + hours, so_far[1] + days)
    return totals


def _assess_cadres(
    *, cadres: QuerySet[Cadre], on_date: date, extra_fields: tuple[str, ...] = (), in_official_order: bool = False
) -> tuple[dict[int, rules.ComplianceResult], dict[int, tuple]]:
    """One aggregate query over the credits, one over the cadres (with their last promotion, and
    ``extra_fields`` for reports), one over the grace make-up credits; then the pure rule per cadre.
    The answers are keyed in the roster's official order when ``in_official_order`` (a report's rows),
    in no order otherwise."""
    totals = _credit_totals(cadres=cadres, on_date=on_date)
    thresholds = rules.thresholds_from_settings()
    setup = rules.assessment_setup(on_date, thresholds=thresholds)
    fields = ("pk", "leadership_level", "rank", "promoted", *extra_fields)
    listed = official_order(cadres) if in_official_order else cadres.order_by()
    rows = list(listed.annotate(promoted=last_promotion_date(on_date=on_date)).values_list(*fields))
    makeup = _grace_makeup_totals(
        cadres=cadres, promotions={row[0]: row[3] for row in rows}, on_date=on_date, thresholds=thresholds
    )
    empty = rules.CreditTotals()
    results, extra = {}, {}
    for pk, leadership_level, rank, promoted, *rest in rows:
        cadre_totals = totals.get(pk, empty)
        if pk in makeup:
            cadre_totals = replace(cadre_totals, grace_hours=makeup[pk][0], grace_days=makeup[pk][1])
        results[pk] = rules.assess_compliance(
            cadre_id=pk,
            leadership_level=leadership_level,
            rank=rank,
            promotion_date=promoted,
            totals=cadre_totals,
            on_date=on_date,
            thresholds=thresholds,
            setup=setup,
        )
        if extra_fields:
            extra[pk] = tuple(rest)
    return results, extra


def compliance_for_cadre(*, cadre: Cadre, on_date: date) -> rules.ComplianceResult:
    """One cadre already loaded and scoped: the same path as ``compliance_for_cadres`` (2–3 queries)."""
    return compliance_for_cadres(cadre_ids=[cadre.pk], on_date=on_date)[cadre.pk]


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
    online_short: int = 0

    @property
    def percent(self) -> int:
        return int(self.compliant * 100 / self.cadres) if self.cadres else 100


@dataclass
class ComplianceReport:
    on_date: date
    results: dict[int, rules.ComplianceResult]
    units: list[UnitComplianceRow]
    cadres_by_id: dict[int, tuple]
    online_filter: str = ""

    @property
    def total(self) -> int:
        return len(self.results)

    @property
    def compliant(self) -> int:
        return sum(1 for result in self.results.values() if result.compliant)

    @property
    def online_short(self) -> int:
        return sum(1 for result in self.results.values() if not result.online_met)

    @property
    def listed(self) -> list[rules.ComplianceResult]:
        """The cadres the report lists: those short of the hours, or, when the report is filtered to
        online self-study below the minimum, all of them."""
        if self.online_filter == ONLINE_NOT_MET:
            return list(self.results.values())
        return [result for result in self.results.values() if not result.compliant]


ONLINE_MET, ONLINE_NOT_MET = "met", "not_met"


def compliance_report(*, cadres: QuerySet[Cadre], on_date: date, online: str = "") -> ComplianceReport:
    """The compliance of every cadre of a scoped queryset, summed by unit (at most 3 queries); ``results``
    in the roster's official order (issue 15.4), the units in the unit tree's order.

    ``online`` keeps only the cadres whose online self-study of the annual year meets (``"met"``) or falls
    below (``"not_met"``) the minimum (TRAINING_ONLINE_MIN_HOURS_PER_YEAR, domain-rules §6, S).
    """
    results, extra = _assess_cadres(
        cadres=cadres,
        on_date=on_date,
        extra_fields=("name", "unit_id", "unit__name", "unit__path"),
        in_official_order=True,
    )
    if online in (ONLINE_MET, ONLINE_NOT_MET):
        wanted = online == ONLINE_MET
        results = {pk: result for pk, result in results.items() if result.online_met is wanted}
    units: dict[int, UnitComplianceRow] = {}
    cadres_by_id = {}
    for pk, result in results.items():
        name, unit_id, unit_name, unit_path = extra[pk]
        cadres_by_id[pk] = (name, unit_name)
        row = units.get(unit_id)
        if row is None:
            row = units[unit_id] = UnitComplianceRow(unit_id=unit_id, unit_name=unit_name, unit_path=unit_path)
        row.cadres += 1
        row.online_short += int(not result.online_met)
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
        online_filter=online if online in (ONLINE_MET, ONLINE_NOT_MET) else "",
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
    by_year = {
        year: {"sessions": 0, "attendances": 0, "hours": Decimal(0)}
        for year in sorted({row["year"] for row in sessions} | {row["year"] for row in attendances})
    }
    for row in sessions:
        by_year[row["year"]]["sessions"] += row["sessions"]
    for row in attendances:
        by_year[row["year"]]["attendances"] += row["attendances"]
        by_year[row["year"]]["hours"] += row["hours"] or 0
    return {
        "sessions": sessions,
        "attendances": attendances,
        "by_unit": by_unit,
        "hours_by_year": hours_by_year,
        "by_year": by_year,  # {year: {"sessions", "attendances", "hours"}}, every kind together, in year order
    }


def cadre_hours_by_year(*, cadre: Cadre) -> dict[int, Decimal]:
    rows = TrainingCredit.objects.filter(cadre=cadre).values("year").annotate(hours=Sum("hours")).order_by("year")
    return {row["year"]: row["hours"] for row in rows}


def group_by(rows: list[dict], key: str) -> dict:
    grouped = defaultdict(list)
    for row in rows:
        grouped[row[key]].append(row)
    return dict(grouped)


def own_training(*, user: User, cadre: Cadre, today: date) -> dict:
    """我的培训 of a cadre: the §6 compliance with the year's and the five years' progress in percent (capped
    at 100), the courses open to him or her (each with the enrolment, if any), the enrolments and the latest
    20 hours from elsewhere. Read by the cadre, not through ``user``'s scope: a unit HR user's own training is
    his or her own (not every enrolment of the units managed), even where his or her unit is not one of them."""
    compliance = compliance_for_cadre(cadre=cadre, on_date=today)
    thresholds = rules.thresholds_from_settings()
    own = Enrolment.objects.filter(cadre=cadre).select_related("course", "cadre", "cadre__unit")
    enrolments = list(own.order_by("-course__start_date", "-id"))
    enrolled_courses = {e.course_id: e for e in enrolments}
    return {
        "compliance": compliance,
        "year_percent": _percent(compliance.current_year_hours, thresholds.annual_hours),
        "window_percent": _percent(compliance.window_hours, thresholds.five_year_hours),
        "thresholds": thresholds,
        "open_courses": [
            (course, enrolled_courses.get(course.pk)) for course in open_courses_for_cadre(cadre=cadre, today=today)
        ],
        "enrolments": enrolments,
        "external": list(ExternalHours.objects.filter(cadre=cadre).order_by("-end_date")[:20]),
        "today": today,
    }


def _percent(value: Decimal, required: Decimal) -> int:
    return min(100, int(value * 100 / required)) if required else 100
