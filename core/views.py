from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render

from accounts import policy
from core.models import JobRun


@login_required
def home(request):
    """Staff land on the cadre list; a cadre lands on his or her own record."""
    if policy.is_staff(request.user):
        return redirect("cadres:cadre_list")
    return redirect("cadres:my_record")


def _own_job(request, pk: int) -> JobRun:
    # A job's result may hold people's records: only the user who started it may see it.
    return get_object_or_404(JobRun, pk=pk, requested_by=request.user)


@login_required
def job_run_detail(request, pk: int):
    """The progress of a background job; htmx polls the fragment until the job is finished."""
    job = _own_job(request, pk)
    template = "core/_job_progress.html" if request.htmx else "core/job_run_detail.html"
    return render(request, template, {"job": job})


@login_required
def job_run_download(request, pk: int):
    job = _own_job(request, pk)
    if job.status != JobRun.Status.SUCCEEDED or not job.result_file:
        raise Http404
    return FileResponse(
        job.result_file.open("rb"), as_attachment=True, filename=job.result_file.name.rsplit("/", 1)[-1]
    )
