"""Celery tasks of postings: take ids (or nothing), call a service, nothing else."""

from celery import shared_task
from django.utils import timezone

from core.jobs import job_run_create, job_run_fail, job_run_finish, job_run_start
from postings.services import postings_daily_run


@shared_task(name="postings.tasks.postings_daily")
def postings_daily() -> dict:
    """The daily beat job (01:30): start and complete postings by their dates, raise reminders."""
    job = job_run_create(kind="postings_daily", parameters={"date": timezone.localdate().isoformat()})
    job_run_start(job=job, total=1)
    try:
        summary = postings_daily_run(today=timezone.localdate()).as_dict()
    except Exception as error:
        job_run_fail(job=job, error=str(error))
        raise
    job_run_finish(job=job, summary=summary)
    return summary
