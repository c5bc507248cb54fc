"""Admin registrations. Saves go through the model (validation in clean) and are kept in the history."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cadres.models import Cadre, EducationRecord, FamilyMember, Unit


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "kind", "is_township", "headcount", "parent", "is_active"]
    list_filter = ["kind", "is_township", "is_active"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["parent"]
    ordering = ["path"]


@admin.register(Cadre)
class CadreAdmin(SimpleHistoryAdmin):
    list_display = ["name", "gender", "unit", "post_title", "leadership_level", "rank", "category", "status"]
    list_filter = ["category", "status", "gender", "leadership_level", "rank", "political_status", "ethnicity"]
    search_fields = ["name", "name_initials", "name_pinyin", "id_number"]
    autocomplete_fields = ["unit"]
    list_select_related = ["unit"]
    readonly_fields = ["name_pinyin", "name_initials", "created_at", "updated_at"]
    show_full_result_count = False


class CadreRecordAdmin(SimpleHistoryAdmin):
    """Browse and audit; additions and changes go through the cadre page or the API (cadres.services)."""

    list_select_related = ["cadre", "cadre__unit"]
    search_fields = ["cadre__name", "cadre__name_initials", "cadre__id_number", "name"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(FamilyMember)
class FamilyMemberAdmin(CadreRecordAdmin):
    list_display = ["cadre", "relation", "name", "birth_date", "political_status", "work_unit_and_post"]
    list_filter = ["relation", "political_status"]


@admin.register(EducationRecord)
class EducationRecordAdmin(CadreRecordAdmin):
    list_display = ["cadre", "kind", "school_and_major", "level", "degree", "start_date", "end_date"]
    list_filter = ["kind", "level", "degree"]
    search_fields = ["cadre__name", "cadre__name_initials", "cadre__id_number", "school_and_major"]
