"""Writes to JobRun rows: start, progress, finish. Jobs call these; pages read the row to draw progress."""

from django.db.models import F
from django.utils import timezone

from core.models import JobRun


def job_run_create(*, kind: str, requested_by=None, parameters: dict | None = None) -> JobRun:
    return JobRun.objects.create(kind=kind, requested_by=requested_by, parameters=parameters or {})


def job_run_start(*, job: JobRun, total: int) -> None:
    JobRun.objects.filter(pk=job.pk).update(status=JobRun.Status.RUNNING, total=total, done=0, error="")
    job.status, job.total, job.done = JobRun.Status.RUNNING, total, 0


def job_run_advance(*, job: JobRun, by: int) -> None:
    JobRun.objects.filter(pk=job.pk).update(done=F("done") + by)
    job.done += by


def job_run_finish(*, job: JobRun, summary: dict | None = None) -> None:
    job.status = JobRun.Status.SUCCEEDED
    job.done = job.total
    job.summary = summary or {}
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "done", "summary", "result_file", "finished_at", "updated_at"])


def job_run_fail(*, job: JobRun, error: str) -> None:
    JobRun.objects.filter(pk=job.pk).update(status=JobRun.Status.FAILED, error=error[:4000], finished_at=timezone.now())
