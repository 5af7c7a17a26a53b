"""Reads of anonymous visitors from a replica, everything else from the primary.

With DATABASE_REPLICA_URL set (stadtteilzentren/settings.py) the database alias `replica`
exists and `PrimaryReplicaRouter` is installed. `ReadReplicaMiddleware` marks each request:
an anonymous GET or HEAD of a public page may read from the replica; a request that writes
(any other method), that carries a session or CSRF cookie (logged-in staff, anyone mid-form) or
that goes to the admin reads from the primary, so an editor sees their own change at once,
whatever the replica's lag. Everything outside a request (management commands, migrations,
the shell, tests) uses the primary. Writes always go to the primary; migrations run only there.
docs/deploy.md, "Beyond one machine".
"""

from __future__ import annotations

from contextvars import ContextVar

from django.conf import settings
from django.db import connections
from django.http import HttpRequest, HttpResponse

from centres.pagecache import is_personal

PRIMARY = "default"
REPLICA = "replica"

ROUTER = "centres.routers.PrimaryReplicaRouter"

# Whether the current request may read from the replica; off outside requests.
_replica_reads: ContextVar[bool] = ContextVar("replica_reads", default=False)


def replica_in_use() -> bool:
    """Whether a replica is configured and routed to (settings, from DATABASE_REPLICA_URL)."""
    return REPLICA in connections.settings and ROUTER in settings.DATABASE_ROUTERS


def may_read_from_replica(request: HttpRequest) -> bool:
    """An anonymous read of a public page: no write, no session, not the admin. Decided on the
    cookies' presence, as the page cache does (centres/pagecache.py), without loading a
    session."""
    return (
        request.method in ("GET", "HEAD")
        and not is_personal(request)
        and not request.path_info.startswith(f"/{settings.ADMIN_PATH}")
    )


class ReadReplicaMiddleware:
    """Marks the request for `PrimaryReplicaRouter`; does nothing without a replica."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not replica_in_use():
            return self.get_response(request)
        token = _replica_reads.set(may_read_from_replica(request))
        try:
            return self.get_response(request)
        finally:
            _replica_reads.reset(token)


class PrimaryReplicaRouter:
    """Reads from the replica where the request allows it; writes and migrations on the
    primary. Rows of both are one database, so relations between them are allowed."""

    def db_for_read(self, model, **hints) -> str:
        if _replica_reads.get() and REPLICA in connections.settings:
            return REPLICA
        return PRIMARY

    def db_for_write(self, model, **hints) -> str:
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True

    def allow_migrate(self, db: str, app_label: str, **hints) -> bool:
        return db == PRIMARY
