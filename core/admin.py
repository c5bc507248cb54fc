"""Admin for the shared plumbing. Job runs are written by the jobs themselves: the admin only shows them, and
can start failed ones again."""

from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.jobs import JobAlreadyRunning, JobQueueUnavailable, job_run_retry
from core.models import JobRun, ServiceHeartbeat


@admin.register(JobRun)
class JobRunAdmin(admin.ModelAdmin):
    list_display = ["id", "kind", "status", "requested_by", "done", "total", "attempts", "created_at", "finished_at"]
    list_filter = ["status", "kind"]
    search_fields = ["kind", "requested_by__username", "requested_by__full_name"]
    list_select_related = ["requested_by"]
    # The result file is shown by name only: it goes out to the job's owner alone (core.private_files).
    readonly_fields = [field.name for field in JobRun._meta.fields if field.name != "result_file"] + ["result_name"]
    exclude = ["result_file"]
    date_hierarchy = "created_at"
    actions = ["restart_failed"]

    @admin.display(description=gettext_lazy("结果文件"))
    def result_name(self, job: JobRun) -> str:
        return job.result_file.name if job.result_file else "—"

    @admin.action(description=gettext_lazy("重新运行所选的失败任务"))
    def restart_failed(self, request: HttpRequest, queryset) -> None:
        started = 0
        for job in queryset.filter(status=JobRun.Status.FAILED).exclude(task_name=""):
            try:
                job_run_retry(job=job)
            except JobAlreadyRunning:
                continue
            except JobQueueUnavailable as error:
                self.message_user(request, str(error), messages.ERROR)
                return
            started += 1
        self.message_user(request, _("已重新运行 %(count)s 个任务。") % {"count": started}, messages.SUCCESS)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: JobRun | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: JobRun | None = None) -> bool:
        return False


@admin.register(ServiceHeartbeat)
class ServiceHeartbeatAdmin(admin.ModelAdmin):
    list_display = ["name", "seen_at"]
    readonly_fields = ["name", "seen_at", "details"]
    search_fields = ["name"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ServiceHeartbeat | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: ServiceHeartbeat | None = None) -> bool:
        return False
