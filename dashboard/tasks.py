"""Celery tasks of the dashboard app: take ids, call a service, nothing else."""

from celery import shared_task

from core.jobs import job_run_execute
from dashboard import services


@shared_task(name="dashboard.appointment_form_batch")
def appointment_form_batch_task(job_id: int) -> None:
    job_run_execute(job_id=job_id, work=services.appointment_form_batch_write)
