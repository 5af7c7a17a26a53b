"""A database that hangs or is down gives the friendly 503 page within seconds, and the site
recovers by itself when the database answers again.

The site runs in a real WSGI server in a thread of the test (Django's request signals and
connection handling as in production); its database is reached through a door the test opens
and shuts: a port that accepts connections and never answers, a port that refuses them, and
(on PostgreSQL) a proxy to the real test database.
"""

import contextlib
import socket
import threading
import urllib.error
import urllib.request
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection, connections
from django.db.utils import ConnectionHandler

from stadtteilzentren.settings import database_config

# The page must answer within this; a hang longer than that fails the request.
ANSWER_WITHIN_SECONDS = 5
POSTGRESQL = connection.vendor == "postgresql"


class SilentDatabase:
    """A TCP port that accepts every connection and never says a word (a hung server); with
    `upstream`, a proxy to the real database until `fall_silent()`, and again after `answer()`."""

    def __init__(self, upstream: tuple[str, int] | None = None) -> None:
        self.upstream = upstream
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.forwarding = upstream is not None
        self.frozen = False
        self.held: list[socket.socket] = []
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            with self.lock:
                self.held.append(client)
                forwarding = self.forwarding
            if forwarding:
                server = socket.create_connection(self.upstream)
                with self.lock:
                    self.held.append(server)
                for source, target in ((client, server), (server, client)):
                    threading.Thread(target=self._pipe, args=(source, target), daemon=True).start()

    def _pipe(self, source: socket.socket, target: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                if not self.frozen:
                    target.sendall(data)
        for end in (source, target):
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)

    def fall_silent(self) -> None:
        """Drop the open connections; new ones are accepted and never answered."""
        with self.lock:
            self.forwarding = False
            for held in self.held:
                with contextlib.suppress(OSError):
                    held.shutdown(socket.SHUT_RDWR)
                held.close()
            self.held.clear()

    def freeze(self) -> None:
        """Keep the open connections open, but pass nothing on (a paused server): only the
        client's own deadline can end a wait on them. New connections are never answered."""
        with self.lock:
            self.frozen = True
            self.forwarding = False

    def answer(self) -> None:
        with self.lock:
            self.frozen = False
            self.forwarding = self.upstream is not None

    def close(self) -> None:
        self.fall_silent()
        self.listener.close()


def refusing_port() -> int:
    """A port nobody listens on: connecting is refused at once."""
    with socket.create_server(("127.0.0.1", 0)) as probe:
        return probe.getsockname()[1]


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def site_with_database_at(port: int, django_db_blocker):
    """The whole site served over HTTP, its default database at 127.0.0.1:port."""
    test_database = connection.settings_dict
    user = test_database["USER"] if POSTGRESQL else "postgres"
    name = test_database["NAME"] if POSTGRESQL else "stadtteilzentren"
    database = database_config(
        f"postgres://{user}@127.0.0.1:{port}/{name}",
        connect_timeout=settings.DATABASE_CONNECT_TIMEOUT,
        statement_timeout=settings.DATABASE_STATEMENT_TIMEOUT,
    )
    if POSTGRESQL:
        database["PASSWORD"] = test_database["PASSWORD"]
    server = make_server("127.0.0.1", 0, WSGIHandler(), WSGIServer, QuietHandler)

    def serve() -> None:
        # Connections belong to their thread: only the server's thread uses the door.
        connections["default"] = ConnectionHandler({"default": database})["default"]
        try:
            server.serve_forever(poll_interval=0.05)
        finally:
            connections["default"].close()

    with django_db_blocker.unblock():
        thread = threading.Thread(target=serve, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_port}"
        finally:
            # A request that still hangs (the test failed) must not hang the test run too.
            threading.Thread(target=server.shutdown, daemon=True).start()
            thread.join(timeout=ANSWER_WITHIN_SECONDS * 2)
            server.server_close()


def fetch(url: str) -> tuple[int, dict, str]:
    try:
        with urllib.request.urlopen(url, timeout=ANSWER_WITHIN_SECONDS) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def assert_friendly_503(status: int, headers: dict, body: str) -> None:
    assert status == 503
    assert headers["Retry-After"] == "30"
    assert "vorübergehend nicht erreichbar" in body
    assert "Bitte versuchen Sie es in ein paar Minuten noch einmal" in body


@pytest.fixture
def silent_database():
    database = SilentDatabase()
    yield database
    database.close()


@pytest.mark.parametrize("path", ["/", "/zentren/", "/zentren/?q=Beratung", "/angebote/"])
def test_a_hung_database_gives_the_friendly_503_page_in_time(
    silent_database, django_db_blocker, path
):
    with site_with_database_at(silent_database.port, django_db_blocker) as site:
        assert_friendly_503(*fetch(site + path))


def test_the_admin_login_page_needs_no_database(silent_database, django_db_blocker):
    with site_with_database_at(silent_database.port, django_db_blocker) as site:
        status, _, body = fetch(site + "/admin/login/")

    assert status == 200
    assert "Anmelden" in body


@pytest.mark.parametrize("path", ["/", "/bezirke/neukoelln/", "/uebersicht/"])
def test_a_stopped_database_gives_the_friendly_503_page(django_db_blocker, path):
    with site_with_database_at(refusing_port(), django_db_blocker) as site:
        assert_friendly_503(*fetch(site + path))


def test_without_a_database_liveness_answers_and_health_says_what_is_missing(
    silent_database, django_db_blocker
):
    with site_with_database_at(silent_database.port, django_db_blocker) as site:
        live = fetch(site + "/livez/")
        health = fetch(site + "/healthz/")

    assert live[0] == 200
    assert live[2] == "ok\n"
    assert health[0] == 503
    assert '"database": "unavailable"' in health[2]
    assert '"cache": "ok"' in health[2]


postgresql_only = pytest.mark.skipif(
    not POSTGRESQL, reason="PostgreSQL only: the proxy forwards to the real test database"
)


@pytest.fixture(autouse=True)
def rendered_pages(settings):
    """These tests are about pages rendered during an outage; a page already in the page cache
    would still answer from there (docs/caching.md), which is what the cache is for."""
    settings.PAGE_CACHE_ENABLED = False


@pytest.fixture
def database_door():
    """A proxy to the real test database that the test can silence and open again."""
    upstream = (
        connection.settings_dict["HOST"] or "127.0.0.1",
        int(connection.settings_dict["PORT"] or 5432),
    )
    door = SilentDatabase(upstream=upstream)
    yield door
    door.close()


@postgresql_only
def test_the_site_recovers_by_itself_when_the_database_answers_again(
    django_db_blocker, db, database_door
):
    with site_with_database_at(database_door.port, django_db_blocker) as site:
        assert fetch(site + "/")[0] == 200
        assert fetch(site + "/healthz/")[0] == 200

        database_door.fall_silent()
        assert_friendly_503(*fetch(site + "/"))
        assert fetch(site + "/healthz/")[0] == 503

        database_door.answer()
        assert fetch(site + "/")[0] == 200
        status, _, body = fetch(site + "/healthz/")
        assert status == 200
        assert body == '{"status": "ok", "database": "ok", "cache": "ok"}'


@postgresql_only
def test_a_database_that_stops_answering_on_open_connections_gives_503_then_recovers(
    django_db_blocker, db, database_door
):
    with site_with_database_at(database_door.port, django_db_blocker) as site:
        assert fetch(site + "/zentren/")[0] == 200  # a persistent connection is open now

        database_door.freeze()
        assert_friendly_503(*fetch(site + "/zentren/"))
        assert_friendly_503(*fetch(site + "/"))

        database_door.answer()
        assert fetch(site + "/zentren/")[0] == 200


@postgresql_only
def test_maintenance_may_outlast_the_statement_timeout_and_pages_may_not_afterwards(db, settings):
    from django.db import OperationalError, transaction

    settings.DATABASE_STATEMENT_TIMEOUT = 1
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = 1000")  # what a page's connection has
        with connection.without_statement_deadline():
            cursor.execute("SELECT pg_sleep(1.5)")  # an ANALYZE after a bulk load, say

        with pytest.raises(OperationalError), transaction.atomic():
            cursor.execute("SELECT pg_sleep(1.5)")
