"""Admin for the shared plumbing. Job runs are written by the jobs themselves: the admin only shows them."""

from django.contrib import admin
from django.http import HttpRequest

from core.models import JobRun


@admin.register(JobRun)
class JobRunAdmin(admin.ModelAdmin):
    list_display = ["id", "kind", "status", "requested_by", "done", "total", "created_at", "finished_at"]
    list_filter = ["status", "kind"]
    search_fields = ["kind", "requested_by__username", "requested_by__full_name"]
    list_select_related = ["requested_by"]
    readonly_fields = [field.name for field in JobRun._meta.fields]
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: JobRun | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: JobRun | None = None) -> bool:
        return False
