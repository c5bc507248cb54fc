"""Background jobs of the cadres app. Tasks take ids and call a service, nothing else."""

from celery import shared_task

from cadres import jobs


@shared_task(name="cadres.roster_export", ignore_result=True)
def roster_export_task(job_id: int) -> None:
    jobs.roster_export_run(job_id=job_id)
