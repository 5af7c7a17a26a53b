"""In-process benchmarks behind docs/performance.md: query counts and render times per page
through Django's test client, demo-data speed (`make bench-render`; `make bench` is the HTTP
benchmark of scripts/bench.py).

"cold" times render the page (the page cache emptied before each request), "warm" times are
answered from the page cache (centres/pagecache.py, docs/caching.md).

Runs against a throw-away test database made by Django's test machinery (in-memory SQLite, or
test_<name> on the server of DATABASE_URL), never against your own data:
    make bench-render                                 # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1/stz make bench-render   # PostgreSQL
    python scripts/bench.py search                    # only the search part
    python scripts/bench.py pages                     # only the pages, cold and warm

`dataset` measures instead the database of DATABASE_URL as it is (a dataset loaded with
`load_demo_data`, e.g. 1,000 or 10,000 centres), with GET requests only, so nothing in it
changes: the cold render time (page cache emptied before each request, median of REPEATS) and
the queries of the pages of the HTTP benchmark (scripts/bench.py); `--profile` adds the
functions that took the longest (cProfile) in one render of each page, `--explain N` the plans
of its N slowest queries (PostgreSQL, `EXPLAIN (ANALYZE, BUFFERS)`), `--only "search|filtered"`
the pages whose name contains one of these:
    DATABASE_URL=postgres://postgres@127.0.0.1/stz python scripts/bench_render.py dataset
    … scripts/bench_render.py dataset --only "search" --profile
"""

import cProfile
import io
import logging
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stadtteilzentren.settings")
os.environ["DEBUG"] = "1"  # serve plain static names; nothing here is collected
os.environ.setdefault("PAGE_CACHE_ENABLED", "1")  # one process: a memory cache is shared enough

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from centres.services.demo_data import demo_data_create, demo_data_remove  # noqa: E402
from tests.datasets import budget_dataset  # noqa: E402
from tests.pages import measure_pages  # noqa: E402

REPEATS = int(os.environ.get("BENCH_REPEATS", 5))


def main() -> None:
    if "dataset" in sys.argv[1:]:
        dataset_run()  # without the test environment's instrumented template rendering
        return
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run() -> None:
    print(f"database: {connection.vendor}")
    if "pages" in sys.argv[1:]:  # only the pages, cold and warm, at 3 and 300 centres
        page_tables(sizes=(3, 300), client=Client())
        return

    started = time.perf_counter()
    report = demo_data_create(centres=1000, offerings_per_centre=20, seed=1)
    print(
        f"demo data: {report.centres} centres, {report.offerings} offerings "
        f"in {time.perf_counter() - started:.1f} s"
    )

    client = Client()
    search_benchmark(client)
    if "search" in sys.argv[1:]:
        return
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    # The pages that compute when things take place, on the demo data's 20,000 offerings.
    for url in ("/termine/", "/angebote/", "/zentren/?geoeffnet=jetzt"):
        timings = []
        for _ in range(REPEATS):
            cache.clear()
            started = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        print(f"{url} on the demo data: {statistics.median(timings):.0f} ms (cold)")

    page_tables(sizes=(3, 300, 1000), client=client)


def page_tables(*, sizes: tuple[int, ...], client: Client) -> None:
    """Queries, cold (rendered) and warm (page cache) medians of every public page type."""
    for size in sizes:
        demo_data_remove()
        budget_dataset(centres=size)
        if connection.vendor == "postgresql":
            # As autovacuum would in production: fresh bulk inserts leave the planner blind.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(f"\n{size} centres (+25 real ones)")
        print(f"{'page':24} {'queries':>7} {'cold ms':>9} {'warm ms':>9}")
        cache.clear()
        for measurement in measure_pages(client):
            cold, warm = [], []
            for _ in range(REPEATS):
                cache.clear()
                started = time.perf_counter()
                client.get(measurement.url)
                cold.append((time.perf_counter() - started) * 1000)
                started = time.perf_counter()
                client.get(measurement.url)
                warm.append((time.perf_counter() - started) * 1000)
            print(
                f"{measurement.page:24} {measurement.queries:>7}"
                f" {statistics.median(cold):>9.1f} {statistics.median(warm):>9.2f}"
            )


def dataset_run() -> None:
    """Cold renders of the HTTP benchmark's pages on the database as it is (read only)."""
    from django.conf import settings

    from centres.models import Centre, Offering
    from scripts.bench import pages

    logging.getLogger("centres.requests").setLevel(logging.WARNING)  # a line per request
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    arguments = sys.argv[1:]
    # --only "search|filtered": the pages whose name contains one of these.
    only = arguments[arguments.index("--only") + 1].split("|") if "--only" in arguments else None
    profile = "--profile" in arguments
    # --explain N: the plans (EXPLAIN (ANALYZE, BUFFERS)) of each page's N slowest queries.
    explain = int(arguments[arguments.index("--explain") + 1]) if "--explain" in arguments else 0
    centre = Centre.objects.published().filter(is_demo=True).order_by("pk").first()
    print(
        f"database: {connection.vendor} {connection.settings_dict['NAME']}, "
        f"{Centre.objects.published().count()} centres, "
        f"{Offering.objects.published().count()} public offerings"
    )
    # cpu ms: this process's CPU time (Python: the view, templates, psycopg), which other
    # processes on a busy machine disturb far less than the wall-clock time.
    print(f"{'page':22} {'queries':>7} {'cold ms':>9} {'min ms':>8} {'cpu ms':>8}  url")
    client = Client()
    for page, url in pages(centre.get_absolute_url()):
        if (only and not any(part in page for part in only)) or url.startswith("/uebersicht/"):
            continue  # the overview is another lane's (its own figures, docs/overview.md)
        client.get(url)  # connection, template and translation loading out of the figures
        timings, cpu = [], []
        for _ in range(REPEATS):
            cache.clear()
            with CaptureQueriesContext(connection) as queries:
                started, started_cpu = time.perf_counter(), time.process_time()
                client.get(url)
                timings.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - started_cpu) * 1000)
        print(
            f"{page:22} {len(queries.captured_queries):>7} {statistics.median(timings):>9.1f}"
            f" {min(timings):>8.1f} {statistics.median(cpu):>8.1f}  {url}"
        )
        if profile:
            cache.clear()
            profiler = cProfile.Profile()
            profiler.enable()
            client.get(url)
            profiler.disable()
            out = io.StringIO()
            stats = pstats.Stats(profiler, stream=out)
            stats.sort_stats("cumulative").print_stats(r"centres|templat|forms", 40)
            stats.sort_stats("tottime").print_stats(25)
            print(out.getvalue())
        if profile or explain:
            slowest = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[
                : explain or 3
            ]
            for query in slowest:
                print(f"  {float(query['time']) * 1000:.1f} ms  {query['sql'][:400]}")
                if explain and connection.vendor == "postgresql":
                    with connection.cursor() as cursor:
                        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {query['sql']}")
                        print("\n".join(f"    {row[0]}" for row in cursor.fetchall()))


SEARCH_QUERIES = ["10961", "Beratungen", "Senioren", "Koepenick", "Kreutzberg", "Kiezfest Neukölln"]


def search_benchmark(client: Client) -> None:
    """The search over the demo generator's 1,000 centres / 20,000 offerings: the query alone
    (evaluated with its first page) and the whole list page, and the plan of one query."""
    from centres.models import Centre, Offering
    from centres.search import search

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"\nsearch over {Centre.objects.count()} centres, {Offering.objects.count()} offerings")
    print(f"{'query':20} {'list':9} {'found':>6} {'query ms':>9} {'page ms':>8}")
    for query in SEARCH_QUERIES:
        for label, url, queryset in [
            ("centres", "/zentren/", Centre.objects.published()),
            ("offerings", "/angebote/", Offering.objects.published()),
        ]:
            query_timings, page_timings = [], []
            for _ in range(REPEATS):
                started = time.perf_counter()
                found = search(queryset, query)
                list(found[:20])
                count = found.count()
                query_timings.append((time.perf_counter() - started) * 1000)
                cache.clear()
                started = time.perf_counter()
                client.get(url, {"q": query})
                page_timings.append((time.perf_counter() - started) * 1000)
            print(
                f"{query:20} {label:9} {count:>6} {statistics.median(query_timings):>9.1f}"
                f" {statistics.median(page_timings):>8.1f}"
            )
    if connection.vendor == "postgresql":
        for query in ("10961", "Kreutzberg"):
            # The first page as the offering list asks for it.
            found = search(Offering.objects.published().for_list(), query)[:20]
            sql, params = found.query.sql_with_params()
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN (ANALYZE, COSTS OFF) {sql}", params)
                print(f"\nEXPLAIN ANALYZE (offerings, first page, q={query}):")
                print("\n".join(row[0] for row in cursor.fetchall()))


if __name__ == "__main__":
    main()
