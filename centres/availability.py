"""The site answers even when its database does not: 503 pages, health and liveness checks.

A database that is down or silent must not freeze the site. The connection and statement
timeouts (settings: DATABASE_CONNECT_TIMEOUT, DATABASE_STATEMENT_TIMEOUT) turn a hang into an
error within seconds; this module turns that error into the friendly "vorübergehend nicht
erreichbar" page with status 503 and `Retry-After`, instead of a bare 500. Nothing is kept
between requests: the next request connects again, so the site recovers by itself as soon as
the database answers.

`/livez/` (the process answers; touches no database) and `/healthz/` (database and cache
answer) are served before the rest of the middleware, without `Host` validation, so a
platform's health check may call them by IP address over plain HTTP.
"""

from __future__ import annotations

import logging
import secrets
import sys

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.views import defaults

from centres.routers import REPLICA, replica_in_use

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
LIVENESS_PATH = "/livez/"
HEALTH_PATH = "/healthz/"
# What a database that is down, refuses, hangs or cancelled a slow statement raises.
UNAVAILABLE_ERRORS = (OperationalError, InterfaceError)


def database_unavailable_response(error: BaseException) -> HttpResponse:
    """The 503 page; rendered without request context, so nothing in it can query."""
    logger.warning("Database unavailable, answered 503: %s: %s", type(error).__name__, error)
    response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """A view or template that cannot reach the database answers 503, not 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if isinstance(exception, UNAVAILABLE_ERRORS):
            return database_unavailable_response(exception)
        return None


def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponse:
    """handler500: a database error raised outside a view (in a middleware) is a 503 too."""
    error = sys.exc_info()[1]
    if isinstance(error, UNAVAILABLE_ERRORS):
        return database_unavailable_response(error)
    return defaults.server_error(request, template_name)


class HealthCheckMiddleware:
    """Answers the platform's checks first, before `Host` validation and the HTTPS redirect."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path == LIVENESS_PATH:
            response = HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
        elif request.path == HEALTH_PATH:
            response = health_response()
        else:
            return self.get_response(request)
        response["Cache-Control"] = "no-store"
        return response


def _database_answers(alias: str = "default") -> bool:
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError as error:
        logger.warning("Health check: %s: %s: %s", alias, type(error).__name__, error)
        return False


def _cache_answers() -> bool:
    token = secrets.token_hex(8)
    try:
        cache.set("healthz", token, timeout=10)
        return cache.get("healthz") == token
    except Exception as error:  # any backend's connection error (Redis, memcached)
        logger.warning("Health check: cache: %s: %s", type(error).__name__, error)
        return False


def health_response() -> HttpResponse:
    checks = {"database": _database_answers(), "cache": _cache_answers()}
    if replica_in_use():  # DATABASE_REPLICA_URL: anonymous pages read from it
        checks["replica"] = _database_answers(REPLICA)
    healthy = all(checks.values())
    body = {"status": "ok" if healthy else "unavailable"} | {
        name: "ok" if answered else "unavailable" for name, answered in checks.items()
    }
    response = JsonResponse(body, status=200 if healthy else 503)
    if not healthy:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class RequestBodyLimitMiddleware:
    """Refuses a request whose declared body is larger than MAX_REQUEST_BODY_BYTES with 413,
    before any of it is read (the largest legitimate body is a 5 MB photo with its form; a photo a little over gets
    the form's own message).

    Django itself limits only the non-file form fields (DATA_UPLOAD_MAX_MEMORY_SIZE); a body
    sent without a length (chunked) is left to the proxy's limit (docs/deploy.md).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            declared = int(request.headers.get("content-length") or 0)
        except ValueError:
            declared = 0
        if declared > settings.MAX_REQUEST_BODY_BYTES:
            logger.warning("Request body of %d bytes refused (413).", declared)
            response = HttpResponse(loader.render_to_string("413.html"), status=413)
            response["Connection"] = "close"
            return response
        return self.get_response(request)
