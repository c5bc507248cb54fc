"""Celery tasks of the dashboard app: take ids, call a service, nothing else."""

from celery import shared_task

from dashboard import services


@shared_task(name="dashboard.appointment_form_batch")
def appointment_form_batch_task(job_id: int) -> None:
    services.appointment_form_batch_run(job_id=job_id)
