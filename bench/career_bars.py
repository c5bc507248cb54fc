"""Benchmark: the bars and grade caps of every cadre of a 100,000-cadre county for one date.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cadre_bench .venv/bin/python bench/career_bars.py

Seeds the county (``seed_demo --cadres 100000``) if the database does not hold it yet, and, if fewer than
4% of its cadres have accountability records (a county seeded before the careers demo extension existed),
adds them for about 5% (COPY). Then it computes ``careers.selectors.bars_and_grade_caps_for_cadres`` for the
whole county (the root unit's subtree) on the demo's reference date: 3 runs, the median reported.

Target: ≤ 5 s. The last line is one JSON object with the key ``bars_all_s``.
"""

import random
import statistics
import time

import _common  # bench/ is on sys.path: Python puts the script's folder first

TARGET_SECONDS = 5.0
RUNS = 3
MIN_RECORD_SHARE = 0.04


def main() -> None:
    _common.django_setup()
    from django.db import connection, transaction

    from cadres.demo import REFERENCE_DATE
    from cadres.models import Cadre, Unit
    from careers import demo
    from careers.choices import GradeCapKind
    from careers.models import AccountabilityRecord
    from careers.selectors import bars_and_grade_caps_for_cadres

    seeding = _common.county_ensure()
    print(f"database: {_common.database_description()}", flush=True)
    cadres = Cadre.objects.count()
    with_records = AccountabilityRecord.objects.values("cadre_id").distinct().count()
    added = 0
    if with_records < MIN_RECORD_SHARE * cadres:
        started = time.perf_counter()
        with transaction.atomic():
            added = demo.records_seed(rng=random.Random(_common.BENCH_SEED))
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE careers_accountabilityrecord")
        print(f"added {added} accountability records in {time.perf_counter() - started:.1f} s", flush=True)
        with_records = AccountabilityRecord.objects.values("cadre_id").distinct().count()
    root = Unit.objects.get(parent__isnull=True)
    samples = []
    result = {}
    for run in range(RUNS):
        started = time.perf_counter()
        result = bars_and_grade_caps_for_cadres(unit=root, on_date=REFERENCE_DATE, year=REFERENCE_DATE.year - 1)
        samples.append(time.perf_counter() - started)
        print(f"run {run + 1}: {samples[-1]:.2f} s for {len(result)} cadres", flush=True)
    barred = sum(1 for bars, _cap in result.values() if bars)
    capped = sum(1 for _bars, cap in result.values() if cap.kind != GradeCapKind.NONE)
    median = statistics.median(samples)
    _common.print_result(
        {
            "bars_all_s": round(median, 2),
            "target_s": TARGET_SECONDS,
            "ok": median <= TARGET_SECONDS,
            "runs_s": [round(sample, 2) for sample in samples],
            "cadres": len(result),
            "cadres_with_records": with_records,
            "records": AccountabilityRecord.objects.count(),
            "records_added": added,
            "cadres_barred": barred,
            "cadres_grade_capped": capped,
            "on_date": REFERENCE_DATE.isoformat(),
            "grade_year": REFERENCE_DATE.year - 1,
            "database": _common.database_description(),
            **seeding,
        }
    )


if __name__ == "__main__":
    main()
