"""Admin registrations with history. Results and periods change through the services (pages, API, jobs),
which validate and audit; the admin shows them read-only for browsing and auditing."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from assessments.models import AnnualResult, Period


class ServiceOnlyAdmin(SimpleHistoryAdmin):
    """Browse and audit in the admin; writes go through assessments.services."""

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]


@admin.register(Period)
class PeriodAdmin(ServiceOnlyAdmin):
    list_display = ["name", "kind", "year", "quarter", "state", "publicity_starts_on", "publicity_ends_on"]
    list_filter = ["kind", "state", "year"]
    search_fields = ["name"]


@admin.register(AnnualResult)
class AnnualResultAdmin(ServiceOnlyAdmin):
    list_display = ["cadre", "year", "grade", "ungraded_reason", "confirmed_on", "source", "period"]
    list_filter = ["year", "grade", "source"]
    list_select_related = ["cadre", "period"]
    search_fields = ["cadre__name", "cadre__name_initials", "cadre__id_number"]
    date_hierarchy = "confirmed_on"
