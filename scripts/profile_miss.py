"""Where a cache miss spends its time: each address rendered by Django's test client against
DATABASE_URL (a bench database), with the total, the time in SQL and the slowest statements.
As `make bench`'s miss mode: the page cache is on (in this process's memory) and every request
carries a parameter of its own, so the page is rendered while what is cached per data version
and filter (the list's total, the figures of every Bezirk) is reused; `--cold` turns the page
cache off (everything computed).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/stz_bench_bench_country \
        .venv/bin/python scripts/profile_miss.py /angebote/ '/zentren/?q=beratung'

Each address is asked for twice; the second answer is reported (the first warms Python's
imports and PostgreSQL's buffers, as a running server has them). The settings are production's,
as `make bench` runs the server (DEBUG off, hashed static files from STATIC_ROOT).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHOWN_STATEMENTS = 4
SHOWN_SQL = 160


def main(addresses: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stadtteilzentren.settings")
    # As `make bench` runs the server: production settings (hashed static files: `make bench`
    # or `manage.py collectstatic` has filled STATIC_ROOT).
    os.environ.update(
        DEBUG="0",
        SECRET_KEY="profile-throwaway-" + os.urandom(8).hex(),
        ALLOWED_HOSTS="localhost",
        SECURE_COOKIES="0",
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0",
    )
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    cold = "--cold" in addresses
    addresses = [address for address in addresses if address != "--cold"] or ["/"]
    os.environ["PAGE_CACHE_ENABLED"] = "false" if cold else "true"
    os.environ.pop("REDIS_URL", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="localhost")
    for address in addresses:
        client.get(unseen(address, 1))
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(unseen(address, 2))
            total = (time.perf_counter() - started) * 1000
        in_sql = sum(float(query["time"]) for query in queries.captured_queries) * 1000
        print(
            f"{address}: {response.status_code}, {total:.0f} ms, {len(queries)} queries"
            f" ({in_sql:.0f} ms in SQL, {total - in_sql:.0f} ms in Python)"
        )
        slowest = sorted(queries.captured_queries, key=lambda query: -float(query["time"]))
        for query in slowest[:SHOWN_STATEMENTS]:
            print(f"  {float(query['time']) * 1000:6.1f} ms  {query['sql'][:SHOWN_SQL]}")


def unseen(address: str, number: int) -> str:
    """The address with a parameter the page cache has not seen (`bench.py`'s miss mode)."""
    return f"{address}{'&' if '?' in address else '?'}bench_miss=profile-{os.getpid()}-{number}"


if __name__ == "__main__":
    main(sys.argv[1:])
