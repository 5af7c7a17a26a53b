"""`make bench`: the site under gunicorn, loaded with wrk, at three dataset sizes (issue 12).

For each size the demo generator's data is loaded into a PostgreSQL database of its own on the
server of DATABASE_URL (`<name>_bench_<size>`; made, migrated, loaded and ANALYZEd once, then
reused while it holds that size), and the site is started with production settings
(DEBUG=0, gunicorn.conf.py, 2 workers, WhiteNoise) on loopback. Each page of issue 12's table is
loaded with `wrk -t2 -c20` twice:

- **cold**: the page cache off (PAGE_CACHE_ENABLED=0): every request renders the page and
  computes its counts and figures, as the first request for a new search, filter or data
  version does;
- **warm**: the page cache on (Redis at BENCH_REDIS_URL when it answers, else each worker's own
  memory), the page requested once before: what every further anonymous visitor gets;

and in the same run a static CSS file through the same gunicorn and WhiteNoise. The table gives
requests/s, p50/p95/p99 latency, errors (connect, read, timeout, non-2xx) and the share of the
static file's requests/s.

    make bench                           # berlin and city
    make bench SIZES=berlin,city,country # country loads 300,000 offerings (long, once)
    python scripts/bench.py --sizes berlin --duration 5 --explain
    python scripts/bench.py --sizes city --pool 4      # psycopg's pool instead of persistent
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

WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH %d %d %d %d %d %d %d\\n", summary.requests,
    e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), summary.duration))
end
"""


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
    """The pages of issue 12's table (and the overview's Bezirk page and export)."""
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
        ("overview", "/uebersicht/"),
        ("overview export", "/uebersicht/export.csv"),
        ("overview Bezirk", "/uebersicht/mitte/"),
        ("report", "/uebersicht/bericht/"),
    ]


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
    env = {**os.environ, "DATABASE_URL": url, "DATABASE_STATEMENT_TIMEOUT": "0"}
    database_ensure(url)
    subprocess.run(
        [PYTHON, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    if reload or not dataset_ready(url, size):
        subprocess.run([PYTHON, "scripts/bench.py", "load", size], cwd=ROOT, env=env, check=True)
    else:
        print(f"{size}: dataset already loaded in {urlsplit(url).path.lstrip('/')}")


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
        cursor.execute("ANALYZE")
    print(
        f"{size}: loaded {report.centres:,} centres and {report.offerings:,} offerings"
        f" in {loaded:.0f} s (demo generator, bulk_create), ANALYZEd"
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
    def __init__(self, env: dict[str, str], port: int, log: Path):
        self.port = port
        self.log = log.open("a")
        self.process = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "stadtteilzentren.wsgi", "--workers", "2"]
            + ["--bind", f"127.0.0.1:{port}", "--no-control-socket"],
            cwd=ROOT,
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


def wrk(url: str, *, duration: int, connections: int, script: Path) -> tuple:
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "30s", "-s", script, url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH "))
    requests, errors, status, p50, p95, p99, micros = map(int, line.split()[1:])
    return requests, errors + status, p50 / 1000, p95 / 1000, p99 / 1000, micros / 1e6


def measure(base: str, name: str, path: str, mode: str, **options) -> Result:
    requests, errors, p50, p95, p99, seconds = wrk(base + path, **options)
    # wrk stops, but the requests it left queued are still served: wait for them, so they do
    # not slow down the next page's run.
    urllib.request.urlopen(f"{base}/livez/", timeout=600).read()
    return Result(name, mode, requests / seconds, p50, p95, p99, errors, requests)


def static_path() -> str:
    manifest = json.loads((ROOT / "staticfiles" / "staticfiles.json").read_text())
    return "/static/" + manifest["paths"]["css/site.css"]


def run_size(size: str, args: argparse.Namespace, base_url: str, script: Path) -> list[Result]:
    url = bench_url(base_url, size)
    dataset_load(url, size, reload=args.reload)
    slug = psql(
        url,
        "SELECT slug FROM centres_centre WHERE is_demo AND status = 'published'"
        " ORDER BY name LIMIT 1",
    )[0][0]
    targets = [
        (name, path)
        for name, path in pages(f"/zentren/{slug}/")
        if not args.only or name in args.only.split(",")
    ]
    results = []
    options = {"duration": args.duration, "connections": args.connections, "script": script}
    log = Path(tempfile.gettempdir()) / f"bench-gunicorn-{size}.log"
    for mode, cache in (("cold", False), ("warm", True)):
        if mode not in args.modes.split(","):
            continue
        flush_redis()
        server = Server(server_env(url, cache=cache, pool=args.pool), args.port, log)
        try:
            base = f"http://127.0.0.1:{args.port}"
            for _, path in targets:  # imports, connections (and, warm, the cached pages)
                try:
                    urllib.request.urlopen(base + path, timeout=120).read()
                except urllib.error.URLError as error:
                    print(f"  warning: {path}: {error}")
            static = measure(base, "static CSS", static_path(), mode, **options)
            results.append(static)
            print_row(size, static, static)
            for name, path in targets:
                results.append(measure(base, name, path, mode, **options))
                print_row(size, results[-1], static)
        finally:
            server.stop()
    return results


def print_header() -> None:
    print(
        f"{'size':8} {'page':20} {'mode':5} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8}"
        f" {'p99 ms':>8} {'errors':>6} {'of static':>9}"
    )


def print_row(size: str, result: Result, static: Result) -> None:
    share = 100 * result.requests_per_second / static.requests_per_second
    print(
        f"{size:8} {result.page:20} {result.mode:5} {result.requests_per_second:>8.1f}"
        f" {result.p50_ms:>8.1f} {result.p95_ms:>8.1f} {result.p99_ms:>8.1f}"
        f" {result.errors:>6} {share:>8.2f}%",
        flush=True,
    )


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

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="berlin,city", help="berlin,city,country")
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk per page")
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--port", type=int, default=8093)
    parser.add_argument("--pool", type=int, default=0, help="DATABASE_POOL for the server")
    parser.add_argument("--reload", action="store_true", help="load the datasets again")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN the slowest queries")
    parser.add_argument("--modes", default="cold,warm", help="cold,warm")
    parser.add_argument("--only", default="", help="page names, e.g. 'start,centres'")
    args = parser.parse_args()

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
        env={**os.environ, "DEBUG": "0", "SECRET_KEY": "bench-collect"},
        check=True,
    )
    print(f"{os.cpu_count()} CPUs; gunicorn 2 workers; wrk -t2 -c{args.connections}", end="")
    print(f" -d{args.duration}s; pool {args.pool or 'off (persistent connections)'}")
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    print_header()
    for size in sizes:
        run_size(size, args, base_url, Path(script.name))
        if args.explain:
            subprocess.run(
                [PYTHON, "scripts/bench.py", "explain-in-process", size],
                cwd=ROOT,
                env={**os.environ, "DATABASE_URL": bench_url(base_url, size)},
                check=True,
            )
    os.unlink(script.name)


if __name__ == "__main__":
    main()
