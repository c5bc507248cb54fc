"""Serializers of the care API. Writes are validated by the services; these only shape the data."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from care import selectors
from care.models import Building, Flat, HealthCheck, HousingApplication, InspectionItem, LeaveRecord, PayRecord, Tenancy
from core.api.fields import ScopedCadreField, ScopedUnitField


class ScopedBuildingField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return selectors.building_list(user=self.context["request"].user)


class ScopedFlatField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return selectors.flat_list(user=self.context["request"].user)


class ScopedApplicationField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return selectors.application_list(user=self.context["request"].user)


class BuildingSerializer(serializers.ModelSerializer):
    unit = ScopedUnitField(label=_("所在乡镇/单位"))
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = Building
        fields = ["id", "name", "unit", "unit_name", "address"]
        validators = []


class FlatSerializer(serializers.ModelSerializer):
    building = ScopedBuildingField(label=_("楼栋"))
    building_name = serializers.CharField(source="building.name", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    current_tenant_name = serializers.CharField(read_only=True, default=None)

    class Meta:
        model = Flat
        fields = [
            "id",
            "building",
            "building_name",
            "number",
            "area",
            "rooms",
            "status",
            "status_display",
            "current_tenant_name",
        ]
        validators = []


class HousingApplicationSerializer(serializers.ModelSerializer):
    cadre = ScopedCadreField(label=_("申请人"))
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = HousingApplication
        fields = [
            "id",
            "cadre",
            "cadre_name",
            "applied_on",
            "township_post",
            "first_secretary",
            "distance_km",
            "spouse_elsewhere",
            "dependent_children",
            "family_hardship",
            "family_note",
            "status",
            "status_display",
            "priority_score",
            "priority_parts",
            "decision_note",
        ]
        read_only_fields = ["status", "priority_score", "priority_parts", "decision_note"]
        validators = []


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(label=_("意见"), max_length=200, required=False, allow_blank=True, default="")


class TenancySerializer(serializers.ModelSerializer):
    cadre = ScopedCadreField(label=_("住户"))
    flat = ScopedFlatField(label=_("住房"))
    application = ScopedApplicationField(label=_("对应申请"), required=False, allow_null=True)
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    flat_label = serializers.CharField(source="flat.__str__", read_only=True)

    class Meta:
        model = Tenancy
        fields = ["id", "flat", "flat_label", "cadre", "cadre_name", "application", "start_date", "end_date"]
        read_only_fields = ["end_date"]
        validators = []


class MoveOutSerializer(serializers.Serializer):
    end_date = serializers.DateField(label=_("退房日期"))


class HealthCheckSerializer(serializers.ModelSerializer):
    cadre = ScopedCadreField(label=_("干部"))
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)

    class Meta:
        model = HealthCheck
        fields = ["id", "cadre", "cadre_name", "year", "check_date", "provider", "done", "follow_up_needed"]
        validators = []


class HealthCheckUpdateSerializer(HealthCheckSerializer):
    class Meta(HealthCheckSerializer.Meta):
        read_only_fields = ["cadre", "year"]


class LeaveRecordSerializer(serializers.ModelSerializer):
    cadre = ScopedCadreField(label=_("干部"))
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = LeaveRecord
        fields = [
            "id",
            "cadre",
            "cadre_name",
            "kind",
            "kind_display",
            "start_date",
            "end_date",
            "days",
            "pay_deducted",
            "note",
        ]


class PayRecordSerializer(serializers.ModelSerializer):
    cadre = ScopedCadreField(label=_("干部"))
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    # Plain decimals without DRF's own minimum: the service answers a negative amount in Chinese.
    base_pay = serializers.DecimalField(label=_("基本工资（元）"), max_digits=10, decimal_places=2)
    township_allowance = serializers.DecimalField(
        label=_("乡镇工作补贴（元）"), max_digits=10, decimal_places=2, required=False
    )

    class Meta:
        model = PayRecord
        fields = ["id", "cadre", "cadre_name", "month", "unit", "unit_name", "rank", "base_pay", "township_allowance"]
        read_only_fields = ["unit"]
        validators = []


class PayRecordUpdateSerializer(PayRecordSerializer):
    class Meta(PayRecordSerializer.Meta):
        read_only_fields = ["cadre", "month", "unit"]


class InspectionItemSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    frequency_display = serializers.CharField(source="get_frequency_display", read_only=True)

    class Meta:
        model = InspectionItem
        fields = [
            "id",
            "title",
            "issuing_body",
            "frequency",
            "frequency_display",
            "year",
            "status",
            "status_display",
            "merged_into",
            "status_reason",
        ]
        read_only_fields = ["status", "merged_into", "status_reason"]


class MergeSerializer(serializers.Serializer):
    merged_into = serializers.PrimaryKeyRelatedField(label=_("并入事项"), queryset=InspectionItem.objects.all())
    reason = serializers.CharField(label=_("理由"), max_length=200)


class RetireSerializer(serializers.Serializer):
    reason = serializers.CharField(label=_("理由"), max_length=200)
