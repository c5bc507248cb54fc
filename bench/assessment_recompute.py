"""Benchmark: a full annual recompute of the assessments (issue 12, acceptance 7) at 100,000 cadres.

Usage: ``DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_assess CELERY_BROKER_URL=redis://127.0.0.1:6379/5
.venv/bin/python bench/assessment_recompute.py`` (default database: cadre_bench). Seeds the benchmark county
if it is not there (``seed_demo --cadres 100000``: the 2026 annual period is open for scoring), then submits
every rating task still to do, so that the period holds about ten rater scores per item and assessee, close to
a million rating-score rows. Then it times:

- ``sql_reference_s``: one hand-written SQL statement computing every assessee's composite (group means with
  the drop-extremes option, group weights, item weights, rounded to two places), the floor a set-based job
  could reach; the best of three runs;
- ``job_s``: the recompute job through a real Celery worker (one process, one task at a time, which runs its
  task's batches on ASSESSMENTS_RECOMPUTE_TASK_CONNECTIONS database connections at once, as the reference
  statement runs on PostgreSQL's parallel workers), from the request to the finished job row: composites,
  ranks, quotas and proposals of every quota pool, with their "why";
- ``job_2_workers_s``: the same with two worker processes on the queue (the job fans out by batches of pools).

It checks that the job's composites equal the SQL statement's (``composites_differ`` counts the assessees where
they do not). Targets on the 2-core machine: job_s ≤ 30 and ≤ 3 × sql_reference_s. The last line is one JSON
object.
"""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

from _common import PROJECT_ROOT, county_ensure, database_description, django_setup, print_result

WORKER_READY_TIMEOUT_S = 120
JOB_TIMEOUT_S = 900

# Composites of every assessee of a period that has a score, in one statement (no regular grades: the benchmark
# period's year has none). Mirrors assessments.rules.composite_score. Its divisions are carried to 40 places
# (the dividend times 1.000…, PRECISE) and the composite is rounded to 30 places before the half-up rounding
# to two: at numeric's default scale (about 16 digits) an exact x.xx5 reached through a third came out as
# x.xx4999… and rounded down, unlike the pure rules (28 of the 45,182 benchmark composites). The 40-place
# error is far below 10⁻³⁰, and an exact composite off a rounding boundary lies much further than 10⁻³⁰ from
# it (assessments.recompute_sql's docstring), so rounding to 30 places first gives the exact rounding.
PRECISE = "1.0000000000000000000000000000000000000000"
SQL_REFERENCE = f"""
WITH groups AS (
    SELECT a.assessee_id, s.item_id, a."group", SUM(s.score) AS total, COUNT(*) AS n,
           MIN(s.score) AS low, MAX(s.score) AS high
    FROM assessments_ratingscore s
    JOIN assessments_raterassignment a ON a.id = s.assignment_id
    JOIN assessments_assessee e ON e.id = a.assessee_id
    WHERE e.period_id = %(period)s AND a.status = 'submitted'
    GROUP BY a.assessee_id, s.item_id, a."group"
), group_means AS (
    SELECT g.assessee_id, g.item_id, w.weight,
           CASE WHEN w.drop_extremes AND g.n >= %(drop_min)s THEN (g.total - g.high - g.low) * {PRECISE} / (g.n - 2)
                ELSE g.total * {PRECISE} / g.n END AS mean
    FROM groups g
    JOIN assessments_assessee e ON e.id = g.assessee_id
    JOIN assessments_templateratergroup w ON w.template_id = e.template_id AND w."group" = g."group" AND w.weight > 0
), item_scores AS (
    SELECT assessee_id, item_id, SUM(weight * mean) * {PRECISE} / SUM(weight) AS score FROM group_means
    GROUP BY assessee_id, item_id
    UNION ALL
    SELECT q.assessee_id, q.item_id, q.score
    FROM assessments_quantitativescore q
    JOIN assessments_assessee e ON e.id = q.assessee_id
    JOIN assessments_indicatoritem i ON i.id = q.item_id AND i.template_id = e.template_id AND i.kind = 'quantitative'
    WHERE e.period_id = %(period)s
)
SELECT s.assessee_id, ROUND(ROUND(SUM(i.weight * s.score) * {PRECISE} / SUM(i.weight), 30), 2)
FROM item_scores s JOIN assessments_indicatoritem i ON i.id = s.item_id
GROUP BY s.assessee_id
"""


def period_prepare():
    """The open annual period with every rating task submitted; returns (period, counts)."""
    import random

    from django.db import connection

    from assessments import demo
    from assessments.choices import PeriodKind, PeriodState
    from assessments.models import Assessee, Period, QuotaPool, RaterAssignment, RatingScore

    period = Period.objects.filter(kind=PeriodKind.ANNUAL, state=PeriodState.SCORING_OPEN).order_by("-year").first()
    if period is None:
        raise SystemExit("no annual period open for scoring: seed the county with seed_demo first")
    tasks = RaterAssignment.objects.filter(assessee__period=period)
    written = demo.ratings_seed(rng=random.Random(7), period=period, tasks=tasks, submit_share=1.0)
    if written["scores"]:
        with connection.cursor() as cursor:
            for model in (RaterAssignment, RatingScore, Assessee, QuotaPool):
                cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")
    counts = {
        "assessees": Assessee.objects.filter(period=period).count(),
        "pools": QuotaPool.objects.filter(period=period).count(),
        "rating_tasks": tasks.count(),
        "rating_scores": RatingScore.objects.filter(assignment__assessee__period=period).count(),
    }
    return period, counts


def sql_reference(period) -> tuple[float, dict]:
    """Best of three runs of the reference statement, and its composites by assessee."""
    from django.conf import settings
    from django.db import connection

    best, rows = float("inf"), []
    params = {"period": period.pk, "drop_min": settings.ASSESSMENTS_DROP_EXTREMES_MIN_RATERS}
    for _run in range(3):
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(SQL_REFERENCE, params)
            rows = cursor.fetchall()
        best = min(best, time.perf_counter() - started)
    return best, dict(rows)


def start_workers(count: int, queue: str, log_dir: Path) -> list[subprocess.Popen]:
    """``count`` Celery worker processes (one task at a time each) on ``queue``, once they are ready."""
    environment = {**os.environ, "CELERY_TASK_ALWAYS_EAGER": "false", "CONN_MAX_AGE": "0"}
    processes = []
    for index in range(count):
        log = log_dir / f"worker-{index}.log"
        command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--concurrency=1"]
        command += ["-Q", queue, "-n", f"bench{index}-{queue}@%h", "--without-gossip", "--without-mingle"]
        command += ["--without-heartbeat", "--loglevel=info"]
        with log.open("w") as handle:
            processes.append(
                subprocess.Popen(command, cwd=PROJECT_ROOT, env=environment, stdout=handle, stderr=subprocess.STDOUT)
            )
    deadline = time.monotonic() + WORKER_READY_TIMEOUT_S
    for index, process in enumerate(processes):
        log = log_dir / f"worker-{index}.log"
        while "ready." not in log.read_text():
            if process.poll() is not None or time.monotonic() > deadline:
                stop_workers(processes)
                raise SystemExit(f"worker {index} did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.2)
    return processes


def stop_workers(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def timed_job(period, *, workers: int, log_dir: Path) -> tuple[float, dict]:
    """The recompute job of the whole period through ``workers`` real worker processes: seconds from the
    request to the finished job row, and the job's summary."""
    from assessments import services
    from core.models import JobRun

    queue = f"bench-{uuid.uuid4().hex[:8]}"
    processes = start_workers(workers, queue, log_dir)
    try:
        started = time.perf_counter()
        job = services.period_recompute_start(actor=None, period=period, queue=queue)
        while True:
            job.refresh_from_db()
            if job.status in (JobRun.Status.SUCCEEDED, JobRun.Status.FAILED):
                break
            if time.perf_counter() - started > JOB_TIMEOUT_S:
                raise SystemExit(f"job {job.pk} did not finish in {JOB_TIMEOUT_S} s")
            time.sleep(0.1)
        elapsed = time.perf_counter() - started
    finally:
        stop_workers(processes)
    if job.status != JobRun.Status.SUCCEEDED:
        raise SystemExit(f"job {job.pk} failed: {job.error}")
    return elapsed, job.summary


def job_composites(period) -> dict:
    from assessments.models import Proposal

    return dict(
        Proposal.objects.filter(assessee__period=period, composite__isnull=False).values_list(
            "assessee_id", "composite"
        )
    )


def main() -> None:
    os.environ.setdefault("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "false"
    django_setup()
    seeding = county_ensure()
    period, counts = period_prepare()
    print(f"{database_description()}: {counts}", flush=True)

    sql_s, reference = sql_reference(period)
    print(f"SQL reference: {sql_s:.2f} s for {len(reference)} composites", flush=True)

    log_dir = Path(os.environ.get("BENCH_LOG_DIR", "/tmp")) / f"bench-assessment-{os.getpid()}"
    log_dir.mkdir(parents=True, exist_ok=True)
    job_s, summary = timed_job(period, workers=1, log_dir=log_dir)
    print(f"job, 1 worker: {job_s:.2f} s {summary}", flush=True)
    composites = job_composites(period)
    differ = sum(1 for assessee_id, value in reference.items() if composites.get(assessee_id) != value)
    differ += sum(1 for assessee_id in composites if assessee_id not in reference)
    job_2_s, _summary = timed_job(period, workers=2, log_dir=log_dir)
    print(f"job, 2 workers: {job_2_s:.2f} s", flush=True)

    print_result(
        {
            "benchmark": "assessment_recompute",
            "database": database_description(),
            **counts,
            "job_s": round(job_s, 2),
            "job_2_workers_s": round(job_2_s, 2),
            "sql_reference_s": round(sql_s, 2),
            "job_over_sql": round(job_s / sql_s, 2) if sql_s else None,
            "composites_differ": differ,
            "proposed_excellent": summary.get("proposed_excellent"),
            "targets": {"job_s": 30, "job_over_sql": 3},
            **seeding,
        }
    )


if __name__ == "__main__":
    main()
