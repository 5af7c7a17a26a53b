"""`make bench`: the site under gunicorn, loaded with wrk, at three dataset sizes (issue 12).

For each size the demo generator's data is loaded into a PostgreSQL database of its own on the
server of DATABASE_URL (`<name>_bench_<size>`; made, migrated, loaded and VACUUM ANALYZEd once, then
reused while it holds that size: migrated again, `refresh_public` run and VACUUM ANALYZEd on every run),
and the site is started with production settings (DEBUG=0, gunicorn.conf.py, 2 workers,
WhiteNoise) on loopback. Each page of issue 12's table is loaded with wrk in three modes:

- **cold** (`wrk -t2 -c20`): the page cache off (PAGE_CACHE_ENABLED=0): every request renders
  the page and computes everything, even the counts and figures that with the cache on are
  computed once per data version; 20 connections queue on the 2 workers, so the latency is
  mostly waiting: read its requests/s;
- **miss** (`wrk -t1 -c1`): the page cache on, but every request is one the cache has not seen
  (a unique `bench_miss=…` parameter, which the cache does not know, so the page is rendered
  for that request): a page rendered, its own list total counted, the figures of the data
  version read from the cache, as for the first request of a new search or filter combination.
  One connection, so the latency is the work of one request, not queueing (issue 12's target:
  < 100 ms for lists and search, < 300 ms for the overview);
- **warm** (`wrk -t2 -c20`): the page cache on, the page requested once before: what every
  further anonymous visitor gets.

(`--modes cold1` adds cold with one connection: the work of a request that also computes the
figures of the data version, as the first request after a write does.) The page cache uses
Redis at BENCH_REDIS_URL when it answers (emptied before each mode), else each worker's own
memory. In the same run, with each mode's connections, a static CSS file through the same
gunicorn and WhiteNoise. The table gives requests/s, p50/p95/p99 latency, errors (connect,
read, timeout, non-2xx) and the share of the static file's requests/s.

    make bench                           # berlin and city
    make bench SIZES=berlin,city,country # country loads 300,000 offerings (long, once)
    make bench-quick                     # berlin, five pages, 3 s each: a check, not figures
    python scripts/bench.py --sizes berlin --duration 5 --explain
    python scripts/bench.py --sizes berlin --modes miss --only 'centres,offerings search'
    python scripts/bench.py --sizes city --pool 4      # psycopg's pool instead of persistent
    python scripts/bench.py --markdown   # the table as Markdown, for docs/performance.md
    python scripts/bench.py load city    # only (re)load a dataset (used by the above)
    python scripts/bench.py pages|search|render        # the in-process benchmarks
                                                       # (scripts/bench_render.py)
    python scripts/bench.py overview [--explain] [--demo]  # the overview's figures on a
                                                       # cache miss (scripts/bench_overview.py)

Needs PostgreSQL (DATABASE_URL=postgres://…) and wrk (Debian/Ubuntu: `apt install wrk`;
macOS: `brew install wrk`; or build it from https://github.com/wg/wrk).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

# name: (centres, offerings per centre)
SIZES = {"berlin": (100, 30), "city": (1_000, 30), "country": (10_000, 30)}

# The wrk script's report: one line that `wrk_figures` reads.
WRK_DONE = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH %d %d %d %d %d %d %d\\n", summary.requests,
    e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), summary.duration))
end
"""

# The parameter that makes every request of the miss mode one the page cache has not seen. The
# page cache stores only queries of the parameters a view reads (centres/pagecache.py): a page
# with any other is rendered for that request alone, and its list total counted afresh (the
# count's key holds the whole query, centres/paging.py). Nothing reads it, so the page is the
# same as without it.
MISS_PARAMETER = "bench_miss"

# Each request of a thread adds `bench_miss=<run>-<thread>-<n>` to the page's address.
WRK_UNIQUE = """
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
end

local counter = 0
local separator = "?"
init = function(args)
  if string.find(wrk.path, "?", 1, true) then separator = "&" end
end

request = function()
  counter = counter + 1
  return wrk.format(nil, string.format("%s%s%s=%s-%d-%d", wrk.path, separator,
    "__PARAMETER__", "__RUN__", thread_number, counter))
end
"""


def wrk_script(*, unique: str = "") -> str:
    """The Lua script of a wrk run: its figures on one line (`BENCH …`), and with `unique` (a
    token of this run) a parameter of its own on every request (`MISS_PARAMETER`)."""
    if not unique:
        return WRK_DONE
    if not unique.isalnum():
        raise ValueError(f"the run's token goes into Lua and a URL unquoted: {unique!r}")
    script = WRK_UNIQUE.replace("__PARAMETER__", MISS_PARAMETER).replace("__RUN__", unique)
    return script + WRK_DONE


@dataclass(frozen=True)
class Mode:
    """How a page is loaded: with the page cache or without, by how many connections, and
    whether every request is one the page cache has not seen."""

    name: str
    cache: bool
    connections: int | None  # None: --connections (20)
    threads: int
    unique: bool = False


MODES = {
    mode.name: mode
    for mode in (
        Mode("cold", cache=False, connections=None, threads=2),
        Mode("miss", cache=True, connections=1, threads=1, unique=True),
        Mode("warm", cache=True, connections=None, threads=2),
        Mode("cold1", cache=False, connections=1, threads=1),
    )
}
DEFAULT_MODES = "cold,miss,warm"

# `--quick`: a check that the bench runs and of the order of magnitude, not figures to publish.
QUICK_SIZES = "berlin"
QUICK_PAGES = "start,centres,offerings search,overview,report"
QUICK_DURATION = 3


@dataclass(frozen=True)
class WrkFigures:
    requests: int
    errors: int  # connect, read, write, timeout and non-2xx answers
    p50_ms: float
    p95_ms: float
    p99_ms: float
    seconds: float


def wrk_figures(output: str) -> WrkFigures:
    """The figures of wrk's output: the `BENCH` line of the script's `done` (microseconds)."""
    try:
        line = next(line for line in output.splitlines() if line.startswith("BENCH "))
    except StopIteration:
        raise ValueError(f"no BENCH line in wrk's output:\n{output}") from None
    requests, errors, status, p50, p95, p99, micros = map(int, line.split()[1:])
    return WrkFigures(requests, errors + status, p50 / 1000, p95 / 1000, p99 / 1000, micros / 1e6)


@dataclass
class Result:
    page: str
    mode: str
    requests_per_second: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int
    requests: int


def pages(centre_url: str) -> list[tuple[str, str]]:
    """The pages of issue 12's table (and the overview's Bezirk page and export, and the
    agenda, whose cost grew with the data until it asked day by day)."""
    return [
        ("start", "/"),
        ("Bezirk", "/bezirke/mitte/"),
        ("centres", "/zentren/"),
        ("centres, filtered", "/zentren/?bezirk=mitte&angebot=beratung"),
        ("centres, search", "/zentren/?q=beratung"),
        ("centre", centre_url),
        ("offerings", "/angebote/"),
        ("offerings, filtered", "/angebote/?bezirk=pankow&art=sport"),
        ("offerings, search", "/angebote/?q=sport"),
        ("agenda", "/termine/"),
        ("agenda, filtered", "/termine/?bezirk=mitte"),
        ("overview", "/uebersicht/"),
        ("overview export", "/uebersicht/export.csv"),
        ("overview Bezirk", "/uebersicht/mitte/"),
        ("report", "/uebersicht/bericht/"),
    ]


def select_pages(candidates: list[tuple[str, str]], only: str) -> list[tuple[str, str]]:
    """The pages named in `only` (comma-separated; a name's own comma left out, as in
    `centres search`), all without it."""
    if not only:
        return candidates
    names = {name.strip() for name in only.split(",") if name.strip()}
    known = {name.replace(",", ""): (name, path) for name, path in candidates}
    if unknown := sorted(names - set(known)):
        raise SystemExit(f"unknown pages {unknown}; known: {', '.join(known)}")
    return [page for name, page in known.items() if name in names]


# --- the datasets ---------------------------------------------------------------------------


def bench_url(base: str, size: str) -> str:
    parts = urlsplit(base)
    name = parts.path.lstrip("/") or "stadtteilzentren"
    return urlunsplit(parts._replace(path=f"/{name}_bench_{size}"))


def psql(url: str, sql: str, *, database: str | None = None) -> list[tuple]:
    import psycopg

    if database:
        url = urlunsplit(urlsplit(url)._replace(path=f"/{database}"))
    with psycopg.connect(url, autocommit=True) as connection:
        cursor = connection.execute(sql)
        return cursor.fetchall() if cursor.description else []


def analyze_statement(tables: list[str]) -> str:
    """VACUUM (ANALYZE) of these tables only: fresh statistics, and the visibility map that a
    production database has from autovacuum (without it, index-only scans read the table: the
    count of /angebote/ took 104 ms instead of 30 ms at country size right after the load). A
    bare statement also covers the cluster's shared catalogs (pg_database, pg_authid, …) and
    so waits for any other database's ANALYZE on the same server that is still open: minutes
    on a shared server."""
    names = ", ".join('"{}"'.format(table.replace('"', '""')) for table in tables)
    return f"VACUUM (ANALYZE) {names}"


def analyze(url: str) -> None:
    tables = psql(url, "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    psql(url, analyze_statement(sorted(table for (table,) in tables)))


def database_ensure(url: str) -> None:
    name = urlsplit(url).path.lstrip("/")
    if not psql(url, f"SELECT 1 FROM pg_database WHERE datname = '{name}'", database="postgres"):
        psql(url, f'CREATE DATABASE "{name}"', database="postgres")


def dataset_ready(url: str, size: str) -> bool:
    centres, per_centre = SIZES[size]
    try:
        rows = psql(
            url,
            "SELECT (SELECT count(*) FROM centres_centre WHERE is_demo),"
            " (SELECT count(*) FROM centres_offering o JOIN centres_centre c"
            "  ON c.id = o.centre_id WHERE c.is_demo)",
        )
    except Exception:
        return False
    return rows == [(centres, centres * per_centre)]


def dataset_load(url: str, size: str, *, reload: bool) -> None:
    """The size's dataset, current: migrated to this checkout's models (other branches add
    migrations to a database the bench reuses), loaded if it does not hold the size, and the
    stored fields that depend on the day or on a new migration's field (`refresh_public`, the
    daily job of production) brought up to date, then VACUUM ANALYZEd."""
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DATABASE_STATEMENT_TIMEOUT": "0",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("REDIS_URL", None)  # the jobs bump the data version: of their own memory only
    database_ensure(url)
    name = urlsplit(url).path.lstrip("/")
    migrated = subprocess.run(
        [PYTHON, "manage.py", "migrate", "--noinput"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    if reload or not dataset_ready(url, size):
        subprocess.run([PYTHON, "scripts/bench.py", "load", size], cwd=ROOT, env=env, check=True)
        return
    applied = migrated.count("Applying ")
    started = time.perf_counter()
    refreshed = subprocess.run(
        [PYTHON, "manage.py", "refresh_public"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip(" .\n")
    analyze(url)
    print(
        f"{size}: dataset already loaded in {name}; {applied} migration(s) applied,"
        f" refresh_public: {refreshed} ({time.perf_counter() - started:.0f} s), VACUUM ANALYZEd"
    )


def load(size: str) -> None:
    """Runs in its own process, with DATABASE_URL of the bench database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stadtteilzentren.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection

    from centres.services.demo_data import demo_data_create

    centres, per_centre = SIZES[size]
    started = time.perf_counter()
    report = demo_data_create(centres=centres, offerings_per_centre=per_centre, seed=1)
    loaded = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute(analyze_statement(sorted(connection.introspection.table_names(cursor))))
    print(
        f"{size}: loaded {report.centres:,} centres and {report.offerings:,} offerings"
        f" in {loaded:.0f} s (demo generator, bulk_create), VACUUM ANALYZEd"
    )


# --- the server -----------------------------------------------------------------------------


def redis_url() -> str:
    url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/11")
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
        return url
    except Exception:
        return ""


def server_env(url: str, *, cache: bool, pool: int) -> dict[str, str]:
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "bench-throwaway-" + os.urandom(8).hex(),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_COOKIES": "0",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        "LOG_LEVEL": "WARNING",
        "DATABASE_URL": url,
        "DATABASE_POOL": str(pool),
        "PAGE_CACHE_ENABLED": "1" if cache else "0",
    }
    env.pop("REDIS_URL", None)
    if cache and (redis := redis_url()):
        env["REDIS_URL"] = redis
    return env


class Server:
    def __init__(self, env: dict[str, str], port: int, log: Path, *, root: Path = ROOT):
        self.port = port
        self.log = log.open("a")
        self.process = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "stadtteilzentren.wsgi", "--workers", "2"]
            + ["--bind", f"127.0.0.1:{port}", "--no-control-socket"],
            cwd=root,
            env=env,
            stdout=self.log,
            stderr=self.log,
            start_new_session=True,
        )
        try:
            for _ in range(300):  # the first request loads the code: slow on a busy machine
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/livez/", timeout=10)
                    return
                except (urllib.error.URLError, ConnectionError, TimeoutError):
                    time.sleep(0.2)
        except BaseException:
            self.stop()
            raise
        self.stop()
        raise SystemExit(f"gunicorn did not start; see {log}")

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)
        self.log.close()


def flush_redis() -> None:
    if url := redis_url():
        import redis

        redis.Redis.from_url(url).flushdb()


def wrk(url: str, *, duration: int, connections: int, threads: int, script: Path) -> WrkFigures:
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "30s"]
    # As browsers ask: pages and the static file compressed (WhiteNoise serves its .gz file).
    command += ["-H", "Accept-Encoding: gzip"]
    output = subprocess.run(
        [*command, "-s", script, url], capture_output=True, text=True, check=True
    ).stdout
    return wrk_figures(output)


def measure(base: str, name: str, path: str, mode: str, **options) -> Result:
    figures = wrk(base + path, **options)
    # wrk stops, but the requests it left queued are still served: wait for them, so they do
    # not slow down the next page's run.
    urllib.request.urlopen(f"{base}/livez/", timeout=600).read()
    return Result(
        name,
        mode,
        figures.requests / figures.seconds,
        figures.p50_ms,
        figures.p95_ms,
        figures.p99_ms,
        figures.errors,
        figures.requests,
    )


def cache_answer(url: str) -> str:
    """The page cache's `X-Cache` header for this address ("hit", "miss", or "" when the page
    cache did not take part)."""
    with urllib.request.urlopen(url, timeout=120) as response:
        response.read()
        return response.headers.get("X-Cache", "")


def with_parameter(path: str, value: str) -> str:
    return f"{path}{'&' if '?' in path else '?'}{MISS_PARAMETER}={value}"


def check_mode(base: str, path: str, mode: Mode) -> str:
    """Why this page would not be measured as the mode means (or ""): warm, a page requested
    once before must come from the cache; miss, the same unseen address asked twice must be
    rendered twice."""
    if not mode.cache:
        return ""
    if mode.unique:
        probe = base + with_parameter(path, "probe" + os.urandom(4).hex())
        cache_answer(probe)
        if cache_answer(probe) == "hit":
            return f"{MISS_PARAMETER} was served from the cache: the miss figures are hits"
        return ""
    if (answer := cache_answer(base + path)) != "hit":
        return f"not served from the cache (X-Cache: {answer or 'none'}): the warm figures render"
    return ""


def static_path() -> str:
    manifest = json.loads((ROOT / "staticfiles" / "staticfiles.json").read_text())
    return "/static/" + manifest["paths"]["css/site.css"]


def run_size(size: str, args: argparse.Namespace, base_url: str, scripts: dict) -> list[Result]:
    url = bench_url(base_url, size)
    slug = psql(
        url,
        "SELECT slug FROM centres_centre WHERE is_demo AND status = 'published'"
        " ORDER BY name LIMIT 1",
    )[0][0]
    targets = select_pages(pages(f"/zentren/{slug}/"), args.only)
    results = []
    log = Path(tempfile.gettempdir()) / f"bench-gunicorn-{size}.log"
    for mode in modes(args.modes):
        options = {
            "duration": args.duration,
            "connections": mode.connections or args.connections,
            "threads": mode.threads,
        }
        flush_redis()
        server = Server(server_env(url, cache=mode.cache, pool=args.pool), args.port, log)
        try:
            base = f"http://127.0.0.1:{args.port}"
            # Imports and connections; with the cache on, the figures of the data version and
            # (warm) the cached pages.
            for _, path in targets:
                try:
                    urllib.request.urlopen(base + path, timeout=120).read()
                except urllib.error.URLError as error:
                    print(f"  warning: {path}: {error}")
            # The static file is always the same file: no unique parameter for it.
            static = measure(
                base, "static CSS", static_path(), mode.name, script=scripts[False], **options
            )
            results.append(static)
            print(format_row(size, static, static, markdown=args.markdown), flush=True)
            for name, path in targets:
                if problem := check_mode(base, path, mode):
                    print(f"  warning: {name} ({path}), {mode.name}: {problem}")
                result = measure(
                    base, name, path, mode.name, script=scripts[mode.unique], **options
                )
                results.append(result)
                print(format_row(size, result, static, markdown=args.markdown), flush=True)
        finally:
            server.stop()
    flush_redis()  # the miss mode's list totals and reports: one entry per request
    return results


def modes(names: str) -> list[Mode]:
    """The modes named (comma-separated), in the order given."""
    chosen = [name.strip() for name in names.split(",") if name.strip()]
    if unknown := [name for name in chosen if name not in MODES]:
        raise SystemExit(f"unknown modes {unknown}; known: {', '.join(MODES)}")
    return [MODES[name] for name in chosen]


COLUMNS = ("size", "page", "mode", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors", "of static")
WIDTHS = (-8, -20, -5, 8, 8, 8, 8, 6, 9)  # of the plain table; negative: left-aligned


def _aligned(cells) -> str:
    return " ".join(
        f"{cell:<{-width}}" if width < 0 else f"{cell:>{width}}"
        for cell, width in zip(cells, WIDTHS, strict=True)
    )


def format_header(*, markdown: bool = False) -> str:
    if markdown:
        return f"| {' | '.join(COLUMNS)} |\n|{'---|' * len(COLUMNS)}"
    return _aligned(COLUMNS)


def format_row(size: str, result: Result, static: Result, *, markdown: bool = False) -> str:
    """One row of the table: the page's figures and its share of the static file's req/s in
    the same mode (and so with the same connections)."""
    if static.requests_per_second:
        share = f"{100 * result.requests_per_second / static.requests_per_second:.2f} %"
    else:
        share = "-"
    # No request completed within the run (a page slower than --duration): no latency to give.
    latencies = [
        f"{ms:.1f}" if result.requests else "-"
        for ms in (result.p50_ms, result.p95_ms, result.p99_ms)
    ]
    cells = (
        size,
        result.page,
        result.mode,
        f"{result.requests_per_second:.1f}",
        *latencies,
        str(result.errors),
        share,
    )
    if markdown:
        return f"| {' | '.join(cells)} |"
    return _aligned(cells)


# --- EXPLAIN --------------------------------------------------------------------------------


def explain(size: str) -> None:
    """Runs in its own process, with DATABASE_URL of the bench database: the slowest query of
    each page type, EXPLAIN (ANALYZE, BUFFERS)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stadtteilzentren.settings")
    os.environ["PAGE_CACHE_ENABLED"] = "0"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()
    from centres.models import Centre

    centre = Centre.objects.published().filter(is_demo=True).order_by("name").first()
    client = Client()
    for name, path in pages(centre.get_absolute_url()):
        client.get(path)  # warm the server's caches first
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            client.get(path)
            total = (time.perf_counter() - started) * 1000
        print(f"\n### {name} (`{path}`): {len(queries)} queries, page {total:.0f} ms")
        # The slowest by the database's own measure (the wall-clock times of a busy machine
        # mislead): each SELECT of the page explained, the one with the longest execution.
        plans = []
        with connection.cursor() as cursor:
            for query in queries.captured_queries:
                if not query["sql"].lstrip().upper().startswith("SELECT"):
                    continue
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + query["sql"])
                lines = [row[0] for row in cursor.fetchall()]
                executed = float(lines[-1].split(":")[1].split()[0])
                plans.append((executed, lines))
        executed, lines = max(plans)
        print(f"slowest query: {executed:.1f} ms execution\n")
        print("\n".join(lines))


# --- main -----------------------------------------------------------------------------------


def arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="", help="berlin,city,country (default berlin,city)")
    parser.add_argument("--duration", type=int, default=0, help="seconds of wrk per page (10)")
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--port", type=int, default=8093)
    parser.add_argument("--pool", type=int, default=0, help="DATABASE_POOL for the server")
    parser.add_argument("--reload", action="store_true", help="load the datasets again")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN the slowest queries")
    parser.add_argument(
        "--modes", default=DEFAULT_MODES, help=f"{DEFAULT_MODES} (and cold1: cold, 1 connection)"
    )
    parser.add_argument(
        "--only", default="", help="page names, e.g. 'start,centres search' (default all)"
    )
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"a fast check: --sizes {QUICK_SIZES} --duration {QUICK_DURATION}"
        f" --only '{QUICK_PAGES}' unless given",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes = args.sizes or QUICK_SIZES
        args.duration = args.duration or QUICK_DURATION
        args.only = args.only or QUICK_PAGES
    args.sizes = args.sizes or "berlin,city"
    args.duration = args.duration or 10
    modes(args.modes)  # unknown names end here, before anything is loaded
    return args


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] in {"pages", "search", "render"}:
        argv = [PYTHON, str(ROOT / "scripts" / "bench_render.py"), *sys.argv[1:]]
        os.execv(PYTHON, [arg for arg in argv if arg != "render"])
    if len(sys.argv) > 1 and sys.argv[1] == "overview":
        os.execv(PYTHON, [PYTHON, str(ROOT / "scripts" / "bench_overview.py"), *sys.argv[2:]])
    if len(sys.argv) == 3 and sys.argv[1] == "load":
        return load(sys.argv[2])
    if len(sys.argv) == 3 and sys.argv[1] == "explain-in-process":
        return explain(sys.argv[2])
    args = arguments(sys.argv[1:])

    base_url = os.environ.get("DATABASE_URL", "")
    if not base_url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("make bench needs PostgreSQL: DATABASE_URL=postgres://user@host/name")
    if not shutil.which("wrk"):
        raise SystemExit("make bench needs wrk: apt install wrk (or brew install wrk)")
    sizes = [size.strip() for size in args.sizes.split(",") if size.strip()]
    if unknown := [size for size in sizes if size not in SIZES]:
        raise SystemExit(f"unknown sizes {unknown}; known: {', '.join(SIZES)}")

    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env={**os.environ, "DEBUG": "0", "SECRET_KEY": "bench-collect", "LOG_LEVEL": "WARNING"},
        check=True,
    )
    print(f"{os.cpu_count()} CPUs; gunicorn 2 workers; modes {args.modes}", end="")
    print(f" (cold and warm wrk -t2 -c{args.connections}, miss and cold1 wrk -t1 -c1)", end="")
    print(f"; -d{args.duration}s; pool {args.pool or 'off (persistent connections)'}")
    scripts = {}
    for unique in (False, True):
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(wrk_script(unique=os.urandom(6).hex() if unique else ""))
        scripts[unique] = Path(script.name)
    for size in sizes:  # first, so that the table is not interrupted
        dataset_load(bench_url(base_url, size), size, reload=args.reload)
    try:
        print(format_header(markdown=args.markdown))
        for size in sizes:
            run_size(size, args, base_url, scripts)
            if args.explain:
                subprocess.run(
                    [PYTHON, "scripts/bench.py", "explain-in-process", size],
                    cwd=ROOT,
                    env={**os.environ, "DATABASE_URL": bench_url(base_url, size)},
                    check=True,
                )
    finally:
        for script in scripts.values():
            script.unlink()


if __name__ == "__main__":
    main()
