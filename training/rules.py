"""Pure rules of training hours (domain-rules §6; 干部教育培训工作条例 2023 art. 14–15): no ORM, no I/O.

Numbers come in a ``Thresholds`` value built from the settings at call time (``thresholds_from_settings``),
so the organization department can change them and tests can override them.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from django.conf import settings
from django.utils.translation import gettext as _

from cadres.choices import LeadershipLevel, Rank
from core.periods import period_first_day, period_last_day
from training.choices import AttendanceStatus, CourseKind, CourseStatus, ExternalProvider, RequirementKind

ZERO = Decimal("0")
ONE_PLACE = Decimal("0.1")


@dataclass(frozen=True)
class Thresholds:
    hours_per_day: Decimal
    annual_hours: Decimal
    annual_days: Decimal
    five_year_hours: Decimal
    five_year_days: Decimal
    window_years: int
    grace_months: int
    leave_share: Fraction
    absence_counts_as_leave: bool
    online_min_hours: Decimal


def thresholds_from_settings() -> Thresholds:
    """The §6 numbers as configured now (config/settings/rules.py)."""
    return Thresholds(
        hours_per_day=Decimal(str(settings.TRAINING_HOURS_PER_DAY)),
        annual_hours=Decimal(str(settings.TRAINING_ANNUAL_REQUIRED_HOURS)),
        annual_days=Decimal(str(settings.TRAINING_ANNUAL_REQUIRED_DAYS)),
        five_year_hours=Decimal(str(settings.TRAINING_FIVE_YEAR_REQUIRED_HOURS)),
        five_year_days=Decimal(str(settings.TRAINING_FIVE_YEAR_REQUIRED_DAYS)),
        window_years=int(settings.TRAINING_FIVE_YEAR_WINDOW_YEARS),
        grace_months=int(settings.TRAINING_PROMOTION_GRACE_MONTHS),
        leave_share=Fraction(str(settings.TRAINING_LEAVE_MAX_SHARE)),
        absence_counts_as_leave=bool(settings.TRAINING_ABSENCE_COUNTS_AS_LEAVE),
        online_min_hours=Decimal(str(settings.TRAINING_ONLINE_MIN_HOURS_PER_YEAR)),
    )


# ---------------------------------------------------------------- who follows which rule


def requirement_kind(*, leadership_level: int | None, rank: int | None) -> RequirementKind:
    """§6: 县处级 leaders and 四级调研员 and above → 5-year rule; everyone else (乡科级 leaders, 一级主任科员
    and below, cadres without a rank) → annual rule. A cadre who is both follows the 5-year rule."""
    if leadership_level is not None and leadership_level >= LeadershipLevel.COUNTY_DEPUTY:
        return RequirementKind.FIVE_YEAR
    if rank is not None and rank >= Rank.RESEARCHER_4:
        return RequirementKind.FIVE_YEAR
    return RequirementKind.ANNUAL


# ---------------------------------------------------------------- conversion and the leave rule


def hours_from_days(days: Decimal, *, thresholds: Thresholds) -> Decimal:
    """§6 conversion (L): 1 day = TRAINING_HOURS_PER_DAY 学时."""
    return (Decimal(days) * thresholds.hours_per_day).quantize(ONE_PLACE)


def missed_hours(rows: Iterable[tuple[str, Decimal, Decimal]], *, thresholds: Thresholds) -> Decimal:
    """Hours missed over a course from (attendance status, leave hours, session hours) rows.

    Leave counts its recorded hours; an absence counts the whole session when TRAINING_ABSENCE_COUNTS_AS_LEAVE.
    """
    total = ZERO
    for status, leave_hours, session_hours in rows:
        if status == AttendanceStatus.LEAVE:
            total += Decimal(leave_hours)
        elif status == AttendanceStatus.ABSENT and thresholds.absence_counts_as_leave:
            total += Decimal(session_hours)
    return total


def leave_limit_hours(course_hours: Decimal, *, thresholds: Thresholds) -> Decimal:
    """The most leave a trainee may take and still be credited: 1/7 of the course hours (§6)."""
    limit = Fraction(Decimal(course_hours)) * thresholds.leave_share
    return (Decimal(limit.numerator) / Decimal(limit.denominator)).quantize(Decimal("0.01"))


def leave_exceeds_limit(*, course_hours: Decimal, missed: Decimal, thresholds: Thresholds) -> bool:
    """§6: leave above 1/7 of the course hours withdraws the trainee. Exactly 1/7 is tolerated.

    Compared as exact fractions, so 10 of 70 hours is within and 10.1 is above.
    """
    return Fraction(Decimal(missed)) > Fraction(Decimal(course_hours)) * thresholds.leave_share


@dataclass(frozen=True)
class CourseCredit:
    hours: Decimal
    days: Decimal
    withdrawn: bool


def course_credit(
    *, course_hours: Decimal, credited_days: Decimal, missed: Decimal, thresholds: Thresholds
) -> CourseCredit:
    """§6 credit: a completed course credits its set hours (and days, if day-based off-the-job); leave up to
    1/7 does not reduce it; above 1/7 the trainee is withdrawn and credited nothing."""
    if leave_exceeds_limit(course_hours=course_hours, missed=missed, thresholds=thresholds):
        return CourseCredit(hours=ZERO, days=ZERO, withdrawn=True)
    return CourseCredit(hours=Decimal(course_hours), days=Decimal(credited_days or 0), withdrawn=False)


# ---------------------------------------------------------------- online study never counts as days


def external_record_problems(*, provider: str, is_online: bool, days) -> dict[str, str]:
    """Why hours earned elsewhere are recorded inconsistently with §6, by field (empty: none).

    Only day-based off-the-job training counts toward the day thresholds; online study is credited by its
    hours alone. So an online record (and anything from an online platform, which is online) has no days.
    """
    problems = {}
    if provider == ExternalProvider.ONLINE_PLATFORM and not is_online:
        problems["is_online"] = _("网络学习平台的学时属于网络自学，请勾选“网络自学”。")
    if (is_online or provider == ExternalProvider.ONLINE_PLATFORM) and days and Decimal(days) > 0:
        problems["days"] = _("网络自学按学时认定，不计脱产培训天数，请不要填写天数。")
    return problems


def course_day_problems(*, kind: str, is_day_based: bool) -> dict[str, str]:
    """§6: an online course (网络培训) is not off-the-job training by days, so it credits no days."""
    if kind == CourseKind.ONLINE and is_day_based:
        return {"is_day_based": _("网络培训按学时认定，不是按天脱产培训，不计脱产天数。")}
    return {}


# ---------------------------------------------------------------- periods and grace


@dataclass(frozen=True)
class Periods:
    annual_year: int
    window_start: date
    window_end: date
    current_year: int


def assessment_periods(on_date: date, *, thresholds: Thresholds) -> Periods:
    """What a compliance question on ``on_date`` looks at.

    - the annual rule: the last calendar year closed by ``on_date`` (the year itself on 31 December,
      otherwise the year before), because a year in progress cannot yet fail;
    - the 5-year rule: the rolling window of ``window_years`` years ending on ``on_date``.
    """
    closed = on_date.year if (on_date.month, on_date.day) == (12, 31) else on_date.year - 1
    window_start = period_first_day(on_date, 12 * thresholds.window_years)
    return Periods(annual_year=closed, window_start=window_start, window_end=on_date, current_year=on_date.year)


def grace_last_day(promotion_date: date | None, *, thresholds: Thresholds) -> date | None:
    """The last day of the 12-month grace after a promotion (干部教育培训工作条例 art. 15; "至" names it).

    Promoted 2024-11-01: the grace runs up to and including 2025-10-31.
    """
    return period_last_day(promotion_date, thresholds.grace_months) if promotion_date else None


def in_promotion_grace(*, promotion_date: date | None, on_date: date, thresholds: Thresholds) -> bool:
    """§6: a newly promoted cadre without enough hours must finish within 12 months of the promotion.

    ``promotion_date`` is the last promotion of post (提拔) or rank (晋升) on or before ``on_date``; no other
    change of post or rank (降职, 平级转任, 交流, 套转, 降低) starts a grace.
    """
    if promotion_date is None or promotion_date > on_date:
        return False
    return on_date <= grace_last_day(promotion_date, thresholds=thresholds)


def grace_makeup_window(
    *, promotion_date: date | None, on_date: date, thresholds: Thresholds
) -> tuple[date, date] | None:
    """The days whose credits count toward the promotion year's annual requirement although they fall in
    the next year (§6): from 1 January after the promotion year to the grace's last day, not after
    ``on_date``. None when there are no such days (no promotion, or the grace ends with its year)."""
    if promotion_date is None or promotion_date > on_date:
        return None
    first = date(promotion_date.year + 1, 1, 1)
    last = min(grace_last_day(promotion_date, thresholds=thresholds), on_date)
    return (first, last) if first <= last else None


# ---------------------------------------------------------------- compliance


@dataclass(frozen=True)
class CreditTotals:
    """Credited hours and days of one cadre, summed over the periods of ``assessment_periods``.

    ``grace_hours`` and ``grace_days`` are the credits of ``grace_makeup_window`` (earned after the
    promotion year, inside its grace); they are counted only when the promotion year is the annual year
    assessed.
    """

    annual_hours: Decimal = ZERO
    annual_days: Decimal = ZERO
    annual_online_hours: Decimal = ZERO
    window_hours: Decimal = ZERO
    window_days: Decimal = ZERO
    current_year_hours: Decimal = ZERO
    current_year_days: Decimal = ZERO
    grace_hours: Decimal = ZERO
    grace_days: Decimal = ZERO


@dataclass(frozen=True)
class ComplianceResult:
    """Whether a cadre meets §6 on a date, the numbers behind it, and why (in Chinese)."""

    cadre_id: int
    requirement: RequirementKind
    compliant: bool
    required: Decimal
    earned: Decimal
    required_days: Decimal
    earned_days: Decimal
    period_start: date
    period_end: date
    in_grace: bool
    reason: str
    online_hours: Decimal
    online_required: Decimal
    current_year_hours: Decimal
    window_hours: Decimal
    makeup_hours: Decimal = ZERO
    makeup_days: Decimal = ZERO

    @property
    def shortfall(self) -> Decimal:
        return max(ZERO, self.required - self.earned)

    @property
    def met_by_hours_or_days(self) -> bool:
        return self.earned >= self.required or self.earned_days >= self.required_days

    @property
    def percent(self) -> int:
        """Progress towards the hour threshold, for a progress bar (days count when they do better)."""
        by_hours = self.earned / self.required if self.required else Decimal(1)
        by_days = self.earned_days / self.required_days if self.required_days else Decimal(0)
        return min(100, int(max(by_hours, by_days) * 100))

    @property
    def online_met(self) -> bool:
        """§6 (S): online self-study of the annual year reaches the minimum (reported, not a bar)."""
        return self.online_hours >= self.online_required

    @property
    def online_shortfall(self) -> Decimal:
        return max(ZERO, self.online_required - self.online_hours)


@dataclass(frozen=True)
class AssessmentSetup:
    """What is the same for every cadre assessed on one date: periods and the translated reason texts.

    Built once per call by ``assessment_setup`` so that assessing 100,000 cadres translates nothing per cadre.
    """

    on_date: date
    thresholds: Thresholds
    periods: Periods
    annual_period_text: str
    window_period_text: str
    met_hours_text: str
    met_days_text: str
    shortfall_text: str
    grace_text: str
    not_met_text: str
    makeup_text: str


def assessment_setup(on_date: date, *, thresholds: Thresholds) -> AssessmentSetup:
    periods = assessment_periods(on_date, thresholds=thresholds)
    return AssessmentSetup(
        on_date=on_date,
        thresholds=thresholds,
        periods=periods,
        annual_period_text=_("%(year)s年度") % {"year": periods.annual_year},
        window_period_text=_("%(start)s至%(end)s（滚动%(years)s年）")
        % {
            "start": periods.window_start.isoformat(),
            "end": periods.window_end.isoformat(),
            "years": thresholds.window_years,
        },
        met_hours_text=_("%(period)s认定学时%(earned)s，达到%(required)s学时要求。"),
        met_days_text=_("%(period)s脱产培训%(earned_days)s天，达到%(required_days)s天要求。"),
        shortfall_text=_(
            "%(period)s认定学时%(earned)s（要求%(required)s），脱产培训%(earned_days)s天（要求%(required_days)s天），差%(short)s学时。"
        ),
        grace_text=_("%(promoted)s提拔，处于%(months)s个月宽限期内（至%(until)s），暂不视为未达标。"),
        not_met_text=_("未达到培训学时要求。"),
        makeup_text=_("（含%(promoted)s提拔后宽限期内补修%(hours)s学时、%(days)s天）"),
    )


def assess_compliance(
    *,
    cadre_id: int,
    leadership_level: int | None,
    rank: int | None,
    promotion_date: date | None,
    totals: CreditTotals,
    on_date: date,
    thresholds: Thresholds,
    setup: AssessmentSetup | None = None,
) -> ComplianceResult:
    """§6 (干部教育培训工作条例 2023 art. 14–15): whether the cadre complies on ``on_date``, and why.

    The cadre complies if either the credited hours reach the 学时 threshold or the days of day-based
    off-the-job training reach the day threshold, over the period of his or her rule. ``promotion_date``
    is the last 提拔 or 晋升 on or before ``on_date`` (None: none). Within 12 months of it a shortfall is
    tolerated (grace); and the requirement of the promotion year may be met within those 12 months, so
    under the annual rule the credits of ``grace_makeup_window`` (``totals.grace_hours`` / ``grace_days``)
    count toward the promotion year.
    """
    if setup is None or setup.on_date != on_date or setup.thresholds != thresholds:
        setup = assessment_setup(on_date, thresholds=thresholds)
    periods = setup.periods
    kind = requirement_kind(leadership_level=leadership_level, rank=rank)
    makeup_hours = makeup_days = ZERO
    if kind == RequirementKind.FIVE_YEAR:
        required, required_days = thresholds.five_year_hours, thresholds.five_year_days
        earned, earned_days = totals.window_hours, totals.window_days
        start, end = periods.window_start, periods.window_end
        period_text = setup.window_period_text
    else:
        required, required_days = thresholds.annual_hours, thresholds.annual_days
        earned, earned_days = totals.annual_hours, totals.annual_days
        if promotion_date is not None and promotion_date.year == periods.annual_year:
            makeup_hours, makeup_days = totals.grace_hours, totals.grace_days
            earned, earned_days = earned + makeup_hours, earned_days + makeup_days
        start, end = date(periods.annual_year, 1, 1), date(periods.annual_year, 12, 31)
        period_text = setup.annual_period_text
    numbers = {
        "period": period_text,
        "earned": _fmt(earned),
        "required": _fmt(required),
        "earned_days": _fmt(earned_days),
        "required_days": _fmt(required_days),
    }
    grace = False
    if earned >= required:
        compliant = True
        reason = setup.met_hours_text % numbers
    elif earned_days >= required_days:
        compliant = True
        reason = setup.met_days_text % numbers
    else:
        shortfall = setup.shortfall_text % {**numbers, "short": _fmt(required - earned)}
        if in_promotion_grace(promotion_date=promotion_date, on_date=on_date, thresholds=thresholds):
            compliant = grace = True
            reason = shortfall + setup.grace_text % {
                "promoted": promotion_date.isoformat(),
                "months": thresholds.grace_months,
                "until": grace_last_day(promotion_date, thresholds=thresholds).isoformat(),
            }
        else:
            compliant = False
            reason = shortfall + setup.not_met_text
    if makeup_hours or makeup_days:
        reason += setup.makeup_text % {
            "promoted": promotion_date.isoformat(),
            "hours": _fmt(makeup_hours),
            "days": _fmt(makeup_days),
        }
    return ComplianceResult(
        cadre_id=cadre_id,
        requirement=kind,
        compliant=compliant,
        required=required,
        earned=earned,
        required_days=required_days,
        earned_days=earned_days,
        period_start=start,
        period_end=end,
        in_grace=grace,
        reason=reason,
        online_hours=totals.annual_online_hours,
        online_required=thresholds.online_min_hours,
        current_year_hours=totals.current_year_hours,
        window_hours=totals.window_hours,
        makeup_hours=makeup_hours,
        makeup_days=makeup_days,
    )


def _fmt(value: Decimal) -> str:
    return f"{Decimal(value).quantize(ONE_PLACE).normalize():f}"


# ---------------------------------------------------------------- enrolment


def in_audience(
    *,
    unit_path: str,
    leadership_level: int | None,
    category: str,
    audience_unit_paths: Iterable[str],
    audience_levels: Iterable[int],
    audience_categories: Iterable[str],
) -> bool:
    """Whether a cadre is in a course's target audience. An empty criterion means everyone; a unit
    includes its sub-units."""
    paths, levels, categories = list(audience_unit_paths), list(audience_levels), list(audience_categories)
    if paths and not any(unit_path.startswith(path) for path in paths):
        return False
    if levels and leadership_level not in {int(level) for level in levels}:
        return False
    return not (categories and category not in categories)


def enrolment_window_open(*, opens: date, closes: date, today: date) -> bool:
    return opens <= today <= closes


def lowest_free_seat(taken: Iterable[int], capacity: int) -> int | None:
    """The lowest seat number 1..capacity nobody holds, or None when the course is full."""
    held = set(taken)
    for seat in range(1, capacity + 1):
        if seat not in held:
            return seat
    return None


COURSE_TRANSITIONS: dict[str, tuple[str, ...]] = {
    CourseStatus.DRAFT: (CourseStatus.OPEN,),
    CourseStatus.OPEN: (CourseStatus.RUNNING,),
    CourseStatus.RUNNING: (CourseStatus.FINISHED,),
    CourseStatus.FINISHED: (CourseStatus.ARCHIVED,),
    CourseStatus.ARCHIVED: (),
}


def course_transition_allowed(current: str, target: str) -> bool:
    return target in COURSE_TRANSITIONS.get(current, ())


# Staff enrol cadres on a course open for enrolment or running (a late arrival); never on a draft or a past one.
STAFF_ENROL_STATUSES = (CourseStatus.OPEN, CourseStatus.RUNNING)


def staff_enrol_refusal(course) -> str:
    """Why staff can no longer enrol cadres on a course ("" while they can). The services refuse with it, the
    course page offers its enrolment card (picker, 批量报名) only without it, and the bulk page sends the clerk
    back with it before any filtering and ticking."""
    return "" if course.status in STAFF_ENROL_STATUSES else _("该培训班当前不接受报名。")


# A course's basic details are changed while it is a draft or open for enrolment only.
COURSE_EDITABLE_STATUSES = (CourseStatus.DRAFT, CourseStatus.OPEN)


def course_edit_refusal(course) -> str:
    """Why a course's basic details can no longer be changed ("" while they can): once it has started (进行中,
    已结业, 已归档) they are the record of what was held and what its trainees were credited. The service refuses
    with it, the course page offers no 修改 button, and the edit page sends the clerk back with it."""
    if course.status in COURSE_EDITABLE_STATUSES:
        return ""
    return _("培训班已开班（%(status)s），不能再修改基本信息。") % {"status": CourseStatus(course.status).label}
