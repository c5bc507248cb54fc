"""Benchmark: §6 training-hours compliance for every cadre of a 100,000-cadre county with 10 years of records.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/training_bench .venv/bin/python bench/training_compliance.py

Seeds the county (``seed_demo --cadres 100000``) if missing, then 10 years of training: 300 courses a year
and about three completed enrolments per cadre per year, each with its credit row (≈3 million enrolments
and ≈3 million credits). They are generated set-based inside PostgreSQL (INSERT … SELECT over
generate_series), which is faster still than COPY from Python. Then, as org staff sees them:

- the compliance report (``training.selectors.compliance_report``: every cadre's status and the per-unit
  summary) over all cadres, the median of 3 runs (``compliance_all_s``, target ≤ 10 s);
- the report page /training/compliance/, first page with the default filters (this year, in service),
  median and p95 of 10 requests (``first_page``; target ≤ 0.5 s), and a past year's (``?year=2025``,
  ``compliance_page_s``);
- its Excel export (``?export=xlsx``, the default filters): the file the export job writes, built here
  without the job's row and file (``compliance_export_s``, with the rows written).

The last line is one JSON object.
"""

import os
import statistics
import time

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/training_bench")

import _common  # bench/ is on sys.path: Python puts the script's folder first

COMPLIANCE_TARGET_S = 10
PAGE_TARGET_S = 0.5
YEARS = range(2016, 2026)
COURSES_PER_YEAR = 300
ENROLMENTS_PER_CADRE_YEAR = 3
BENCH_ORGANIZER = "基准测试"
ON_DATE = (2025, 12, 31)


def training_ensure() -> dict:
    """Create the benchmark courses, enrolments and credits unless they are already there."""
    from django.db import connection, transaction

    from training.models import Course, Enrolment

    if Course.objects.filter(organizer=BENCH_ORGANIZER).count() == len(YEARS) * COURSES_PER_YEAR:
        return {"training_seeded": False, "training_seed_s": 0.0}
    if connection.vendor != "postgresql":
        raise SystemExit("The training benchmark generates its records with PostgreSQL SQL; set DATABASE_URL.")
    started = time.perf_counter()
    with transaction.atomic():
        bench = Course.objects.filter(organizer=BENCH_ORGANIZER)
        Enrolment.objects.filter(course__in=bench).delete()
        bench.delete()
        with connection.cursor() as cursor:
            # Courses: 300 a year, hours from 6 to 72; every fifth is a day-based off-the-job course.
            cursor.execute(
                """
                INSERT INTO training_course (created_at, updated_at, title, kind, organizer, location, start_date,
                    end_date, hours, days, is_day_based, capacity, enrol_opens, enrol_closes, audience_levels,
                    audience_categories, status, description)
                SELECT now(), now(), '基准培训班' || y || '-' || n, (ARRAY['party_school','lecture','online',
                    'night_school','other'])[1 + n %% 5], %s, '县委党校',
                    make_date(y, 1, 5) + (n %% 340), make_date(y, 1, 5) + (n %% 340) + 2,
                    (ARRAY[6, 12, 18, 24, 30, 36, 48, 72])[1 + n %% 8],
                    CASE WHEN n %% 5 = 0 THEN (ARRAY[1, 2, 3, 4, 5, 6, 8, 12])[1 + n %% 8] END, n %% 5 = 0,
                    5000, make_date(y, 1, 1), make_date(y, 1, 4), '[]', '[]', 'archived', ''
                FROM generate_series(%s, %s) AS y, generate_series(0, %s - 1) AS n
                """,
                [BENCH_ORGANIZER, YEARS[0], YEARS[-1], COURSES_PER_YEAR],
            )
            cursor.execute(
                """
                CREATE TEMP TABLE bench_course ON COMMIT DROP AS
                SELECT id, EXTRACT(YEAR FROM start_date)::int AS y,
                       row_number() OVER (PARTITION BY EXTRACT(YEAR FROM start_date) ORDER BY id) - 1 AS n,
                       hours, COALESCE(days, 0) AS days, kind, end_date
                FROM training_course WHERE organizer = %s
                """,
                [BENCH_ORGANIZER],
            )
            cursor.execute("CREATE INDEX ON bench_course (y, n)")
            # Enrolments: for each cadre and year, k = 0..2 picks three different courses of that year;
            # one cadre in four skips the third, one year in five is skipped by a fifth of the cadres.
            cursor.execute(
                """
                INSERT INTO training_enrolment (created_at, updated_at, course_id, cadre_id, status, seat,
                    waiting_position, leave_hours, hours_credited, days_credited, score, certificate_number,
                    status_reason)
                SELECT now(), now(), c.id, p.cadre_id, 'completed',
                       row_number() OVER (PARTITION BY c.id ORDER BY p.cadre_id), NULL, 0, c.hours,
                       CASE WHEN c.days > 0 THEN c.days ELSE 0 END, NULL, '', ''
                FROM (
                    SELECT cadre.id AS cadre_id, y, k
                    FROM cadres_cadre AS cadre, generate_series(%s, %s) AS y, generate_series(0, %s - 1) AS k
                    WHERE NOT (k = 2 AND cadre.id %% 4 = 0) AND NOT ((cadre.id + y) %% 5 = 0 AND cadre.id %% 5 = 1)
                ) AS p
                JOIN bench_course AS c ON c.y = p.y AND c.n = (p.cadre_id * 7 + p.k * 101 + p.y * 13) %% %s
                """,
                [YEARS[0], YEARS[-1], ENROLMENTS_PER_CADRE_YEAR, COURSES_PER_YEAR],
            )
            cursor.execute(
                """
                INSERT INTO training_trainingcredit (cadre_id, earned_on, year, hours, days, online_hours, source,
                    enrolment_id, external_id)
                SELECT e.cadre_id, c.end_date, EXTRACT(YEAR FROM c.end_date)::int, e.hours_credited, e.days_credited,
                       CASE WHEN c.kind = 'online' THEN e.hours_credited ELSE 0 END, 'course', e.id, NULL
                FROM training_enrolment AS e JOIN bench_course AS c ON c.id = e.course_id
                """
            )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE training_enrolment")
        cursor.execute("VACUUM ANALYZE training_trainingcredit")
        cursor.execute("VACUUM ANALYZE training_course")
    seconds = time.perf_counter() - started
    print(f"generated 10 years of training records in {seconds:.1f} s", flush=True)
    return {"training_seeded": True, "training_seed_s": round(seconds, 1)}


def main() -> None:
    _common.django_setup()
    import datetime

    from django.test import Client

    from accounts.models import User
    from cadres.selectors import cadre_list
    from training import selectors
    from training.models import Enrolment, TrainingCredit

    seeding = _common.county_ensure()
    seeding |= training_ensure()
    print(f"database: {_common.database_description()}", flush=True)
    enrolments, credits = Enrolment.objects.count(), TrainingCredit.objects.count()
    print(f"{enrolments} enrolments, {credits} credits", flush=True)
    user = User.objects.get(username="orgstaff")
    on_date = datetime.date(*ON_DATE)

    samples, report = [], None
    for _ in range(3):
        started = time.perf_counter()
        report = selectors.compliance_report(cadres=cadre_list(user=user), on_date=on_date)
        samples.append(time.perf_counter() - started)
        print(
            f"compliance report: {report.total} cadres, {report.compliant} compliant in {samples[-1]:.2f} s", flush=True
        )
    compliance_all_s = round(statistics.median(samples), 2)

    client = Client()
    client.force_login(user)
    first_page = _common.timed_requests(client, "/training/compliance/", runs=10, warmup=2)
    print(
        f"compliance page, first page, default filters: p50 {first_page['p50_ms']} ms, p95 {first_page['p95_ms']} ms,"
        f" {first_page['queries']} queries",
        flush=True,
    )
    page_samples = []
    for _ in range(3):
        started = time.perf_counter()
        response = client.get("/training/compliance/?year=2025")
        page_samples.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise SystemExit(f"compliance page answered {response.status_code}")
    page_s = round(statistics.median(page_samples), 2)
    print(f"compliance page (year 2025, first page of shortfalls): median {page_s} s", flush=True)

    export_s, export_rows, listed = export_timed(user)
    print(f"compliance export: {export_rows} rows ({listed} listed) in {export_s} s", flush=True)

    _common.print_result(
        {
            "benchmark": "training_compliance",
            "cadres": report.total,
            "enrolments": enrolments,
            "credits": credits,
            "database": _common.database_description(),
            **seeding,
            "compliant": report.compliant,
            "compliance_all_s": compliance_all_s,
            "compliance_runs_s": [round(s, 2) for s in samples],
            "first_page": first_page,
            "compliance_first_page_s": round(first_page["p50_ms"] / 1000, 3),
            "compliance_page_s": page_s,
            "compliance_export_s": export_s,
            "compliance_export_rows": export_rows,
            "target_s": COMPLIANCE_TARGET_S,
            "page_target_s": PAGE_TARGET_S,
            "targets_met": compliance_all_s <= COMPLIANCE_TARGET_S and first_page["p50_ms"] / 1000 <= PAGE_TARGET_S,
        }
    )


def export_timed(user, query: str = "") -> tuple[float, int, int]:
    """The export of the report page for ``query`` as the export job writes it (every listed row, the shown
    columns, the office layout), into memory: (seconds, rows written, rows the page lists)."""
    import io

    from django.http import HttpRequest, QueryDict
    from django.urls import resolve

    from core.exports import list_export_write, row_count

    started = time.perf_counter()
    match = resolve("/training/compliance/")
    request = HttpRequest()
    request.method = "GET"
    request.GET = QueryDict(query)
    request.user = user
    request.resolver_match = match
    page = match.func.view_class(**match.func.view_initkwargs)
    page.setup(request)
    page.check_access()
    table = page.build_table()
    listed = row_count(table)
    written = list_export_write(page, table, file_obj=io.BytesIO())
    return round(time.perf_counter() - started, 2), written, listed


if __name__ == "__main__":
    main()
