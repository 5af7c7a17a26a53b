"""The cost of one page-cache hit in this process, without HTTP: Django's WSGI handler called
with a prepared environ, production settings (DEBUG=0, the page cache on, Redis at
BENCH_REDIS_URL), against the database of DATABASE_URL (only the first request per page
renders; every further one is a hit and touches no database). docs/performance.md, "The
page-cache hit path".

    python scripts/bench_hit.py                      # µs per hit for a few pages
    python scripts/bench_hit.py --profile /zentren/  # cProfile of 2,000 hits, top functions
    python scripts/bench_hit.py --log-level INFO     # with the request log line written

and over HTTP: gunicorn with production settings as `make bench` starts it (scripts/bench.py:
2 workers, DEBUG=0, Redis at BENCH_REDIS_URL), `wrk -t2 -c20` on the static CSS and on warm
pages, for one or more source trees one after the other (e.g. a checkout of the commit before a
change, then this one), each page's req/s as a share of the static file's in the same run, and
the CPU time gunicorn's workers spent per request (the static file's as a share of the page's:
what the req/s share would be if the workers alone used the CPUs):

    python scripts/bench_hit.py http --roots /tmp/before,. --repeat 2

Numbers of a shared machine are noisy: compare pages and changes within one run.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = ["/", "/zentren/", "/angebote/", "/en/zentren/"]


def environ(path: str) -> dict:
    path, _, query = path.partition("?")
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1:8000",
        "HTTP_USER_AGENT": "wrk",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }


def workers_cpu(master: int) -> float:
    """CPU seconds used so far by gunicorn's workers (Linux' /proc; 0 elsewhere): per request,
    it says what a request costs the server whatever else the machine is busy with."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:  # ppid
            total += int(fields[11]) + int(fields[12])  # utime + stime, in clock ticks
    return total / os.sysconf("SC_CLK_TCK")


def http(argv: list[str]) -> None:
    """Runs each tree's gunicorn in turn against the database of DATABASE_URL."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import tempfile

    from bench import WRK_SCRIPT, Server, flush_redis, psql, server_env, static_path, wrk

    parser = argparse.ArgumentParser()
    parser.add_argument("--roots", default=".", help="source trees, comma-separated")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--port", type=int, default=8095)
    args = parser.parse_args(argv)
    os.environ.setdefault("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
    url = os.environ["DATABASE_URL"]
    slug = psql(url, "SELECT slug FROM centres_centre WHERE status = 'published' ORDER BY name")
    paths = ["/", "/zentren/", f"/zentren/{slug[0][0]}/", "/angebote/"]
    static = static_path()
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    options = {"duration": args.duration, "connections": 20, "script": Path(script.name)}
    print(f"{os.cpu_count()} CPUs; gunicorn 2 workers; wrk -t2 -c20 -d{args.duration}s")
    print(
        f"{'run':4} {'tree':24} {'page':24} {'req/s':>6} {'p95 ms':>7} {'of static':>9}"
        f" {'CPU µs/req':>10} {'static/page CPU':>15}"
    )
    for run in range(1, args.repeat + 1):
        for root in args.roots.split(","):
            root = Path(root).resolve()
            flush_redis()
            log = Path(tempfile.gettempdir()) / "bench-hit-gunicorn.log"
            server = Server(server_env(url, cache=True, pool=0), args.port, log, root=root)
            try:
                base = f"http://127.0.0.1:{args.port}"
                for path in paths:  # stored once: every request of the run is a hit
                    urllib.request.urlopen(base + path, timeout=120).read()
                first = first_cpu = None
                for path in [static, *paths]:
                    cpu = workers_cpu(server.process.pid)
                    requests, errors, _, p95, _, seconds = wrk(base + path, **options)
                    cpu = (workers_cpu(server.process.pid) - cpu) / requests * 1e6
                    rate = requests / seconds
                    first, first_cpu = first or rate, first_cpu or cpu
                    name = "static CSS" if path == static else path
                    print(
                        f"{run:<4} {str(root)[-24:]:24} {name[:24]:24} {rate:>6.0f}"
                        f" {p95:>7.1f} {100 * rate / first:>8.0f}% {cpu:>10.0f}"
                        f" {100 * first_cpu / cpu:>14.0f}%"
                        + (f"  {errors} errors" if errors else ""),
                        flush=True,
                    )
            finally:
                server.stop()
    os.unlink(script.name)


def main() -> None:
    if sys.argv[1:2] == ["http"]:
        return http(sys.argv[2:])
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hits", type=int, default=2000)
    parser.add_argument("--profile", default="", help="a path to profile")
    parser.add_argument("--log-level", default="WARNING")
    parser.add_argument("--pages", default=",".join(PAGES))
    args = parser.parse_args()

    os.environ.update(
        DEBUG="0",
        SECRET_KEY="bench-hit-throwaway",
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0",
        SECURE_COOKIES="0",
        LOG_LEVEL=args.log_level,
        PAGE_CACHE_ENABLED="1",
        REDIS_URL=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15"),
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stadtteilzentren.settings")
    sys.path.insert(0, str(ROOT))
    # Log lines to nowhere: what is measured is making them, not the terminal.
    sys.stderr = open(os.devnull, "w")  # noqa: SIM115
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()

    def hit(path: str) -> str:
        status = []
        body = application(environ(path), lambda s, headers: status.append((s, headers)))
        b"".join(body)
        body.close()
        return status[0][0] + " " + dict(status[0][1]).get("X-Cache", "-")

    def out(line: str) -> None:
        print(line, file=sys.__stdout__, flush=True)

    paths = [args.profile] if args.profile else args.pages.split(",")
    for path in paths:
        first = hit(path)
        second = hit(path)
        if not second.endswith("hit"):
            raise SystemExit(f"{path}: not a hit ({first}, then {second})")
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.hits):
            hit(args.profile)
        profiler.disable()
        stream = io.StringIO()
        stats = pstats.Stats(profiler, stream=stream)
        stats.sort_stats("cumulative").print_stats(45)
        stats.sort_stats("tottime").print_stats(30)
        out(stream.getvalue())
        return
    # CPU time of this process (what a busy machine inflates least; Redis' own work is not in
    # it) and wall-clock time (with the round trips to Redis).
    for path in paths:
        started, cpu = time.perf_counter(), time.process_time()
        for _ in range(args.hits):
            hit(path)
        wall = (time.perf_counter() - started) / args.hits * 1e6
        cpu = (time.process_time() - cpu) / args.hits * 1e6
        out(f"{path:20} {cpu:6.0f} µs CPU {wall:6.0f} µs wall per hit ({args.hits:,} hits)")


if __name__ == "__main__":
    main()
