"""Admin registrations. Saves go through the model (validation in clean) and are kept in the history."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cadres.models import Cadre, Unit


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
