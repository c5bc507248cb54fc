"""Acceptance 3: the recompute job on PostgreSQL with a real worker.

- Killed between pools (SIGKILL of the worker process), the job leaves every pool either with its old
  results or its new ones, never a mix; the worker started again runs the job again, and the results are
  identical to a clean run's.
- Two runs at once (threads, each with its own connection, over the same batches in opposite orders) queue on
  each pool's row lock and leave exactly the clean result, with no duplicate proposal.
"""

import signal
import threading
import time
import uuid
from decimal import Decimal

import pytest
from django.db import connection

from assessments import recompute, services
from assessments.choices import AssignmentStatus, ItemKind, PeriodKind
from assessments.models import (
    Assessee,
    IndicatorItem,
    Proposal,
    QuantitativeScore,
    QuotaPool,
    RaterAssignment,
    RatingScore,
)
from cadres.choices import LeadershipLevel
from core.models import JobRun
from tests.core.test_celery_worker import (  # noqa: F401  (fixtures)
    _start_worker,
    _stop,
    eager_off,
    real_worker_services,
)
from tests.factories import CadreFactory, LeaderFactory, UnitFactory

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")

UNITS = 6
STAFF_PER_UNIT = 5
KILL_TIMEOUT_SECONDS = 60
FINISH_TIMEOUT_SECONDS = 120


def scored_county(org_staff, template, county):
    """Six bureaus of a chief and five staff, an annual period open for scoring, every rating submitted (scores
    spread so that composites tie now and then) and a quantitative score for each assessee."""
    for index in range(UNITS):
        unit = UnitFactory(name=f"县局{index}", parent=county["root"])
        LeaderFactory(unit=unit, leadership_level=LeadershipLevel.TOWNSHIP_CHIEF)
        CadreFactory.create_batch(STAFF_PER_UNIT, unit=unit)
    period = services.period_create(actor=org_staff, kind=PeriodKind.ANNUAL, year=2025)
    services.period_generate_assessees(actor=org_staff, period=period)
    period = services.period_transition(actor=org_staff, period=period, action="open-scoring")
    rated = IndicatorItem.objects.get(template=template, kind=ItemKind.RATED)
    quantitative = IndicatorItem.objects.get(template=template, kind=ItemKind.QUANTITATIVE)
    tasks = list(RaterAssignment.objects.filter(assessee__period=period).order_by("pk"))
    RatingScore.objects.bulk_create(
        RatingScore(assignment=task, item=rated, score=Decimal(70 + (task.assessee_id * 7 + task.rater_id * 3) % 25))
        for task in tasks
    )
    RaterAssignment.objects.filter(pk__in=[task.pk for task in tasks]).update(
        status=AssignmentStatus.SUBMITTED, submitted_at="2025-12-10T10:00:00+08:00"
    )
    QuantitativeScore.objects.bulk_create(
        QuantitativeScore(assessee=assessee, item=quantitative, score=Decimal(80 + assessee.pk % 3 * 5))
        for assessee in Assessee.objects.filter(period=period)
    )
    return services.period_transition(actor=org_staff, period=period, action="close-scoring")


def snapshot(period) -> tuple:
    proposals = sorted(
        Proposal.objects.filter(assessee__period=period).values_list(
            "assessee_id", "pool_id", "composite", "rank", "proposed_grade", "ungraded_reason", "cap", "reasons"
        )
    )
    pools = sorted(
        QuotaPool.objects.filter(period=period).values_list(
            "pk", "members", "graded_members", "max_excellent", "proposed_excellent", "quota_text"
        )
    )
    return proposals, pools


def clean_run(period) -> tuple:
    for batch in recompute.plan_batches(period=period):
        recompute.recompute_pools(period_id=period.pk, pool_ids=batch)
    return snapshot(period)


def forget_results(period) -> None:
    Proposal.objects.filter(assessee__period=period).delete()
    QuotaPool.objects.filter(period=period).update(
        members=0, graded_members=0, max_excellent=0, proposed_excellent=0, quota_text="", computed_version=0
    )


def pools_with_results(period) -> tuple[set[int], set[int]]:
    """(pools whose every assessee has a proposal, pools with some but not all): the second must stay empty."""
    complete, partial = set(), set()
    for pool in QuotaPool.objects.filter(period=period):
        assessees = Assessee.objects.filter(pool=pool).count()
        proposals = Proposal.objects.filter(pool=pool).count()
        if proposals == assessees:
            complete.add(pool.pk)
        elif proposals:
            partial.add(pool.pk)
    return complete, partial


@pytest.mark.postgres
@pytest.mark.celery_worker
def test_a_job_killed_between_pools_is_run_again_and_ends_identical_to_a_clean_run(
    transactional_db,
    real_worker_services,  # noqa: F811
    eager_off,  # noqa: F811
    tmp_path,
    org_staff,
    template,
    county,
):
    # given: a scored period, its clean results kept, then forgotten
    period = scored_county(org_staff, template, county)
    clean = clean_run(period)
    pool_count = QuotaPool.objects.filter(period=period).count()
    assert pool_count == UNITS + 1  # each bureau's staff, and the county's leaders
    forget_results(period)

    # when: the job runs in a worker (a pool per batch, slowly) that is killed once some pools are written
    queue, media_root, log_path = f"test-{uuid.uuid4().hex}", tmp_path / "media", tmp_path / "worker.log"
    media_root.mkdir()
    include = "tests.assessments.slow_recompute"
    worker = _start_worker(queue=queue, media_root=media_root, log_path=log_path, include=include)
    try:
        job = services.period_recompute_start(actor=org_staff, period=period, queue=queue)
        deadline = time.monotonic() + KILL_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            job.refresh_from_db()
            if job.done >= 2:
                break
            time.sleep(0.05)
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        _stop(worker)
    job.refresh_from_db()

    # then: the job was cut short, and every pool is either written whole or not at all
    assert job.status == JobRun.Status.RUNNING
    assert 2 <= job.done < pool_count
    complete, partial = pools_with_results(period)
    assert partial == set()
    assert 2 <= len(complete) < pool_count

    # when: the worker starts again (it runs its lost job again)
    restarted = _start_worker(queue=queue, media_root=media_root, log_path=log_path, include=include)
    try:
        deadline = time.monotonic() + FINISH_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            job.refresh_from_db()
            if job.is_finished:
                break
            time.sleep(0.2)
    finally:
        _stop(restarted)

    # then: the job finished, with results identical to the clean run's
    assert job.status == JobRun.Status.SUCCEEDED, (job.status, job.error, log_path.read_text()[-3000:])
    assert job.attempts == 2
    assert snapshot(period) == clean
    assert Proposal.objects.filter(assessee__period=period).count() == len(clean[0]) == UNITS * (STAFF_PER_UNIT + 1)


@pytest.mark.postgres
def test_two_runs_at_once_give_the_clean_result_and_no_duplicates(transactional_db, org_staff, template, county):
    # given: a scored period, its clean results kept, then forgotten
    period = scored_county(org_staff, template, county)
    clean = clean_run(period)
    forget_results(period)
    batches = recompute.plan_batches(period=period)
    batches = [[pool_id] for batch in batches for pool_id in batch]
    assert len(batches) == UNITS + 1

    # when: two runs go over the pools at once, in opposite orders
    barrier = threading.Barrier(2)
    errors = []

    def run(order):
        try:
            barrier.wait()
            for batch in order:
                recompute.recompute_pools(period_id=period.pk, pool_ids=batch)
        except Exception as error:  # reported, not hidden
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(batches,)), threading.Thread(target=run, args=(batches[::-1],))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    # then: the clean result, each assessee's proposal once
    assert errors == []
    assert snapshot(period) == clean
    assert Proposal.objects.filter(assessee__period=period).count() == UNITS * (STAFF_PER_UNIT + 1)
