from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST, require_safe

from accounts import policy
from core.health import health_report
from core.jobs import JobAlreadyRunning, JobQueueUnavailable, job_run_retry
from core.models import JobRun
from core.private_files import private_file_response, private_file_view
from core.worklist import worklist, worklist_count


@require_safe
def favicon(request):
    """/favicon.ico, which browsers ask for on every page (the admin's too): the icon among the static files.

    A temporary redirect, so that a browser follows a changed file's new (hashed, in production) address."""
    return redirect(static("img/favicon.ico"))


@login_required
def home(request):
    """Staff land on their to-do list (工作台); a cadre lands on his or her own record."""
    if policy.is_staff(request.user):
        return redirect("worklist")
    return redirect("cadres:my_record")


@login_required
def worklist_page(request):
    """工作台: every kind of work waiting for this user today, counted from the data (core.worklist)."""
    today = timezone.localdate()
    entries = worklist(request.user, today)
    return render(
        request,
        "core/worklist.html",
        {"entries": entries, "today": today, "total": sum(entry["count"] for entry in entries)},
    )


@login_required
def worklist_badge(request):
    """The menu bar's count of waiting work, fetched by htmx after the page (so no page pays its queries)."""
    return render(request, "core/_worklist_badge.html", {"total": worklist_count(request.user, timezone.localdate())})


def _own_job(request, pk: int) -> JobRun:
    # A job's result may hold people's records: only the user who started it may see it.
    return get_object_or_404(JobRun, pk=pk, requested_by=request.user)


@login_required
def job_run_detail(request, pk: int):
    """The progress of a background job; htmx polls the fragment until the job is finished."""
    job = _own_job(request, pk)
    template = "core/_job_progress.html" if request.htmx else "core/job_run_detail.html"
    return render(request, template, {"job": job})


@private_file_view
def job_run_download(request, pk: int):
    """The job's result file, to the user who started the job only (anyone else: 404)."""
    job = _own_job(request, pk)
    if job.status != JobRun.Status.SUCCEEDED or not job.result_file:
        raise Http404
    return private_file_response(job.result_file, as_attachment=True)


@login_required
@require_POST
def job_run_restart(request, pk: int):
    """Start a failed job again (the "重新运行" button): its owner only."""
    job = _own_job(request, pk)
    if not job.is_restartable:
        raise Http404
    try:
        job = job_run_retry(job=job)
    except JobAlreadyRunning as running:
        messages.info(request, str(running))
        return redirect("core:job_run_detail", pk=running.job.pk)
    except JobQueueUnavailable as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("任务已重新开始。"))
    return redirect("core:job_run_detail", pk=job.pk)


@never_cache
@require_GET
def health(request):
    """For the department's monitoring, without a login: 200 when every critical check passes, 503 naming what
    is down otherwise (JSON: ``status``, ``down``, one entry per check)."""
    report = health_report()
    return JsonResponse(report.as_dict(), status=200 if report.ok else 503, json_dumps_params={"ensure_ascii": False})


@never_cache
@staff_member_required
def health_admin(request):
    """The same report as a page of the admin site, for administrators."""
    if not policy.is_admin(request.user):
        raise PermissionDenied
    from django.contrib import admin

    report = health_report()
    context = admin.site.each_context(request) | {"title": _("系统运行状态"), "report": report}
    return render(request, "admin/health.html", context, status=200 if report.ok else 503)
