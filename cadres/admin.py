"""Admin registrations. Units and cadres are added and changed through ``cadres.services`` (scope, a unit
never moved into its own subtree, a cadre's career fields fixed after creation); family and education
records are read-only here. Nothing is deleted from the admin (issue 10.3)."""

from django.contrib import admin

from cadres import services
from cadres.models import Cadre, CorrectionRequest, EducationRecord, FamilyMember, Unit
from core.admin import RecordAdmin, ServiceAdmin


@admin.register(Unit)
class UnitAdmin(ServiceAdmin):
    list_display = ["name", "code", "kind", "is_township", "headcount", "parent", "is_active"]
    list_filter = ["kind", "is_township", "is_active"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["parent"]
    ordering = ["path"]
    fields = services.UNIT_WRITABLE_FIELDS

    def service_create(self, request, data: dict) -> Unit:
        return services.unit_create(actor=request.user, data=data, reason="管理后台")

    def service_update(self, request, obj: Unit, data: dict) -> Unit:
        return services.unit_update(actor=request.user, unit=obj, data=data, reason="管理后台")


@admin.register(Cadre)
class CadreAdmin(ServiceAdmin):
    list_display = ["name", "gender", "unit", "post_title", "leadership_level", "rank", "category", "status"]
    list_filter = ["category", "status", "gender", "leadership_level", "rank", "political_status", "ethnicity"]
    search_fields = ["name", "name_initials", "name_pinyin", "id_number"]
    autocomplete_fields = ["unit"]
    list_select_related = ["unit"]
    fields = [*services.CADRE_WRITABLE_FIELDS, "name_pinyin", "name_initials", "created_at", "updated_at"]
    show_full_result_count = False

    def get_readonly_fields(self, request, obj=None):
        fixed = ["name_pinyin", "name_initials", "created_at", "updated_at"]
        # after creation a cadre's post, level, unit and rank change through an appointment or rank change
        return [*fixed, *services.CAREER_FIELDS] if obj is not None else fixed

    def service_create(self, request, data: dict) -> Cadre:
        return services.cadre_create(actor=request.user, data=data, reason="管理后台")

    def service_update(self, request, obj: Cadre, data: dict) -> Cadre:
        return services.cadre_update(actor=request.user, cadre=obj, data=data, reason="管理后台")


class CadreRecordAdmin(RecordAdmin):
    """Browse and audit; additions and changes go through the cadre page or the API (cadres.services)."""

    list_select_related = ["cadre", "cadre__unit"]
    search_fields = ["cadre__name", "cadre__name_initials", "cadre__id_number", "name"]
    show_full_result_count = False


@admin.register(FamilyMember)
class FamilyMemberAdmin(CadreRecordAdmin):
    list_display = ["cadre", "relation", "name", "birth_date", "political_status", "work_unit_and_post"]
    list_filter = ["relation", "political_status"]


@admin.register(EducationRecord)
class EducationRecordAdmin(CadreRecordAdmin):
    list_display = ["cadre", "kind", "school_and_major", "level", "degree", "start_date", "end_date"]
    list_filter = ["kind", "level", "degree"]
    search_fields = ["cadre__name", "cadre__name_initials", "cadre__id_number", "school_and_major"]


@admin.register(CorrectionRequest)
class CorrectionRequestAdmin(CadreRecordAdmin):
    """Browse and audit; cadres ask on 我的档案 and staff answer on the 更正申请 page (cadres.services)."""

    list_select_related = ["cadre", "cadre__unit", "handled_by"]
    list_display = ["cadre", "item", "requested_value", "status", "created_at", "handled_by", "handled_at"]
    list_filter = ["status", "item"]
    search_fields = ["cadre__name", "cadre__name_initials", "cadre__id_number", "requested_value"]
