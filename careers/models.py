"""Career history (任免, 职级) and accountability (组织处理, 党纪处分, 政务处分, 立案审查调查) of cadres,
and the two kinds of case built on them: unfit-for-post adjustment and fault tolerance.

The cadre's current post and rank are kept in step with these records by ``careers.services``.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from cadres.choices import LeadershipLevel, Rank
from careers.choices import (
    INVESTIGATION_SANCTION_KINDS,
    OLD_LEVEL_MEASURE_KINDS,
    PROBATION_APPOINTMENT_KINDS,
    AppointmentKind,
    CaseStatus,
    FaultToleranceDistinction,
    FaultToleranceOutcome,
    InvestigationOutcome,
    ProbationOutcome,
    RankChangeKind,
    RecordFamily,
    RecordKind,
    RecordStatus,
    UnfitDecision,
    UnfitSituation,
)
from core.history import HistoricalRecords
from core.models import TimeStampedModel


class Appointment(TimeStampedModel):
    """One 任免 record: a post taken or left on a date, by whose approval, under which document.

    ``previous_*`` keep the post the cadre held just before, so that a promotion whose probation fails
    can return the cadre to the previous level. A promotion carries a one-year probation (任职试用期), a hire
    (录用) the 录用试用期 of domain-rules §2 (CAREERS_HIRE_PROBATION_MONTHS); ``probation_end`` is its last day.
    """

    cadre = models.ForeignKey(
        "cadres.Cadre", verbose_name=_("干部"), on_delete=models.PROTECT, related_name="appointments"
    )
    kind = models.CharField(_("任免类型"), max_length=32, choices=AppointmentKind)
    post_title = models.CharField(_("职务名称"), max_length=100)
    unit = models.ForeignKey(
        "cadres.Unit", verbose_name=_("任职单位"), on_delete=models.PROTECT, related_name="appointments"
    )
    leadership_level = models.PositiveSmallIntegerField(
        _("领导职务层次"), choices=LeadershipLevel, null=True, blank=True
    )
    effective_date = models.DateField(_("任免时间"))
    approving_body = models.CharField(_("批准机关"), max_length=100)
    document_number = models.CharField(_("文号"), max_length=100)
    previous_post_title = models.CharField(_("原任职务"), max_length=100, blank=True, editable=False)
    previous_leadership_level = models.PositiveSmallIntegerField(
        _("原领导职务层次"), choices=LeadershipLevel, null=True, blank=True, editable=False
    )
    previous_post_date = models.DateField(_("原任职时间"), null=True, blank=True, editable=False)
    previous_unit = models.ForeignKey(
        "cadres.Unit",
        verbose_name=_("原单位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    probation_end = models.DateField(_("试用期至"), null=True, blank=True)
    probation_outcome = models.CharField(_("试用结果"), max_length=16, choices=ProbationOutcome, blank=True)
    probation_concluded_on = models.DateField(_("试用考核时间"), null=True, blank=True)
    note = models.TextField(_("备注"), blank=True)
    acknowledged_warning = models.TextField(
        _("已确认的提示"),
        blank=True,
        editable=False,
        help_text=_("录入时系统提示、经办人确认后仍予录入的情形（如基层工作经历不足），连同当时的数字。"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("录入人"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("任免记录")
        verbose_name_plural = _("任免记录")
        ordering = ["cadre", "effective_date", "id"]
        indexes = [
            models.Index(fields=["cadre", "effective_date"], name="appointment_cadre_date_idx"),
            models.Index(fields=["probation_outcome", "probation_end"], name="appointment_probation_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["cadre", "effective_date", "kind"], name="appointment_one_kind_per_day"),
            models.CheckConstraint(
                condition=Q(probation_end__isnull=True) | Q(probation_end__gt=F("effective_date")),
                name="appointment_probation_after_start",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=sorted(PROBATION_APPOINTMENT_KINDS))
                | Q(probation_end__isnull=True, probation_outcome=""),
                name="appointment_probation_only_for_hire_or_promotion",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.effective_date} {self.get_kind_display()} {self.post_title}"


class RankChange(TimeStampedModel):
    """One 职级 change: 晋升 one step, 降低, 套转 (conversion, any step) or 恢复, from the rank then held."""

    cadre = models.ForeignKey(
        "cadres.Cadre", verbose_name=_("干部"), on_delete=models.PROTECT, related_name="rank_changes"
    )
    kind = models.CharField(_("变动类型"), max_length=16, choices=RankChangeKind)
    from_rank = models.PositiveSmallIntegerField(_("原职级"), choices=Rank, null=True, blank=True)
    to_rank = models.PositiveSmallIntegerField(_("新职级"), choices=Rank)
    effective_date = models.DateField(_("生效时间"))
    reason = models.CharField(_("变动原因"), max_length=200)
    document_number = models.CharField(_("文号"), max_length=100)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("录入人"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("职级变动记录")
        verbose_name_plural = _("职级变动记录")
        ordering = ["cadre", "effective_date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["cadre", "effective_date"], name="rank_change_one_per_day"),
            models.CheckConstraint(
                condition=Q(from_rank__isnull=True) | ~Q(from_rank=F("to_rank")), name="rank_change_changes_rank"
            ),
            models.CheckConstraint(condition=Q(to_rank__gte=1, to_rank__lte=12), name="rank_change_to_rank_range"),
        ]

    def __str__(self) -> str:
        return f"{self.effective_date} {self.get_kind_display()} {self.get_to_rank_display()}"


class AccountabilityRecord(TimeStampedModel):
    """An organizational measure, a party discipline, a government sanction or an investigation.

    Its effect periods and bars come from ``careers.rules`` (domain-rules §1, §2). A record revoked or
    corrected later keeps its history: ``status`` changes and ``revoked_on`` says from when it no longer bars.
    ``internal_notes`` are for staff only and are never shown to the cadre.
    """

    cadre = models.ForeignKey(
        "cadres.Cadre", verbose_name=_("干部"), on_delete=models.PROTECT, related_name="accountability_records"
    )
    family = models.CharField(_("类别"), max_length=32, choices=RecordFamily)
    kind = models.CharField(_("种类"), max_length=32, choices=RecordKind)
    decided_on = models.DateField(_("决定（立案）日期"))
    issuing_body = models.CharField(_("作出机关"), max_length=100)
    document_number = models.CharField(_("文号"), max_length=100, blank=True)
    reason = models.TextField(_("事由"))
    internal_notes = models.TextField(_("内部备注"), blank=True)
    probation_years = models.PositiveSmallIntegerField(
        _("留党察看期限（年）"), null=True, blank=True, choices=[(1, _("1年")), (2, _("2年"))]
    )
    ends_on = models.DateField(_("停职检查截止日期"), null=True, blank=True)
    closed_on = models.DateField(_("结案日期"), null=True, blank=True)
    outcome = models.CharField(_("审查调查结果"), max_length=32, choices=InvestigationOutcome, blank=True)
    sanction_kind = models.CharField(
        _("结案给予的处分"),
        max_length=32,
        choices=[(kind.value, kind.label) for kind in INVESTIGATION_SANCTION_KINDS],
        blank=True,
        help_text=_("审查调查结果为“给予处分”时填写，决定被调查年度的考核等次。"),
    )
    old_leadership_level = models.PositiveSmallIntegerField(
        _("原领导职务层次"),
        choices=LeadershipLevel,
        null=True,
        blank=True,
        help_text=_("免职、责令辞职前担任的领导职务层次：24个月内不得担任高于该层次的领导职务。"),
    )
    status = models.CharField(_("状态"), max_length=16, choices=RecordStatus, default=RecordStatus.ACTIVE)
    revoked_on = models.DateField(_("撤销（更正）日期"), null=True, blank=True)
    revocation_reason = models.CharField(_("撤销（更正）原因"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("录入人"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("问责与处分记录")
        verbose_name_plural = _("问责与处分记录")
        ordering = ["cadre", "decided_on", "id"]
        indexes = [
            models.Index(fields=["cadre", "decided_on"], name="accountability_cadre_date_idx"),
            models.Index(fields=["status", "family", "decided_on"], name="accountability_status_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["cadre", "kind", "decided_on"],
                condition=Q(status=RecordStatus.ACTIVE),
                name="accountability_no_duplicate_active",
            ),
            models.UniqueConstraint(
                fields=["cadre"],
                condition=Q(kind=RecordKind.INVESTIGATION, closed_on__isnull=True, status=RecordStatus.ACTIVE),
                name="accountability_one_open_investigation",
            ),
            models.CheckConstraint(
                condition=Q(kind=RecordKind.PARTY_PROBATION, probation_years__in=[1, 2])
                | (~Q(kind=RecordKind.PARTY_PROBATION) & Q(probation_years__isnull=True)),
                name="accountability_probation_years",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("decided_on")),
                name="accountability_closed_after_opened",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("decided_on")),
                name="accountability_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(sanction_kind="") | Q(outcome=InvestigationOutcome.SANCTIONED),
                name="accountability_sanction_kind_only_when_sanctioned",
            ),
            models.CheckConstraint(
                condition=Q(old_leadership_level__isnull=True) | Q(kind__in=sorted(OLD_LEVEL_MEASURE_KINDS)),
                name="accountability_old_level_only_for_removal",
            ),
            models.CheckConstraint(
                condition=Q(status=RecordStatus.ACTIVE, revoked_on__isnull=True)
                | (~Q(status=RecordStatus.ACTIVE) & Q(revoked_on__gte=F("decided_on"))),
                name="accountability_revocation_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.decided_on} {self.get_kind_display()}"

    @property
    def is_investigation_open(self) -> bool:
        return self.kind == RecordKind.INVESTIGATION and self.closed_on is None and self.status == RecordStatus.ACTIVE


class UnfitAdjustmentCase(TimeStampedModel):
    """调整不适宜担任现职干部: a checklist of situations with the evidence for each, and a decision.

    ``situations`` maps each checked ``UnfitSituation`` value to its evidence text. The decision creates
    the matching appointment record and organizational measure (``appointment``, ``measure``).
    """

    cadre = models.ForeignKey(
        "cadres.Cadre", verbose_name=_("干部"), on_delete=models.PROTECT, related_name="unfit_cases"
    )
    status = models.CharField(_("状态"), max_length=16, choices=CaseStatus, default=CaseStatus.OPENED)
    opened_on = models.DateField(_("启动日期"))
    situations = models.JSONField(_("情形及事实依据"), default=dict)
    summary = models.TextField(_("情况说明"), blank=True)
    decision = models.CharField(_("调整方式"), max_length=16, choices=UnfitDecision, blank=True)
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    appointment = models.OneToOneField(
        Appointment,
        verbose_name=_("对应任免记录"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="unfit_case",
    )
    measure = models.OneToOneField(
        AccountabilityRecord,
        verbose_name=_("对应组织处理"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="unfit_case",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("录入人"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("不适宜担任现职调整")
        verbose_name_plural = _("不适宜担任现职调整")
        ordering = ["-opened_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cadre"], condition=~Q(status=CaseStatus.DECIDED), name="unfit_case_one_open_per_cadre"
            ),
            models.CheckConstraint(
                condition=~Q(status=CaseStatus.DECIDED) | (~Q(decision="") & Q(decided_on__gte=F("opened_on"))),
                name="unfit_case_decided_has_decision",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cadre_id} {self.opened_on} {self.get_status_display()}"

    @property
    def situation_items(self) -> list[tuple[str, str]]:
        """(situation label, evidence) pairs in the regulation's order."""
        return [
            (str(label), self.situations[value]) for value, label in UnfitSituation.choices if value in self.situations
        ]


class FaultToleranceCase(TimeStampedModel):
    """容错纠错: which of the 三个区分开来 applies to an accountability record, and the outcome.

    An outcome of 免责 lifts the record's bars and grade caps (``careers.rules``).
    """

    record = models.ForeignKey(
        AccountabilityRecord,
        verbose_name=_("涉及的处理记录"),
        on_delete=models.PROTECT,
        related_name="fault_tolerance_cases",
    )
    distinction = models.CharField(_("适用的“三个区分开来”情形"), max_length=40, choices=FaultToleranceDistinction)
    opened_on = models.DateField(_("申请日期"))
    facts = models.TextField(_("事实与理由"))
    status = models.CharField(_("状态"), max_length=16, choices=CaseStatus, default=CaseStatus.OPENED)
    outcome = models.CharField(_("认定结果"), max_length=16, choices=FaultToleranceOutcome, blank=True)
    decided_on = models.DateField(_("认定日期"), null=True, blank=True)
    decision_reason = models.TextField(_("认定意见"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("录入人"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("容错纠错")
        verbose_name_plural = _("容错纠错")
        ordering = ["-opened_on", "-id"]
        indexes = [models.Index(fields=["record", "outcome"], name="fault_tolerance_record_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["record"], condition=~Q(status=CaseStatus.DECIDED), name="fault_tolerance_one_open_per_record"
            ),
            models.UniqueConstraint(
                fields=["record"],
                condition=Q(outcome=FaultToleranceOutcome.EXEMPT),
                name="fault_tolerance_one_exemption_per_record",
            ),
            models.CheckConstraint(
                condition=(Q(status=CaseStatus.DECIDED) & ~Q(outcome="") & Q(decided_on__gte=F("opened_on")))
                | (~Q(status=CaseStatus.DECIDED) & Q(outcome="", decided_on__isnull=True)),
                name="fault_tolerance_outcome_when_decided",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.record} {self.get_outcome_display() or self.get_status_display()}"
