"""Courses, their sessions, enrolments (with seats and a waiting list), attendance, hours earned
elsewhere, and the credit ledger that compliance (domain-rules §6) is computed from."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.history import HistoricalRecords
from core.models import TimeStampedModel
from training import rules
from training.choices import (
    AttendanceStatus,
    CourseKind,
    CourseStatus,
    CreditSource,
    EnrolmentStatus,
    ExternalHoursStatus,
    ExternalProvider,
)

HOURS = {"max_digits": 7, "decimal_places": 1}


class Course(TimeStampedModel):
    """A training course (培训班) organized in the county.

    ``hours`` is the set 学时 a completed trainee is credited. A day-based off-the-job course
    (``is_day_based``) also credits ``days`` towards the day thresholds of §6; when only days are given,
    the services convert them to hours with TRAINING_HOURS_PER_DAY.
    An empty audience criterion means everyone; criteria combine with AND, values inside one with OR.
    """

    title = models.CharField(_("培训班名称"), max_length=200)
    kind = models.CharField(_("培训类型"), max_length=32, choices=CourseKind)
    organizer = models.CharField(_("主办单位"), max_length=100)
    location = models.CharField(_("培训地点"), max_length=200, blank=True)
    start_date = models.DateField(_("开班日期"))
    end_date = models.DateField(_("结业日期"))
    hours = models.DecimalField(_("学时"), **HOURS)
    days = models.DecimalField(_("天数"), max_digits=6, decimal_places=1, null=True, blank=True)
    is_day_based = models.BooleanField(_("按天脱产培训"), default=False)
    capacity = models.PositiveIntegerField(_("名额"))
    enrol_opens = models.DateField(_("报名开始"))
    enrol_closes = models.DateField(_("报名截止"))
    audience_units = models.ManyToManyField(
        "cadres.Unit", verbose_name=_("面向单位（含下级）"), blank=True, related_name="+"
    )
    audience_levels = models.JSONField(_("面向领导职务层次"), default=list, blank=True)
    audience_categories = models.JSONField(_("面向人员类别"), default=list, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=CourseStatus, default=CourseStatus.DRAFT)
    description = models.TextField(_("培训内容"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords(m2m_fields=[audience_units])

    class Meta:
        verbose_name = _("培训班")
        verbose_name_plural = _("培训班")
        ordering = ["-start_date", "-id"]
        indexes = [models.Index(fields=["status", "start_date"], name="course_status_start_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0), name="course_hours_positive", violation_error_message=_("学时须大于0。")
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1),
                name="course_capacity_positive",
                violation_error_message=_("名额至少为1人。"),
            ),
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="course_dates_ordered",
                violation_error_message=_("结束日期不能早于开始日期。"),
            ),
            models.CheckConstraint(
                condition=Q(enrol_closes__gte=models.F("enrol_opens")),
                name="course_enrol_window_ordered",
                violation_error_message=_("报名截止日期不能早于报名开始日期。"),
            ),
            models.CheckConstraint(
                condition=Q(is_day_based=False) | Q(days__gt=0),
                name="course_day_based_has_days",
                violation_error_message=_("按天脱产培训须填写培训天数。"),
            ),
            models.CheckConstraint(
                condition=~Q(kind=CourseKind.ONLINE) | Q(is_day_based=False),
                name="course_online_not_day_based",
                violation_error_message=_("网络培训按学时认定，不是按天脱产培训，不计脱产天数。"),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def edit_refusal(self) -> str:
        """Why the basic details can no longer be changed ("" while they can): ``rules.course_edit_refusal``."""
        return rules.course_edit_refusal(self)

    @property
    def staff_enrol_refusal(self) -> str:
        """Why staff can no longer enrol cadres ("" while they can): ``rules.staff_enrol_refusal``."""
        return rules.staff_enrol_refusal(self)

    @property
    def credited_days(self):
        """Days that count towards the day thresholds: only those of a day-based off-the-job course."""
        return self.days if self.is_day_based and self.days else 0


class CourseSession(models.Model):
    """One session (课次) of a course: a date and its hours. Attendance is kept per session."""

    course = models.ForeignKey(Course, verbose_name=_("培训班"), on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("日期"))
    title = models.CharField(_("内容"), max_length=200, blank=True)
    hours = models.DecimalField(_("学时"), **HOURS)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("课次")
        verbose_name_plural = _("课次")
        ordering = ["date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0), name="session_hours_positive", violation_error_message=_("课次学时须大于0。")
            )
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.title}".strip()


class Enrolment(TimeStampedModel):
    """A cadre on a course: holding seat 1..capacity, or waiting at a position, or gone, or completed.

    The database refuses a second row for the same cadre on a course, two holders of one seat, two
    waiters at one position, and a seat or position that does not fit the status. The enrol service
    assigns the lowest free seat while holding a lock on the course row, so capacity is never exceeded.
    """

    course = models.ForeignKey(Course, verbose_name=_("培训班"), on_delete=models.PROTECT, related_name="enrolments")
    cadre = models.ForeignKey(
        "cadres.Cadre", verbose_name=_("干部"), on_delete=models.PROTECT, related_name="enrolments"
    )
    status = models.CharField(_("状态"), max_length=16, choices=EnrolmentStatus, default=EnrolmentStatus.ENROLLED)
    seat = models.PositiveIntegerField(_("座位号"), null=True, blank=True)
    waiting_position = models.PositiveIntegerField(_("候补序号"), null=True, blank=True)
    leave_hours = models.DecimalField(_("请假（缺勤）学时"), default=0, **HOURS)
    hours_credited = models.DecimalField(_("认定学时"), default=0, **HOURS)
    days_credited = models.DecimalField(_("认定天数"), max_digits=6, decimal_places=1, default=0)
    score = models.DecimalField(_("成绩"), max_digits=5, decimal_places=1, null=True, blank=True)
    certificate_number = models.CharField(_("结业证书编号"), max_length=40, blank=True)
    status_reason = models.CharField(_("状态说明"), max_length=200, blank=True)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报名人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("报名")
        verbose_name_plural = _("报名")
        ordering = ["course", "seat", "waiting_position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["course", "cadre"], name="enrolment_one_per_cadre_per_course"),
            models.UniqueConstraint(
                fields=["course", "seat"], condition=Q(seat__isnull=False), name="enrolment_one_cadre_per_seat"
            ),
            models.UniqueConstraint(
                fields=["course", "waiting_position"],
                condition=Q(waiting_position__isnull=False),
                name="enrolment_one_cadre_per_waiting_position",
            ),
            models.CheckConstraint(
                condition=(Q(status__in=["enrolled", "completed"]) & Q(seat__gte=1))
                | (~Q(status__in=["enrolled", "completed"]) & Q(seat__isnull=True)),
                name="enrolment_seat_matches_status",
            ),
            models.CheckConstraint(
                condition=(Q(status="waiting") & Q(waiting_position__gte=1))
                | (~Q(status="waiting") & Q(waiting_position__isnull=True)),
                name="enrolment_waiting_position_matches_status",
            ),
            models.CheckConstraint(
                condition=Q(hours_credited=0) | Q(status="completed"), name="enrolment_credit_only_when_completed"
            ),
        ]
        indexes = [models.Index(fields=["cadre", "status"], name="enrolment_cadre_status_idx")]

    def __str__(self) -> str:
        return f"{self.cadre} · {self.course}"


class Attendance(models.Model):
    """Attendance of one enrolled cadre at one session: present, on leave for some hours, or absent."""

    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("报名"), on_delete=models.CASCADE, related_name="attendances"
    )
    session = models.ForeignKey(
        CourseSession, verbose_name=_("课次"), on_delete=models.CASCADE, related_name="attendances"
    )
    status = models.CharField(_("考勤"), max_length=16, choices=AttendanceStatus, default=AttendanceStatus.PRESENT)
    leave_hours = models.DecimalField(_("请假学时"), default=0, **HOURS)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("考勤")
        verbose_name_plural = _("考勤")
        ordering = ["session__date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "session"], name="attendance_one_per_session"),
            models.CheckConstraint(
                condition=Q(leave_hours=0) | (Q(status="leave") & Q(leave_hours__gt=0)),
                name="attendance_leave_hours_only_on_leave",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment} · {self.session}"


class ExternalHours(TimeStampedModel):
    """Hours earned outside the county (provincial party school, an online platform), with evidence.

    They count only once approved by staff; approval writes a TrainingCredit.
    """

    cadre = models.ForeignKey(
        "cadres.Cadre", verbose_name=_("干部"), on_delete=models.PROTECT, related_name="external_hours"
    )
    title = models.CharField(_("培训名称"), max_length=200)
    provider = models.CharField(_("培训机构"), max_length=32, choices=ExternalProvider)
    provider_name = models.CharField(_("机构名称"), max_length=100, blank=True)
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"))
    hours = models.DecimalField(_("学时"), **HOURS)
    days = models.DecimalField(_("脱产天数"), max_digits=6, decimal_places=1, default=0)
    is_online = models.BooleanField(_("网络自学"), default=False)
    evidence = models.FileField(_("证明材料"), upload_to="training/evidence/%Y/%m/")
    status = models.CharField(
        _("状态"), max_length=16, choices=ExternalHoursStatus, default=ExternalHoursStatus.PENDING
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("填报人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    review_note = models.CharField(_("审核意见"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("外部学时")
        verbose_name_plural = _("外部学时")
        ordering = ["-end_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0), name="external_hours_positive", violation_error_message=_("学时须大于0。")
            ),
            models.CheckConstraint(
                condition=Q(days__gte=0),
                name="external_days_not_negative",
                violation_error_message=_("天数不能为负数。"),
            ),
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="external_dates_ordered",
                violation_error_message=_("结束日期不能早于开始日期。"),
            ),
            models.CheckConstraint(
                condition=(Q(is_online=False) & ~Q(provider=ExternalProvider.ONLINE_PLATFORM)) | Q(days=0),
                name="external_online_has_no_days",
                violation_error_message=_("网络自学按学时认定，不计脱产培训天数，请不要填写天数。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cadre} · {self.title}"


class TrainingCredit(models.Model):
    """The ledger compliance is computed from: one row per completed enrolment or approved external record.

    Written only by the services that complete a course or approve external hours, in the same
    transaction, so that compliance for every cadre is one aggregate query over this table. It is derived
    data with no history of its own: the enrolment or external record it comes from keeps the history.
    """

    cadre = models.ForeignKey("cadres.Cadre", verbose_name=_("干部"), on_delete=models.PROTECT, related_name="+")
    earned_on = models.DateField(_("取得日期"))
    year = models.PositiveSmallIntegerField(_("年度"))
    hours = models.DecimalField(_("学时"), **HOURS)
    days = models.DecimalField(_("脱产天数"), max_digits=6, decimal_places=1, default=0)
    online_hours = models.DecimalField(_("网络自学学时"), default=0, **HOURS)
    source = models.CharField(_("来源"), max_length=16, choices=CreditSource)
    enrolment = models.OneToOneField(
        Enrolment, verbose_name=_("报名"), on_delete=models.CASCADE, null=True, blank=True, related_name="credit"
    )
    external = models.OneToOneField(
        ExternalHours,
        verbose_name=_("外部学时"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="credit",
    )

    class Meta:
        verbose_name = _("学时记录")
        verbose_name_plural = _("学时记录")
        ordering = ["-earned_on", "-id"]
        # Covering: the compliance aggregate reads only this index (an index-only scan), never the table.
        indexes = [
            models.Index(
                fields=["cadre", "earned_on", "year", "hours", "days", "online_hours"],
                name="credit_cadre_earned_cover_idx",
            ),
            # The compliance report's annual year for every cadre at once (training.selectors._compliance_facts):
            # one year's rows, by cadre, read from the index alone.
            models.Index(
                fields=["year", "cadre", "earned_on", "hours", "days", "online_hours"],
                name="credit_year_cadre_cover_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(source="course") & Q(enrolment__isnull=False) & Q(external__isnull=True))
                | (Q(source="external") & Q(external__isnull=False) & Q(enrolment__isnull=True)),
                name="credit_has_one_origin",
            ),
            models.CheckConstraint(condition=Q(hours__gte=0) & Q(days__gte=0), name="credit_not_negative"),
            # §6: online hours are never days
            models.CheckConstraint(condition=Q(online_hours=0) | Q(days=0), name="credit_online_has_no_days"),
        ]

    def __str__(self) -> str:
        return f"{self.cadre_id} {self.earned_on} {self.hours}"
