"""Care measures (关心关爱, domain-rules §8): turnover housing, health checks, leave, pay, and the
burden-reduction register of inspection items imposed on townships.

Invariants are database constraints: a flat has at most one current tenant and a cadre at most one
current tenancy (partial unique indexes on every database; on PostgreSQL also exclusion constraints
against overlapping periods, added by migration 0002), pay is never negative, leave ends after it starts.
"""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from cadres.choices import Rank
from care.choices import (
    ApplicationStatus,
    FlatStatus,
    InspectionFrequency,
    InspectionStatus,
    LeaveKind,
)
from core.history import HistoricalRecords
from core.models import TimeStampedModel


class Building(TimeStampedModel):
    """A building of turnover flats (周转房), located in a unit (usually a township)."""

    name = models.CharField(_("楼栋名称"), max_length=100)
    unit = models.ForeignKey(
        "cadres.Unit", verbose_name=_("所在乡镇/单位"), on_delete=models.PROTECT, related_name="care_buildings"
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("周转房楼栋")
        verbose_name_plural = _("周转房楼栋")
        ordering = ["unit__path", "name", "id"]
        constraints = [models.UniqueConstraint(fields=["unit", "name"], name="care_building_unique_name_in_unit")]

    def __str__(self) -> str:
        return self.name


class Flat(TimeStampedModel):
    """One turnover flat. ``status`` is kept in step with its tenancies by the housing services."""

    building = models.ForeignKey(Building, verbose_name=_("楼栋"), on_delete=models.PROTECT, related_name="flats")
    number = models.CharField(_("房号"), max_length=20)
    area = models.DecimalField(_("面积（㎡）"), max_digits=6, decimal_places=2)
    rooms = models.PositiveSmallIntegerField(_("居室数"), default=1)
    status = models.CharField(_("状态"), max_length=16, choices=FlatStatus, default=FlatStatus.AVAILABLE)
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("周转房")
        verbose_name_plural = _("周转房")
        ordering = ["building__name", "number", "id"]
        constraints = [
            models.UniqueConstraint(fields=["building", "number"], name="care_flat_unique_number_in_building"),
            models.CheckConstraint(
                condition=Q(area__gt=0), name="care_flat_area_positive", violation_error_message=_("面积必须大于0。")
            ),
            models.CheckConstraint(
                condition=Q(rooms__gte=1),
                name="care_flat_rooms_at_least_one",
                violation_error_message=_("居室数至少为1。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.building.name} {self.number}"


class HousingApplication(TimeStampedModel):
    """A cadre's application for a turnover flat, with the declared factors and the priority they earn.

    ``priority_score`` and ``priority_parts`` are written by the service from the pure rule and the
    weights in force (CARE_HOUSING_PRIORITY_WEIGHTS), so the applicant can see why he or she ranks where.
    """

    cadre = models.ForeignKey(
        "cadres.Cadre", verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="housing_applications"
    )
    applied_on = models.DateField(_("申请日期"))
    township_post = models.BooleanField(_("在乡镇岗位工作"), default=False)
    first_secretary = models.BooleanField(_("驻村第一书记"), default=False)
    distance_km = models.PositiveIntegerField(_("家庭住址距工作地（公里）"), default=0)
    spouse_elsewhere = models.BooleanField(_("夫妻两地分居"), default=False)
    dependent_children = models.BooleanField(_("有需随迁照顾的子女"), default=False)
    family_hardship = models.BooleanField(_("家庭困难"), default=False)
    family_note = models.CharField(_("家庭情况说明"), max_length=200, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=ApplicationStatus, default=ApplicationStatus.PENDING, db_index=True
    )
    priority_score = models.PositiveIntegerField(_("优先分"), default=0, editable=False)
    priority_parts = models.JSONField(_("计分依据"), default=list, blank=True, editable=False)
    decision_note = models.CharField(_("审核意见"), max_length=200, blank=True)
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("周转房申请")
        verbose_name_plural = _("周转房申请")
        ordering = ["-priority_score", "applied_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cadre"],
                condition=Q(status__in=["pending", "waiting"]),
                name="care_application_one_open_per_cadre",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cadre} {self.applied_on:%Y-%m-%d}"


class Tenancy(TimeStampedModel):
    """A cadre living in a flat from ``start_date`` until ``end_date`` (move-out day, exclusive; open = current)."""

    flat = models.ForeignKey(Flat, verbose_name=_("住房"), on_delete=models.PROTECT, related_name="tenancies")
    cadre = models.ForeignKey(
        "cadres.Cadre", verbose_name=_("住户"), on_delete=models.PROTECT, related_name="tenancies"
    )
    application = models.ForeignKey(
        HousingApplication,
        verbose_name=_("对应申请"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tenancies",
    )
    start_date = models.DateField(_("入住日期"))
    end_date = models.DateField(_("退房日期"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("入住记录")
        verbose_name_plural = _("入住记录")
        ordering = ["-start_date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["flat"], condition=Q(end_date__isnull=True), name="care_tenancy_one_current_per_flat"
            ),
            models.UniqueConstraint(
                fields=["cadre"], condition=Q(end_date__isnull=True), name="care_tenancy_one_current_per_cadre"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gt=F("start_date")),
                name="care_tenancy_ends_after_start",
                violation_error_message=_("退房日期必须晚于入住日期。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cadre} @ {self.flat_id}"


class HealthCheck(TimeStampedModel):
    """A cadre's yearly health check: whether it was done, where and when. No medical details are kept,
    only whether a follow-up is needed."""

    cadre = models.ForeignKey(
        "cadres.Cadre", verbose_name=_("干部"), on_delete=models.PROTECT, related_name="health_checks"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    check_date = models.DateField(_("体检日期"), null=True, blank=True)
    provider = models.CharField(_("体检机构"), max_length=100, blank=True)
    done = models.BooleanField(_("已完成"), default=False)
    follow_up_needed = models.BooleanField(_("需复查"), default=False)
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("健康体检")
        verbose_name_plural = _("健康体检")
        ordering = ["-year", "cadre_id"]
        constraints = [
            models.UniqueConstraint(fields=["cadre", "year"], name="care_health_check_one_per_cadre_year"),
            models.CheckConstraint(
                condition=Q(done=False) | Q(check_date__isnull=False),
                name="care_check_done_dated",
                violation_error_message=_("已完成的体检请填写体检日期。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cadre} {self.year}"


class LeaveRecord(TimeStampedModel):
    """A period of annual, sick or personal leave (职工带薪年休假条例 art. 3–4).

    ``days`` are the leave days counted by the unit (public holidays and rest days are not annual leave,
    art. 3), at most the calendar days of the period. ``pay_deducted`` matters for personal leave only:
    art. 4 (2) takes away the year's annual leave after 20+ days of personal leave without a pay deduction.
    """

    cadre = models.ForeignKey(
        "cadres.Cadre", verbose_name=_("干部"), on_delete=models.PROTECT, related_name="leave_records"
    )
    kind = models.CharField(_("假别"), max_length=16, choices=LeaveKind)
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"))
    days = models.PositiveSmallIntegerField(_("天数"))
    pay_deducted = models.BooleanField(_("已扣工资（事假）"), default=False)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("请休假记录")
        verbose_name_plural = _("请休假记录")
        ordering = ["-start_date", "-id"]
        indexes = [models.Index(fields=["cadre", "kind", "start_date"], name="care_leave_cadre_kind_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="care_leave_ends_after_start",
                violation_error_message=_("结束日期不能早于开始日期。"),
            ),
            models.CheckConstraint(
                condition=Q(days__gte=1),
                name="care_leave_days_at_least_one",
                violation_error_message=_("请假天数至少为1天。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cadre} {self.get_kind_display()} {self.start_date:%Y-%m-%d}"


class PayRecord(TimeStampedModel):
    """A cadre's pay for one month (``month`` is its first day): base pay and township allowance.

    ``rank`` and ``unit`` are the cadre's as of that month, so later moves do not rewrite the comparison.
    """

    cadre = models.ForeignKey(
        "cadres.Cadre", verbose_name=_("干部"), on_delete=models.PROTECT, related_name="pay_records"
    )
    month = models.DateField(_("月份"))
    unit = models.ForeignKey(
        "cadres.Unit", verbose_name=_("发放时单位"), on_delete=models.PROTECT, related_name="care_pay_records"
    )
    rank = models.PositiveSmallIntegerField(_("职级"), choices=Rank, null=True, blank=True)
    base_pay = models.DecimalField(_("基本工资（元）"), max_digits=10, decimal_places=2)
    township_allowance = models.DecimalField(_("乡镇工作补贴（元）"), max_digits=10, decimal_places=2, default=0)
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("工资补贴记录")
        verbose_name_plural = _("工资补贴记录")
        ordering = ["-month", "cadre_id"]
        indexes = [models.Index(fields=["month", "rank"], name="care_pay_month_rank")]
        constraints = [
            models.UniqueConstraint(fields=["cadre", "month"], name="care_pay_one_per_cadre_month"),
            models.CheckConstraint(
                condition=Q(base_pay__gte=0),
                name="care_pay_base_not_negative",
                violation_error_message=_("金额不能为负数。"),
            ),
            models.CheckConstraint(
                condition=Q(township_allowance__gte=0),
                name="care_pay_allowance_not_negative",
                violation_error_message=_("金额不能为负数。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cadre} {self.month:%Y-%m}"

    @property
    def total(self):
        return self.base_pay + self.township_allowance


class InspectionItem(TimeStampedModel):
    """An inspection, check or assessment item imposed on townships (督查检查考核事项) in a year.

    Items are cut by merging them into another item of the same year or by retiring them; either needs
    a reason, kept on the item and in its history.
    """

    title = models.CharField(_("事项名称"), max_length=200)
    issuing_body = models.CharField(_("发文/牵头单位"), max_length=100)
    frequency = models.CharField(_("频次"), max_length=16, choices=InspectionFrequency)
    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    status = models.CharField(_("状态"), max_length=16, choices=InspectionStatus, default=InspectionStatus.ACTIVE)
    merged_into = models.ForeignKey(
        "self", verbose_name=_("并入事项"), on_delete=models.PROTECT, null=True, blank=True, related_name="merged_items"
    )
    status_reason = models.CharField(_("合并/取消理由"), max_length=200, blank=True)
    target_townships = models.ManyToManyField(
        "cadres.Unit", verbose_name=_("涉及乡镇"), blank=True, related_name="care_inspection_items"
    )
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("督查检查考核事项")
        verbose_name_plural = _("督查检查考核事项")
        ordering = ["-year", "title", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(status="merged") & Q(merged_into__isnull=False))
                | (~Q(status="merged") & Q(merged_into__isnull=True)),
                name="care_inspection_merged_has_target",
            ),
            models.CheckConstraint(condition=~Q(merged_into=F("id")), name="care_inspection_not_merged_into_self"),
            models.CheckConstraint(
                condition=Q(status="active") | ~Q(status_reason=""), name="care_inspection_cut_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.title}"
