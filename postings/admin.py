"""Admin of postings, with history. A posting is created, extended, ended and recalled only through the
pages and the API (``postings.services``: an extension keeps its record, the home side directs): the
admin shows postings and their records read-only. A village's categories are saved through the service.
Nothing is deleted from the admin (issue 10.3)."""

from django.contrib import admin

from core.admin import RecordAdmin, ServiceAdmin
from postings import services
from postings.models import (
    ExternalHost,
    Posting,
    PostingExtension,
    PostingMonthlyPresence,
    PostingReminder,
    VillageProfile,
)


class PostingExtensionInline(admin.TabularInline):
    model = PostingExtension
    extra = 0
    readonly_fields = ("previous_end", "new_end", "reason", "created_by")
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Posting)
class PostingAdmin(RecordAdmin):
    list_display = (
        "cadre",
        "kind",
        "home_unit",
        "host_unit",
        "external_host",
        "planned_start",
        "planned_end",
        "status",
    )
    list_filter = ("kind", "status", "front_line", "exchange_direction")
    search_fields = ("cadre__name", "cadre__id_number", "host_unit__name", "external_host__name")
    raw_id_fields = ("cadre", "home_unit", "host_unit")
    list_select_related = ("cadre", "home_unit", "host_unit", "external_host")
    inlines = [PostingExtensionInline]


@admin.register(VillageProfile)
class VillageProfileAdmin(ServiceAdmin):
    list_display = ("unit", "is_poverty", "is_weak_lax", "is_weak_collective_economy", "is_relocation_site")
    list_filter = ("is_poverty", "is_weak_lax", "is_weak_collective_economy", "is_relocation_site")
    search_fields = ("unit__name",)
    raw_id_fields = ("unit",)
    list_select_related = ("unit",)
    fields = ("unit", "is_poverty", "is_weak_lax", "is_weak_collective_economy", "is_relocation_site", "note")

    def get_readonly_fields(self, request, obj=None):
        return ("unit",) if obj is not None else ()

    def service_create(self, request, data: dict) -> VillageProfile:
        return services.village_profile_save(actor=request.user, unit=data.pop("unit"), data=data)

    def service_update(self, request, obj: VillageProfile, data: dict) -> VillageProfile:
        return services.village_profile_save(actor=request.user, unit=obj.unit, data=data)


@admin.register(ExternalHost)
class ExternalHostAdmin(RecordAdmin):
    list_display = ("name", "region")
    search_fields = ("name", "region")


@admin.register(PostingExtension)
class PostingExtensionAdmin(RecordAdmin):
    list_display = ("posting", "previous_end", "new_end", "reason")
    search_fields = ("posting__cadre__name", "reason")
    list_select_related = ("posting__cadre", "posting__host_unit", "posting__external_host")
    raw_id_fields = ("posting", "created_by")


@admin.register(PostingMonthlyPresence)
class PostingMonthlyPresenceAdmin(RecordAdmin):
    list_display = ("posting", "month", "days")
    search_fields = ("posting__cadre__name",)
    list_select_related = ("posting__cadre", "posting__host_unit", "posting__external_host")
    date_hierarchy = "month"
    raw_id_fields = ("posting",)


@admin.register(PostingReminder)
class PostingReminderAdmin(RecordAdmin):
    list_display = ("posting", "kind", "period", "raised_on", "dismissed_at")
    list_filter = ("kind",)
    search_fields = ("posting__cadre__name",)
    list_select_related = ("posting__cadre", "posting__host_unit", "posting__external_host")
    raw_id_fields = ("posting",)
