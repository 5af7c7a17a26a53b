"""Never stale across machines: two gunicorn processes on their own ports, sharing one database
and one Redis, as two app servers behind a load balancer do (docs/caching.md, docs/deploy.md).

An editor unpublishes a centre in the admin of one server; the very next anonymous request to
the other server, which had the centre's list cached, no longer shows it. On PostgreSQL both
servers use the test database; on SQLite (whose test database lives in the test process's
memory) they use a file copy of it, made once the test's rows are written.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from tests.test_page_cache import Browser, unpublish_in_the_admin

ROOT = Path(__file__).resolve().parent.parent
# Its own Redis database: the servers' cache is emptied before and after.
SERVERS_REDIS_URL = os.environ.get("TEST_SERVERS_REDIS_URL", "redis://127.0.0.1:6379/6")


def _redis():
    import redis

    return redis.Redis.from_url(SERVERS_REDIS_URL, socket_connect_timeout=1)


def _redis_answers() -> bool:
    import redis

    try:
        return bool(_redis().ping())
    except redis.RedisError:
        return False


# Two processes share a cache only through Redis. It runs on this project's machines and in CI;
# with TEST_SERVERS_REDIS_URL set, a Redis that does not answer fails the test instead.
pytestmark = pytest.mark.skipif(
    "TEST_SERVERS_REDIS_URL" not in os.environ and not _redis_answers(),
    reason="needs Redis (TEST_SERVERS_REDIS_URL, default redis://127.0.0.1:6379/6)",
)


def _database_url(tmp_path: Path) -> str:
    """An address of the test database that another process can open."""
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        return (
            f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        )
    copy = tmp_path / "shared.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(copy) as target:
        connection.connection.backup(target)
    return f"sqlite:///{copy}"


class Gunicorn:
    """One app server: gunicorn with the production settings, one worker, on a port of its own."""

    def __init__(self, env: dict[str, str], port: int, log: Path) -> None:
        self.base = f"http://127.0.0.1:{port}"
        self.log = log.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "stadtteilzentren.wsgi", "--workers", "1"]
            + ["--bind", f"127.0.0.1:{port}", "--no-control-socket"],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=self.log,
            start_new_session=True,
        )

    def wait_until_up(self, log: Path) -> None:
        deadline = time.monotonic() + 120  # a busy machine loads the code slowly
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"gunicorn stopped:\n{log.read_text()}")
            try:
                urllib.request.urlopen(f"{self.base}/livez/", timeout=10).read()
                return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
        raise AssertionError(f"gunicorn did not answer:\n{log.read_text()}")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def two_servers(tmp_path, collected_static) -> Iterator:
    """Starts two servers on the test's data when called; stops them and empties their cache."""
    started: list[Gunicorn] = []

    def start() -> tuple[Gunicorn, Gunicorn]:
        env = {
            **os.environ,
            "DEBUG": "0",
            # The session cookie of the test's Client is signed with the test's key.
            "SECRET_KEY": settings.SECRET_KEY,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_COOKIES": "0",
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_HSTS_SECONDS": "0",
            "LOG_LEVEL": "WARNING",
            "DATABASE_URL": _database_url(tmp_path),
            "REDIS_URL": SERVERS_REDIS_URL,
            "PAGE_CACHE_ENABLED": "1",
            "STATIC_ROOT": str(collected_static),
        }
        for name in ("one", "two"):
            log = tmp_path / f"gunicorn-{name}.log"
            started.append(Gunicorn(env, _free_port(), log))
        for server, name in zip(started, ("one", "two"), strict=True):
            server.wait_until_up(tmp_path / f"gunicorn-{name}.log")
        return started[0], started[1]

    _redis().flushdb()
    try:
        yield start
    finally:
        for server in started:
            server.stop()
        _redis().flushdb()


@pytest.mark.django_db(transaction=True)
def test_an_editor_unpublishes_on_one_server_and_the_other_stops_listing_it_at_once(
    two_servers, make_staff, centre_a
):
    from centres.staff.roles import EDITOR

    editor = make_staff("alice", EDITOR)
    centre_a.editors.add(editor)
    login = Client()
    login.force_login(editor)
    one, two = two_servers()

    reader = Browser(two.base)
    status, headers, page = reader.get("/zentren/")
    assert (status, headers["X-Cache"]) == (200, "miss")
    status, headers, page = reader.get("/zentren/")
    assert (status, headers["X-Cache"]) == (200, "hit")
    assert "Zentrum Alpha" in page

    staff = Browser(one.base)
    staff.log_in(login.cookies[settings.SESSION_COOKIE_NAME].value)
    unpublish_in_the_admin(staff, centre_a)

    status, headers, page = reader.get("/zentren/")
    assert (status, headers["X-Cache"]) == (200, "miss")
    assert "Zentrum Alpha" not in page
    assert reader.get(centre_a.get_absolute_url())[0] == 404
    # The first server's anonymous visitors see the same.
    assert "Zentrum Alpha" not in Browser(one.base).get("/zentren/")[2]
