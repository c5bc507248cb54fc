"""Celery tasks of postings: take ids (or nothing), call a service, nothing else."""

from celery import shared_task
from django.utils import timezone
from django.utils.translation import gettext as _

from core.history import history_context, system_actor
from core.jobs import job_run_create, job_run_fail, job_run_finish, job_run_start
from postings.services import postings_daily_run


@shared_task(name="postings.tasks.postings_daily")
def postings_daily() -> dict:
    """The daily beat job (01:30): start and complete postings by their dates, raise reminders.

    A beat run is started by nobody: its changes are credited to the named system actor.
    """
    job = job_run_create(kind="postings_daily", parameters={"date": timezone.localdate().isoformat()})
    job_run_start(job=job, total=1)
    try:
        with history_context(job.requested_by or system_actor(), _("每日实践锻炼状态更新")):
            summary = postings_daily_run(today=timezone.localdate()).as_dict()
    except Exception as error:
        job_run_fail(job=job, error=str(error))
        raise
    job_run_finish(job=job, summary=summary)
    return summary
