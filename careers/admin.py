"""Admin registrations with history. Career records change the cadre's post and rank, so the admin shows
them read-only apart from notes: new records and changes go through the pages or the API (the services)."""

from django.contrib import admin

from careers.models import AccountabilityRecord, Appointment, FaultToleranceCase, RankChange, UnfitAdjustmentCase
from core.admin import RecordAdmin


class ServiceOnlyAdmin(RecordAdmin):
    """Browse and audit in the admin; writes go through careers.services, which validate and keep in step.
    Only the notes (``editable_fields``) may be corrected here."""

    list_select_related = ["cadre", "cadre__unit"]
    search_fields = ["cadre__name", "cadre__name_initials", "cadre__id_number"]


@admin.register(Appointment)
class AppointmentAdmin(ServiceOnlyAdmin):
    list_display = ["cadre", "kind", "post_title", "unit", "leadership_level", "effective_date", "probation_outcome"]
    list_filter = ["kind", "leadership_level", "probation_outcome"]
    list_select_related = ["cadre", "unit"]
    date_hierarchy = "effective_date"
    editable_fields = ("note",)


@admin.register(RankChange)
class RankChangeAdmin(ServiceOnlyAdmin):
    list_display = ["cadre", "kind", "from_rank", "to_rank", "effective_date", "document_number"]
    list_filter = ["kind", "to_rank"]
    list_select_related = ["cadre"]
    date_hierarchy = "effective_date"


@admin.register(AccountabilityRecord)
class AccountabilityRecordAdmin(ServiceOnlyAdmin):
    list_display = ["cadre", "family", "kind", "decided_on", "issuing_body", "status", "revoked_on"]
    list_filter = ["family", "kind", "status"]
    list_select_related = ["cadre"]
    date_hierarchy = "decided_on"
    editable_fields = ("internal_notes",)


@admin.register(UnfitAdjustmentCase)
class UnfitAdjustmentCaseAdmin(ServiceOnlyAdmin):
    list_display = ["cadre", "opened_on", "status", "decision", "decided_on"]
    list_filter = ["status", "decision"]
    list_select_related = ["cadre"]


@admin.register(FaultToleranceCase)
class FaultToleranceCaseAdmin(ServiceOnlyAdmin):
    list_display = ["record", "distinction", "opened_on", "status", "outcome", "decided_on"]
    list_filter = ["distinction", "status", "outcome"]
    list_select_related = ["record", "record__cadre"]
    search_fields = ["record__cadre__name", "record__cadre__name_initials"]
