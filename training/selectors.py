"""Every read of the training area. Each takes ``user=`` (or an already scoped cadre) and scopes the queryset:
staff see the records of the cadres they may see, a cadre only his or her own; out of scope → 404."""

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import (
    Case,
    Count,
    DateField,
    DecimalField,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, ExtractYear
from django.shortcuts import get_object_or_404

from accounts import policy
from accounts.models import User
from cadres.choices import LeadershipLevel, Rank
from cadres.models import Cadre, Unit
from cadres.selectors import official_order
from careers.choices import AppointmentKind, RankChangeKind
from careers.models import Appointment, RankChange
from careers.selectors import last_promotion_date
from core.tables import RowsByPage
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
class ComplianceRow:
    """One listed cadre: the pure rule's result, with the name and unit the report shows."""

    result: rules.ComplianceResult
    name: str
    unit_name: str


@dataclass
class ComplianceReport:
    """The report of ``compliance_report``: the per-unit summary (one grouped query) and the listed cadres
    as ``rows``, a ``RowsByPage`` whose rows are built a page (or an export chunk) at a time."""

    on_date: date
    units: list[UnitComplianceRow]
    rows: RowsByPage

    @property
    def total(self) -> int:
        return sum(row.cadres for row in self.units)

    @property
    def compliant(self) -> int:
        return sum(row.compliant for row in self.units)

    @property
    def online_short(self) -> int:
        return sum(row.online_short for row in self.units)


ONLINE_MET, ONLINE_NOT_MET = "met", "not_met"


def compliance_report(
    *, cadres: QuerySet[Cadre], on_date: date, online: str = "", listing_all: bool = False
) -> ComplianceReport:
    """§6 compliance of every cadre of a scoped queryset, summed by unit in the unit tree's order, and the
    cadres the report lists in the roster's official order (issue 15.4): those short of the hours, or all of
    them with ``listing_all``, or, when the report is filtered to online self-study below the minimum, all
    of those.

    ``online`` keeps only the cadres whose online self-study of the annual year meets (``"met"``) or falls
    below (``"not_met"``) the minimum (TRAINING_ONLINE_MIN_HOURS_PER_YEAR, domain-rules §6, S).

    Set-based: each cadre's status is computed in SQL (``compliance_status_sql``) and summed by unit in one
    grouped query; that query's per-unit counts also say how many cadres each unit lists, so the listing
    is counted without a query and a page reads only the units it spans (``ListedByUnit``). A page's rows
    are then assessed by the pure rule (``compliance_for_cadres``), which writes the reasons.
    """
    if online not in (ONLINE_MET, ONLINE_NOT_MET):
        online = ""
    units = _units_summary(compliance_status_sql(cadres=cadres, on_date=on_date, online=online))
    everyone = listing_all or online == ONLINE_NOT_MET
    counts = [(row.unit_path, row.cadres if everyone else row.shortfall_cadres) for row in units]

    def listed(paths: list[str] | None) -> QuerySet[Cadre]:
        """The listed cadres of the units at ``paths`` (None: of every unit), in the official order."""
        in_units = cadres if paths is None else cadres.filter(unit__path__in=paths)
        sql, params = compliance_status_sql(cadres=in_units, on_date=on_date, online=online)
        if not everyone:
            sql = f"SELECT status.id FROM ({sql}) AS status WHERE status.compliant = 0"
        else:
            sql = f"SELECT status.id FROM ({sql}) AS status"
        return official_order(in_units.filter(pk__in=RawSQL(sql, params)))

    def build(cadre_ids: list[int]) -> list[ComplianceRow]:
        results, extra = _assess_cadres(
            cadres=Cadre.objects.filter(pk__in=cadre_ids), on_date=on_date, extra_fields=("name", "unit__name")
        )
        return [ComplianceRow(results[pk], *extra[pk]) for pk in cadre_ids]

    return ComplianceReport(on_date=on_date, units=units, rows=RowsByPage(ListedByUnit(listed, counts), build))


# ---------------------------------------------------------------- compliance in SQL (§6, set-based)


class AddMonths(Func):
    """``core.periods.add_months`` in SQL: the date ``months`` later, on the same day of the month or the
    month's last day (31 January + 1 month = 28/29 February)."""

    output_field = DateField()

    def __init__(self, expression, months: int, **extra):
        super().__init__(expression, months=int(months), **extra)

    def as_postgresql(self, compiler, connection, **extra_context):
        # PostgreSQL's date + interval already takes the month's last day when the day does not exist.
        return self.as_sql(
            compiler, connection, template="(%(expressions)s + make_interval(months => %(months)s))::date"
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        # SQLite rolls 31 January + 1 month over into March: then the day changed, and the last day of
        # the month before is the answer.
        day, params = compiler.compile(self.source_expressions[0])
        shifted = f"date({day}, '+{int(self.extra['months'])} months')"
        sql = (
            f"CASE WHEN substr({shifted}, 9, 2) = substr({day}, 9, 2) THEN {shifted} "
            f"ELSE date({shifted}, 'start of month', '-1 day') END"
        )
        return sql, [*params] * 4


def _first_promotion_day_in_grace(*, on_date: date, thresholds: rules.Thresholds) -> date | None:
    """The earliest promotion date still in its grace on ``on_date`` (``rules.in_promotion_grace``), or None.

    The grace's last day never moves back as the promotion moves forward, so the promotions in grace on a
    day are exactly those from this date to ``on_date``: SQL compares with a date, and the rule stays in
    ``rules``.
    """
    day = on_date
    if not rules.in_promotion_grace(promotion_date=day, on_date=on_date, thresholds=thresholds):
        return None
    while rules.in_promotion_grace(promotion_date=day - timedelta(days=1), on_date=on_date, thresholds=thresholds):
        day -= timedelta(days=1)
    return day


def _promoted_between(first: date, last: date) -> Q:
    """Cadres (``pk``) with a promotion of post (提拔) or rank (晋升) dated from ``first`` to ``last``: two
    uncorrelated IN subqueries, which PostgreSQL hashes once (the kinds of ``last_promotion_date``)."""
    return Q(
        pk__in=Appointment.objects.filter(
            kind=AppointmentKind.PROMOTION, effective_date__gte=first, effective_date__lte=last
        ).values("cadre_id")
    ) | Q(
        pk__in=RankChange.objects.filter(
            kind=RankChangeKind.PROMOTION, effective_date__gte=first, effective_date__lte=last
        ).values("cadre_id")
    )


def _compliance_facts(*, cadres: QuerySet[Cadre], on_date: date) -> tuple[str, list]:
    """SQL (and parameters) of what the §6 decision needs per cadre of ``cadres``, as plain columns (flags are
    1 or 0): ``id``, ``unit_id``, ``five_year`` (``rules.requirement_kind``), ``required``,
    ``required_days``, the annual year's ``annual_hours`` and ``annual_days``, ``online_met``,
    ``promoted_in_grace`` (``rules.in_promotion_grace``), and the rolling window's ``window_hours`` and
    ``window_days`` (5-year rule) and the grace make-up's ``makeup_hours`` and ``makeup_days`` (annual rule,
    promoted in the annual year), 0 where they do not apply.

    ORM queries joined by cadre: the cadres with their requirement; the annual year's credits, what every
    cadre is assessed on, summed by cadre over the (year, cadre) index; the window's credits of the few
    cadres under the 5-year rule; the make-up credits of the few promoted in the annual year. Each is summed
    on its own before the join, so that no credit counts twice and nobody else's credits are read.
    """
    thresholds = rules.thresholds_from_settings()
    periods = rules.assessment_periods(on_date, thresholds=thresholds)
    year = periods.annual_year
    earliest = min(periods.window_start, date(year, 1, 1))
    hours = DecimalField(max_digits=12, decimal_places=1)

    def flag(condition: Q) -> Case:
        return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())

    def summed(credits: QuerySet[TrainingCredit], **more) -> QuerySet[TrainingCredit]:
        return credits.values("cadre_id").annotate(hours=Sum("hours"), days=Sum("days"), **more).order_by()

    five_year = Q(leadership_level__gte=LeadershipLevel.COUNTY_DEPUTY) | Q(rank__gte=Rank.RESEARCHER_4)
    first_in_grace = _first_promotion_day_in_grace(on_date=on_date, thresholds=thresholds)
    people = (
        cadres.annotate(
            five_year=flag(five_year),
            required=Case(
                When(five_year, then=Value(thresholds.five_year_hours)),
                default=Value(thresholds.annual_hours),
                output_field=hours,
            ),
            required_days=Case(
                When(five_year, then=Value(thresholds.five_year_days)),
                default=Value(thresholds.annual_days),
                output_field=hours,
            ),
            online_required=Value(thresholds.online_min_hours, output_field=hours),
            promoted_in_grace=flag(_promoted_between(first_in_grace, on_date)) if first_in_grace else Value(0),
        )
        .order_by()
        .values("id", "unit_id", "five_year", "required", "required_days", "online_required", "promoted_in_grace")
    )
    annual = summed(
        TrainingCredit.objects.filter(
            cadre_id__in=cadres.values("pk"), year=year, earned_on__gte=earliest, earned_on__lte=on_date
        ),
        online_hours=Sum("online_hours"),
    )
    rolling = summed(
        TrainingCredit.objects.filter(
            cadre_id__in=cadres.filter(five_year).values("pk"),
            earned_on__gte=periods.window_start,
            earned_on__lte=on_date,
        )
    )
    people_sql, people_params = people.query.sql_with_params()
    annual_sql, annual_params = annual.query.sql_with_params()
    rolling_sql, rolling_params = rolling.query.sql_with_params()
    sql = f"""
        SELECT people.*,
               COALESCE(annual.hours, 0) AS annual_hours, COALESCE(annual.days, 0) AS annual_days,
               CASE WHEN COALESCE(annual.online_hours, 0) >= people.online_required THEN 1 ELSE 0 END AS online_met,
               COALESCE(rolling.hours, 0) AS window_hours, COALESCE(rolling.days, 0) AS window_days,
               {{makeup_columns}}
        FROM ({people_sql}) AS people
        LEFT JOIN ({annual_sql}) AS annual ON annual.cadre_id = people.id
        LEFT JOIN ({rolling_sql}) AS rolling ON rolling.cadre_id = people.id
        {{makeup_join}}
    """
    params = [*people_params, *annual_params, *rolling_params]
    if rules.grace_makeup_window(promotion_date=date(year, 12, 31), on_date=on_date, thresholds=thresholds):
        # Promoted in the annual year (the last promotion by ``on_date``, ``last_promotion_date``): the credits
        # from 1 January after it up to the grace's last day count toward that year (rules.grace_makeup_window;
        # a promotion on 31 December has the longest window, so without one there is none).
        # Whose last promotion by ``on_date`` falls in the annual year: promoted in it, and not since.
        last_promoted_in_year = cadres.filter(~five_year & _promoted_between(date(year, 1, 1), date(year, 12, 31)))
        last_promoted_in_year = last_promoted_in_year.exclude(_promoted_between(date(year + 1, 1, 1), on_date))

        def grace_runs_on_the_credit_day(model) -> Exists:
            # The credit falls inside the grace of a promotion in the annual year; the year's last one has
            # the longest grace, so any does exactly when that one does.
            promotions = model.objects.filter(
                cadre_id=OuterRef("cadre_id"),
                kind=AppointmentKind.PROMOTION if model is Appointment else RankChangeKind.PROMOTION,
                effective_date__gte=date(year, 1, 1),
                effective_date__lte=date(year, 12, 31),
            )
            ends = promotions.annotate(grace_over=AddMonths(F("effective_date"), thresholds.grace_months))
            return Exists(ends.filter(grace_over__gt=OuterRef("earned_on")))

        made_up = summed(
            TrainingCredit.objects.filter(
                cadre_id__in=last_promoted_in_year.values("pk"),
                earned_on__gte=date(year + 1, 1, 1),
                earned_on__lte=on_date,
            ).filter(grace_runs_on_the_credit_day(Appointment) | grace_runs_on_the_credit_day(RankChange))
        )
        made_up_sql, made_up_params = made_up.query.sql_with_params()
        sql = sql.format(
            makeup_columns="COALESCE(made_up.hours, 0) AS makeup_hours, COALESCE(made_up.days, 0) AS makeup_days",
            makeup_join=f"LEFT JOIN ({made_up_sql}) AS made_up ON made_up.cadre_id = people.id",
        )
        params += made_up_params
    else:
        sql = sql.format(makeup_columns="0 AS makeup_hours, 0 AS makeup_days", makeup_join="")
    return sql, params


def compliance_status_sql(*, cadres: QuerySet[Cadre], on_date: date, online: str = "") -> tuple[str, list]:
    """SQL (and its parameters) of one row a cadre of ``cadres`` with the §6 decision on ``on_date``: ``id``,
    ``unit_id``, ``required``, ``earned``, ``required_days``, ``earned_days``, ``compliant``, ``in_grace``
    (compliant only thanks to a promotion's grace), ``shortfall`` (hours short, 0 when compliant) and
    ``online_met``, flags as 1 or 0. ``online`` (ONLINE_MET / ONLINE_NOT_MET) keeps only the cadres whose
    online self-study meets or falls below the minimum.

    The decisions of ``rules.assess_compliance`` over the totals of ``_assess_cadres``, in SQL, over the
    columns of ``_compliance_facts``; tests/training/test_compliance_sql.py proves that both agree on
    generated cadres. The decision is written once over the facts' columns, rather than as annotations of
    annotations, which the ORM would copy into every expression that uses them.
    """
    facts, params = _compliance_facts(cadres=cadres, on_date=on_date)
    online_only = {ONLINE_MET: "WHERE period.online_met = 1", ONLINE_NOT_MET: "WHERE period.online_met = 0"}
    sql = f"""
        SELECT decided.id, decided.unit_id, decided.required, decided.earned, decided.required_days,
               decided.earned_days,
               CASE WHEN decided.met = 1 OR decided.promoted_in_grace = 1 THEN 1 ELSE 0 END AS compliant,
               CASE WHEN decided.met = 1 THEN 0 ELSE decided.promoted_in_grace END AS in_grace,
               CASE WHEN decided.met = 1 OR decided.promoted_in_grace = 1 THEN 0
                    ELSE decided.required - decided.earned END AS shortfall,
               decided.online_met
        FROM (
            SELECT period.*,
                   CASE WHEN period.earned >= period.required OR period.earned_days >= period.required_days
                        THEN 1 ELSE 0 END AS met
            FROM (
                SELECT facts.id, facts.unit_id, facts.required, facts.required_days, facts.online_met,
                       facts.promoted_in_grace,
                       CASE WHEN facts.five_year = 1 THEN facts.window_hours
                            ELSE facts.annual_hours + facts.makeup_hours END AS earned,
                       CASE WHEN facts.five_year = 1 THEN facts.window_days
                            ELSE facts.annual_days + facts.makeup_days END AS earned_days
                FROM ({facts}) AS facts
            ) AS period
            {online_only.get(online, "")}
        ) AS decided
    """
    return sql, list(params)


def _units_summary(status: tuple[str, list]) -> list[UnitComplianceRow]:
    """The per-unit counts of the rows of ``compliance_status_sql``: one query grouped by unit, in the unit
    tree's order."""
    sql, params = status
    with _without_jit(), connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT status.unit_id, unit.name, unit.path, COUNT(*), SUM(status.compliant), SUM(status.in_grace),
                   SUM(status.shortfall), SUM(1 - status.online_met)
            FROM ({sql}) AS status JOIN {Unit._meta.db_table} AS unit ON unit.id = status.unit_id
            GROUP BY status.unit_id, unit.name, unit.path
            ORDER BY unit.path, status.unit_id
            """,
            params,
        )
        rows = cursor.fetchall()
    return [
        UnitComplianceRow(
            unit_id=unit_id,
            unit_name=name,
            unit_path=path,
            cadres=count,
            compliant=compliant,
            in_grace=in_grace,
            shortfall_cadres=count - compliant,
            shortfall_hours=_decimal(shortfall),
            online_short=online_short,
        )
        for unit_id, name, path, count, compliant, in_grace, shortfall, online_short in rows
    ]


@contextmanager
def _without_jit() -> Iterator[None]:
    """PostgreSQL prices the report's correlated subqueries as if every cadre ran them (a CASE keeps all but a
    few out) and would JIT-compile the statement: a second of compiling for a statement that runs in a
    fraction of one. Off for this transaction only; SQLite has no JIT."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")
        yield


def _decimal(value) -> Decimal:
    """A sum of hours as the database gives it: a Decimal (PostgreSQL), or an int or float (SQLite), whose
    float error is far below the tenth of an hour the hours are kept in."""
    if value is None:
        return ZERO
    return value if isinstance(value, Decimal) else Decimal(str(round(value, 6)))


class ListedByUnit(Sequence):
    """The listed cadres' ids in the roster's official order, read a slice at a time.

    The official order goes unit by unit (``Unit.path`` first), and ``counts`` says how many cadres each
    unit's path lists, so a slice reads only the units it spans: ``listed(paths)`` (the listed cadres of
    those units in the official order) over a few hundred cadres instead of every cadre's status sorted for
    one page; ``listed(None)`` lists every unit's. ``len`` costs no query.
    """

    def __init__(self, listed: Callable[[list[str] | None], QuerySet[Cadre]], counts: list[tuple[str, int]]):
        self.listed = listed
        self.counts = []  # (path, first position, count), paths merged in order
        position = 0
        for path, count in counts:
            if not count:
                continue
            if self.counts and self.counts[-1][0] == path:
                previous = self.counts.pop()
                self.counts.append((path, previous[1], previous[2] + count))
            else:
                self.counts.append((path, position, count))
            position += count
        self.total = position

    def __len__(self) -> int:
        return self.total

    def _ids(self, start: int, stop: int) -> list[int]:
        spanned = [(path, first) for path, first, count in self.counts if first < stop and first + count > start]
        if not spanned:
            return []
        offset = start - spanned[0][1]
        rows = self.listed([path for path, _first in spanned]).values_list("pk", flat=True)
        return list(rows[offset : offset + stop - start])

    def __getitem__(self, key):
        if isinstance(key, slice):
            start, stop, step = key.indices(self.total)
            if step != 1:
                raise ValueError("ListedByUnit slices have no step.")
            return self._ids(start, stop) if start < stop else []
        if not -self.total <= key < self.total:
            raise IndexError(key)
        key %= self.total
        return self._ids(key, key + 1)[0]

    def __iter__(self) -> Iterator[int]:
        """Every id (an export): one query over every unit, without JIT as the summary (``_without_jit``).
        The ids are read at once (a few hundred kilobytes for a county): through a server-side cursor the
        planner would pick a plan quick to its first rows and slow to the last."""
        with _without_jit():
            ids = list(self.listed(None).values_list("pk", flat=True))
        yield from ids


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
