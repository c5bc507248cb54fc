"""Assessment (考核): periods, indicators, raters and scores, quota pools and proposals, and the annual results
a period confirms (domain-rules §1–§3).

``AnnualResult`` is the contract the rest of the system reads (the rewards engine, the cadre page): one row
per cadre and year, written by a period's confirmation (``source=assessed``) or entered for years before
the system (``source=imported``). A result counts from its ``confirmed_on``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from assessments.choices import (
    AssignmentStatus,
    Grade,
    ItemKind,
    ObjectionStatus,
    PeriodKind,
    PeriodState,
    PoolKind,
    RaterGroup,
    RegularGrade,
    ResultSource,
    SelfSummaryStatus,
    SuggestionKind,
    SuggestionStatus,
    TemplateStatus,
    UngradedReason,
)
from cadres.choices import UnitKind
from core.fields import JSONTextField
from core.history import HistoricalRecords
from core.models import TimeStampedModel

SCORE_RANGE = Q(score__gte=0) & Q(score__lte=100)


class Period(TimeStampedModel):
    """One assessment period (考核周期): the annual assessment of a year, a quarter's regular assessment, or a
    named special assessment. Its ``state`` moves only along ``assessments.rules.TRANSITIONS``, through
    ``assessments.services.period_transition``, which records who, when and why."""

    kind = models.CharField(_("考核种类"), max_length=16, choices=PeriodKind)
    year = models.PositiveSmallIntegerField(_("考核年度"))
    quarter = models.PositiveSmallIntegerField(_("季度"), null=True, blank=True)
    name = models.CharField(_("名称"), max_length=100)
    state = models.CharField(_("状态"), max_length=20, choices=PeriodState, default=PeriodState.DRAFT)
    publicity_starts_on = models.DateField(_("公示开始日期"), null=True, blank=True)
    publicity_ends_on = models.DateField(_("公示结束日期"), null=True, blank=True)
    confirmed_on = models.DateField(_("确定日期"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("考核周期")
        verbose_name_plural = _("考核周期")
        ordering = ["-year", "kind", "quarter", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["year"],
                condition=Q(kind=PeriodKind.ANNUAL),
                name="period_one_annual_per_year",
                violation_error_message=_("该年度已有年度考核周期。"),
            ),
            models.UniqueConstraint(
                fields=["year", "quarter"],
                condition=Q(kind=PeriodKind.REGULAR),
                name="period_one_regular_per_quarter",
                violation_error_message=_("该季度已有平时考核周期。"),
            ),
            models.UniqueConstraint(
                fields=["year", "name"],
                condition=Q(kind=PeriodKind.SPECIAL),
                name="period_special_name_unique_in_year",
                violation_error_message=_("该年度已有同名的专项考核。"),
            ),
            models.CheckConstraint(
                condition=Q(kind=PeriodKind.REGULAR, quarter__gte=1, quarter__lte=4)
                | (~Q(kind=PeriodKind.REGULAR) & Q(quarter__isnull=True)),
                name="period_quarter_only_for_regular",
                violation_error_message=_("平时考核须填写季度（1–4），其他考核不填季度。"),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1990, year__lte=2100),
                name="period_year_range",
                violation_error_message=_("考核年度应在1990至2100年之间。"),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class AnnualResult(TimeStampedModel):
    """年度考核结果: one cadre's grade of one year, unique in the database.

    ``source=assessed`` rows are written by the confirmation of an annual period (``period`` set);
    ``source=imported`` rows are past years entered or imported by staff (``period`` empty). Both count the
    same in the rules, from ``confirmed_on``. ``ungraded_reason`` is set exactly when the grade is 不定等次.
    """

    cadre = models.ForeignKey(
        "cadres.Cadre", verbose_name=_("干部"), on_delete=models.PROTECT, related_name="annual_results"
    )
    year = models.PositiveSmallIntegerField(_("考核年度"))
    grade = models.CharField(_("等次"), max_length=24, choices=Grade)
    ungraded_reason = models.CharField(_("不定等次原因"), max_length=16, choices=UngradedReason, blank=True)
    confirmed_on = models.DateField(_("确定日期"))
    source = models.CharField(_("来源"), max_length=16, choices=ResultSource)
    period = models.ForeignKey(
        Period,
        verbose_name=_("考核周期"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="annual_results",
    )
    comment = models.TextField(_("评语"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("录入人"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("年度考核结果")
        verbose_name_plural = _("年度考核结果")
        ordering = ["-year", "cadre_id"]
        indexes = [models.Index(fields=["year", "grade"], name="annual_result_year_grade_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["cadre", "year"],
                name="annual_result_one_per_cadre_year",
                violation_error_message=_("该干部该年度已有考核结果。"),
            ),
            models.CheckConstraint(
                condition=(Q(grade=Grade.UNGRADED) & ~Q(ungraded_reason=""))
                | (~Q(grade=Grade.UNGRADED) & Q(ungraded_reason="")),
                name="annual_result_ungraded_reason_iff_ungraded",
                violation_error_message=_("不定等次须注明原因；其他等次不填不定等次原因。"),
            ),
            models.CheckConstraint(
                condition=Q(source=ResultSource.ASSESSED, period__isnull=False)
                | Q(source=ResultSource.IMPORTED, period__isnull=True),
                name="annual_result_period_iff_assessed",
                violation_error_message=_("考核周期确定的结果须关联考核周期，历史录入的结果不关联。"),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1990, year__lte=2100),
                name="annual_result_year_range",
                violation_error_message=_("考核年度应在1990至2100年之间。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cadre} {self.year} {self.get_grade_display()}"


class PeriodTransition(models.Model):
    """One move of a period along the transition table: which, from and to which state, who, when and why."""

    period = models.ForeignKey(Period, verbose_name=_("考核周期"), on_delete=models.CASCADE, related_name="transitions")
    action = models.CharField(_("操作"), max_length=32)
    from_state = models.CharField(_("原状态"), max_length=20, choices=PeriodState)
    to_state = models.CharField(_("新状态"), max_length=20, choices=PeriodState)
    reason = models.TextField(_("原因"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("考核周期状态变更")
        verbose_name_plural = _("考核周期状态变更")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.period} {self.get_from_state_display()} → {self.get_to_state_display()}"


class IndicatorTemplate(TimeStampedModel):
    """考核指标模板: the items and rater-group weights for the units of one kind (blank: any kind without its
    own template). Versioned: a published version is frozen, so a period keeps the template it was scored
    with; changes are made in a new version."""

    name = models.CharField(_("模板名称"), max_length=100)
    unit_kind = models.CharField(_("适用单位类别"), max_length=32, choices=UnitKind, blank=True)
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    status = models.CharField(_("状态"), max_length=16, choices=TemplateStatus, default=TemplateStatus.DRAFT)
    published_on = models.DateField(_("发布日期"), null=True, blank=True)
    note = models.TextField(_("说明"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("考核指标模板")
        verbose_name_plural = _("考核指标模板")
        ordering = ["unit_kind", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit_kind", "version"],
                name="indicator_template_version_unique",
                violation_error_message=_("该单位类别已有此版本的指标模板。"),
            ),
            models.UniqueConstraint(
                fields=["unit_kind"],
                condition=Q(status=TemplateStatus.PUBLISHED),
                name="indicator_template_one_published_per_unit_kind",
                violation_error_message=_("该单位类别已有一个在用的指标模板。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（第{self.version}版）"


class IndicatorItem(models.Model):
    """One item of a template, with its weight of 100: rated by raters, or a quantitative score entered by
    staff (for example the target-performance result, 目标绩效)."""

    template = models.ForeignKey(
        IndicatorTemplate, verbose_name=_("指标模板"), on_delete=models.CASCADE, related_name="items"
    )
    name = models.CharField(_("指标名称"), max_length=100)
    kind = models.CharField(_("评分方式"), max_length=16, choices=ItemKind)
    weight = models.DecimalField(_("权重"), max_digits=5, decimal_places=2)
    description = models.TextField(_("评分标准"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("考核指标")
        verbose_name_plural = _("考核指标")
        ordering = ["template", "sort_order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "name"],
                name="indicator_item_name_unique_in_template",
                violation_error_message=_("模板中已有同名指标。"),
            ),
            models.CheckConstraint(
                condition=Q(weight__gt=0) & Q(weight__lte=100),
                name="indicator_item_weight_range",
                violation_error_message=_("指标权重应大于0且不超过100。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.weight}）"


class TemplateRaterGroup(models.Model):
    """A rater group's weight in a template (weights of the groups sum to 100), and whether the group drops
    its highest and lowest score when it is large enough."""

    template = models.ForeignKey(
        IndicatorTemplate, verbose_name=_("指标模板"), on_delete=models.CASCADE, related_name="rater_groups"
    )
    group = models.CharField(_("评价人类别"), max_length=16, choices=RaterGroup)
    weight = models.DecimalField(_("权重"), max_digits=5, decimal_places=2)
    drop_extremes = models.BooleanField(_("去掉一个最高分和一个最低分"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("评价人类别权重")
        verbose_name_plural = _("评价人类别权重")
        ordering = ["template", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "group"],
                name="template_rater_group_unique",
                violation_error_message=_("模板中该评价人类别已设置权重。"),
            ),
            models.CheckConstraint(
                condition=Q(weight__gte=0) & Q(weight__lte=100),
                name="template_rater_group_weight_range",
                violation_error_message=_("评价人类别权重应在0到100之间。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_group_display()}（{self.weight}）"


class QuotaPool(TimeStampedModel):
    """A quota pool (优秀名额单元) of a period: the non-leadership members of a unit, or leaders as the
    pooling setting says. ``quota_raised`` marks the unit's year as "quota raised, approved" (25%). The
    counts are the last recompute's. Every change to the pool's inputs raises ``input_version`` in the
    change's own transaction; a recompute stores the version it computed, so a pool is stale while the two
    differ, and a recompute that read its inputs before a change notices it under the pool's row lock."""

    period = models.ForeignKey(Period, verbose_name=_("考核周期"), on_delete=models.CASCADE, related_name="pools")
    unit = models.ForeignKey("cadres.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("类别"), max_length=16, choices=PoolKind, default=PoolKind.UNIT)
    quota_raised = models.BooleanField(_("经批准提高优秀比例"), default=False)
    quota_raised_basis = models.CharField(_("批准依据"), max_length=200, blank=True)
    members = models.PositiveIntegerField(_("参加考核人数"), default=0)
    graded_members = models.PositiveIntegerField(_("确定等次人数"), default=0)
    max_excellent = models.PositiveIntegerField(_("优秀名额"), default=0)
    proposed_excellent = models.PositiveIntegerField(_("拟定优秀人数"), default=0)
    quota_text = models.CharField(_("名额计算"), max_length=200, blank=True)
    input_version = models.PositiveBigIntegerField(_("数据版本"), default=1)
    computed_version = models.PositiveBigIntegerField(_("已计算版本"), default=0)
    computed_at = models.DateTimeField(_("计算时间"), null=True, blank=True)
    computed_job = models.ForeignKey(
        "core.JobRun", verbose_name=_("计算任务"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords(
        excluded_fields=[
            "created_at",
            "updated_at",
            "members",
            "graded_members",
            "max_excellent",
            "proposed_excellent",
            "quota_text",
            "input_version",
            "computed_version",
            "computed_at",
            "computed_job",
        ]
    )

    class Meta:
        verbose_name = _("优秀名额单元")
        verbose_name_plural = _("优秀名额单元")
        ordering = ["period", "unit__path", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["period", "unit", "kind"], name="quota_pool_unique_in_period"),
        ]

    def __str__(self) -> str:
        return f"{self.unit}·{self.get_kind_display()}"

    @property
    def stale(self) -> bool:
        return self.computed_version != self.input_version


class Assessee(TimeStampedModel):
    """One cadre assessed in a period (考核对象): home unit, the unit that assesses him or her (the host of a
    long posting, §2), the quota pool, the template scored with, and the committee's grade if it differs
    from the proposal (every override is kept as a ``CommitteeOverride``)."""

    period = models.ForeignKey(Period, verbose_name=_("考核周期"), on_delete=models.PROTECT, related_name="assessees")
    cadre = models.ForeignKey(
        "cadres.Cadre", verbose_name=_("干部"), on_delete=models.PROTECT, related_name="assessee_rows"
    )
    home_unit = models.ForeignKey("cadres.Unit", verbose_name=_("所在单位"), on_delete=models.PROTECT, related_name="+")
    assessing_unit = models.ForeignKey(
        "cadres.Unit",
        verbose_name=_("考核单位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    assessed_by_host = models.BooleanField(_("由接收单位考核"), default=False)
    assessing_name = models.CharField(_("考核单位名称"), max_length=100, blank=True)
    assessing_reason = models.TextField(_("考核单位依据"), blank=True)
    pool = models.ForeignKey(
        QuotaPool,
        verbose_name=_("优秀名额单元"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assessees",
    )
    is_leader = models.BooleanField(_("领导班子成员"), default=False)
    template = models.ForeignKey(
        IndicatorTemplate,
        verbose_name=_("指标模板"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assessees",
    )
    committee_grade = models.CharField(_("考核委员会确定等次"), max_length=24, choices=Grade, blank=True)
    committee_reason = models.TextField(_("考核委员会意见"), blank=True)
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("考核对象")
        verbose_name_plural = _("考核对象")
        ordering = ["period", "home_unit__path", "cadre__name_pinyin"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "cadre"],
                name="assessee_one_per_cadre_and_period",
                violation_error_message=_("该干部已在本考核周期中。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period} · {self.cadre}"


class Proposal(models.Model):
    """The recompute job's result for one assessee: composite, rank in the pool, proposed grade, cap and why.
    Replaced pool by pool, atomically, by every recompute; never edited by hand (the committee's grade is on
    the assessee)."""

    assessee = models.OneToOneField(
        Assessee, verbose_name=_("考核对象"), on_delete=models.CASCADE, primary_key=True, related_name="proposal"
    )
    # No index of its own: proposal_pool_rank_idx (pool, rank) finds a pool's rows, and every recompute writes
    # each row again, with one index fewer to update (45,000 rows a county).
    pool = models.ForeignKey(
        QuotaPool,
        verbose_name=_("优秀名额单元"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    composite = models.DecimalField(_("综合得分"), max_digits=6, decimal_places=2, null=True, blank=True)
    rank = models.PositiveIntegerField(_("排名"), null=True, blank=True)
    proposed_grade = models.CharField(_("拟定等次"), max_length=24, choices=Grade, blank=True)
    ungraded_reason = models.CharField(_("不定等次原因"), max_length=16, choices=UngradedReason, blank=True)
    cap = models.CharField(_("等次限制"), max_length=16, blank=True)
    cap_source_id = models.PositiveBigIntegerField(_("限制来源记录"), null=True, blank=True)
    reasons = models.JSONField(_("依据"), default=list, blank=True)
    # text, not jsonb: the job writes 45,000 of these at once and pages read them whole (core.fields)
    breakdown = JSONTextField(_("得分构成"), default=dict, blank=True)
    computed_at = models.DateTimeField(_("计算时间"))
    job = models.ForeignKey(
        "core.JobRun", verbose_name=_("计算任务"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("拟定等次")
        verbose_name_plural = _("拟定等次")
        indexes = [models.Index(fields=["pool", "rank"], name="proposal_pool_rank_idx")]

    def __str__(self) -> str:
        return f"{self.assessee} {self.get_proposed_grade_display()}"


class CommitteeOverride(models.Model):
    """One grade the committee (考核委员会) set against the proposal, with its reason; all are kept."""

    assessee = models.ForeignKey(
        Assessee, verbose_name=_("考核对象"), on_delete=models.CASCADE, related_name="committee_overrides"
    )
    from_grade = models.CharField(_("调整前等次"), max_length=24, choices=Grade, blank=True)
    to_grade = models.CharField(_("调整后等次"), max_length=24, choices=Grade)
    reason = models.TextField(_("理由"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("考核委员会调整")
        verbose_name_plural = _("考核委员会调整")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.assessee} → {self.get_to_grade_display()}"


class RaterAssignment(TimeStampedModel):
    """A rater's task (评分任务): one cadre rates one assessee in a rater group. Generated from the unit
    structure and leadership levels, editable by staff before scoring opens; submitted once, then locked."""

    # No indexes of their own: rater_assignment_one_per_rater (assessee, rater) and rater_assignment_rater_idx
    # (rater, status) begin with them, and the recompute reads rater_assignment_submitted_idx.
    assessee = models.ForeignKey(
        Assessee,
        verbose_name=_("考核对象"),
        on_delete=models.CASCADE,
        related_name="rater_assignments",
        db_index=False,
    )
    rater = models.ForeignKey(
        "cadres.Cadre", verbose_name=_("评价人"), on_delete=models.PROTECT, related_name="rating_tasks", db_index=False
    )
    group = models.CharField(_("评价人类别"), max_length=16, choices=RaterGroup)
    status = models.CharField(_("状态"), max_length=16, choices=AssignmentStatus, default=AssignmentStatus.PENDING)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("评分任务")
        verbose_name_plural = _("评分任务")
        ordering = ["assessee", "group", "id"]
        indexes = [
            models.Index(fields=["rater", "status"], name="rater_assignment_rater_idx"),
            # What the recompute reads of the submitted tasks of a batch's assessees (recompute_sql), so that
            # PostgreSQL answers from the index alone, without the table's pages (SQLite builds no covering
            # index: settings silence models.W040).
            models.Index(
                fields=["assessee", "group"],
                include=["id"],
                condition=Q(status=AssignmentStatus.SUBMITTED),
                name="rater_assignment_submitted_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["assessee", "rater"],
                name="rater_assignment_one_per_rater",
                violation_error_message=_("该评价人已在此考核对象的评价人名单中。"),
            ),
            models.CheckConstraint(
                condition=Q(status=AssignmentStatus.SUBMITTED, submitted_at__isnull=False)
                | (~Q(status=AssignmentStatus.SUBMITTED) & Q(submitted_at__isnull=True)),
                name="rater_assignment_submitted_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessee} · {self.get_group_display()}"


class RatingScore(models.Model):
    """One rater's score of one item. Anonymous: no page, export, API or history shows it with its rater
    to anyone but an admin, so it keeps no history of its own (the task's submission time is kept)."""

    # No index of its own: rating_score_one_per_item (assignment, item) and rating_score_sum_idx begin with it.
    assignment = models.ForeignKey(
        RaterAssignment, verbose_name=_("评分任务"), on_delete=models.CASCADE, related_name="scores", db_index=False
    )
    item = models.ForeignKey(IndicatorItem, verbose_name=_("指标"), on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(_("得分"), max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = _("评分")
        verbose_name_plural = _("评分")
        # what the recompute adds up of a task's scores, from the index alone on PostgreSQL (recompute_sql)
        indexes = [models.Index(fields=["assignment"], include=["item", "score"], name="rating_score_sum_idx")]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "item"], name="rating_score_one_per_item"),
            models.CheckConstraint(
                condition=SCORE_RANGE,
                name="rating_score_range",
                violation_error_message=_("得分应在0到100之间。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item}"


class QuantitativeScore(TimeStampedModel):
    """A quantitative item's score for an assessee, entered or imported by staff (e.g. 目标绩效)."""

    assessee = models.ForeignKey(
        Assessee, verbose_name=_("考核对象"), on_delete=models.CASCADE, related_name="quantitative_scores"
    )
    item = models.ForeignKey(IndicatorItem, verbose_name=_("指标"), on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(_("得分"), max_digits=5, decimal_places=2)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("录入人"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("量化指标得分")
        verbose_name_plural = _("量化指标得分")
        constraints = [
            models.UniqueConstraint(
                fields=["assessee", "item"],
                name="quantitative_score_one_per_item",
                violation_error_message=_("该考核对象此指标已有得分。"),
            ),
            models.CheckConstraint(
                condition=SCORE_RANGE,
                name="quantitative_score_range",
                violation_error_message=_("得分应在0到100之间。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessee} · {self.item}: {self.score}"


class RegularAssessment(TimeStampedModel):
    """A quarter's regular grade (平时考核等次) of a cadre, in a regular period; the year's confirmed regular
    grades feed the annual composite (ASSESSMENTS_REGULAR_SHARE)."""

    period = models.ForeignKey(
        Period, verbose_name=_("考核周期"), on_delete=models.PROTECT, related_name="regular_assessments"
    )
    cadre = models.ForeignKey(
        "cadres.Cadre", verbose_name=_("干部"), on_delete=models.PROTECT, related_name="regular_assessments"
    )
    grade = models.CharField(_("平时考核等次"), max_length=16, choices=RegularGrade)
    comment = models.TextField(_("评语"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("录入人"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("平时考核结果")
        verbose_name_plural = _("平时考核结果")
        ordering = ["period", "cadre__name_pinyin"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "cadre"],
                name="regular_assessment_one_per_period",
                violation_error_message=_("该干部本季度已有平时考核结果。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period} · {self.cadre}: {self.get_grade_display()}"


class SelfSummary(TimeStampedModel):
    """述职报告: the cadre's own summary of the year for a period, drafted and then submitted."""

    period = models.ForeignKey(
        Period, verbose_name=_("考核周期"), on_delete=models.PROTECT, related_name="self_summaries"
    )
    cadre = models.ForeignKey(
        "cadres.Cadre", verbose_name=_("干部"), on_delete=models.PROTECT, related_name="self_summaries"
    )
    text = models.TextField(_("述职报告"))
    status = models.CharField(_("状态"), max_length=16, choices=SelfSummaryStatus, default=SelfSummaryStatus.DRAFT)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("述职报告")
        verbose_name_plural = _("述职报告")
        constraints = [
            models.UniqueConstraint(fields=["period", "cadre"], name="self_summary_one_per_period"),
        ]

    def __str__(self) -> str:
        return f"{self.period} · {self.cadre}"


class PublicityObjection(TimeStampedModel):
    """An objection raised during publicity (公示期间反映的问题), and how it was handled."""

    period = models.ForeignKey(Period, verbose_name=_("考核周期"), on_delete=models.PROTECT, related_name="objections")
    cadre = models.ForeignKey(
        "cadres.Cadre", verbose_name=_("被反映人"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    raised_on = models.DateField(_("反映日期"))
    raised_by = models.CharField(_("反映人"), max_length=100, blank=True, help_text=_("可匿名"))
    content = models.TextField(_("反映内容"))
    status = models.CharField(_("处理状态"), max_length=16, choices=ObjectionStatus, default=ObjectionStatus.OPEN)
    handling = models.TextField(_("核查处理情况"), blank=True)
    handled_on = models.DateField(_("处理日期"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("处理人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("公示异议")
        verbose_name_plural = _("公示异议")
        ordering = ["period", "raised_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=ObjectionStatus.OPEN) | (~Q(handling="") & Q(handled_on__isnull=False)),
                name="objection_handled_has_handling",
                violation_error_message=_("处理异议须填写核查处理情况和处理日期。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period} · {self.raised_on}"


class WorkCalendarYear(TimeStampedModel):
    """A year whose official holidays and make-up working days staff have entered in full (国务院办公厅通知),
    so publicity windows may be counted in it even where the calendar package does not know it."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    basis = models.CharField(_("依据"), max_length=200, help_text=_("如：国办发明电〔2026〕X号"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("录入人"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("工作日历年度")
        verbose_name_plural = _("工作日历年度")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)


class WorkCalendarDay(TimeStampedModel):
    """A day whose status staff entered: a holiday (not a working day) or a make-up working day (调休上班).
    Wins over the calendar package for that day."""

    day = models.DateField(_("日期"), unique=True)
    is_working_day = models.BooleanField(_("上班"))
    note = models.CharField(_("说明"), max_length=100, blank=True, help_text=_("如：国庆节、国庆调休上班"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("录入人"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("节假日与调休")
        verbose_name_plural = _("节假日与调休")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day} {self.note}"


class Suggestion(TimeStampedModel):
    """A consequence of a confirmed grade on the staff to-do list (domain-rules §3): a suggestion that staff
    carry out or dismiss through the proper service (an award, a 诫勉, a demotion), never applied here."""

    annual_result = models.ForeignKey(
        AnnualResult, verbose_name=_("年度考核结果"), on_delete=models.PROTECT, related_name="suggestions"
    )
    cadre = models.ForeignKey("cadres.Cadre", verbose_name=_("干部"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("事项"), max_length=32, choices=SuggestionKind)
    status = models.CharField(_("状态"), max_length=16, choices=SuggestionStatus, default=SuggestionStatus.OPEN)
    note = models.TextField(_("办理说明"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("办理人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    handled_on = models.DateField(_("办理日期"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("考核结果运用待办")
        verbose_name_plural = _("考核结果运用待办")
        ordering = ["status", "-annual_result__year", "id"]
        constraints = [
            models.UniqueConstraint(fields=["annual_result", "kind"], name="suggestion_one_per_result_and_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.cadre} · {self.get_kind_display()}"
