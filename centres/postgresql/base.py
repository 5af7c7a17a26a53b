"""The backend (ENGINE "centres.postgresql"): see the package's docstring."""

from __future__ import annotations

import contextlib
import heapq
import itertools
import os
import socket
import threading
import time

from django.conf import settings
from django.db.backends.postgresql import base

# A health check is `SELECT 1`: a server that needs longer is treated as gone and the
# connection replaced, which with a silent server still leaves time to answer within seconds.
HEALTH_CHECK_DEADLINE_SECONDS = 1.0
# Statements: the server cancels them after DATABASE_STATEMENT_TIMEOUT; the client gives it a
# little longer to say so before it stops waiting.
STATEMENT_GRACE_SECONDS = 1.0


class SocketWatchdog:
    """One thread per process that shuts down sockets whose deadline has passed."""

    def __init__(self) -> None:
        self._deadlines: list[tuple[float, int, int]] = []  # (deadline, token, fd)
        self._armed: set[int] = set()
        self._tokens = itertools.count()
        self._condition = threading.Condition()
        self._thread: threading.Thread | None = None
        self._pid = 0

    def _ensure_thread(self) -> None:
        # gunicorn forks workers: a thread of the parent does not exist in the child.
        if self._thread is None or self._pid != os.getpid() or not self._thread.is_alive():
            self._pid = os.getpid()
            self._thread = threading.Thread(target=self._run, name="db-deadline", daemon=True)
            self._thread.start()

    @contextlib.contextmanager
    def deadline(self, fd: int, seconds: float):
        with self._condition:
            self._ensure_thread()
            token = next(self._tokens)
            heapq.heappush(self._deadlines, (time.monotonic() + seconds, token, fd))
            self._armed.add(token)
            self._condition.notify()
        try:
            yield
        finally:
            with self._condition:
                self._armed.discard(token)

    def _run(self) -> None:
        while True:
            with self._condition:
                while self._deadlines and self._deadlines[0][1] not in self._armed:
                    heapq.heappop(self._deadlines)  # finished in time
                if not self._deadlines:
                    self._condition.wait()
                    continue
                when, token, fd = self._deadlines[0]
                wait = when - time.monotonic()
                if wait > 0:
                    self._condition.wait(wait)
                    continue
                heapq.heappop(self._deadlines)
                self._armed.discard(token)
                _shut_down(fd)


def _shut_down(fd: int) -> None:
    """End every wait on the socket: the client reads end-of-file, as from a closed server."""
    with contextlib.suppress(OSError), socket.socket(fileno=os.dup(fd)) as duplicate:
        duplicate.shutdown(socket.SHUT_RDWR)


watchdog = SocketWatchdog()


class DatabaseWrapper(base.DatabaseWrapper):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.execute_wrappers.append(self._statement_deadline)
        self.statement_deadline_lifted = False

    @contextlib.contextmanager
    def without_statement_deadline(self):
        """Maintenance that may take longer than a page (ANALYZE after a bulk load): neither the
        server's statement_timeout nor the client's deadline, inside the current transaction."""
        with self.cursor() as cursor:
            cursor.execute("SELECT current_setting('statement_timeout')")
            (timeout,) = cursor.fetchone()
            cursor.execute("SET LOCAL statement_timeout = 0")
        self.statement_deadline_lifted = True
        try:
            yield
        finally:
            self.statement_deadline_lifted = False
            with self.cursor() as cursor:
                cursor.execute("SELECT set_config('statement_timeout', %s, true)", [timeout])

    def _socket(self) -> int | None:
        try:
            return self.connection.fileno() if self.connection is not None else None
        except Exception:  # a closed psycopg connection has no socket
            return None

    def _under_deadline(self, seconds: float):
        fd = self._socket()
        return watchdog.deadline(fd, seconds) if fd is not None else contextlib.nullcontext()

    def _statement_deadline(self, execute, sql, params, many, context):
        seconds = settings.DATABASE_STATEMENT_TIMEOUT
        if not seconds or self.statement_deadline_lifted:
            return execute(sql, params, many, context)
        with self._under_deadline(seconds + STATEMENT_GRACE_SECONDS):
            return execute(sql, params, many, context)

    def is_usable(self) -> bool:
        with self._under_deadline(HEALTH_CHECK_DEADLINE_SECONDS):
            return super().is_usable()
