"""Admin of the dashboard's derived rows: the record audit's findings, read-only (the nightly job writes them)."""

from django.contrib import admin

from dashboard.models import AuditFinding


@admin.register(AuditFinding)
class AuditFindingAdmin(admin.ModelAdmin):
    list_display = ["cadre", "rule", "message", "found_on"]
    list_filter = ["rule", "found_on"]
    search_fields = ["cadre__name", "cadre__name_initials", "cadre__id_number", "message"]
    list_select_related = ["cadre"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
