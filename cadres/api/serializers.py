from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from cadres.models import Cadre, Unit
from core.api.fields import ScopedUnitField


class UnitSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    parent = ScopedUnitField(label=_("上级单位"), required=False, allow_null=True)

    class Meta:
        model = Unit
        fields = [
            "id",
            "code",
            "name",
            "parent",
            "kind",
            "kind_display",
            "is_township",
            "headcount",
            "sort_order",
            "is_active",
            "depth",
        ]
        read_only_fields = ["depth"]


class UnitBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ["id", "code", "name"]


class CadreListSerializer(serializers.ModelSerializer):
    """A list row: the ID number is masked, as in every list."""

    id_number = serializers.CharField(source="masked_id_number", read_only=True)
    unit = UnitBriefSerializer(read_only=True)
    gender_display = serializers.CharField(source="get_gender_display", read_only=True)
    ethnicity_display = serializers.CharField(source="get_ethnicity_display", read_only=True)
    category_display = serializers.CharField(source="get_category_display", read_only=True)
    rank_display = serializers.CharField(source="get_rank_display", read_only=True, default=None)
    leadership_level_display = serializers.CharField(
        source="get_leadership_level_display", read_only=True, default=None
    )
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Cadre
        fields = [
            "id",
            "name",
            "gender",
            "gender_display",
            "ethnicity",
            "ethnicity_display",
            "birth_date",
            "id_number",
            "category",
            "category_display",
            "unit",
            "post_title",
            "leadership_level",
            "leadership_level_display",
            "rank",
            "rank_display",
            "rank_date",
            "status",
            "sort_order",
            "status_display",
        ]


class CadreDetailSerializer(serializers.ModelSerializer):
    """The whole record; writable fields are validated by the model and the cadre services."""

    unit = ScopedUnitField(label=_("工作单位"))
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    retirement_date = serializers.DateField(
        read_only=True, label=_("法定退休日期"), help_text=_("按2024年渐进式延迟法定退休年龄决定计算的到龄日期")
    )
    retirement_age = serializers.CharField(source="retirement.age_text", read_only=True, label=_("法定退休年龄"))

    class Meta:
        model = Cadre
        fields = [
            "id",
            "name",
            "gender",
            "ethnicity",
            "birth_date",
            "id_number",
            "native_place",
            "education_full_time",
            "education_in_service",
            "political_status",
            "party_join_date",
            "work_start_date",
            "category",
            "unit",
            "unit_name",
            "post_title",
            "post_date",
            "leadership_level",
            "rank",
            "rank_date",
            "status",
            "phone",
            "sort_order",
            "retirement_date",
            "retirement_age",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
        # Uniqueness is checked by the service, which also catches the race; DRF's own check would say it in English.
        extra_kwargs = {"id_number": {"validators": []}}
