"""The funders' overview's cost on a cache miss: each figure computation and each page, with its
queries' own execution times (`python scripts/bench.py overview`, docs/performance.md).

Runs against the database of DATABASE_URL as it is (load a dataset first, e.g.
`python scripts/bench.py load city` with DATABASE_URL of a database of its own, or
`manage.py load_demo_data --centres 1000 --offerings 30`), with the page cache off, so every
call computes everything as the first request of a new data version does. For each step it
prints the median wall time of `--repeats` runs, the number of queries and, with `--explain`,
the slowest queries by PostgreSQL's execution time (EXPLAIN ANALYZE) with their plans.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/stz_bench_city python scripts/bench.py overview
    python scripts/bench.py overview --explain --demo     # counting the demo data (?demo=1)
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stadtteilzentren.settings")
os.environ["PAGE_CACHE_ENABLED"] = "0"  # every call computes, as on a cache miss
os.environ.setdefault("DATABASE_STATEMENT_TIMEOUT", "0")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from centres.models import Centre, District, Offering  # noqa: E402
from centres.overview import figures  # noqa: E402

DISTRICT = "mitte"


def steps(include_demo: bool) -> list[tuple[str, object]]:
    """(name, callable): the figure computations, then the pages that read them."""
    demo = "?demo=1" if include_demo else ""
    client = Client()

    def page(path: str):
        def get() -> None:
            response = client.get(path + demo)
            assert response.status_code == 200, (path, response.status_code)

        return get

    return [
        ("demo_data()", lambda: figures.demo_data(include_demo=include_demo)),
        ("city_overview()", lambda: figures.city_overview(include_demo=include_demo)),
        (
            "partnerships_by_kind()",
            lambda: figures.partnerships_by_kind(include_demo=include_demo),
        ),
        (
            f"district_overviews({DISTRICT})",
            lambda: figures.district_overviews(
                District.objects.filter(slug=DISTRICT), include_demo=include_demo
            ),
        ),
        (
            "district_overviews(all)",
            lambda: figures.district_overviews(District.objects.all(), include_demo=include_demo),
        ),
        ("page /uebersicht/", page("/uebersicht/")),
        ("page /uebersicht/export.csv", page("/uebersicht/export.csv")),
        (f"page /uebersicht/{DISTRICT}/", page(f"/uebersicht/{DISTRICT}/")),
        ("page /uebersicht/bericht/", page("/uebersicht/bericht/")),
    ]


def executed_ms(sql: str) -> tuple[float, list[str]]:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql)
        lines = [row[0] for row in cursor.fetchall()]
    return float(lines[-1].split(":")[1].split()[0]), lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--demo", action="store_true", help="count the demo data (?demo=1)")
    parser.add_argument("--explain", action="store_true", help="the slowest queries' plans")
    parser.add_argument("--top", type=int, default=3, help="how many slow queries per step")
    parser.add_argument("--only", default="", help="steps whose name contains this")
    args = parser.parse_args()

    setup_test_environment()
    logging.disable(logging.INFO)  # the request log of every page
    print(
        f"database: {connection.vendor} {connection.settings_dict['NAME']}; "
        f"{Centre.objects.count():,} centres, {Offering.objects.count():,} offerings; "
        f"{'with' if args.demo else 'without'} demo data; median of {args.repeats}"
    )
    print(f"{'step':34} {'queries':>7} {'ms':>8} {'db ms':>8}")
    for name, run in steps(args.demo):
        if args.only and args.only not in name:
            continue
        run()  # warm: imports, template loading, the planner's statistics
        timings = []
        for _ in range(args.repeats):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                run()
                timings.append((time.perf_counter() - started) * 1000)
        selects = [q["sql"] for q in queries.captured_queries if q["sql"].lstrip()[:6] == "SELECT"]
        plans = []
        if connection.vendor == "postgresql":
            plans = sorted((executed_ms(sql) + (sql,) for sql in selects), reverse=True)
        db_ms = sum(plan[0] for plan in plans) if plans else float("nan")
        median = statistics.median(timings)
        print(f"{name:34} {len(queries):>7} {median:>8.1f} {db_ms:>8.1f}", flush=True)
        if args.explain:
            for executed, lines, sql in plans[: args.top]:
                print(f"    {executed:.1f} ms: {sql[:300]}")
                print("\n".join(f"        {line}" for line in lines))


if __name__ == "__main__":
    main()
