"""Queries per page on the benchmark's datasets (issue 12: "no page's count grows with the data").

`tests/test_query_counts.py` asserts the same count with 3 and with 300 centres on every test
run; this script counts the same pages (tests/pages.py, the overview's included) on the
databases `make bench` loads — berlin (100 centres / 3,000 offerings), city (1,000 / 30,000)
and country (10,000 / 300,000) — and prints one column per size, with the time of one
uncached render (the page cache emptied first; median of three):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/stz python scripts/bench_queries.py \
        --sizes berlin,city,country

It reads the databases `<name>_bench_<size>` that scripts/bench.py made (run `make bench`
or `python scripts/bench.py load <size>` first) and writes nothing to them.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPEATS = 3


def measure(size: str) -> None:
    """In its own process, with DATABASE_URL of the size's database: prints one line per page."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stadtteilzentren.settings")
    os.environ["DEBUG"] = "1"  # plain static names: nothing is collected here
    os.environ["PAGE_CACHE_ENABLED"] = "1"  # per-data-version figures cached as in production
    os.environ["DATABASE_STATEMENT_TIMEOUT"] = "0"
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from tests.pages import OVERVIEW_PAGES, PAGES, representative_urls

    setup_test_environment()
    client = Client()
    urls = representative_urls()
    for page, template in {**PAGES, **OVERVIEW_PAGES}.items():
        url = template.format(**urls)
        timings = []
        for _ in range(REPEATS):
            cache.clear()
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as context:
                response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        queries = len(context.captured_queries)
        print(
            f"ROW\t{page}\t{url}\t{response.status_code}\t{queries}\t{statistics.median(timings):.0f}",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="berlin,city", help="berlin,city,country")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(args.measure)
        return

    sys.path.insert(0, str(ROOT / "scripts"))
    from bench import bench_url, dataset_ready

    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgres"):
        raise SystemExit("DATABASE_URL=postgres://… of the server holding the bench databases")
    sizes = [size.strip() for size in args.sizes.split(",") if size.strip()]
    columns: dict[str, dict[str, tuple[int, int, str]]] = {}
    pages: list[str] = []
    for size in sizes:
        url = bench_url(base, size)
        if not dataset_ready(url, size):
            raise SystemExit(f"{size}: no dataset; run `python scripts/bench.py load {size}`")
        output = subprocess.run(
            [sys.executable, __file__, "--measure", size],
            env={**os.environ, "DATABASE_URL": url},
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        ).stdout
        for line in output.splitlines():
            if line.startswith("ROW\t"):
                _, page, _url, status, queries, ms = line.split("\t")
                columns.setdefault(size, {})[page] = (int(queries), int(ms), status)
                if page not in pages:
                    pages.append(page)

    header = " | ".join(f"{size} queries | {size} ms" for size in sizes)
    print(f"| page | {header} |")
    print("|---|" + "---|---|" * len(sizes))
    for page in pages:
        cells = []
        for size in sizes:
            queries, ms, status = columns[size].get(page, (0, 0, "-"))
            note = "" if status == "200" else f" ({status})"
            cells.append(f"{queries}{note} | {ms}")
        print(f"| {page} | {' | '.join(cells)} |")
    counts = {page: {columns[size][page][0] for size in sizes} for page in pages}
    growing = [page for page, values in counts.items() if len(values) > 1]
    print()
    print(
        "Every page takes the same number of queries at every size."
        if not growing
        else f"Counts differ between sizes: {', '.join(growing)}"
    )


if __name__ == "__main__":
    main()
