"""Celery tasks of the rewards engine: they take ids and call the engine, nothing else.

A recompute fans out: ``recompute_eligibility`` claims the job (``core.jobs.job_run_fan_out``), cuts the
units into batches of about REWARDS_ENGINE_BATCH_CADRES active cadres and starts one
``recompute_eligibility_batch`` per batch as a chord, whose callback finishes the job row; more workers finish
sooner. Batches are acknowledged late, so a batch whose worker dies is delivered again and redone (each batch
is atomic and idempotent); a run silent for too long is started again from the beginning by the jobs
watchdog. The names start with ``recompute_`` so that the routes in settings send them to the "recompute"
queue; a job started on a queue of its own (``job.queue``) keeps its batches there.
"""

import datetime

from celery import chord, shared_task
from django.utils.translation import gettext as _

from config.celery_app import app
from core.jobs import job_run_advance, job_run_fail, job_run_fan_out, job_run_finish, job_run_start
from core.models import JobRun
from rewards import engine


def _on_date(job: JobRun) -> datetime.date:
    return datetime.date.fromisoformat(job.parameters["on"])


@shared_task(name="rewards.tasks.recompute_eligibility", acks_late=True)
def recompute_eligibility(job_id: int) -> None:
    """Plan the batches of a recompute job and fan them out (in eager mode: run them here, in order)."""
    job_run_fan_out(job_id=job_id, dispatch=_dispatch)


def _dispatch(job: JobRun) -> None:
    units = job.parameters.get("units")
    batches = engine.plan_batches(unit_ids=units)
    job_run_start(job=job, total=engine.active_cadre_count(unit_ids=units))
    if app.conf.task_always_eager or not batches:
        summaries = [_run_batch(job, batch) for batch in batches]
        _finish(job, summaries)
        return
    options = {"queue": job.queue} if job.queue else {}
    header = [recompute_eligibility_batch.si(job.pk, batch).set(**options) for batch in batches]
    callback = recompute_eligibility_finish.s(job.pk).set(**options)
    chord(header)(callback.on_error(recompute_eligibility_failed.si(job.pk).set(**options)))


def _run_batch(job: JobRun, unit_ids: list[int]) -> dict:
    summary = engine.recompute_units(unit_ids=unit_ids, on_date=_on_date(job))
    job_run_advance(job=job, by=summary.cadres)
    return summary.as_dict()


def _finish(job: JobRun, batch_summaries: list[dict]) -> dict:
    total = engine.WriteSummary()
    for summary in batch_summaries:
        total.add(engine.WriteSummary(**summary))
    if not job.parameters.get("units"):
        total.add(engine.clean_up_departed())
    summary = total.as_dict() | engine.totals()
    job_run_finish(job=job, summary=summary)
    return summary


@shared_task(name="rewards.tasks.recompute_eligibility_batch", acks_late=True)
def recompute_eligibility_batch(job_id: int, unit_ids: list[int]) -> dict:
    """Recompute one batch of units (atomic, idempotent) and advance the job's progress."""
    return _run_batch(JobRun.objects.get(pk=job_id), unit_ids)


@shared_task(name="rewards.tasks.recompute_eligibility_finish", acks_late=True)
def recompute_eligibility_finish(batch_summaries: list[dict], job_id: int) -> dict | None:
    """Add up the batches; after a run over every unit, clean up the rows of cadres no longer active."""
    job = JobRun.objects.get(pk=job_id)
    if job.is_finished:
        return None
    return _finish(job, batch_summaries)


@shared_task(name="rewards.tasks.recompute_eligibility_failed")
def recompute_eligibility_failed(job_id: int, *args) -> None:
    job = JobRun.objects.get(pk=job_id)
    if not job.is_finished:
        job_run_fail(job=job, error=_("奖励与晋升资格计算未能完成，请重新运行。"))


@shared_task(name="rewards.tasks.recompute_eligibility_nightly")
def recompute_eligibility_nightly() -> int:
    """Nightly (beat): the whole county, for today."""
    from rewards.services import eligibility_recompute_enqueue

    return eligibility_recompute_enqueue(requested_by=None).pk
