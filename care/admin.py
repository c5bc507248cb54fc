"""Admin registrations of the care app. Buildings, flats and inspection items are added and changed through
``care.services`` (scope; a flat's status follows its tenancies); applications, tenancies, health checks,
leave and pay records of a person are read-only here and written through the pages. Every model keeps its
history, and nothing is deleted from the admin (issue 10.3)."""

from django.contrib import admin

from care import services
from care.models import Building, Flat, HealthCheck, HousingApplication, InspectionItem, LeaveRecord, PayRecord, Tenancy
from core.admin import RecordAdmin, ServiceAdmin


@admin.register(Building)
class BuildingAdmin(ServiceAdmin):
    list_display = ("name", "unit", "address")
    list_select_related = ("unit",)
    search_fields = ("name", "address")
    autocomplete_fields = ("unit",)
    fields = services.BUILDING_FIELDS

    def service_create(self, request, data: dict) -> Building:
        return services.building_create(actor=request.user, data=data, reason="管理后台")

    def service_update(self, request, obj: Building, data: dict) -> Building:
        return services.building_update(actor=request.user, building=obj, data=data, reason="管理后台")


@admin.register(Flat)
class FlatAdmin(ServiceAdmin):
    list_display = ("building", "number", "area", "rooms", "status")
    list_select_related = ("building",)
    list_filter = ("status",)
    search_fields = ("building__name", "number")
    fields = services.FLAT_FIELDS

    def service_create(self, request, data: dict) -> Flat:
        return services.flat_create(actor=request.user, data=data, reason="管理后台")

    def service_update(self, request, obj: Flat, data: dict) -> Flat:
        return services.flat_update(actor=request.user, flat=obj, data=data, reason="管理后台")


@admin.register(HousingApplication)
class HousingApplicationAdmin(RecordAdmin):
    list_display = ("cadre", "applied_on", "priority_score", "status")
    list_select_related = ("cadre",)
    list_filter = ("status",)
    search_fields = ("cadre__name",)
    raw_id_fields = ("cadre",)


@admin.register(Tenancy)
class TenancyAdmin(RecordAdmin):
    list_display = ("cadre", "flat", "start_date", "end_date")
    list_select_related = ("cadre", "flat__building")
    search_fields = ("cadre__name", "flat__number")
    raw_id_fields = ("cadre", "flat", "application")


@admin.register(HealthCheck)
class HealthCheckAdmin(RecordAdmin):
    list_display = ("cadre", "year", "check_date", "provider", "done", "follow_up_needed")
    list_select_related = ("cadre",)
    list_filter = ("year", "done", "follow_up_needed")
    search_fields = ("cadre__name",)
    raw_id_fields = ("cadre",)


@admin.register(LeaveRecord)
class LeaveRecordAdmin(RecordAdmin):
    list_display = ("cadre", "kind", "start_date", "end_date", "days", "pay_deducted")
    list_select_related = ("cadre",)
    list_filter = ("kind",)
    search_fields = ("cadre__name",)
    raw_id_fields = ("cadre",)


@admin.register(PayRecord)
class PayRecordAdmin(RecordAdmin):
    list_display = ("cadre", "month", "unit", "rank", "base_pay", "township_allowance")
    list_select_related = ("cadre", "unit")
    list_filter = ("month",)
    search_fields = ("cadre__name",)
    raw_id_fields = ("cadre", "unit")


@admin.register(InspectionItem)
class InspectionItemAdmin(ServiceAdmin):
    list_display = ("year", "title", "issuing_body", "frequency", "status", "merged_into")
    list_select_related = ("merged_into",)
    list_filter = ("year", "status", "frequency")
    search_fields = ("title", "issuing_body")
    filter_horizontal = ("target_townships",)
    fields = (*services.INSPECTION_FIELDS, "target_townships")

    def service_create(self, request, data: dict) -> InspectionItem:
        townships = data.pop("target_townships", ())
        return services.inspection_item_create(actor=request.user, data=data, townships=townships, reason="管理后台")

    def service_update(self, request, obj: InspectionItem, data: dict) -> InspectionItem:
        townships = data.pop("target_townships", None)
        return services.inspection_item_update(
            actor=request.user, item=obj, data=data, townships=townships, reason="管理后台"
        )
