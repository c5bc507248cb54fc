"""Every write of the training area: validated, scoped to the actor, atomic and kept in the history.

Capacity is guarded by the database: every enrolment write first locks the course row
(``select_for_update``), then assigns the lowest free seat; ``UniqueConstraint(course, seat)`` and
``UniqueConstraint(course, cadre)`` refuse anything that slips past. Completing a course and approving
external hours write the TrainingCredit ledger in the same transaction.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accounts import policy
from accounts.models import User
from accounts.policy import Action
from cadres.choices import Category, LeadershipLevel
from cadres.models import Cadre, Unit
from cadres.selectors import official_order
from core.history import atomic_with_history
from rewards.services import eligibility_recompute_queue
from training import rules
from training.choices import (
    AttendanceStatus,
    CourseKind,
    CourseStatus,
    CreditSource,
    EnrolmentStatus,
    ExternalHoursStatus,
)
from training.models import Attendance, Course, CourseSession, Enrolment, ExternalHours, TrainingCredit

COURSE_WRITABLE_FIELDS = (
    "title",
    "kind",
    "organizer",
    "location",
    "start_date",
    "end_date",
    "hours",
    "days",
    "is_day_based",
    "capacity",
    "enrol_opens",
    "enrol_closes",
    "audience_levels",
    "audience_categories",
    "description",
)
EXTERNAL_WRITABLE_FIELDS = (
    "title",
    "provider",
    "provider_name",
    "start_date",
    "end_date",
    "hours",
    "days",
    "is_online",
)


# ---------------------------------------------------------------- permissions


def _require_course_manager(actor: User) -> None:
    """Courses are organized county-wide: admins and org staff create and run them."""
    policy.require_org_wide(actor, _("只有组织部工作人员可以管理培训班。"))


def may_manage_cadre(actor: User, cadre: Cadre) -> bool:
    """Staff may enrol, mark and credit cadres of the units they manage."""
    return policy.may(actor, Action.CHANGE, cadre)


def _require_cadre_manager(actor: User, cadre: Cadre) -> None:
    if not may_manage_cadre(actor, cadre):
        raise PermissionDenied(_("该干部不在您的管理范围内。"))


# ---------------------------------------------------------------- courses


def _prepare_course(course: Course) -> None:
    thresholds = rules.thresholds_from_settings()
    problems = rules.course_day_problems(kind=course.kind, is_day_based=course.is_day_based)
    if problems:
        raise ValidationError(problems)
    if course.hours in (None, "") and course.days:
        course.hours = rules.hours_from_days(course.days, thresholds=thresholds)
    if course.is_day_based and not course.days:
        raise ValidationError({"days": _("按天脱产培训须填写天数。")})
    if course.enrol_opens and course.start_date and course.enrol_opens > course.start_date:
        raise ValidationError({"enrol_opens": _("报名开始日期不能晚于开班日期。")})
    course.audience_levels = _choice_list(
        course.audience_levels,
        allowed=LeadershipLevel.values,
        coerce=lambda level: int(str(level)),
        error={"audience_levels": _("面向领导职务层次无效。")},
    )
    course.audience_categories = _choice_list(
        course.audience_categories,
        allowed=Category.values,
        coerce=str,
        error={"audience_categories": _("面向人员类别无效。")},
    )
    course.full_clean()


def _choice_list(value, *, allowed: list, coerce, error: dict) -> list:
    """The distinct allowed choices of a list, sorted; not a list, or a value not allowed, is ``error``."""
    if value in (None, ""):
        return []
    if not isinstance(value, list):
        raise ValidationError(error)
    try:
        chosen = {coerce(item) for item in value}
    except (TypeError, ValueError):
        raise ValidationError(error) from None
    if not chosen <= set(allowed):
        raise ValidationError(error)
    return sorted(chosen)


@atomic_with_history
def course_create(*, actor: User, data: dict, audience_units: Iterable[Unit] = ()) -> Course:
    """Create a course in draft. Hours may be given as days (converted by TRAINING_HOURS_PER_DAY)."""
    _require_course_manager(actor)
    course = Course(**{field: value for field, value in data.items() if field in COURSE_WRITABLE_FIELDS})
    course.created_by = actor
    _prepare_course(course)
    course.save()
    course.audience_units.set(list(audience_units))
    return course


@atomic_with_history
def course_update(*, actor: User, course: Course, data: dict, audience_units: Iterable[Unit] | None = None) -> Course:
    """Change a course that has not started. A lower capacity may not cut off seated trainees."""
    _require_course_manager(actor)
    course = Course.objects.select_for_update().get(pk=course.pk)
    if refusal := rules.course_edit_refusal(course):
        raise ValidationError(refusal)
    for field, value in data.items():
        if field in COURSE_WRITABLE_FIELDS:
            setattr(course, field, value)
    held = Enrolment.objects.filter(course=course, seat__isnull=False).aggregate(top=Max("seat"))["top"] or 0
    if course.capacity is not None and course.capacity < held:
        raise ValidationError({"capacity": _("名额不能少于已占用的最大座位号（%(seat)s）。") % {"seat": held}})
    _prepare_course(course)
    course.save()
    if audience_units is not None:
        course.audience_units.set(list(audience_units))
    _promote_waiting(course=course, actor=actor)
    return course


@atomic_with_history
def course_transition(*, actor: User, course: Course, target: str) -> Course:
    """Move a course along draft → open → running → finished → archived. Finishing credits the hours."""
    _require_course_manager(actor)
    if target not in CourseStatus.values:
        raise ValidationError(_("目标状态无效。"))
    course = Course.objects.select_for_update().get(pk=course.pk)
    if not rules.course_transition_allowed(course.status, target):
        raise ValidationError(
            _("培训班状态不能从“%(current)s”变为“%(target)s”。")
            % {"current": course.get_status_display(), "target": CourseStatus(target).label}
        )
    if target == CourseStatus.FINISHED:
        _complete_course(course=course, actor=actor)
    course.status = target
    course.save(update_fields=["status", "updated_at"])
    return course


def _complete_course(*, course: Course, actor: User) -> None:
    """Credit every enrolled trainee whose leave stays within 1/7; withdraw the others with nothing (§6)."""
    thresholds = rules.thresholds_from_settings()
    enrolments = list(Enrolment.objects.filter(course=course, status=EnrolmentStatus.ENROLLED).order_by("seat"))
    credits = []
    for enrolment in enrolments:
        credit = rules.course_credit(
            course_hours=course.hours,
            credited_days=course.credited_days,
            missed=enrolment.leave_hours,
            thresholds=thresholds,
        )
        if credit.withdrawn:
            enrolment.status, enrolment.seat = EnrolmentStatus.DISMISSED, None
            enrolment.status_reason = _leave_reason(course, enrolment.leave_hours, thresholds)
            continue
        enrolment.status = EnrolmentStatus.COMPLETED
        enrolment.hours_credited, enrolment.days_credited = credit.hours, credit.days
        enrolment.certificate_number = f"PX{course.end_date:%Y}{course.pk:05d}{enrolment.seat:04d}"
        enrolment.status_reason = ""
        credits.append(
            TrainingCredit(
                cadre_id=enrolment.cadre_id,
                earned_on=course.end_date,
                year=course.end_date.year,
                hours=credit.hours,
                days=credit.days,
                online_hours=credit.hours if course.kind == CourseKind.ONLINE else 0,
                source=CreditSource.COURSE,
                enrolment=enrolment,
            )
        )
    bulk_update_with_history(
        enrolments,
        Enrolment,
        ["status", "seat", "hours_credited", "days_credited", "certificate_number", "status_reason"],
        default_user=actor,
        batch_size=1000,
    )
    TrainingCredit.objects.bulk_create(credits, batch_size=1000)
    # Hours change the training bar of rank promotion (domain-rules §5, §6): recompute once committed.
    eligibility_recompute_queue(cadre_ids=[credit.cadre_id for credit in credits], actor=actor)
    # Waiting-list entries lapse when the course ends.
    waiting = list(Enrolment.objects.filter(course=course, status=EnrolmentStatus.WAITING))
    for enrolment in waiting:
        enrolment.status, enrolment.waiting_position = EnrolmentStatus.WITHDRAWN, None
        enrolment.status_reason = _("培训班结业，候补未递补。")
    bulk_update_with_history(
        waiting, Enrolment, ["status", "waiting_position", "status_reason"], default_user=actor, batch_size=1000
    )


def _leave_reason(course: Course, missed: Decimal, thresholds: rules.Thresholds) -> str:
    return _("请假（缺勤）%(missed)s学时，超过课程学时%(hours)s的%(share)s（%(limit)s学时），退学，不计学时。") % {
        "missed": missed,
        "hours": course.hours,
        "share": thresholds.leave_share,
        "limit": rules.leave_limit_hours(course.hours, thresholds=thresholds),
    }


@atomic_with_history
def course_session_create(*, actor: User, course: Course, data: dict) -> CourseSession:
    """Add a session (课次) on a date inside the course."""
    _require_course_manager(actor)
    if course.status in (CourseStatus.FINISHED, CourseStatus.ARCHIVED):
        raise ValidationError(_("培训班已结业，不能再增加课次。"))
    session = CourseSession(course=course, date=data.get("date"), title=data.get("title", ""), hours=data.get("hours"))
    session.full_clean()
    if not course.start_date <= session.date <= course.end_date:
        raise ValidationError({"date": _("课次日期应在开班与结业日期之间。")})
    session.save()
    return session


# ---------------------------------------------------------------- enrolment


def _lock_course(course: Course) -> Course:
    return Course.objects.select_for_update().get(pk=course.pk)


def _seat_or_waiting(course: Course) -> tuple[int | None, int | None]:
    """Under the course lock: the lowest free seat, or else the next waiting-list position."""
    taken = Enrolment.objects.filter(course=course, seat__isnull=False).values_list("seat", flat=True)
    seat = rules.lowest_free_seat(taken, course.capacity)
    if seat is not None:
        return seat, None
    last = Enrolment.objects.filter(course=course).aggregate(last=Max("waiting_position"))["last"] or 0
    return None, last + 1


def _check_self_sign_up(course: Course, cadre: Cadre, today) -> None:
    if course.status != CourseStatus.OPEN:
        raise ValidationError(_("该培训班当前不接受报名。"))
    if not rules.enrolment_window_open(opens=course.enrol_opens, closes=course.enrol_closes, today=today):
        raise ValidationError(
            _("报名时间为%(opens)s至%(closes)s。")
            % {"opens": course.enrol_opens.isoformat(), "closes": course.enrol_closes.isoformat()}
        )
    if not rules.in_audience(
        unit_path=cadre.unit.path,
        leadership_level=cadre.leadership_level,
        category=cadre.category,
        audience_unit_paths=[unit.path for unit in course.audience_units.all()],
        audience_levels=course.audience_levels,
        audience_categories=course.audience_categories,
    ):
        raise ValidationError(_("您不在该培训班的培训对象范围内。"))


@atomic_with_history
def enrolment_create(*, actor: User, course: Course, cadre: Cadre) -> Enrolment:
    """Enrol a cadre: staff for the cadres they manage, or a cadre for himself or herself within the
    window and the audience. Past capacity the cadre joins the waiting list."""
    is_self = policy.may(actor, Action.SELF_SERVICE, cadre)
    if not is_self:
        _require_cadre_manager(actor, cadre)
    course = _lock_course(course)
    if is_self and not may_manage_cadre(actor, cadre):
        _check_self_sign_up(course, cadre, timezone.localdate())
    elif refusal := rules.staff_enrol_refusal(course):
        raise ValidationError(refusal)
    enrolment = Enrolment.objects.filter(course=course, cadre=cadre).first()
    if enrolment and enrolment.status in (EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITING, EnrolmentStatus.COMPLETED):
        raise ValidationError(_("%(name)s已报名该培训班。") % {"name": cadre.name})
    if enrolment and enrolment.status == EnrolmentStatus.DISMISSED:
        raise ValidationError(_("%(name)s因请假超限已退学，不能再次报名。") % {"name": cadre.name})
    seat, position = _seat_or_waiting(course)
    enrolment = enrolment or Enrolment(course=course, cadre=cadre)
    enrolment.status = EnrolmentStatus.ENROLLED if seat else EnrolmentStatus.WAITING
    enrolment.seat, enrolment.waiting_position = seat, position
    enrolment.enrolled_by, enrolment.status_reason = actor, ""
    try:
        with transaction.atomic():
            enrolment.save()
    except IntegrityError as error:
        raise ValidationError(_("报名冲突，请重试。")) from error
    return enrolment


@dataclass(frozen=True)
class BulkEnrolmentResult:
    enrolled: int
    waiting: int
    skipped: int


@atomic_with_history
def enrolment_bulk_create(*, actor: User, course: Course, cadres: QuerySet[Cadre]) -> BulkEnrolmentResult:
    """Enrol every cadre of a (scoped, filtered) cadre list; those already on the course are skipped.

    One course lock, one read of the seats, one bulk insert.
    """
    if not policy.is_staff(actor):
        raise PermissionDenied(_("您没有报名他人的权限。"))
    course = _lock_course(course)
    if refusal := rules.staff_enrol_refusal(course):
        raise ValidationError(refusal)
    # The caller passes a scoped list; scoping again here keeps the service safe on its own.
    cadres = policy.restrict(cadres, actor, Action.CHANGE)
    existing = set(Enrolment.objects.filter(course=course).values_list("cadre_id", flat=True))
    taken = set(Enrolment.objects.filter(course=course, seat__isnull=False).values_list("seat", flat=True))
    position = Enrolment.objects.filter(course=course).aggregate(last=Max("waiting_position"))["last"] or 0
    free_seats = iter([seat for seat in range(1, course.capacity + 1) if seat not in taken])
    new, skipped = [], 0
    # Seats go in the roster's official order (issue 15.4): the preview, the seats and the waiting list agree.
    for cadre_id in official_order(cadres).values_list("id", flat=True):
        if cadre_id in existing:
            skipped += 1
            continue
        seat = next(free_seats, None)
        if seat is None:
            position += 1
        new.append(
            Enrolment(
                course=course,
                cadre_id=cadre_id,
                status=EnrolmentStatus.ENROLLED if seat else EnrolmentStatus.WAITING,
                seat=seat,
                waiting_position=None if seat else position,
                enrolled_by=actor,
            )
        )
    try:
        with transaction.atomic():
            bulk_create_with_history(new, Enrolment, batch_size=1000, default_user=actor)
    except IntegrityError as error:
        raise ValidationError(_("报名冲突，请重试。")) from error
    enrolled = sum(1 for enrolment in new if enrolment.seat)
    return BulkEnrolmentResult(enrolled=enrolled, waiting=len(new) - enrolled, skipped=skipped)


def _promote_waiting(*, course: Course, actor: User) -> list[Enrolment]:
    """Under the course lock: give free seats to the waiting list, first come first served."""
    if course.status not in (CourseStatus.OPEN, CourseStatus.RUNNING):
        return []
    promoted = []
    taken = set(Enrolment.objects.filter(course=course, seat__isnull=False).values_list("seat", flat=True))
    for enrolment in Enrolment.objects.filter(course=course, status=EnrolmentStatus.WAITING).order_by(
        "waiting_position"
    ):
        seat = rules.lowest_free_seat(taken, course.capacity)
        if seat is None:
            break
        taken.add(seat)
        enrolment.status, enrolment.seat, enrolment.waiting_position = EnrolmentStatus.ENROLLED, seat, None
        enrolment.status_reason = _("候补递补。")
        enrolment._history_user = actor
        enrolment.save()
        promoted.append(enrolment)
    return promoted


@atomic_with_history
def enrolment_withdraw(*, actor: User, enrolment: Enrolment, reason: str = "") -> Enrolment:
    """Withdraw a trainee or a waiter. A freed seat goes to the next on the waiting list, in the same
    transaction. A cadre may withdraw himself or herself until the course starts."""
    is_self = policy.may(actor, Action.SELF_SERVICE, enrolment.cadre)
    if not is_self:
        _require_cadre_manager(actor, enrolment.cadre)
    course = _lock_course(enrolment.course)
    enrolment = Enrolment.objects.select_related("cadre").get(pk=enrolment.pk)
    if enrolment.status not in (EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITING):
        raise ValidationError(_("当前状态（%(status)s）不能退出。") % {"status": enrolment.get_status_display()})
    allowed = (CourseStatus.OPEN,) if is_self else (CourseStatus.OPEN, CourseStatus.RUNNING)
    if course.status not in allowed:
        raise ValidationError(_("培训班已开班，请联系组织部办理退出。"))
    enrolment.status, enrolment.seat, enrolment.waiting_position = EnrolmentStatus.WITHDRAWN, None, None
    enrolment.status_reason = reason[:200] or (_("本人退出。") if is_self else _("工作人员办理退出。"))
    enrolment._history_user = actor
    enrolment.save()
    _promote_waiting(course=course, actor=actor)
    return enrolment


@atomic_with_history
def enrolment_set_score(*, actor: User, enrolment: Enrolment, score: Decimal | None) -> Enrolment:
    _require_cadre_manager(actor, enrolment.cadre)
    if enrolment.status not in (EnrolmentStatus.ENROLLED, EnrolmentStatus.COMPLETED):
        raise ValidationError(_("只能为在读或已结业的学员登记成绩。"))
    if score is not None and not Decimal(0) <= Decimal(score) <= Decimal(100):
        raise ValidationError({"score": _("成绩应在0到100之间。")})
    enrolment.score = score
    enrolment._history_user = actor
    enrolment.save(update_fields=["score", "updated_at"])
    return enrolment


# ---------------------------------------------------------------- attendance


@dataclass(frozen=True)
class AttendanceItem:
    enrolment: Enrolment
    session: CourseSession
    status: str
    leave_hours: Decimal = Decimal(0)
    note: str = ""


def attendance_problems(item: AttendanceItem) -> list[str]:
    """Why an attendance mark cannot be recorded (Chinese), or nothing."""
    problems = []
    if item.session.course_id != item.enrolment.course_id:
        problems.append(_("课次不属于该培训班。"))
    if item.enrolment.status != EnrolmentStatus.ENROLLED:
        problems.append(_("该干部不是本班在读学员（%(status)s）。") % {"status": item.enrolment.get_status_display()})
    if item.status not in AttendanceStatus.values:
        problems.append(_("考勤状态无效，应为出勤、请假或缺勤。"))
    leave = item.leave_hours or Decimal(0)
    if leave < 0:
        problems.append(_("请假学时不能为负数。"))
    if item.status == AttendanceStatus.LEAVE:
        if leave <= 0:
            problems.append(_("请假须填写请假学时。"))
        elif leave > item.session.hours:
            problems.append(
                _("请假学时（%(leave)s）超过该课次学时（%(hours)s）。") % {"leave": leave, "hours": item.session.hours}
            )
    elif leave:
        problems.append(_("只有请假才填写请假学时。"))
    return problems


@atomic_with_history
def attendance_record(*, actor: User, items: list[AttendanceItem]) -> list[Enrolment]:
    """Record attendance marks (all or none). A trainee whose leave exceeds 1/7 of the course hours is
    withdrawn at once and will be credited nothing (§6). Returns the enrolments so withdrawn."""
    thresholds = rules.thresholds_from_settings()
    touched: dict[int, Enrolment] = {}
    courses = {}
    for item in items:
        _require_cadre_manager(actor, item.enrolment.cadre)
        course = courses.get(item.enrolment.course_id) or _lock_course(item.enrolment.course)
        courses[course.pk] = course
        if course.status != CourseStatus.RUNNING:
            raise ValidationError(_("培训班未在进行中，不能登记考勤。"))
        problems = attendance_problems(item)
        if problems:
            raise ValidationError(problems)
        attendance, _created = Attendance.objects.get_or_create(
            enrolment=item.enrolment,
            session=item.session,
            defaults={
                "status": item.status,
                "leave_hours": item.leave_hours or 0,
                "note": item.note,
                "recorded_by": actor,
            },
        )
        if not _created:
            attendance.status, attendance.leave_hours = item.status, item.leave_hours or 0
            attendance.note, attendance.recorded_by = item.note, actor
            attendance.save()
        touched[item.enrolment.pk] = item.enrolment
    dismissed = []
    for enrolment in touched.values():
        rows = Attendance.objects.filter(enrolment=enrolment).values_list("status", "leave_hours", "session__hours")
        missed = rules.missed_hours(rows, thresholds=thresholds)
        enrolment.leave_hours = missed
        fields = ["leave_hours", "updated_at"]
        if rules.leave_exceeds_limit(course_hours=enrolment.course.hours, missed=missed, thresholds=thresholds):
            enrolment.status, enrolment.seat = EnrolmentStatus.DISMISSED, None
            enrolment.status_reason = _leave_reason(enrolment.course, missed, thresholds)
            fields += ["status", "seat", "status_reason"]
            dismissed.append(enrolment)
        enrolment._history_user = actor
        enrolment.save(update_fields=fields)
    return dismissed


# ---------------------------------------------------------------- hours from elsewhere


@atomic_with_history
def external_hours_submit(*, actor: User, cadre: Cadre, data: dict, evidence) -> ExternalHours:
    """Record hours earned outside the county, with evidence; they count once staff approve them."""
    if not policy.may(actor, Action.SELF_SERVICE, cadre):
        _require_cadre_manager(actor, cadre)
    if not evidence:
        raise ValidationError({"evidence": _("请上传证明材料。")})
    record = ExternalHours(cadre=cadre, evidence=evidence, submitted_by=actor)
    for field, value in data.items():
        if field in EXTERNAL_WRITABLE_FIELDS:
            setattr(record, field, value)
    if record.days in (None, ""):
        record.days = 0
    problems = rules.external_record_problems(provider=record.provider, is_online=record.is_online, days=record.days)
    if problems:
        raise ValidationError(problems)
    record.full_clean()
    record.save()
    return record


@atomic_with_history
def external_hours_review(*, actor: User, record: ExternalHours, approve: bool, note: str = "") -> ExternalHours:
    """Approve (the hours then count, as a TrainingCredit) or reject a pending record."""
    _require_cadre_manager(actor, record.cadre)
    record = ExternalHours.objects.select_for_update(of=("self",)).select_related("cadre").get(pk=record.pk)
    if record.status != ExternalHoursStatus.PENDING:
        raise ValidationError(_("该记录已审核（%(status)s）。") % {"status": record.get_status_display()})
    if not approve and not note.strip():
        raise ValidationError({"review_note": _("不予认定时请填写审核意见。")})
    record.status = ExternalHoursStatus.APPROVED if approve else ExternalHoursStatus.REJECTED
    record.reviewed_by, record.reviewed_at, record.review_note = actor, timezone.now(), note.strip()[:200]
    record._history_user = actor
    record.save()
    if approve:
        TrainingCredit.objects.create(
            cadre_id=record.cadre_id,
            earned_on=record.end_date,
            year=record.end_date.year,
            hours=record.hours,
            days=0 if record.is_online else record.days,  # §6: online study never counts as days
            online_hours=record.hours if record.is_online else 0,
            source=CreditSource.EXTERNAL,
            external=record,
        )
        eligibility_recompute_queue(cadre_ids=[record.cadre_id], actor=actor)
    return record


def parse_decimal(value, *, field_label: str) -> Decimal:
    """A number from a form or a spreadsheet cell, or a Chinese error."""
    if value in (None, ""):
        return Decimal(0)
    try:
        return Decimal(str(value)).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError) as error:
        raise ValidationError(_("%(label)s应为数字。") % {"label": field_label}) from error
