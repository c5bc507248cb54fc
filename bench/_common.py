"""What every benchmark in bench/ shares: Django against DATABASE_URL, the benchmark county, p95 timing.

Benchmarks run with the project's Python (``.venv/bin/python bench/<name>.py``) against PostgreSQL:
DATABASE_URL defaults to a database of their own, ``cadre_bench``, created if missing, so that they
never touch the development or test databases. Each prints its figures and, as its last line, one JSON
object.
"""

import json
import math
import os
import statistics
import sys
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/cadre_bench"
BENCH_CADRES = 100_000
BENCH_SEED = 513329


def django_setup() -> None:
    """Configure Django for measuring: persistent connections, DEBUG off (it would keep every query)."""
    if str(PROJECT_ROOT) not in sys.path:
        sys.path.insert(0, str(PROJECT_ROOT))
    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    os.environ.setdefault("CONN_MAX_AGE", "600")
    os.environ["DJANGO_DEBUG"] = "false"
    os.environ.setdefault("DJANGO_LOG_LEVEL", "ERROR")
    database_create_if_missing(os.environ["DATABASE_URL"])
    import django

    django.setup()


def _database_config(url: str) -> dict:
    import environ

    return environ.Env.db_url_config(url)


def _server_connection(config: dict):
    import psycopg

    return psycopg.connect(
        dbname="postgres",
        user=config.get("USER") or "postgres",
        password=config.get("PASSWORD") or None,
        host=config.get("HOST") or None,
        port=config.get("PORT") or None,
        autocommit=True,
    )


def database_create_if_missing(url: str) -> None:
    config = _database_config(url)
    if "postgresql" not in config["ENGINE"]:
        return
    from psycopg import sql

    with _server_connection(config) as server:
        exists = server.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]).fetchone()
        if not exists:
            server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))


def _database_recreate() -> None:
    """Drop and create the benchmark database (only one whose name says it belongs to the benchmarks)."""
    from django.db import connection
    from psycopg import sql

    config = _database_config(os.environ["DATABASE_URL"])
    if not config["NAME"].startswith("cadre_bench"):
        raise SystemExit(f"{config['NAME']} holds another county; point DATABASE_URL at a cadre_bench database.")
    connection.close()
    with _server_connection(config) as server:
        server.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(config["NAME"])))
        server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))


def county_ensure(*, cadres: int = BENCH_CADRES, seed: int = BENCH_SEED) -> dict:
    """Migrate, and seed the benchmark county unless it is already there; return what was done."""
    from django.core.management import call_command
    from django.db import connection

    from cadres.models import Cadre

    call_command("migrate", verbosity=0, interactive=False)
    existing = Cadre.objects.count()
    if existing == cadres:
        return {"seeded": False, "seed_s": 0.0}
    if existing:
        if connection.vendor != "postgresql":
            raise SystemExit(f"The database holds {existing} cadres, not {cadres}; use an empty database.")
        _database_recreate()
        call_command("migrate", verbosity=0, interactive=False)
    started = time.perf_counter()
    call_command("seed_demo", cadres=cadres, seed=seed, verbosity=0)
    seed_seconds = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    print(f"seeded {cadres} cadres in {seed_seconds:.1f} s", flush=True)
    return {"seeded": True, "seed_s": round(seed_seconds, 1)}


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


class QueryRecorder:
    """Records each SQL statement of a request with its duration (a connection execute wrapper).

    CaptureQueriesContext would not do: Django empties its query log at the start of every request.
    """

    def __init__(self) -> None:
        self.queries: list[tuple[float, str]] = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries.append(((time.perf_counter() - started) * 1000, sql))


def timed_requests(client, url: str, *, runs: int = 40, warmup: int = 5) -> dict:
    """GET ``url`` ``warmup`` times unmeasured, then ``runs`` times; milliseconds per request.

    Also reports the statements of one request: how many, their total time and the slowest.
    """
    from django.db import connection

    for _ in range(warmup):
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"GET {url} answered {response.status_code}")
    recorder = QueryRecorder()
    with connection.execute_wrapper(recorder):
        client.get(url)
    slowest_ms, slowest_sql = max(recorder.queries, default=(0.0, ""))
    samples, cpu_samples = [], []
    for _ in range(runs):
        started, cpu_started = time.perf_counter(), time.process_time()
        client.get(url)
        cpu_samples.append((time.process_time() - cpu_started) * 1000)
        samples.append((time.perf_counter() - started) * 1000)
    return {
        "url": url,
        "runs": runs,
        "queries": len(recorder.queries),
        "sql_ms": round(sum(ms for ms, _sql in recorder.queries), 1),
        "slowest_sql_ms": round(slowest_ms, 1),
        "slowest_sql": slowest_sql[:300],
        "p50_ms": round(statistics.median(samples), 1),
        "p95_ms": round(percentile(samples, 0.95), 1),
        "max_ms": round(max(samples), 1),
        # Python time per request in this process (the database server's time is not in it): a figure
        # that the other load on a shared machine disturbs less than wall time. The median request's, as
        # p50_ms for wall time: a garbage collection or a busy neighbour on the virtual machine lands on a
        # few requests and moves the mean (cpu_mean_ms) by milliseconds from run to run.
        "cpu_ms": round(statistics.median(cpu_samples), 1),
        "cpu_mean_ms": round(statistics.fmean(cpu_samples), 1),
    }


def database_description() -> str:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0]} ({connection.settings_dict['NAME']})"
    return connection.vendor


def cpu_calibration_ms(*, rounds: int = 5) -> float:
    """The CPU time of a fixed pure-Python workload (the median of ``rounds``), in milliseconds.

    This virtual machine's speed drifts by up to twice between periods of a day, with no other load on it: a
    CPU-time figure measured in a slow period reads high. Reported beside such figures, it tells a slow
    machine from slower code.
    """
    samples = []
    for _ in range(rounds):
        started = time.process_time()
        total = 0
        for number in range(1_000_000):
            total += number % 7
        samples.append((time.process_time() - started) * 1000)
    return round(statistics.median(samples), 1)


def print_result(result: dict) -> None:
    """The last line of every benchmark: one JSON object."""
    print(json.dumps(result, ensure_ascii=False), flush=True)


RESULT_YEARS = range(2016, 2026)


def annual_results_ensure() -> int:
    """Ten years of annual results for every serving cadre (about 15% 优秀, a few 基本称职 and 不称职), by COPY,
    unless the assessment app's own demo has written them: the grade figures then read about a million rows."""
    import random
    from datetime import UTC, date, datetime

    from assessments.models import AnnualResult
    from cadres.demo import bulk_insert
    from cadres.models import Cadre

    if AnnualResult.objects.exists():
        return 0
    rng = random.Random(16)
    grades = ["excellent"] * 15 + ["competent"] * 82 + ["basically_competent"] * 2 + ["incompetent"]
    now = datetime.now(UTC)
    ids = list(Cadre.objects.filter(status="active").values_list("pk", flat=True))
    columns = [
        "cadre_id",
        "year",
        "grade",
        "ungraded_reason",
        "confirmed_on",
        "source",
        "comment",
        "created_at",
        "updated_at",
    ]
    rows = (
        [pk, year, rng.choice(grades), "", date(year + 1, 1, 20), "imported", "", now, now]
        for pk in ids
        for year in RESULT_YEARS
    )
    bulk_insert(AnnualResult, columns, rows)
    return len(ids) * len(RESULT_YEARS)
