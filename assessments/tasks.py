"""Celery tasks of the assessment app: they take ids and call the recompute service, nothing else.

A recompute fans out: ``recompute_period`` claims the job (``core.jobs.job_run_fan_out``), cuts the period's
pools into batches (a transaction each), groups consecutive batches into a few tasks (``recompute.plan_tasks``)
and starts one ``recompute_pool_batches`` per task as a chord, whose callback finishes the job row; more workers
finish sooner. Tasks are acknowledged late, so a task whose worker dies is delivered again and redone
(recomputing a pool is idempotent, each pool replaced atomically); a run silent for too long is started again
from the beginning by the jobs watchdog. A job started on a queue of its own (``job.queue``) keeps
its batches there.
"""

from celery import chord, shared_task
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments import recompute, rules, services
from assessments.models import Period
from config.celery_app import app
from core.history import history_context, system_actor
from core.jobs import batches_on_connections, job_run_fail, job_run_fan_out, job_run_finish, job_run_start
from core.models import JobRun


@shared_task(name="assessments.tasks.recompute_period", acks_late=True)
def recompute_period(job_id: int) -> None:
    """Plan the batches of a recompute job and fan them out (in eager mode: run them here, in order)."""
    job_run_fan_out(job_id=job_id, dispatch=_dispatch)


def _dispatch(job: JobRun) -> None:
    period = Period.objects.get(pk=job.parameters["period"])
    batches = recompute.plan_batches(period=period, pool_ids=job.parameters.get("pools"))
    job_run_start(job=job, total=sum(len(batch) for batch in batches))
    if app.conf.task_always_eager or not batches:
        for batch in batches:
            recompute.recompute_pools(period_id=period.pk, pool_ids=batch, job=job)
        job_run_finish(job=job, summary=recompute.period_summary(period=period))
        return
    options = {"queue": job.queue} if job.queue else {}
    header = [recompute_pool_batches.si(job.pk, task).set(**options) for task in recompute.plan_tasks(batches)]
    callback = recompute_finish.si(job.pk).set(**options)
    chord(header)(callback.on_error(recompute_failed.si(job.pk).set(**options)))


@shared_task(name="assessments.tasks.recompute_pool_batches", acks_late=True)
def recompute_pool_batches(job_id: int, batches: list[list[int]]) -> int:
    """Recompute some batches of pools, each in its own transaction (each pool replaced atomically), on
    ASSESSMENTS_RECOMPUTE_TASK_CONNECTIONS database connections at once, advancing the job's progress after
    each; returns the number of pools written."""
    job = JobRun.objects.get(pk=job_id)
    period_id = job.parameters["period"]
    try:
        written = batches_on_connections(
            batches,
            lambda pool_ids: recompute.recompute_pools(period_id=period_id, pool_ids=pool_ids, job=job),
            connections_at_once=settings.ASSESSMENTS_RECOMPUTE_TASK_CONNECTIONS,
        )
        return sum(written)
    except recompute.PeriodNotRecomputable:
        job_run_fail(job=job, error=_("考核周期已进入考核委员会审议或之后的阶段，停止重新计算。"))
        raise


@shared_task(name="assessments.tasks.recompute_pool_batch", acks_late=True)
def recompute_pool_batch(job_id: int, pool_ids: list[int]) -> int:
    """One batch of pools: the task a job started before ``recompute_pool_batches`` sent for each batch (a chord
    queued across an upgrade still finishes)."""
    return recompute_pool_batches(job_id, [pool_ids])


@shared_task(name="assessments.tasks.recompute_finish", acks_late=True)
def recompute_finish(job_id: int) -> None:
    job = JobRun.objects.get(pk=job_id)
    if job.is_finished:
        return
    period = Period.objects.get(pk=job.parameters["period"])
    job_run_finish(job=job, summary=recompute.period_summary(period=period))


@shared_task(name="assessments.tasks.recompute_failed")
def recompute_failed(job_id: int, *args) -> None:
    job = JobRun.objects.get(pk=job_id)
    if not job.is_finished:
        job_run_fail(job=job, error=_("重新计算未能完成，请重试。"))


@shared_task
def recompute_stale_pools(period_id: int) -> int | None:
    """After a change: recompute the period's stale pools, unless a job that has not started yet will."""
    period = Period.objects.get(pk=period_id)
    if period.state not in rules.RECOMPUTABLE_STATES:
        return None
    waiting = JobRun.objects.filter(
        kind=services.RECOMPUTE_JOB_KIND, status=JobRun.Status.PENDING, parameters__period=period_id
    ).exists()
    pool_ids = recompute.stale_pool_ids(period=period)
    if waiting or not pool_ids:
        return None
    return services.period_recompute_start(actor=None, period=period, pool_ids=pool_ids).pk


@shared_task
def recompute_open_periods() -> list[int]:
    """Nightly (beat): recompute every period that may still be recomputed."""
    jobs = []
    for period in Period.objects.filter(state__in=rules.RECOMPUTABLE_STATES).order_by("pk"):
        jobs.append(services.period_recompute_start(actor=None, period=period).pk)
    return jobs


@shared_task
def refresh_suggestions(year: int | None = None) -> int:
    """Nightly: the consequences of the year's results (by default last year's) on the staff to-do list."""
    year = year or timezone.localdate().year - 1
    with history_context(system_actor(), _("考核结果运用：每日生成待办")):
        return services.suggestions_refresh(actor=None, year=year)
