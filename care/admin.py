"""Admin registrations of the care app. Every model keeps its history (SimpleHistoryAdmin), so a change
made here is recorded with who made it, like one made through the pages."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from care.models import Building, Flat, HealthCheck, HousingApplication, InspectionItem, LeaveRecord, PayRecord, Tenancy


@admin.register(Building)
class BuildingAdmin(SimpleHistoryAdmin):
    list_display = ("name", "unit", "address")
    list_select_related = ("unit",)
    search_fields = ("name", "address")
    autocomplete_fields = ("unit",)


@admin.register(Flat)
class FlatAdmin(SimpleHistoryAdmin):
    list_display = ("building", "number", "area", "rooms", "status")
    list_select_related = ("building",)
    list_filter = ("status",)
    search_fields = ("building__name", "number")


@admin.register(HousingApplication)
class HousingApplicationAdmin(SimpleHistoryAdmin):
    list_display = ("cadre", "applied_on", "priority_score", "status")
    list_select_related = ("cadre",)
    list_filter = ("status",)
    search_fields = ("cadre__name",)
    raw_id_fields = ("cadre",)
    readonly_fields = ("priority_score", "priority_parts")


@admin.register(Tenancy)
class TenancyAdmin(SimpleHistoryAdmin):
    list_display = ("cadre", "flat", "start_date", "end_date")
    list_select_related = ("cadre", "flat__building")
    search_fields = ("cadre__name", "flat__number")
    raw_id_fields = ("cadre", "flat", "application")


@admin.register(HealthCheck)
class HealthCheckAdmin(SimpleHistoryAdmin):
    list_display = ("cadre", "year", "check_date", "provider", "done", "follow_up_needed")
    list_select_related = ("cadre",)
    list_filter = ("year", "done", "follow_up_needed")
    search_fields = ("cadre__name",)
    raw_id_fields = ("cadre",)


@admin.register(LeaveRecord)
class LeaveRecordAdmin(SimpleHistoryAdmin):
    list_display = ("cadre", "kind", "start_date", "end_date", "days", "pay_deducted")
    list_select_related = ("cadre",)
    list_filter = ("kind",)
    search_fields = ("cadre__name",)
    raw_id_fields = ("cadre",)


@admin.register(PayRecord)
class PayRecordAdmin(SimpleHistoryAdmin):
    list_display = ("cadre", "month", "unit", "rank", "base_pay", "township_allowance")
    list_select_related = ("cadre", "unit")
    list_filter = ("month",)
    search_fields = ("cadre__name",)
    raw_id_fields = ("cadre", "unit")


@admin.register(InspectionItem)
class InspectionItemAdmin(SimpleHistoryAdmin):
    list_display = ("year", "title", "issuing_body", "frequency", "status", "merged_into")
    list_select_related = ("merged_into",)
    list_filter = ("year", "status", "frequency")
    search_fields = ("title", "issuing_body")
    raw_id_fields = ("merged_into",)
    filter_horizontal = ("target_townships",)
