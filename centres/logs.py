"""Logging that helps the operator rather than filling the disk."""

from __future__ import annotations

import contextvars
import json
import logging
import re
import time
import uuid
from collections import OrderedDict


class DisallowedHostOncePerHost(logging.Filter):
    """Lets the first record per unknown `Host` through, as a WARNING without a traceback.

    Scanners send thousands of requests with made-up hosts; Django logs each as an ERROR with a
    full traceback. The operator needs to know which hosts were tried, not each try. The most
    recently seen hosts are remembered (a bounded number, so a flood of random hosts cannot
    grow the memory of a worker).
    """

    REMEMBERED_HOSTS = 1000

    def __init__(self, name: str = "") -> None:
        super().__init__(name)
        self.seen: OrderedDict[str, None] = OrderedDict()

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        host = request.headers.get("host", "") if request is not None else record.getMessage()
        if host in self.seen:
            self.seen.move_to_end(host)
            return False
        self.seen[host] = None
        if len(self.seen) > self.REMEMBERED_HOSTS:
            self.seen.popitem(last=False)
        record.levelno, record.levelname = logging.WARNING, logging.getLevelName(logging.WARNING)
        record.exc_info = record.exc_text = None
        record.stack_info = None
        return True


# --- Structured request logs ---------------------------------------------------------------
#
# One JSON line per request (method, path without query string, view, status, duration, request
# id) and every other record as a JSON line carrying the request id of the request it belongs
# to. No personal data: no IP address, no user, no query string (it may hold a position from
# "near me" or a search for a person's name), no cookies.


REQUEST_ID_HEADER = "X-Request-ID"
_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
# An id from the proxy is used only if it looks like one (it ends up in every log line).
_VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
request_logger = logging.getLogger("centres.requests")


class RequestIdFilter(logging.Filter):
    """Adds the current request's id to every record (an empty string outside requests)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = getattr(record, "request_id", None) or _request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """A record as one JSON line; an exception's traceback in "exception"."""

    FIELDS = ("method", "path", "view", "status", "duration_ms")

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "") or _request_id.get(),
        }
        line |= {field: getattr(record, field) for field in self.FIELDS if hasattr(record, field)}
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


class RequestLogMiddleware:
    """Gives each request an id (the proxy's `X-Request-ID` if sensible, else a new one),
    answers with it in `X-Request-ID`, and logs one line when the response is ready."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("x-request-id", "")
        request_id = incoming if _VALID_REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
        token = _request_id.set(request_id)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request_id
            match = getattr(request, "resolver_match", None)
            request_logger.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "view": match.view_name if match else "",
                    "status": response.status_code,
                    "duration_ms": round((time.monotonic() - started) * 1000, 1),
                },
            )
            return response
        finally:
            _request_id.reset(token)
