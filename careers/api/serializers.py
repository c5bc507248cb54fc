"""Serializers of the career API. Writes go through careers.services; internal notes are staff-only."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts import policy
from accounts.policy import Action
from careers.choices import ProbationOutcome
from careers.models import AccountabilityRecord, Appointment, FaultToleranceCase, RankChange, UnfitAdjustmentCase
from careers.selectors import accountability_record_list
from core.api.fields import ScopedCadreField, ScopedRelatedField, ScopedUnitField


class AppointmentSerializer(serializers.ModelSerializer):
    cadre = ScopedCadreField(label=_("干部"))
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    unit = ScopedUnitField(label=_("任职单位"), required=False)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    acknowledge_warnings = serializers.BooleanField(
        write_only=True,
        required=False,
        default=False,
        label=_("已知悉提示"),
        help_text=_("提拔任县处级领导职务而基层工作经历不足时须为 true"),
    )

    class Meta:
        model = Appointment
        fields = [
            "id",
            "cadre",
            "cadre_name",
            "kind",
            "kind_display",
            "post_title",
            "unit",
            "unit_name",
            "leadership_level",
            "effective_date",
            "approving_body",
            "document_number",
            "note",
            "previous_post_title",
            "previous_leadership_level",
            "probation_end",
            "probation_outcome",
            "probation_concluded_on",
            "acknowledge_warnings",
            "acknowledged_warning",
        ]
        read_only_fields = [
            "previous_post_title",
            "previous_leadership_level",
            "probation_end",
            "probation_outcome",
            "probation_concluded_on",
        ]
        extra_kwargs = {"post_title": {"required": False}}
        validators = []


class ProbationConcludeSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(
        label=_("试用结果"), choices=[ProbationOutcome.CONFIRMED.value, ProbationOutcome.FAILED.value]
    )
    concluded_on = serializers.DateField(label=_("试用考核时间"))


class RankChangeSerializer(serializers.ModelSerializer):
    cadre = ScopedCadreField(label=_("干部"))
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)

    class Meta:
        model = RankChange
        fields = [
            "id",
            "cadre",
            "cadre_name",
            "kind",
            "from_rank",
            "to_rank",
            "effective_date",
            "reason",
            "document_number",
        ]
        validators = []


class AccountabilityRecordSerializer(serializers.ModelSerializer):
    """``internal_notes`` is shown only to staff reading someone else's record (``Action.VIEW_INTERNAL``)."""

    cadre = ScopedCadreField(label=_("干部"))
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    exempted = serializers.BooleanField(read_only=True, default=False)

    class Meta:
        model = AccountabilityRecord
        fields = [
            "id",
            "cadre",
            "cadre_name",
            "family",
            "kind",
            "kind_display",
            "decided_on",
            "issuing_body",
            "document_number",
            "reason",
            "internal_notes",
            "probation_years",
            "ends_on",
            "closed_on",
            "outcome",
            "sanction_kind",
            "old_leadership_level",
            "status",
            "revoked_on",
            "revocation_reason",
            "exempted",
        ]
        read_only_fields = ["family", "status", "revoked_on", "revocation_reason"]
        validators = []

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is None or not policy.may(request.user, Action.VIEW_INTERNAL, instance):
            data.pop("internal_notes", None)
        return data


class RevokeSerializer(serializers.Serializer):
    revoked_on = serializers.DateField(label=_("撤销（更正）日期"))
    reason = serializers.CharField(label=_("撤销（更正）原因"), max_length=200)
    corrected = serializers.BooleanField(label=_("属于更正"), default=False)


class InvestigationCloseSerializer(serializers.Serializer):
    closed_on = serializers.DateField(label=_("结案日期"))
    outcome = serializers.CharField(label=_("审查调查结果"))
    sanction_kind = serializers.CharField(
        label=_("结案给予的处分"), required=False, allow_blank=True, default="", help_text=_("结果为“给予处分”时必填")
    )


class UnfitCaseSerializer(serializers.ModelSerializer):
    cadre = ScopedCadreField(label=_("干部"))
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)

    class Meta:
        model = UnfitAdjustmentCase
        fields = [
            "id",
            "cadre",
            "cadre_name",
            "status",
            "opened_on",
            "situations",
            "summary",
            "decision",
            "decided_on",
            "appointment",
            "measure",
        ]
        read_only_fields = ["status", "decision", "decided_on", "appointment", "measure"]
        validators = []


class UnfitDecideSerializer(serializers.Serializer):
    decision = serializers.CharField(label=_("调整方式"))
    decided_on = serializers.DateField(label=_("决定日期"))
    post_title = serializers.CharField(label=_("调整后职务"), required=False, allow_blank=True)
    unit = ScopedUnitField(required=False, allow_null=True)
    leadership_level = serializers.IntegerField(required=False, allow_null=True)
    approving_body = serializers.CharField(label=_("批准机关"))
    document_number = serializers.CharField(label=_("文号"))


class FaultToleranceCaseSerializer(serializers.ModelSerializer):
    record = ScopedRelatedField(selector=accountability_record_list, label=_("处理记录"))
    cadre = serializers.IntegerField(source="record.cadre_id", read_only=True)

    class Meta:
        model = FaultToleranceCase
        fields = [
            "id",
            "record",
            "cadre",
            "distinction",
            "opened_on",
            "facts",
            "status",
            "outcome",
            "decided_on",
            "decision_reason",
        ]
        read_only_fields = ["status", "outcome", "decided_on", "decision_reason"]
        validators = []


class FaultToleranceDecideSerializer(serializers.Serializer):
    outcome = serializers.CharField(label=_("认定结果"))
    decided_on = serializers.DateField(label=_("认定日期"))
    decision_reason = serializers.CharField(label=_("认定意见"))


class BarSerializer(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()
    since = serializers.DateField()
    until = serializers.DateField(allow_null=True)
    source_id = serializers.IntegerField()
    reason = serializers.CharField()
    level = serializers.IntegerField(allow_null=True, help_text=_("“不得担任高于原任职务层次”的原领导职务层次"))


class GradeCapSerializer(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()
    reason = serializers.CharField()
    source_id = serializers.IntegerField(allow_null=True)
    pending = serializers.BooleanField(help_text=_("立案审查调查尚未结案，结案后按结果确定等次"))


class CadreBarsSerializer(serializers.Serializer):
    cadre = serializers.IntegerField()
    date = serializers.DateField()
    year = serializers.IntegerField()
    bars = BarSerializer(many=True)
    grade_cap = GradeCapSerializer()
