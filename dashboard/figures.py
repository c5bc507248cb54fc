"""The figures of the county and unit dashboards (domain-rules §10): one definition per figure.

A figure is the set of records behind it (``records(scope, year, unit)``, a queryset built from the
owning app's models, limited to the reader's scope, the year and the unit with its sub-units) and how it is
totalled (a count, or a sum of one field). The dashboard shows the total; the figure's link opens the very
same queryset as a list (``dashboard:figure_list``), so the number and the list can never disagree. Breakdowns
(by kind, by grade…) group the same queryset in one query.

Every figure the county reported in the seed article has one here (the ``article`` note gives its value).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from accounts.policy import Scope
from assessments.choices import Grade
from assessments.models import AnnualResult, QuotaPool
from cadres.choices import Category, LeadershipLevel, UnitKind
from cadres.models import Cadre, Unit
from care import selectors as care_selectors
from care.choices import FlatStatus, InspectionStatus
from care.models import Flat, InspectionItem, PayRecord
from careers.choices import POST_TAKING_APPOINTMENT_KINDS, AppointmentKind, CaseStatus, RecordFamily, RecordKind
from careers.models import AccountabilityRecord, Appointment, UnfitAdjustmentCase
from postings.choices import ExchangeDirection, FrontLine, PostingKind, PostingStatus, VillageCategory
from postings.models import Posting
from rewards.choices import AwardKind, AwardStatus, GrantStatus
from rewards.models import Award, Grant, RankPromotionEligibility
from training.choices import CourseKind, CourseStatus, EnrolmentStatus
from training.models import CourseSession, Enrolment, TrainingCredit

SECTIONS = {
    "training": _("教育培训"),
    "postings": _("实践锻炼"),
    "selection": _("选拔调整"),
    "assessment": _("考核"),
    "rewards": _("奖励激励"),
    "care": _("关心关爱"),
}
HELD_COURSE_STATUSES = (CourseStatus.RUNNING, CourseStatus.FINISHED, CourseStatus.ARCHIVED)
COUNTY_ORGAN_KINDS = (
    UnitKind.COUNTY,
    UnitKind.PARTY_ORGAN,
    UnitKind.GOVERNMENT_ORGAN,
    UnitKind.PEOPLES_CONGRESS_CPPCC,
    UnitKind.JUDICIAL,
    UnitKind.PUBLIC_INSTITUTION,
)


@dataclass(frozen=True)
class Figure:
    """One figure: its records, how they are totalled, and how the list behind it shows them.

    ``cadre``, ``unit`` and ``day`` are lookup paths from a record to its cadre, its unit and its date (for the
    list's columns); ``sum_field`` totals a field instead of counting records; ``breakdown`` is a field whose
    values split the figure in a chart, with their labels; ``breakdown_filters`` splits it instead by
    conditions that may overlap (a village is poor and weak at once): {group: (label, Q)}. ``names`` are
    the relations a record's name reads (``str(record)``), joined in the list so that it takes no query per row.
    """

    key: str
    section: str
    label: str
    measure: str
    records: Callable[[Scope, int, Unit | None], QuerySet]
    cadre: str | None = "cadre"
    unit: str | None = "cadre__unit"
    day: str | None = None
    sum_field: str | None = None
    breakdown: str | None = None
    breakdown_labels: dict = field(default_factory=dict)
    breakdown_filters: dict = field(default_factory=dict)
    names: tuple[str, ...] = ()
    article: str = ""

    @property
    def has_breakdown(self) -> bool:
        return bool(self.breakdown or self.breakdown_filters)

    def group_records(self, records: QuerySet, group: str) -> QuerySet:
        """The records of one group of the breakdown (the list behind one bar of a chart)."""
        if self.breakdown_filters:
            condition = self.breakdown_filters.get(group)
            return records.filter(condition[1]) if condition else records.none()
        return records.filter(**{self.breakdown: group})

    def total(self, records: QuerySet) -> int | Decimal:
        if self.sum_field:
            return records.aggregate(total=Sum(self.sum_field))["total"] or 0
        return records.count()


def year_span(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def _cadres(queryset: QuerySet, scope: Scope, unit: Unit | None, via: str = "cadre__") -> QuerySet:
    """Records of cadres in the scope (and in ``unit`` with its sub-units)."""
    queryset = queryset.filter(scope.cadres(via))
    if unit is not None:
        queryset = queryset.filter(**{f"{via}unit__path__startswith": unit.path})
    return queryset


def _units(queryset: QuerySet, scope: Scope, unit: Unit | None, via: str) -> QuerySet:
    """Records of units in the scope (and in ``unit``'s subtree)."""
    queryset = queryset.filter(scope.units(via))
    if unit is not None:
        queryset = queryset.filter(**{f"{via}path__startswith": unit.path})
    return queryset


# ---------------------------------------------------------------- training


def training_sessions(scope: Scope, year: int, unit: Unit | None) -> QuerySet:
    """Sessions held in the year; outside the county-wide view, those of courses the scope's cadres attended."""
    sessions = CourseSession.objects.filter(date__year=year, course__status__in=HELD_COURSE_STATUSES)
    if not scope.everything or unit is not None:
        attended = _cadres(Enrolment.objects.filter(course=OuterRef("course")), scope, unit)
        sessions = sessions.filter(Exists(attended))
    return sessions


def training_attendances(scope: Scope, year: int, unit: Unit | None) -> QuerySet:
    return _cadres(Enrolment.objects.filter(status=EnrolmentStatus.COMPLETED, course__end_date__year=year), scope, unit)


def activists_trained(scope: Scope, year: int, unit: Unit | None) -> QuerySet:
    """Completed enrolments in the year's courses for party activists (入党积极分子培训)."""
    return training_attendances(scope, year, unit).filter(course__kind=CourseKind.ACTIVIST)


def study_tours(scope: Scope, year: int, unit: Unit | None) -> QuerySet:
    """Completed enrolments in the year's study tours (外出考察学习)."""
    return training_attendances(scope, year, unit).filter(course__kind=CourseKind.STUDY_TOUR)


def training_hours(scope: Scope, year: int, unit: Unit | None) -> QuerySet:
    return _cadres(TrainingCredit.objects.filter(year=year), scope, unit)


def new_party_members(scope: Scope, year: int, unit: Unit | None) -> QuerySet:
    return _cadres(Cadre.objects.filter(party_join_date__year=year), scope, unit, via="")


# ---------------------------------------------------------------- postings


def _postings(scope: Scope, year: int, unit: Unit | None, **conditions) -> QuerySet:
    """Postings that started in the year (planned ones that never started are left out)."""
    return _cadres(
        Posting.objects.filter(planned_start__year=year, **conditions).exclude(status=PostingStatus.PLANNED),
        scope,
        unit,
    )


def postings_started(scope, year, unit):
    return _postings(scope, year, unit)


def temporary_posts_outside(scope, year, unit):
    return _postings(scope, year, unit, kind=PostingKind.TEMPORARY_POST, external_host__isnull=False)


def front_line_postings(scope, year, unit):
    return _postings(scope, year, unit, kind=PostingKind.FRONT_LINE)


def first_secretaries(scope: Scope, year: int, unit: Unit | None) -> QuerySet:
    """First secretaries on post at some time in the year."""
    first, last = year_span(year)
    return _cadres(
        Posting.objects.filter(kind=PostingKind.FIRST_SECRETARY, planned_start__lte=last)
        .exclude(status=PostingStatus.PLANNED)
        .filter(Q(actual_end__isnull=True) | Q(actual_end__gte=first)),
        scope,
        unit,
    )


def exchanges_down(scope, year, unit):
    return _postings(
        scope, year, unit, kind=PostingKind.EXCHANGE, exchange_direction=ExchangeDirection.COUNTY_TO_TOWNSHIP
    )


def exchanges_up(scope, year, unit):
    return _postings(
        scope, year, unit, kind=PostingKind.EXCHANGE, exchange_direction=ExchangeDirection.TOWNSHIP_TO_COUNTY
    )


# ---------------------------------------------------------------- selection and adjustment


def front_line_promotions(scope: Scope, year: int, unit: Unit | None) -> QuerySet:
    """提拔 in the year of cadres who served on a front line or as first secretary before it."""
    served = Posting.objects.filter(
        cadre=OuterRef("cadre"),
        kind__in=(PostingKind.FRONT_LINE, PostingKind.FIRST_SECRETARY),
        planned_start__lte=OuterRef("effective_date"),
    ).exclude(status=PostingStatus.PLANNED)
    return _cadres(
        Appointment.objects.filter(kind=AppointmentKind.PROMOTION, effective_date__year=year).filter(Exists(served)),
        scope,
        unit,
    )


def key_post_appointments(scope: Scope, year: int, unit: Unit | None) -> QuerySet:
    """Appointed heads (乡科级正职) of county organs, or moved to such a post, in the year."""
    return _cadres(
        Appointment.objects.filter(
            effective_date__year=year,
            kind__in=POST_TAKING_APPOINTMENT_KINDS,
            leadership_level=LeadershipLevel.TOWNSHIP_CHIEF,
            unit__kind__in=COUNTY_ORGAN_KINDS,
        ),
        scope,
        unit,
    )


def unfit_adjustments(scope, year, unit):
    return _cadres(UnfitAdjustmentCase.objects.filter(status=CaseStatus.DECIDED, decided_on__year=year), scope, unit)


def _records(scope, year, unit, **conditions) -> QuerySet:
    return _cadres(AccountabilityRecord.objects.filter(decided_on__year=year, **conditions), scope, unit)


def village_cadres_handled(scope, year, unit):
    """Village (community) cadres given a measure or discipline in the year (the election review's 处理)."""
    return _records(scope, year, unit, cadre__category=Category.VILLAGE).exclude(
        kind__in=(RecordKind.REMINDER_TALK, RecordKind.WRITTEN_INQUIRY, RecordKind.INVESTIGATION)
    )


def reminder_talks(scope, year, unit):
    return _records(scope, year, unit, kind=RecordKind.REMINDER_TALK)


def discipline(scope, year, unit):
    return _records(scope, year, unit, family__in=(RecordFamily.PARTY_DISCIPLINE, RecordFamily.GOVERNMENT_SANCTION))


def party_expulsions(scope, year, unit):
    return _records(scope, year, unit, kind=RecordKind.PARTY_EXPULSION)


def party_roll_removals(scope, year, unit):
    """Party members removed from the rolls (除名, 党章 art. 9) in the year: not a discipline, counted apart."""
    return _records(scope, year, unit, kind=RecordKind.PARTY_ROLL_REMOVAL)


# ---------------------------------------------------------------- assessment and rewards


def annual_results(scope, year, unit):
    return _cadres(AnnualResult.objects.filter(year=year), scope, unit)


def excellent_results(scope, year, unit):
    return annual_results(scope, year, unit).filter(grade=Grade.EXCELLENT)


def quota_pools(scope: Scope, year: int, unit: Unit | None) -> QuerySet:
    return _units(QuotaPool.objects.filter(period__year=year, period__kind="annual"), scope, unit, "unit__")


def awards(scope, year, unit):
    return _cadres(Award.objects.filter(year=year, status=AwardStatus.ACTIVE), scope, unit)


def merits(scope, year, unit):
    return awards(scope, year, unit).filter(kind=AwardKind.MERIT_THIRD)


def priority_promotions(scope, year, unit):
    """Cadres the eligibility engine lists for priority rank promotion (three consecutive 优秀)."""
    return _cadres(RankPromotionEligibility.objects.filter(priority=True), scope, unit)


def fund_grants(scope, year, unit):
    return _cadres(
        Grant.objects.filter(budget__year=year, status__in=(GrantStatus.APPROVED, GrantStatus.PAID)), scope, unit
    )


# ---------------------------------------------------------------- care


def flats(scope, year, unit):
    return _units(Flat.objects.exclude(status=FlatStatus.RETIRED), scope, unit, "building__unit__")


def occupied_flats(scope, year, unit):
    return flats(scope, year, unit).filter(status=FlatStatus.OCCUPIED)


def township_pay_gaps(scope: Scope, year: int, unit: Unit | None) -> QuerySet:
    """Township cadres paid below the floor (domain-rules §8: 20% above county-organ peers of the same rank)
    in the latest month of the year with pay records."""
    month = PayRecord.objects.filter(month__year=year).aggregate(latest=Max("month"))["latest"]
    if month is None:
        return PayRecord.objects.none()
    return care_selectors.township_pay_below_floor(records=_cadres(PayRecord.objects.all(), scope, unit), month=month)


def inspection_items(scope, year, unit):
    return InspectionItem.objects.filter(year=year, status=InspectionStatus.ACTIVE)


FIGURES: list[Figure] = [
    Figure(
        "training_sessions",
        "training",
        _("培训和讲座（期次）"),
        _("期"),
        training_sessions,
        cadre=None,
        unit=None,
        day="date",
        article="56",
    ),
    Figure(
        "training_attendances",
        "training",
        _("参训人次"),
        _("人次"),
        training_attendances,
        day="course__end_date",
        breakdown="course__kind",
        breakdown_labels=dict(CourseKind.choices),
        article="3500+",
        names=("course",),
    ),
    Figure(
        "activists_trained",
        "training",
        _("培训入党积极分子"),
        _("人次"),
        activists_trained,
        day="course__end_date",
        article="89",
        names=("course",),
    ),
    Figure(
        "study_tours",
        "training",
        _("外出考察学习"),
        _("人次"),
        study_tours,
        day="course__end_date",
        breakdown="course__location",
        names=("course",),
    ),
    Figure("training_hours", "training", _("认定学时"), _("学时"), training_hours, day="earned_on", sum_field="hours"),
    Figure(
        "new_party_members",
        "training",
        _("发展党员"),
        _("人"),
        new_party_members,
        cadre="",
        unit="unit",
        day="party_join_date",
        article="290",
    ),
    Figure(
        "temporary_posts_outside",
        "postings",
        _("到县外挂职锻炼"),
        _("人"),
        temporary_posts_outside,
        day="planned_start",
        article="30+",
        names=("host_unit", "external_host"),
    ),
    Figure(
        "front_line_postings",
        "postings",
        _("选派到五个一线"),
        _("人次"),
        front_line_postings,
        day="planned_start",
        breakdown="front_line",
        breakdown_labels=dict(FrontLine.choices),
        article="300+",
        names=("host_unit", "external_host"),
    ),
    Figure(
        "first_secretaries",
        "postings",
        _("第一书记"),
        _("人"),
        first_secretaries,
        day="planned_start",
        breakdown_filters={
            category.value: (category.label, Q(**{f"host_unit__village_profile__{category.value}": True}))
            for category in VillageCategory
        },
        article="90",
        names=("host_unit", "external_host"),
    ),
    Figure(
        "exchanges_down",
        "postings",
        _("县直机关干部下派乡镇"),
        _("人"),
        exchanges_down,
        day="planned_start",
        article="140+",
        names=("host_unit", "external_host"),
    ),
    Figure(
        "exchanges_up",
        "postings",
        _("乡镇干部到县直机关跟班"),
        _("人"),
        exchanges_up,
        day="planned_start",
        article="50+",
        names=("host_unit", "external_host"),
    ),
    Figure(
        "postings_started",
        "postings",
        _("实践锻炼（全部类型）"),
        _("人次"),
        postings_started,
        day="planned_start",
        breakdown="kind",
        breakdown_labels=dict(PostingKind.choices),
        names=("host_unit", "external_host"),
    ),
    Figure(
        "front_line_promotions",
        "selection",
        _("提拔一线干部"),
        _("人"),
        front_line_promotions,
        day="effective_date",
        article="13",
    ),
    Figure(
        "key_post_appointments",
        "selection",
        _("任县直部门主要负责人或转任重要岗位"),
        _("人"),
        key_post_appointments,
        day="effective_date",
        article="20",
    ),
    Figure(
        "unfit_adjustments",
        "selection",
        _("调整不适宜担任现职的领导干部"),
        _("人"),
        unfit_adjustments,
        day="decided_on",
        article="6",
    ),
    Figure(
        "village_cadres_handled",
        "selection",
        _("村（社区）干部处理"),
        _("人次"),
        village_cadres_handled,
        day="decided_on",
        article="4",
    ),
    Figure("reminder_talks", "selection", _("提醒谈话"), _("人次"), reminder_talks, day="decided_on", article="27"),
    Figure("party_expulsions", "selection", _("开除党籍"), _("人"), party_expulsions, day="decided_on", article="4"),
    Figure("party_roll_removals", "selection", _("除名"), _("人"), party_roll_removals, day="decided_on", article="1"),
    Figure(
        "discipline",
        "selection",
        _("党纪政务处分"),
        _("人次"),
        discipline,
        day="decided_on",
        breakdown="kind",
        breakdown_labels=dict(RecordKind.choices),
    ),
    Figure(
        "annual_results",
        "assessment",
        _("年度考核确定等次"),
        _("人"),
        annual_results,
        day="confirmed_on",
        breakdown="grade",
        breakdown_labels=dict(Grade.choices),
    ),
    Figure("excellent_results", "assessment", _("年度考核优秀"), _("人"), excellent_results, day="confirmed_on"),
    Figure(
        "excellent_quota",
        "assessment",
        _("优秀名额（核定）"),
        _("名"),
        quota_pools,
        cadre=None,
        unit="unit",
        sum_field="max_excellent",
    ),
    Figure(
        "awards",
        "rewards",
        _("奖励"),
        _("人次"),
        awards,
        day="awarded_on",
        breakdown="kind",
        breakdown_labels=dict(AwardKind.choices),
    ),
    Figure("merits", "rewards", _("记三等功"), _("人"), merits, day="awarded_on", article="17"),
    Figure(
        "priority_promotions",
        "rewards",
        _("优先晋升职级人选"),
        _("人"),
        priority_promotions,
        day="computed_on",
        article="321",
    ),
    Figure(
        "fund_grants",
        "rewards",
        _("专项基金奖励"),
        _("人次"),
        fund_grants,
        day="created_at",
        breakdown="fund__name",
        article="481",
    ),
    Figure(
        "fund_amount",
        "rewards",
        _("专项基金使用"),
        _("元"),
        fund_grants,
        day="created_at",
        sum_field="amount",
        breakdown="fund__name",
    ),
    Figure("flats", "care", _("干部周转房"), _("套"), flats, cadre=None, unit="building__unit", article="300"),
    Figure("occupied_flats", "care", _("周转房已入住"), _("套"), occupied_flats, cadre=None, unit="building__unit"),
    Figure(
        "township_pay_gaps",
        "care",
        _("乡镇干部收入未达到高出县直同职级20%"),
        _("人"),
        township_pay_gaps,
        day="month",
        article="≥20%",
    ),
    Figure(
        "inspection_items",
        "care",
        _("保留的督查检查考核事项"),
        _("项"),
        inspection_items,
        cadre=None,
        unit=None,
        article="30+→12",
    ),
]
BY_KEY = {figure.key: figure for figure in FIGURES}


def breakdown(figure: Figure, records: QuerySet) -> list[tuple[str, str, int | Decimal]]:
    """(value, label, total) per value of the figure's breakdown field, largest first (one grouped query);
    or per group of its ``breakdown_filters``, in their order (one aggregate)."""
    if figure.breakdown_filters:
        totals = records.aggregate(
            **{
                group: Sum(figure.sum_field, filter=condition) if figure.sum_field else Count("pk", filter=condition)
                for group, (_label, condition) in figure.breakdown_filters.items()
            }
        )
        return [(group, str(label), totals[group] or 0) for group, (label, _q) in figure.breakdown_filters.items()]
    if not figure.breakdown:
        return []
    total = Sum(figure.sum_field) if figure.sum_field else Count("pk")
    rows = records.order_by().values_list(figure.breakdown).annotate(total=total).order_by("-total", figure.breakdown)
    return [(str(value), str(figure.breakdown_labels.get(value, value)), amount or 0) for value, amount in rows]
