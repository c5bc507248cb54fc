"""Celery tasks of the rewards engine: they take ids and call the engine, nothing else.

A recompute fans out: ``recompute_eligibility`` cuts the units into batches of about
REWARDS_ENGINE_BATCH_CADRES cadres and starts one ``recompute_eligibility_batch`` per batch as a chord, whose
callback finishes the job row; more workers finish sooner. Batches are acknowledged late, so a batch whose
worker dies is delivered again and redone (each batch is atomic and idempotent). The names start with
``recompute_`` so that the routes in settings send them to the "recompute" queue.
"""

import datetime

from celery import chord, shared_task
from django.utils import timezone
from django.utils.translation import gettext as _

from core.jobs import job_run_advance, job_run_fail, job_run_finish, job_run_start
from core.models import JobRun
from rewards import engine


def _on_date(job: JobRun) -> datetime.date:
    return datetime.date.fromisoformat(job.parameters["on"])


@shared_task(name="rewards.tasks.recompute_eligibility", acks_late=True)
def recompute_eligibility(job_id: int) -> None:
    """Plan the batches of a recompute job and fan them out."""
    job = JobRun.objects.get(pk=job_id)
    batches = engine.plan_batches(unit_ids=job.parameters.get("units"))
    job_run_start(job=job, total=engine.active_cadre_count(unit_ids=job.parameters.get("units")))
    if not batches:
        recompute_eligibility_finish([], job_id)
        return
    header = [recompute_eligibility_batch.si(job_id, batch) for batch in batches]
    chord(header)(recompute_eligibility_finish.s(job_id).on_error(recompute_eligibility_failed.si(job_id)))


@shared_task(name="rewards.tasks.recompute_eligibility_batch", acks_late=True)
def recompute_eligibility_batch(job_id: int, unit_ids: list[int]) -> dict:
    """Recompute one batch of units (atomic, idempotent) and advance the job's progress."""
    job = JobRun.objects.get(pk=job_id)
    summary = engine.recompute_units(unit_ids=unit_ids, on_date=_on_date(job))
    job_run_advance(job=job, by=summary.cadres)
    return summary.as_dict()


@shared_task(name="rewards.tasks.recompute_eligibility_finish")
def recompute_eligibility_finish(batch_summaries: list[dict], job_id: int) -> dict:
    """Add up the batches; after a run over every unit, clean up the rows of cadres no longer active."""
    job = JobRun.objects.get(pk=job_id)
    total = engine.WriteSummary()
    for summary in batch_summaries:
        total.add(engine.WriteSummary(**summary))
    if not job.parameters.get("units"):
        total.add(engine.clean_up_departed(on_date=_on_date(job)))
    summary = total.as_dict() | engine.totals()
    job_run_finish(job=job, summary=summary)
    return summary


@shared_task(name="rewards.tasks.recompute_eligibility_failed")
def recompute_eligibility_failed(job_id: int, *args) -> None:
    job = JobRun.objects.get(pk=job_id)
    if not job.is_finished:
        job_run_fail(job=job, error=_("奖励与晋升资格计算未能完成，请重新运行。"))


@shared_task(name="rewards.tasks.recompute_eligibility_nightly")
def recompute_eligibility_nightly() -> int:
    """Nightly (beat): the whole county, for today."""
    from rewards.services import eligibility_recompute_start

    return eligibility_recompute_start(actor=None, on_date=timezone.localdate()).pk


@shared_task(name="rewards.tasks.recompute_eligibility_for_cadres")
def recompute_eligibility_for_cadres(cadre_ids: list[int], actor_id: int | None = None) -> int | None:
    """After a change to some cadres (a grade, a record, a rank, training hours): their units, for today."""
    from accounts.models import User
    from rewards.services import eligibility_recompute_start

    unit_ids = engine.units_of_cadres(cadre_ids)
    if not unit_ids:
        return None
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    return eligibility_recompute_start(actor=actor, on_date=timezone.localdate(), unit_ids=unit_ids).pk
