"""The engine on PostgreSQL with real concurrency and a real worker (acceptance 4).

- Two runs at once (threads, each with its own connection, over the same batches) queue per unit on the
  advisory locks and leave exactly the clean result: no duplicate candidates, no duplicate eligibility.
- Through a real Celery worker, a run fans out as a chord of batches and the callback finishes the job.
"""

import datetime
import threading

import pytest
from django.db import connection

from cadres.choices import Rank
from core.jobs import job_run_enqueue
from core.models import JobRun
from rewards import engine, services
from rewards.models import AwardCandidate, RankPromotionEligibility
from rewards.tasks import recompute_eligibility
from tests.assessments.factories import AnnualResultFactory
from tests.core.test_celery_worker import _wait_until_finished, eager_off, real_worker_services, worker  # noqa: F401
from tests.factories import CadreFactory, UnitFactory

D = datetime.date
ON = D(2026, 3, 1)
GRADES = ["excellent", "excellent", "competent", "excellent", "basically_competent", "excellent"]


def county(units: int = 4, per_unit: int = 5) -> None:
    for unit_index in range(units):
        unit = UnitFactory(headcount=10)
        for index in range(per_unit):
            cadre = CadreFactory(unit=unit, rank=Rank.PRINCIPAL_STAFF_4, rank_date=D(2021, 1 + index, 1))
            for offset, year in enumerate(range(2020, 2026)):
                grade = GRADES[(unit_index + index + offset) % len(GRADES)]
                AnnualResultFactory(cadre=cadre, year=year, grade=grade)


def snapshot() -> tuple:
    candidates = sorted(AwardCandidate.objects.values_list("cadre_id", "kind", "year", "basis", "blocked", "reasons"))
    eligibility = sorted(RankPromotionEligibility.objects.values_list("cadre_id", *engine.ELIGIBILITY_FIELDS))
    return candidates, eligibility


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL advisory locks")
def test_two_runs_at_once_leave_the_clean_result_and_no_duplicates(transactional_db, settings):
    settings.TRAINING_ANNUAL_REQUIRED_HOURS = 0
    county()
    batches = engine.plan_batches(batch_size=5)
    assert len(batches) == 4
    for batch in batches:
        engine.recompute_units(unit_ids=batch, on_date=ON)
    clean = snapshot()
    AwardCandidate.objects.all().delete()
    RankPromotionEligibility.objects.all().delete()

    barrier = threading.Barrier(2)
    errors = []

    def run(order):
        try:
            barrier.wait()
            for batch in order:
                engine.recompute_units(unit_ids=batch, on_date=ON)
        except Exception as error:  # reported, not hidden
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(batches,)), threading.Thread(target=run, args=(batches[::-1],))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert snapshot() == clean
    assert AwardCandidate.objects.count() == len(clean[0])
    assert RankPromotionEligibility.objects.count() == len(clean[1]) == 20


@pytest.fixture
def small_batches(monkeypatch):
    """Batches of two units' cadres in the worker, so that a run fans out over several tasks."""
    monkeypatch.setenv("REWARDS_ENGINE_BATCH_CADRES", "10")


@pytest.mark.celery_worker
def test_a_run_fans_out_through_a_real_worker_and_the_callback_finishes_it(
    transactional_db,
    small_batches,
    worker,  # noqa: F811  (the fixture imported from tests/core/test_celery_worker.py)
    eager_off,  # noqa: F811
):
    # given: four units of five cadres, committed for the worker process to read
    county()

    # when: the engine is started on the worker's queue
    job = job_run_enqueue(
        task=recompute_eligibility,
        kind=services.RECOMPUTE_JOB_KIND,
        parameters={"on": ON.isoformat(), "units": None},
        queue=worker["queue"],
    )
    job = _wait_until_finished(job, worker)

    # then: two batches ran as a chord, the callback finished the job, and the rows are the engine's own
    assert job.status == JobRun.Status.SUCCEEDED, job.error
    assert (job.total, job.done) == (20, 20)
    log = worker["log"].read_text()
    assert log.count("rewards.tasks.recompute_eligibility_batch") >= 2
    assert "rewards.tasks.recompute_eligibility_finish" in log
    stored = snapshot()
    AwardCandidate.objects.all().delete()
    RankPromotionEligibility.objects.all().delete()
    for batch in engine.plan_batches():
        engine.recompute_units(unit_ids=batch, on_date=ON)
    assert snapshot() == stored
    assert job.summary["eligibility_written"] == 20
