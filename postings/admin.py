"""Admin of postings, with history. Posting changes in the admin are kept in the history like any other."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

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


@admin.register(Posting)
class PostingAdmin(SimpleHistoryAdmin):
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
class VillageProfileAdmin(SimpleHistoryAdmin):
    list_display = ("unit", "is_poverty", "is_weak_lax", "is_weak_collective_economy", "is_relocation_site")
    list_filter = ("is_poverty", "is_weak_lax", "is_weak_collective_economy", "is_relocation_site")
    search_fields = ("unit__name",)
    raw_id_fields = ("unit",)
    list_select_related = ("unit",)


@admin.register(ExternalHost)
class ExternalHostAdmin(SimpleHistoryAdmin):
    list_display = ("name", "region")
    search_fields = ("name", "region")


@admin.register(PostingExtension)
class PostingExtensionAdmin(SimpleHistoryAdmin):
    list_display = ("posting", "previous_end", "new_end", "reason")
    search_fields = ("posting__cadre__name", "reason")
    list_select_related = ("posting__cadre", "posting__host_unit", "posting__external_host")
    raw_id_fields = ("posting", "created_by")


@admin.register(PostingMonthlyPresence)
class PostingMonthlyPresenceAdmin(SimpleHistoryAdmin):
    list_display = ("posting", "month", "days")
    search_fields = ("posting__cadre__name",)
    list_select_related = ("posting__cadre", "posting__host_unit", "posting__external_host")
    date_hierarchy = "month"
    raw_id_fields = ("posting",)


@admin.register(PostingReminder)
class PostingReminderAdmin(SimpleHistoryAdmin):
    list_display = ("posting", "kind", "period", "raised_on", "dismissed_at")
    list_filter = ("kind",)
    search_fields = ("posting__cadre__name",)
    list_select_related = ("posting__cadre", "posting__host_unit", "posting__external_host")
    raw_id_fields = ("posting",)
