"""Celery tasks of the shared plumbing. Tasks take ids (or nothing) and call a function, nothing else."""

from celery import shared_task

from core import exports, jobs
from core.heartbeats import heartbeat_record


@shared_task(name="core.list_export", ignore_result=True)
def list_export_task(job_id: int) -> None:
    exports.list_export_run(job_id=job_id)


@shared_task(name="core.tasks.jobs_watchdog", ignore_result=True)
def jobs_watchdog() -> dict:
    """Every JOBS_WATCHDOG_INTERVAL_SECONDS from the beat: lost jobs run again or fail; the beat is alive."""
    report = jobs.job_runs_recover_stale()
    heartbeat_record(name="beat", details=report.as_dict())
    return report.as_dict()


@shared_task(name="core.tasks.backup_nightly", ignore_result=True)
def backup_nightly() -> str:
    """Nightly from the beat (when BACKUP_NIGHTLY): a backup into BACKUP_DIR, keeping the last BACKUP_KEEP."""
    from core.backup import backup_scheduled

    return str(backup_scheduled().path)
