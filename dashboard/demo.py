"""The dashboard's part of the demo county (``seed_demo``, settings.DEMO_SEED_EXTENSIONS): the record audit's
findings, so that 干部信息核查 shows what the nightly run would have found instead of "尚未运行过核查"."""

from core.jobs import job_run_create, job_run_execute
from core.models import JobRun
from dashboard import services
from dashboard.tasks import record_audit_task


def seed(*, rng, cadres_count: int, stdout=None) -> dict:
    """Run the record audit once over the seeded county, recorded as the nightly run records it (a job of the
    audit's kind, so the page says when it last ran). ``rng`` is unused: the findings follow from the records."""
    job = job_run_create(kind=services.RECORD_AUDIT_KIND, task_name=record_audit_task.name)
    job_run_execute(job_id=job.pk, work=services.record_audit_write)
    job.refresh_from_db()
    summary = job.summary if job.status == JobRun.Status.SUCCEEDED else {}
    if stdout is not None:
        stdout.write(f"干部信息核查：{summary.get('findings', 0)} 条问题。")
    return summary
