"""Benchmark: the rewards eligibility engine for the whole county at 100,000 cadres with ten years of confirmed
grades, against one hand-written SQL statement that finds the 嘉奖/三等功 candidates (issue 13, acceptance 6).

Usage: ``DATABASE_URL=postgres://postgres@127.0.0.1:5432/cadre_bench .venv/bin/python bench/eligibility_recompute.py``
(default database: cadre_bench). Seeds the benchmark county if it is not there, and ten years of annual
results if no demo wrote them.

- ``job_s``: one full engine job (``rewards.tasks.recompute_eligibility``: plan, every batch, the clean-up and
  the totals) from empty candidate and eligibility tables, so that every row is computed and written, as
  production runs it: queued to a real Celery worker (``BENCH_WORKERS`` processes, default 2, one per core
  here) that fans the batches out as a chord, timed from the request to the job's finish. Without a broker
  (CELERY_BROKER_URL unset) it is the eager figure below.
- ``one_process_s``: the same job with every batch one after another in this process (eager).
- ``rerun_s``: the job again at once (eager): everything is computed, nothing has changed, nothing is written.
- ``sql_reference_s``: the reference, one statement over the same annual results that writes the same
  嘉奖/三等功 candidates (kind, year, basis) into a scratch table, with the same settings (a 记三等功 replaces the
  third 嘉奖, the count restarts after it, the same look-back). It knows nothing of bars, reasons or
  eligibility: the engine does much more, and the target allows it three times the reference.
- ``write_floor_s``: the engine's eligibility rows (one per active cadre) written once more, as they are, in
  one INSERT … SELECT: what storing the engine's results costs before any reading or deciding.
- ``mismatches``: candidates in one result and not the other (the engine's plus those already awarded,
  which it does not propose again); must be 0.

Targets on the 2-core machine (issue 13): ``job_s`` ≤ 20 and ≤ 3 × ``sql_reference_s``. The last line is one
JSON object.
"""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

from _common import (
    PROJECT_ROOT,
    annual_results_ensure,
    county_ensure,
    database_description,
    django_setup,
    print_result,
)

JOB_TARGET_S = 20.0
REFERENCE_FACTOR = 3.0

REFERENCE_SQL = """
CREATE TEMPORARY TABLE bench_reference_candidates AS
WITH excellent AS (
    SELECT r.cadre_id, r.year, r.year - ROW_NUMBER() OVER (PARTITION BY r.cadre_id ORDER BY r.year) AS run
    FROM assessments_annualresult r JOIN cadres_cadre c ON c.id = r.cadre_id
    WHERE c.status = 'active' AND r.grade = 'excellent' AND r.confirmed_on <= %(on)s
), placed AS (
    SELECT cadre_id, year, ROW_NUMBER() OVER (PARTITION BY cadre_id, run ORDER BY year) AS position
    FROM excellent
)
SELECT cadre_id,
       CASE WHEN position %% 3 = 0 THEN 'merit_third' ELSE 'commendation' END AS kind,
       year,
       'assessment:' || CASE WHEN position %% 3 = 0
                             THEN (year - 2)::text || ',' || (year - 1)::text || ',' || year::text
                             ELSE year::text END AS basis
FROM placed
WHERE year >= %(first_year)s
"""


def reference_run(on_date) -> tuple[float, set]:
    """The hand-written SQL (timed), then its rows (not timed)."""
    from django.db import connection, transaction

    from rewards import rules

    config = rules.settings_snapshot()
    if not (config.merit_replaces_commendation and config.streak_restarts_after_merit):
        raise SystemExit("The SQL reference is written for the default settings (replacement and restart).")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_reference_candidates")
        started = time.perf_counter()
        cursor.execute(REFERENCE_SQL, {"on": on_date, "first_year": rules.first_candidate_year(on_date, config)})
        seconds = time.perf_counter() - started
        cursor.execute("SELECT cadre_id, kind, year, basis FROM bench_reference_candidates")
        rows = set(cursor.fetchall())
        cursor.execute("DROP TABLE bench_reference_candidates")
    return seconds, rows


def write_floor() -> float:
    """Seconds to write the engine's eligibility rows once more, as they are, in one ``INSERT … SELECT`` into
    a table of the same shape (indexes included): the least any engine that keeps a result per cadre spends
    on its writes alone, before reading or deciding anything. The better of two runs."""
    from django.db import connection, transaction

    from rewards.models import RankPromotionEligibility

    table = RankPromotionEligibility._meta.db_table
    best = float("inf")
    for _run in range(2):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"CREATE TEMPORARY TABLE bench_write_floor (LIKE {table} INCLUDING ALL) ON COMMIT DROP")
            started = time.perf_counter()
            cursor.execute(f"INSERT INTO bench_write_floor SELECT * FROM {table}")
            best = min(best, time.perf_counter() - started)
    return best


def engine_candidates(on_date) -> set:
    """What the engine proposes, plus the awards on grades it no longer proposes because they exist."""
    from rewards import rules
    from rewards.choices import AwardBasisKind, CandidateStatus
    from rewards.models import Award, AwardCandidate

    first_year = rules.first_candidate_year(on_date, rules.settings_snapshot())
    proposed = set(
        AwardCandidate.objects.filter(status=CandidateStatus.PENDING, year__gte=first_year).values_list(
            "cadre_id", "kind", "year", "basis"
        )
    )
    decided = set(
        Award.objects.filter(basis_kind=AwardBasisKind.ASSESSMENT, year__gte=first_year).values_list(
            "cadre_id", "kind", "year", "basis"
        )
    )
    decided |= set(
        AwardCandidate.objects.exclude(status=CandidateStatus.PENDING)
        .filter(year__gte=first_year)
        .values_list("cadre_id", "kind", "year", "basis")
    )
    return proposed | decided


def job_run(on_date) -> tuple[float, dict]:
    """One engine job as the page starts it, run in this process (eager); seconds and its summary."""
    from core.jobs import job_run_create
    from core.models import JobRun
    from rewards.services import RECOMPUTE_JOB_KIND
    from rewards.tasks import recompute_eligibility

    job = job_run_create(
        kind=RECOMPUTE_JOB_KIND, requested_by=None, parameters={"on": on_date.isoformat(), "units": None}
    )
    started = time.perf_counter()
    recompute_eligibility(job.pk)
    seconds = time.perf_counter() - started
    job = JobRun.objects.get(pk=job.pk)
    if job.status != JobRun.Status.SUCCEEDED:
        raise SystemExit(f"The engine job ended {job.status}: {job.error}")
    return seconds, job.summary


def cold_start() -> None:
    """Nothing computed yet: no pending candidates, no eligibility rows (staff decisions stay, as they would)."""
    from django.db import connection

    from rewards.choices import CandidateStatus
    from rewards.models import AwardCandidate, RankPromotionEligibility

    AwardCandidate.objects.filter(status=CandidateStatus.PENDING).delete()
    RankPromotionEligibility.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE rewards_awardcandidate")
        cursor.execute("VACUUM ANALYZE rewards_rankpromotioneligibility")


def _worker_start(*, queue: str, processes: int, log_path: Path) -> subprocess.Popen:
    """A Celery worker of ``processes`` processes on a queue of its own, against this database; waits until
    it says it is ready."""
    environment = {
        **os.environ,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DJANGO_DEBUG": "false",
    }
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=prefork"]
    command += [f"--concurrency={processes}", "-Q", queue, "-n", f"{queue}@%h", "--loglevel=info"]
    command += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
    with log_path.open("w") as log:
        process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 180
    while "ready." not in log_path.read_text():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise SystemExit(f"The Celery worker did not start; see {log_path}")
        time.sleep(0.5)
    return process


def workers_job_run(on_date, *, processes: int) -> tuple[float, dict]:
    """One engine job queued to a real worker (a chord of batches); seconds from the request to its finish."""
    from config.celery_app import app
    from core.jobs import job_run_enqueue
    from core.models import JobRun
    from rewards.services import RECOMPUTE_JOB_KIND
    from rewards.tasks import recompute_eligibility

    queue = f"bench-{uuid.uuid4().hex[:8]}"
    log_path = Path(f"/tmp/{queue}.log")
    worker = _worker_start(queue=queue, processes=processes, log_path=log_path)
    app.conf.task_always_eager = False
    try:
        started = time.perf_counter()
        job = job_run_enqueue(
            task=recompute_eligibility,
            kind=RECOMPUTE_JOB_KIND,
            parameters={"on": on_date.isoformat(), "units": None, "bench": queue},
            queue=queue,
        )
        while not job.is_finished:
            time.sleep(0.1)
            job = JobRun.objects.get(pk=job.pk)
        seconds = time.perf_counter() - started
    finally:
        app.conf.task_always_eager = True
        worker.terminate()
        worker.wait(timeout=60)
    if job.status != JobRun.Status.SUCCEEDED:
        raise SystemExit(f"The engine job ended {job.status}: {job.error} (worker log {log_path})")
    log_path.unlink()
    return seconds, job.summary


def main() -> None:
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "true"
    django_setup()
    from django.conf import settings
    from django.db import connection

    from assessments.models import AnnualResult
    from cadres.demo import REFERENCE_DATE
    from cadres.models import Cadre

    seeded = county_ensure()
    results_added = annual_results_ensure()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    on_date = REFERENCE_DATE
    cadres = Cadre.objects.filter(status="active").count()
    results = AnnualResult.objects.filter(confirmed_on__lte=on_date).count()

    cold_start()
    one_process_s, summary = job_run(on_date)
    rerun_s, rerun_summary = job_run(on_date)
    processes = int(os.environ.get("BENCH_WORKERS", "2"))
    if os.environ.get("CELERY_BROKER_URL"):
        cold_start()
        job_s, workers_summary = workers_job_run(on_date, processes=processes)
        if workers_summary["candidates_created"] != summary["candidates_created"]:
            raise SystemExit(f"The workers' run wrote {workers_summary}, the one-process run {summary}")
    else:
        job_s, processes = one_process_s, 0
    found = engine_candidates(on_date)
    reference_s, reference = reference_run(on_date)
    reference_s = min(reference_s, reference_run(on_date)[0])  # the better of two: the first may find cold buffers
    mismatches = len(found ^ reference)
    floor_s = write_floor()

    print(f"engine job {job_s:.1f} s through {processes} worker processes; {one_process_s:.1f} s in one process")
    print(f"for {cadres} active cadres and {results} confirmed results: {summary}")
    print(f"engine job again {rerun_s:.1f} s (writes {rerun_summary['candidates_created']} candidates)")
    print(f"SQL reference {reference_s:.2f} s for {len(reference)} candidates; {mismatches} mismatches")
    print(f"writing the eligibility rows alone, once more in one statement: {floor_s:.2f} s")
    print_result(
        {
            "benchmark": "eligibility_recompute",
            "database": database_description(),
            "cadres": cadres,
            "confirmed_results": results,
            "on": on_date.isoformat(),
            "batch_cadres": settings.REWARDS_ENGINE_BATCH_CADRES,
            "job_s": round(job_s, 2),
            "worker_processes": processes,
            "one_process_s": round(one_process_s, 2),
            "rerun_s": round(rerun_s, 2),
            "sql_reference_s": round(reference_s, 2),
            "job_to_reference": round(job_s / reference_s, 2) if reference_s else None,
            "write_floor_s": round(floor_s, 2),
            "candidates": len(found),
            "reference_candidates": len(reference),
            "mismatches": mismatches,
            "eligibility_rows": summary["eligibility_written"],
            "eligible": summary["eligible"],
            "priority": summary["priority"],
            "job_target_met": job_s <= JOB_TARGET_S and job_s <= REFERENCE_FACTOR * reference_s,
            "seeded": seeded["seeded"],
            "seed_s": seeded["seed_s"],
            "annual_results_added": results_added,
        }
    )


if __name__ == "__main__":
    main()
