from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from cadres.models import Unit
from core.api.fields import ScopedCadreField, ScopedUnitField
from postings.choices import EvaluationGrade
from postings.models import ExternalHost, Posting, PostingReminder, VillageProfile


class PostingSerializer(serializers.ModelSerializer):
    """A posting; the writable fields go through postings.services.posting_create."""

    cadre = ScopedCadreField(label=_("干部"))
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    home_unit = ScopedUnitField(label=_("派出单位"), required=False, allow_null=True)
    home_unit_name = serializers.CharField(source="home_unit.name", read_only=True)
    host_unit = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.all(), label=_("接收单位/村"), required=False, allow_null=True
    )
    external_host = serializers.PrimaryKeyRelatedField(
        queryset=ExternalHost.objects.all(), label=_("县外接收单位"), required=False, allow_null=True
    )
    host_name = serializers.CharField(read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    end = serializers.DateField(read_only=True, source="effective_end")

    class Meta:
        model = Posting
        fields = [
            "id",
            "cadre",
            "cadre_name",
            "kind",
            "kind_display",
            "front_line",
            "exchange_direction",
            "home_unit",
            "home_unit_name",
            "host_unit",
            "external_host",
            "host_name",
            "purpose",
            "planned_start",
            "planned_end",
            "actual_end",
            "end",
            "status",
            "status_display",
            "end_reason",
            "evaluation_grade",
            "evaluation_comment",
            "evaluated_on",
        ]
        read_only_fields = [
            "actual_end",
            "status",
            "end_reason",
            "evaluation_grade",
            "evaluation_comment",
            "evaluated_on",
        ]
        # The services check dates and conflicts with Chinese messages; the model's own checks would repeat them.
        validators = []


class ExtendSerializer(serializers.Serializer):
    new_end = serializers.DateField(label=_("延长至"))
    reason = serializers.CharField(label=_("延期原因"), max_length=200)


class EndSerializer(serializers.Serializer):
    actual_end = serializers.DateField(label=_("实际结束日期"))
    reason = serializers.CharField(label=_("说明"), max_length=200, required=False, default="")


class RecallSerializer(serializers.Serializer):
    on = serializers.DateField(label=_("召回日期"))
    reason = serializers.CharField(label=_("召回原因"), max_length=200)


class EvaluateSerializer(serializers.Serializer):
    grade = serializers.ChoiceField(label=_("鉴定等次"), choices=EvaluationGrade.choices)
    comment = serializers.CharField(label=_("鉴定意见"), max_length=2000)
    on = serializers.DateField(label=_("鉴定日期"))


class PresenceSerializer(serializers.Serializer):
    month = serializers.DateField(label=_("月份（该月任一日）"))
    days = serializers.IntegerField(label=_("在岗天数"), min_value=0, max_value=31)


class VillageSerializer(serializers.ModelSerializer):
    """A village with its categories and its serving first secretary."""

    categories = serializers.SerializerMethodField()
    first_secretary = serializers.SerializerMethodField()
    township = serializers.CharField(source="parent.name", read_only=True, default=None)

    class Meta:
        model = Unit
        fields = ["id", "code", "name", "township", "categories", "first_secretary"]

    def get_categories(self, unit: Unit) -> list[str]:
        profile = getattr(unit, "village_profile", None)
        return profile.category_labels if profile else []

    def get_first_secretary(self, unit: Unit) -> dict | None:
        serving = unit.serving_first_secretaries
        if not serving:
            return None
        posting = serving[0]
        return {"posting": posting.pk, "cadre": posting.cadre.name, "home_unit": posting.home_unit.name}


class VillageProfileSerializer(serializers.ModelSerializer):
    class Meta:
        model = VillageProfile
        fields = ["is_poverty", "is_weak_lax", "is_weak_collective_economy", "is_relocation_site", "note"]


class ReminderSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    cadre_name = serializers.CharField(source="posting.cadre.name", read_only=True)

    class Meta:
        model = PostingReminder
        fields = [
            "id",
            "posting",
            "cadre_name",
            "kind",
            "kind_display",
            "period",
            "raised_on",
            "detail",
            "dismissed_at",
        ]
