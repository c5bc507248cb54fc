"""Benchmark: the postings timeline of the largest unit and the first-secretary list, 100,000 cadres, 30,000 postings.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postings_bench .venv/bin/python bench/postings_pages.py

Seeds the county (``seed_demo --cadres 100000``, which adds the demo postings) if missing, then tops the
postings up to 30,000 with past, current and planned postings of cadres who have none, generated inside
PostgreSQL (INSERT … SELECT over the cadres). Logged in as the org-staff demo login (who sees everything),
it measures p95 over 40 requests after 5 warm-ups of the timeline page of the unit that sent the most postings
(default window: the current year ± 1) and of the first-secretary list. Targets: p95 ≤ 150 ms.
The last line is one JSON object with ``timeline_p95_ms`` and ``first_secretaries_p95_ms``.
"""

import os
import time

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postings_bench")

import _common  # bench/ is on sys.path: Python puts the script's folder first

P95_TARGET_MS = 150
BENCH_POSTINGS = 30_000


def postings_ensure() -> dict:
    """Top the postings up to BENCH_POSTINGS, one per cadre that has none, spread over 2016–2028."""
    from django.db import connection, transaction

    from postings.models import Posting

    missing = BENCH_POSTINGS - Posting.objects.count()
    if missing <= 0:
        return {"postings_seeded": 0, "postings_seed_s": 0.0}
    if connection.vendor != "postgresql":
        raise SystemExit("The postings benchmark generates its records with PostgreSQL SQL; set DATABASE_URL.")
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            """
            WITH hosts AS (SELECT array_agg(id ORDER BY id) AS ids FROM cadres_unit WHERE kind = 'village'),
            free AS (
                SELECT c.id, c.unit_id, row_number() OVER (ORDER BY c.id) AS n
                FROM cadres_cadre c
                WHERE c.category <> 'village' AND c.status = 'active'
                  AND NOT EXISTS (SELECT 1 FROM postings_posting p WHERE p.cadre_id = c.id)
                ORDER BY c.id LIMIT %s
            ),
            dated AS (
                SELECT free.*, DATE '2016-01-01' + ((n * 37) %% 4700)::int AS start,
                       (ARRAY[180, 270, 365])[1 + n %% 3] AS days
                FROM free
            )
            INSERT INTO postings_posting (created_at, updated_at, cadre_id, kind, front_line, exchange_direction,
                home_unit_id, host_unit_id, external_host_id, purpose, planned_start, planned_end, actual_end, status,
                end_reason, evaluation_grade, evaluation_comment, evaluated_on)
            SELECT now(), now(), dated.id,
                CASE WHEN n %% 3 = 0 THEN 'exchange' ELSE 'front_line' END,
                CASE WHEN n %% 3 = 0 THEN '' ELSE (ARRAY['rural_grassroots', 'key_work', 'reform_development',
                    'project_construction', 'serving_people'])[1 + n %% 5] END,
                CASE WHEN n %% 3 = 0 THEN 'county_to_township' ELSE '' END,
                dated.unit_id, hosts.ids[1 + n %% array_length(hosts.ids, 1)], NULL, '基准测试', start,
                start + days - 1,
                CASE WHEN start + days - 1 < CURRENT_DATE THEN start + days - 1 END,
                CASE WHEN start > CURRENT_DATE THEN 'planned'
                     WHEN start + days - 1 < CURRENT_DATE THEN 'completed' ELSE 'serving' END,
                '', '', '', NULL
            FROM dated, hosts
            """,
            [missing],
        )
        cursor.execute("ANALYZE postings_posting")
    seconds = time.perf_counter() - started
    print(f"added {missing} postings in {seconds:.1f} s", flush=True)
    return {"postings_seeded": missing, "postings_seed_s": round(seconds, 1)}


def main() -> None:
    _common.django_setup()
    from django.db.models import Count
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from accounts.models import User
    from cadres.models import Unit
    from postings import selectors
    from postings.models import Posting

    seeding = _common.county_ensure()
    seeding.update(postings_ensure())
    print(f"database: {_common.database_description()}", flush=True)
    client = Client()
    user = User.objects.get(username="orgstaff")
    client.force_login(user)
    largest = (
        Posting.objects.values("home_unit").annotate(n=Count("id")).order_by("-n", "home_unit").first()["home_unit"]
    )
    pages = {
        "timeline": reverse("postings:unit_timeline", kwargs={"unit_pk": largest}),
        "first_secretaries": reverse("postings:first_secretary_list"),
    }
    results = {}
    for kind, url in pages.items():
        result = _common.timed_requests(client, url)
        results[kind] = result
        print(
            f"{kind:<18} p50 {result['p50_ms']:7.1f} ms  p95 {result['p95_ms']:7.1f} ms  cpu {result['cpu_ms']:6.1f} ms"
            f"  {result['queries']} queries, {result['sql_ms']} ms in SQL (slowest {result['slowest_sql_ms']} ms)"
            f"  {url}",
            flush=True,
        )
    start, end = selectors.default_timeline_window(timezone.localdate())
    timeline_rows = len(selectors.unit_timeline(user=user, unit=Unit.objects.get(pk=largest), start=start, end=end))
    _common.print_result(
        {
            "benchmark": "postings_pages",
            "cadres": _common.BENCH_CADRES,
            "postings": Posting.objects.count(),
            "database": _common.database_description(),
            **seeding,
            "timeline_unit_rows": timeline_rows,
            "timeline_p95_ms": results["timeline"]["p95_ms"],
            "first_secretaries_p95_ms": results["first_secretaries"]["p95_ms"],
            "targets_met": all(result["p95_ms"] <= P95_TARGET_MS for result in results.values()),
            "kinds": {
                kind: {k: v for k, v in r.items() if k not in ("url", "slowest_sql")} for kind, r in results.items()
            },
        }
    )


if __name__ == "__main__":
    main()
