"""Background jobs of the shared plumbing. Tasks take ids and call a function, nothing else."""

from celery import shared_task

from core import exports


@shared_task(name="core.list_export")
def list_export_task(job_id: int) -> None:
    exports.list_export_run(job_id=job_id)
