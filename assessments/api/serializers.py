"""Serializers of the assessment API. Writes go through assessments.services.

Anonymity: no serializer here has a field that pairs a rater with an individual score. A rater reads his or
her own scores through the task endpoint; everyone else reads proposals and breakdowns whose rater groups are
merged for display (``selectors.display_breakdown``).
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from assessments import rules, selectors
from assessments.choices import (
    Grade,
    ItemKind,
    ObjectionStatus,
    PeriodKind,
    RaterGroup,
    RegularGrade,
    ResultSource,
    SuggestionStatus,
    UngradedReason,
)
from assessments.models import (
    AnnualResult,
    Assessee,
    IndicatorItem,
    IndicatorTemplate,
    Period,
    PeriodTransition,
    PublicityObjection,
    QuantitativeScore,
    QuotaPool,
    RaterAssignment,
    RegularAssessment,
    SelfSummary,
    Suggestion,
    TemplateRaterGroup,
    WorkCalendarDay,
    WorkCalendarYear,
)
from core.api.fields import ScopedCadreField, ScopedRelatedField


class AnnualResultSerializer(serializers.ModelSerializer):
    """年度考核结果. POST enters a past year's result (``source`` may only be ``imported``); posting the same
    cadre and year again updates it."""

    cadre = ScopedCadreField(label=_("干部"))
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    unit_name = serializers.CharField(source="cadre.unit.name", read_only=True)
    grade = serializers.ChoiceField(label=_("等次"), choices=Grade.choices)
    grade_display = serializers.CharField(source="get_grade_display", read_only=True)
    ungraded_reason = serializers.ChoiceField(
        label=_("不定等次原因"), choices=UngradedReason.choices, required=False, allow_blank=True
    )
    source = serializers.ChoiceField(
        label=_("来源"), choices=ResultSource.choices, required=False, default=ResultSource.IMPORTED
    )

    class Meta:
        model = AnnualResult
        fields = [
            "id",
            "cadre",
            "cadre_name",
            "unit_name",
            "year",
            "grade",
            "grade_display",
            "ungraded_reason",
            "confirmed_on",
            "source",
            "period",
            "comment",
        ]
        read_only_fields = ["period"]
        extra_kwargs = {"confirmed_on": {"required": True}, "comment": {"required": False}}
        # Uniqueness on cadre and year is the service's upsert, not a refusal.
        validators = []

    def validate_source(self, value: str) -> str:
        if value != ResultSource.IMPORTED:
            raise serializers.ValidationError(_("通过接口只能录入历史结果；考核周期的结果由确定等次时写入。"))
        return value


# ---------------------------------------------------------------- periods


class TransitionSerializer(serializers.ModelSerializer):
    actor_name = serializers.CharField(source="actor.__str__", read_only=True, default="")

    class Meta:
        model = PeriodTransition
        fields = ["action", "from_state", "to_state", "reason", "actor_name", "at"]


class AllowedActionSerializer(serializers.Serializer):
    action = serializers.CharField()
    label = serializers.CharField()
    reason_required = serializers.BooleanField()


class PeriodSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    state_display = serializers.CharField(source="get_state_display", read_only=True)
    allowed_actions = serializers.SerializerMethodField()
    kind = serializers.ChoiceField(label=_("考核种类"), choices=PeriodKind.choices)
    name = serializers.CharField(label=_("名称"), max_length=100, required=False, allow_blank=True)

    class Meta:
        model = Period
        fields = [
            "id",
            "kind",
            "kind_display",
            "year",
            "quarter",
            "name",
            "state",
            "state_display",
            "publicity_starts_on",
            "publicity_ends_on",
            "confirmed_on",
            "allowed_actions",
        ]
        read_only_fields = ["state", "publicity_starts_on", "publicity_ends_on", "confirmed_on"]
        validators = []

    @extend_schema_field(AllowedActionSerializer(many=True))
    def get_allowed_actions(self, period: Period) -> list[dict]:
        return [
            {"action": t.action, "label": t.label, "reason_required": t.reason_required}
            for t in rules.allowed_transitions(kind=period.kind, state=period.state)
        ]


class PeriodDetailSerializer(PeriodSerializer):
    transitions = TransitionSerializer(many=True, read_only=True)

    class Meta(PeriodSerializer.Meta):
        fields = [*PeriodSerializer.Meta.fields, "transitions"]


class TransitionInputSerializer(serializers.Serializer):
    reason = serializers.CharField(label=_("原因"), required=False, allow_blank=True, default="")
    publicity_starts_on = serializers.DateField(label=_("公示开始日期"), required=False, allow_null=True)


class JobStartedSerializer(serializers.Serializer):
    job = serializers.IntegerField()


class GenerationSerializer(serializers.Serializer):
    assessees = serializers.IntegerField()
    pools = serializers.IntegerField()
    assignments = serializers.IntegerField()


class PoolSerializer(serializers.ModelSerializer):
    unit = serializers.IntegerField(source="unit_id", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    stale = serializers.BooleanField(read_only=True)

    class Meta:
        model = QuotaPool
        fields = [
            "id",
            "unit",
            "unit_name",
            "kind",
            "kind_display",
            "quota_raised",
            "quota_raised_basis",
            "members",
            "graded_members",
            "max_excellent",
            "proposed_excellent",
            "quota_text",
            "stale",
            "computed_at",
        ]
        read_only_fields = fields


class PoolQuotaSerializer(serializers.Serializer):
    quota_raised = serializers.BooleanField(label=_("经批准提高优秀比例"))
    quota_raised_basis = serializers.CharField(label=_("批准依据"), required=False, allow_blank=True, default="")


class DisplayBucketSerializer(serializers.Serializer):
    groups = serializers.ListField(child=serializers.CharField(), help_text="合并显示的评价人类别")
    raters = serializers.IntegerField(help_text="评价人数")
    mean = serializers.CharField(help_text="该组（或合并组）的加权平均分；他评人数合计不足规定人数时为空")
    merged = serializers.BooleanField()


class DisplayItemSerializer(serializers.Serializer):
    name = serializers.CharField()
    kind = serializers.CharField()
    weight = serializers.CharField()
    score = serializers.CharField()
    groups = DisplayBucketSerializer(many=True)


class BreakdownSerializer(serializers.Serializer):
    items = DisplayItemSerializer(many=True)
    missing = serializers.ListField(child=serializers.CharField())
    assessed = serializers.CharField()
    regular = serializers.DictField(allow_null=True)


class ProposalRowSerializer(serializers.ModelSerializer):
    """One assessee of a period with the recompute's proposal: composite, rank, proposed grade, cap, the
    assessing unit (home or host) and why. The breakdown is aggregated and merged for anonymity."""

    cadre = serializers.IntegerField(source="cadre_id", read_only=True)
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    home_unit = serializers.CharField(source="home_unit.name", read_only=True)
    assessing_unit = serializers.CharField(source="assessing_name", read_only=True)
    pool_unit = serializers.CharField(source="pool.unit.name", read_only=True, default="")
    composite = serializers.DecimalField(
        source="proposal.composite", max_digits=6, decimal_places=2, read_only=True, default=None
    )
    rank = serializers.IntegerField(source="proposal.rank", read_only=True, default=None)
    proposed_grade = serializers.CharField(source="proposal.proposed_grade", read_only=True, default="")
    ungraded_reason = serializers.CharField(source="proposal.ungraded_reason", read_only=True, default="")
    cap = serializers.CharField(source="proposal.cap", read_only=True, default="")
    cap_source = serializers.IntegerField(source="proposal.cap_source_id", read_only=True, default=None)
    why = serializers.ListField(source="proposal.reasons", child=serializers.CharField(), read_only=True, default=list)
    grade = serializers.SerializerMethodField(help_text="考核委员会确定的等次，否则为拟定等次")
    breakdown = serializers.SerializerMethodField()

    class Meta:
        model = Assessee
        fields = [
            "id",
            "cadre",
            "cadre_name",
            "home_unit",
            "assessing_unit",
            "assessed_by_host",
            "assessing_reason",
            "pool_unit",
            "is_leader",
            "composite",
            "rank",
            "proposed_grade",
            "ungraded_reason",
            "cap",
            "cap_source",
            "why",
            "committee_grade",
            "committee_reason",
            "grade",
            "breakdown",
        ]
        read_only_fields = fields

    def get_grade(self, assessee: Assessee) -> str:
        proposal = getattr(assessee, "proposal", None)
        return assessee.committee_grade or (proposal.proposed_grade if proposal else "")

    @extend_schema_field(BreakdownSerializer)
    def get_breakdown(self, assessee: Assessee) -> dict:
        proposal = getattr(assessee, "proposal", None)
        return selectors.display_breakdown(proposal.breakdown if proposal else {})


class CommitteeGradeSerializer(serializers.Serializer):
    grade = serializers.ChoiceField(label=_("等次"), choices=Grade.choices)
    reason = serializers.CharField(label=_("理由"))


class AssessingUnitSerializer(serializers.Serializer):
    cadre = serializers.IntegerField()
    year = serializers.IntegerField()
    home_unit = serializers.IntegerField()
    home_unit_name = serializers.CharField()
    assessed_by_host = serializers.BooleanField()
    assessing_unit = serializers.IntegerField(allow_null=True)
    assessing_unit_name = serializers.CharField()
    days_at_host = serializers.IntegerField()
    reason = serializers.CharField()


# ---------------------------------------------------------------- scores


class QuantitativeScoreSerializer(serializers.ModelSerializer):
    """A quantitative item's score (量化指标, e.g. 目标绩效) entered by staff: period, cadre, item, score."""

    period = serializers.PrimaryKeyRelatedField(queryset=Period.objects.all(), label=_("考核周期"), write_only=True)
    cadre = ScopedCadreField(label=_("干部"), write_only=True)
    item = serializers.PrimaryKeyRelatedField(
        queryset=IndicatorItem.objects.filter(kind=ItemKind.QUANTITATIVE), label=_("指标")
    )
    score = serializers.DecimalField(label=_("得分"), max_digits=5, decimal_places=2, min_value=0, max_value=100)
    cadre_id = serializers.IntegerField(source="assessee.cadre_id", read_only=True)
    cadre_name = serializers.CharField(source="assessee.cadre.name", read_only=True)
    period_id = serializers.IntegerField(source="assessee.period_id", read_only=True)
    item_name = serializers.CharField(source="item.name", read_only=True)

    class Meta:
        model = QuantitativeScore
        fields = [
            "id",
            "period",
            "cadre",
            "period_id",
            "cadre_id",
            "cadre_name",
            "item",
            "item_name",
            "score",
            "note",
        ]
        validators = []


class TaskItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    weight = serializers.CharField()
    description = serializers.CharField()
    own_score = serializers.CharField(allow_null=True, help_text="本人（评价人）给出的分数")


class RatingTaskSerializer(serializers.ModelSerializer):
    """One of the logged-in rater's own tasks; ``items`` carry the rater's own scores only."""

    period = serializers.IntegerField(source="assessee.period_id", read_only=True)
    period_name = serializers.CharField(source="assessee.period.name", read_only=True)
    ratee = serializers.CharField(source="assessee.cadre.name", read_only=True)
    ratee_unit = serializers.CharField(source="assessee.cadre.unit.name", read_only=True)
    group_display = serializers.CharField(source="get_group_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = RaterAssignment
        fields = [
            "id",
            "period",
            "period_name",
            "ratee",
            "ratee_unit",
            "group",
            "group_display",
            "status",
            "status_display",
            "submitted_at",
        ]
        read_only_fields = fields


class RatingTaskDetailSerializer(RatingTaskSerializer):
    items = TaskItemSerializer(many=True, read_only=True, source="task_items")

    class Meta(RatingTaskSerializer.Meta):
        fields = [*RatingTaskSerializer.Meta.fields, "items"]
        read_only_fields = fields


class RatingInputSerializer(serializers.Serializer):
    scores = serializers.DictField(
        child=serializers.CharField(allow_blank=True), help_text="指标ID → 得分（0–100，最多两位小数）"
    )
    submit = serializers.BooleanField(default=False, help_text="true 为提交（提交后不能修改），false 为暂存")


class RaterAssignmentSerializer(serializers.ModelSerializer):
    """Who rates whom (staff, to edit before scoring opens) and each task's status; never a score."""

    assessee = ScopedRelatedField(selector=selectors.assessee_list, label=_("考核对象"))
    ratee_name = serializers.CharField(source="assessee.cadre.name", read_only=True)
    rater = ScopedCadreField(label=_("评价人"))
    rater_name = serializers.CharField(source="rater.name", read_only=True)
    group = serializers.ChoiceField(label=_("评价人类别"), choices=RaterGroup.choices)

    class Meta:
        model = RaterAssignment
        fields = ["id", "assessee", "ratee_name", "rater", "rater_name", "group", "status", "submitted_at"]
        read_only_fields = ["status", "submitted_at"]
        validators = []


# ---------------------------------------------------------------- templates


class TemplateItemSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(label=_("评分方式"), choices=ItemKind.choices)

    class Meta:
        model = IndicatorItem
        fields = ["id", "name", "kind", "weight", "description", "sort_order"]


class TemplateGroupSerializer(serializers.ModelSerializer):
    group = serializers.ChoiceField(label=_("评价人类别"), choices=RaterGroup.choices)

    class Meta:
        model = TemplateRaterGroup
        fields = ["group", "weight", "drop_extremes"]
        validators = []


class TemplateSerializer(serializers.ModelSerializer):
    items = TemplateItemSerializer(many=True, read_only=True)
    rater_groups = TemplateGroupSerializer(many=True, read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = IndicatorTemplate
        fields = [
            "id",
            "name",
            "unit_kind",
            "version",
            "status",
            "status_display",
            "published_on",
            "note",
            "items",
            "rater_groups",
        ]
        read_only_fields = ["version", "status", "published_on"]


# ---------------------------------------------------------------- regular grades, self-summaries, objections


class RegularAssessmentSerializer(serializers.ModelSerializer):
    period = serializers.PrimaryKeyRelatedField(
        queryset=Period.objects.filter(kind=PeriodKind.REGULAR), label=_("考核周期")
    )
    cadre = ScopedCadreField(label=_("干部"))
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    grade = serializers.ChoiceField(label=_("平时考核等次"), choices=RegularGrade.choices)

    class Meta:
        model = RegularAssessment
        fields = ["id", "period", "cadre", "cadre_name", "grade", "comment"]
        validators = []


class SelfSummarySerializer(serializers.ModelSerializer):
    period = serializers.PrimaryKeyRelatedField(queryset=Period.objects.all(), label=_("考核周期"))
    submit = serializers.BooleanField(write_only=True, default=False)
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)

    class Meta:
        model = SelfSummary
        fields = ["id", "period", "cadre_name", "text", "status", "submitted_at", "submit"]
        read_only_fields = ["status", "submitted_at"]
        validators = []


class ObjectionSerializer(serializers.ModelSerializer):
    period = serializers.PrimaryKeyRelatedField(queryset=Period.objects.all(), label=_("考核周期"))
    cadre = ScopedCadreField(label=_("被反映人"), required=False, allow_null=True)
    cadre_name = serializers.CharField(source="cadre.name", read_only=True, default="")

    class Meta:
        model = PublicityObjection
        fields = [
            "id",
            "period",
            "cadre",
            "cadre_name",
            "raised_on",
            "raised_by",
            "content",
            "status",
            "handling",
            "handled_on",
        ]
        read_only_fields = ["status", "handling", "handled_on"]


class ObjectionHandleSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        label=_("处理结果"), choices=[ObjectionStatus.UPHELD.value, ObjectionStatus.DISMISSED.value]
    )
    handling = serializers.CharField(label=_("核查处理情况"))
    handled_on = serializers.DateField(label=_("处理日期"), required=False, allow_null=True)


class WorkCalendarDaySerializer(serializers.ModelSerializer):
    class Meta:
        model = WorkCalendarDay
        fields = ["id", "day", "is_working_day", "note"]
        validators = []


class WorkCalendarYearSerializer(serializers.ModelSerializer):
    # The page form's bounds (CalendarYearForm): year 0 or 40000 is a field error, not a 500 (found by schemathesis).
    year = serializers.IntegerField(label=_("年度"), min_value=2000, max_value=2100)

    class Meta:
        model = WorkCalendarYear
        fields = ["id", "year", "basis"]
        validators = []


class SuggestionSerializer(serializers.ModelSerializer):
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    unit_name = serializers.CharField(source="cadre.unit.name", read_only=True)
    year = serializers.IntegerField(source="annual_result.year", read_only=True)
    grade = serializers.CharField(source="annual_result.grade", read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Suggestion
        fields = [
            "id",
            "cadre",
            "cadre_name",
            "unit_name",
            "year",
            "grade",
            "kind",
            "kind_display",
            "status",
            "note",
            "handled_on",
        ]
        read_only_fields = fields


class SuggestionHandleSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        label=_("办理结果"), choices=[SuggestionStatus.DONE.value, SuggestionStatus.DISMISSED.value]
    )
    note = serializers.CharField(label=_("办理说明"))
