"""Serializers of the assessment API. Writes go through assessments.services."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from assessments.choices import Grade, ResultSource, UngradedReason
from assessments.models import AnnualResult
from cadres.selectors import cadre_list


class ScopedCadreField(serializers.PrimaryKeyRelatedField):
    """A cadre id among the cadres the requesting user may see: an unknown id and an out-of-scope id get the
    same 400 answer, so the field tells nobody which ids exist."""

    def get_queryset(self):
        request = self.context.get("request")
        return cadre_list(user=request.user) if request is not None else None


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
