"""Celery tasks of the dashboard app: take ids, call a service, nothing else."""

from celery import shared_task

from core.jobs import job_run_create, job_run_execute
from dashboard import services


@shared_task(name="dashboard.appointment_form_batch")
def appointment_form_batch_task(job_id: int) -> None:
    job_run_execute(job_id=job_id, work=services.appointment_form_batch_write)


@shared_task(name="dashboard.record_audit")
def record_audit_task(job_id: int) -> None:
    job_run_execute(job_id=job_id, work=services.record_audit_write)


@shared_task(name="dashboard.tasks.record_audit_nightly")
def record_audit_nightly() -> None:
    """The nightly beat run of the record audit (02:30), recorded as a job of its own."""
    job = job_run_create(kind=services.RECORD_AUDIT_KIND, task_name=record_audit_task.name)
    job_run_execute(job_id=job.pk, work=services.record_audit_write)
