"""Postings (实践锻炼): a cadre sent from the home unit to a host unit, a village or a host outside the county.

The invariants of domain-rules §7 are database constraints: at most one serving posting per cadre, at most
one serving first secretary per village, coherent dates. On PostgreSQL an exclusion constraint (added by
migration 0002, which does nothing on other databases) also refuses overlapping postings of one cadre;
``postings.services`` checks the same overlap for every database.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.history import HistoricalRecords
from core.models import TimeStampedModel
from postings.choices import (
    EvaluationGrade,
    ExchangeDirection,
    FrontLine,
    PostingKind,
    PostingStatus,
    ReminderKind,
    VillageCategory,
)


class VillageProfile(TimeStampedModel):
    """The categories of a village (or community) that first secretaries are sent to."""

    unit = models.OneToOneField(
        "cadres.Unit",
        verbose_name=_("村（社区）"),
        on_delete=models.PROTECT,
        related_name="village_profile",
        limit_choices_to={"kind__in": ["village", "community"]},
    )
    is_poverty = models.BooleanField(VillageCategory.POVERTY.label, default=False)
    is_weak_lax = models.BooleanField(VillageCategory.WEAK_LAX.label, default=False)
    is_weak_collective_economy = models.BooleanField(VillageCategory.WEAK_COLLECTIVE_ECONOMY.label, default=False)
    is_relocation_site = models.BooleanField(VillageCategory.RELOCATION_SITE.label, default=False)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("村情档案")
        verbose_name_plural = _("村情档案")

    def __str__(self) -> str:
        return str(self.unit)

    @property
    def category_labels(self) -> list[str]:
        return [str(choice.label) for choice in VillageCategory if getattr(self, choice.value)]


class ExternalHost(TimeStampedModel):
    """A host outside the county's unit tree, e.g. a partner city's organ in 广东, 成都 or 宜宾."""

    name = models.CharField(_("接收单位名称"), max_length=100, unique=True)
    region = models.CharField(_("所在地区"), max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("县外接收单位")
        verbose_name_plural = _("县外接收单位")
        ordering = ["region", "name"]

    def __str__(self) -> str:
        return f"{self.region} {self.name}".strip()


class Posting(TimeStampedModel):
    """One posting of one cadre.

    ``planned_end`` is the current planned end: an extension moves it and keeps the previous end on its
    PostingExtension row. ``actual_end`` is set when the posting ends early, is recalled, or completes.
    A posting recalled before it started has no ``actual_end`` and never happened.
    """

    cadre = models.ForeignKey("cadres.Cadre", verbose_name=_("干部"), on_delete=models.PROTECT, related_name="postings")
    kind = models.CharField(_("锻炼类型"), max_length=32, choices=PostingKind)
    front_line = models.CharField(_("一线类别"), max_length=32, choices=FrontLine, blank=True)
    exchange_direction = models.CharField(_("交流方向"), max_length=32, choices=ExchangeDirection, blank=True)
    home_unit = models.ForeignKey(
        "cadres.Unit", verbose_name=_("派出单位"), on_delete=models.PROTECT, related_name="postings_sent"
    )
    host_unit = models.ForeignKey(
        "cadres.Unit",
        verbose_name=_("接收单位/村"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="postings_hosted",
    )
    external_host = models.ForeignKey(
        ExternalHost,
        verbose_name=_("县外接收单位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="postings",
    )
    purpose = models.CharField(_("锻炼任务"), max_length=200, blank=True)
    planned_start = models.DateField(_("开始日期"))
    planned_end = models.DateField(_("计划结束日期"))
    actual_end = models.DateField(_("实际结束日期"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=PostingStatus, default=PostingStatus.PLANNED)
    end_reason = models.CharField(_("结束/召回原因"), max_length=200, blank=True)
    evaluation_grade = models.CharField(_("接收单位鉴定等次"), max_length=32, choices=EvaluationGrade, blank=True)
    evaluation_comment = models.TextField(_("接收单位鉴定意见"), blank=True)
    evaluated_on = models.DateField(_("鉴定日期"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("实践锻炼")
        verbose_name_plural = _("实践锻炼")
        ordering = ["-planned_start", "id"]
        indexes = [
            models.Index(fields=["host_unit", "planned_start"], name="posting_host_start_idx"),
            models.Index(fields=["home_unit", "planned_start"], name="posting_home_start_idx"),
            models.Index(fields=["kind", "status"], name="posting_kind_status_idx"),
            models.Index(fields=["status", "planned_end"], name="posting_status_end_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["cadre"], condition=Q(status="serving"), name="posting_one_serving_per_cadre"
            ),
            models.UniqueConstraint(
                fields=["host_unit"],
                condition=Q(status="serving", kind="first_secretary"),
                name="posting_one_serving_first_secretary_per_village",
            ),
            models.CheckConstraint(
                condition=Q(planned_end__gte=models.F("planned_start")),
                name="posting_planned_end_after_start",
                violation_error_message=_("计划结束日期不能早于开始日期。"),
            ),
            models.CheckConstraint(
                condition=Q(actual_end__isnull=True) | Q(actual_end__gte=models.F("planned_start")),
                name="posting_actual_end_after_start",
                violation_error_message=_("实际结束日期不能早于开始日期。"),
            ),
            models.CheckConstraint(
                condition=~Q(status="completed") | Q(actual_end__isnull=False),
                name="posting_completed_has_end",
                violation_error_message=_("已结束的实践锻炼须填写实际结束日期。"),
            ),
            models.CheckConstraint(
                condition=~Q(status="planned") | Q(actual_end__isnull=True),
                name="posting_planned_has_no_end",
                violation_error_message=_("拟派出的实践锻炼不能有实际结束日期。"),
            ),
            models.CheckConstraint(
                condition=Q(host_unit__isnull=False) | Q(external_host__isnull=False),
                name="posting_has_host",
                violation_error_message=_("请填写接收单位（县内单位或县外接收单位）。"),
            ),
            models.CheckConstraint(
                condition=~Q(kind="first_secretary") | Q(host_unit__isnull=False, external_host__isnull=True),
                name="posting_first_secretary_in_village",
                violation_error_message=_("第一书记的接收单位须为县内的村（社区）。"),
            ),
            models.CheckConstraint(
                condition=(Q(kind="front_line") & ~Q(front_line="")) | (~Q(kind="front_line") & Q(front_line="")),
                name="posting_front_line_iff_kind",
                violation_error_message=_("一线锻炼须填写一线类别，其他锻炼类型不填。"),
            ),
            models.CheckConstraint(
                condition=(Q(kind="exchange") & ~Q(exchange_direction=""))
                | (~Q(kind="exchange") & Q(exchange_direction="")),
                name="posting_exchange_direction_iff_kind",
                violation_error_message=_("双向交流须填写交流方向，其他锻炼类型不填。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cadre} · {self.get_kind_display()} · {self.host_name}"

    @property
    def host_name(self) -> str:
        if self.host_unit_id:
            return self.host_unit.name
        if self.external_host_id:
            return str(self.external_host)
        return ""

    @property
    def effective_end(self):
        return self.actual_end or self.planned_end

    @property
    def kind_detail_display(self) -> str:
        if self.front_line:
            return self.get_front_line_display()
        if self.exchange_direction:
            return self.get_exchange_direction_display()
        return ""


class PostingExtension(TimeStampedModel):
    """One extension of a posting: from which end to which, and why."""

    posting = models.ForeignKey(
        Posting, verbose_name=_("实践锻炼"), on_delete=models.CASCADE, related_name="extensions"
    )
    previous_end = models.DateField(_("原结束日期"))
    new_end = models.DateField(_("延长至"))
    reason = models.CharField(_("延期原因"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("经办人"), on_delete=models.PROTECT, null=True, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("延期记录")
        verbose_name_plural = _("延期记录")
        ordering = ["posting", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(new_end__gt=models.F("previous_end")), name="posting_extension_moves_end_later"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.previous_end} → {self.new_end}"


class PostingMonthlyPresence(TimeStampedModel):
    """Days on site in one month (``month`` is the month's first day)."""

    posting = models.ForeignKey(Posting, verbose_name=_("实践锻炼"), on_delete=models.CASCADE, related_name="presences")
    month = models.DateField(_("月份"))
    days = models.PositiveSmallIntegerField(_("在岗天数"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("月度在岗天数")
        verbose_name_plural = _("月度在岗天数")
        ordering = ["posting", "month"]
        constraints = [
            models.UniqueConstraint(fields=["posting", "month"], name="posting_presence_one_per_month"),
            models.CheckConstraint(condition=Q(days__lte=31), name="posting_presence_days_in_month"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}: {self.days}"


class PostingReminder(TimeStampedModel):
    """A reminder on the staff pages, raised by the daily job; one per (posting, kind, period)."""

    posting = models.ForeignKey(Posting, verbose_name=_("实践锻炼"), on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("提醒类型"), max_length=32, choices=ReminderKind)
    period = models.DateField(_("所指日期/月份"))
    raised_on = models.DateField(_("提醒日期"))
    detail = models.CharField(_("说明"), max_length=200, blank=True)
    dismissed_at = models.DateTimeField(_("已处理时间"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("实践锻炼提醒")
        verbose_name_plural = _("实践锻炼提醒")
        ordering = ["-raised_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["posting", "kind", "period"], name="posting_reminder_once_per_period"),
        ]
        indexes = [models.Index(fields=["dismissed_at", "raised_on"], name="posting_reminder_open_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.posting_id} · {self.period}"
