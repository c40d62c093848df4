"""Benchmark: compute table 三 of the annual report for an agency with 1,000,000 applications.

Target (issue 8): ≤ 2 s. Usage:

    .venv/bin/python bench/annual_report.py              # on applications.Application
    .venv/bin/python bench/annual_report.py --standin    # on a stand-in table with the contract fields
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gk_reports_bench .venv/bin/python bench/annual_report.py

By default it uses its own SQLite file var/bench-annual-report.sqlite3 (never the dev database).
Rows are inserted once and reused on later runs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--year", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--standin",
        action="store_true",
        help="time the same query on a stand-in table (before the applications slice is merged)",
    )
    args = parser.parse_args()

    var = Path(os.environ.get("GONGKAI_VAR_DIR", ROOT / "var"))
    var.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{var / 'bench-annual-report.sqlite3'}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from gongkai.orgs.models import Agency, AgencyLevel
    from gongkai.reports import sources, standins, tables

    call_command("migrate", verbosity=0)
    if args.standin:
        model = standins.StandInApplication
        if model._meta.db_table not in connection.introspection.table_names():
            with connection.schema_editor() as editor:
                editor.create_model(model)
    else:
        model = sources.get_model("applications", "Application")
        if model is None:
            print(
                "bench/annual_report.py: applications.Application is not installed — this "
                "benchmark needs the applications slice merged.\n"
                "Run with --standin to time the same aggregation on a stand-in table with the "
                "contract fields.",
                file=sys.stderr,
            )
            return 2

    agency, _ = Agency.objects.get_or_create(
        code="bench-reports",
        defaults={"name": "基准测试机构", "level": AgencyLevel.DEPARTMENT},
    )
    queryset = model.objects.filter(agency=agency)
    have = queryset.count()
    if have < args.rows:
        print(f"inserting {args.rows - have:,} applications into {model._meta.db_table} ...")
        started = time.perf_counter()
        batch = 50_000
        done = have
        while done < args.rows:
            n = min(batch, args.rows - done)
            rows = standins.random_application_rows(agency, n, year=args.year, seed=done)
            model.objects.bulk_create(
                [model(**standins.fill_required(model, r)) for r in rows], batch_size=5_000
            )
            done += n
        print(f"  inserted in {time.perf_counter() - started:.1f} s")
        if connection.vendor == "sqlite":
            connection.cursor().execute("ANALYZE")
        else:
            connection.cursor().execute(f"ANALYZE {model._meta.db_table}")

    timings, cpu = [], []
    table = None
    for _ in range(args.repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        counts = sources.table3_counts(queryset, args.year)
        counts.pop("unclassified")
        table = tables.build_table3(**counts)
        timings.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    checks = tables.validate_table3(table)
    print(
        f"backend: {connection.vendor}; table: {model._meta.db_table}; rows for agency: {queryset.count():,}"
    )
    print(
        f"table 三 for {args.year}: min {min(timings):.3f} s, median {statistics.median(timings):.3f} s, "
        f"max {max(timings):.3f} s over {args.repeat} runs (target ≤ 2 s)"
    )
    if connection.vendor == "sqlite":
        # SQLite runs in this process: its CPU time does not depend on other load on the machine.
        print(
            f"  CPU time in this process: min {min(cpu):.3f} s, median {statistics.median(cpu):.3f} s"
        )
    print(
        f"  load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs"
    )
    print(
        f"  一 {table.get('new', 'total'):,}  二 {table.get('carried_in', 'total'):,}  "
        f"三（七） {table.get('total', 'total'):,}  四 {table.get('carried_out', 'total'):,}  "
        f"勾稽 {'pass' if all(c.passed for c in checks) else 'FAIL'}"
    )
    return 0 if min(timings) <= 2 else 1


if __name__ == "__main__":
    sys.exit(main())
