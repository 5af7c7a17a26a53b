"""The admin login lockout (django-axes) behind a reverse proxy.

Two locks, both by the client's real address:
- a username from one address after AXES_FAILURE_LIMIT failures, as a growing delay: the next
  attempt from that address for that username waits LOGIN_DELAY_FIRST_SECONDS after the last
  failure, and each further failure doubles the wait, up to LOGIN_DELAY_MAX_SECONDS. Guessing
  one person's password slows to a crawl, but nobody elsewhere can lock that person out, and
  the person's own typos cost a minute, not an hour. Failures are remembered for
  AXES_COOLOFF_TIME (a day) after the last one;
- an address after AXES_ADDRESS_FAILURE_LIMIT failures across usernames within
  AXES_ADDRESS_LOCK_HOURS: trying many usernames from one place stops too (higher, so
  colleagues behind one office address are not locked by one another's typos).

The lockout page says until when (no request ever sleeps). A successful login, deleting the
attempts in the admin ("Fehlgeschlagene Anmeldungen": the directory team, or a coordinator for
the editors of their Bezirk) or `manage.py axes_reset_username` lifts a lock.

The address is `REMOTE_ADDR`, unless that is one of TRUSTED_PROXIES: then the proxy's
`X-Forwarded-For` is read from the right, skipping the trusted proxies, and the first other
address is the client's. A client cannot forge it: what it sends itself is further left.
"""

from __future__ import annotations

import datetime
import ipaddress
import math
from functools import lru_cache

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone


@lru_cache(maxsize=8)
def _networks(
    proxies: tuple[str, ...],
) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _address(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def _trusted(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    return any(address in network for network in _networks(tuple(settings.TRUSTED_PROXIES)))


def client_address(request: HttpRequest) -> str:
    """The client's address as the trusted proxies saw it (AXES_CLIENT_IP_CALLABLE)."""
    remote = request.META.get("REMOTE_ADDR", "")
    remote_address = _address(remote)
    if remote_address is None or not _trusted(remote_address):
        return remote
    forwarded = request.headers.get("x-forwarded-for", "").split(",")
    for hop in reversed(forwarded):
        address = _address(hop)
        if address is None:
            return remote  # a malformed header: the proxy's own address, never a guess
        if not _trusted(address):
            return str(address)
    return remote


def delay_after(failures: int) -> datetime.timedelta | None:
    """The wait after `failures` failures of one username from one address (None: no wait)."""
    beyond = failures - settings.AXES_FAILURE_LIMIT
    if beyond < 0:
        return None
    seconds = settings.LOGIN_DELAY_FIRST_SECONDS * 2 ** min(beyond, 32)
    return datetime.timedelta(seconds=min(seconds, settings.LOGIN_DELAY_MAX_SECONDS))


def pair_locked_until(failures: int, last_failure: datetime.datetime | None):
    """When a username may be tried again from an address after these failures, or None."""
    delay = delay_after(failures)
    if delay is None or last_failure is None:
        return None
    return last_failure + delay


def address_locked_until(address: str, now: datetime.datetime) -> datetime.datetime | None:
    """When an address that tried too many usernames may try again, or None if it may now.

    The failures of the last AXES_ADDRESS_LOCK_HOURS count; the lock lifts when enough of the
    oldest have aged out of that window.
    """
    window = datetime.timedelta(hours=settings.AXES_ADDRESS_LOCK_HOURS)
    attempts = AccessAttempt.objects.filter(
        ip_address=address, attempt_time__gte=now - window
    ).order_by("attempt_time")
    rows = list(attempts.values_list("attempt_time", "failures_since_start"))
    total = sum(failures for _, failures in rows)
    until = None
    for attempt_time, failures in rows:
        if total < settings.AXES_ADDRESS_FAILURE_LIMIT:
            break
        until = attempt_time + window
        total -= failures
    return until


class LockoutHandler(AxesDatabaseHandler):
    """django-axes' database handler with a growing delay for a username from one address,
    and the second lock: by address across usernames."""

    def locked_until(self, request, credentials: dict | None = None):
        """Until when this request's username and address are locked (None: not locked); the
        reason ("address" or "username") is left on the request for the lockout page."""
        now = getattr(request, "axes_attempt_time", None) or timezone.now()
        pair = [
            attempts.aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
            for attempts in self.get_user_attempts(request, credentials)
        ]
        request.axes_pair_failures = max((row["failures"] or 0 for row in pair), default=0)
        candidates = [
            ("username", pair_locked_until(row["failures"] or 0, row["last"])) for row in pair
        ]
        candidates.append(("address", address_locked_until(request.axes_ip_address, now)))
        locks = [(until, reason) for reason, until in candidates if until and until > now]
        if not locks:
            return None
        until, request.lockout_reason = max(locks)
        return until

    def get_failures(self, request, credentials: dict | None = None) -> int:
        until = self.locked_until(request, credentials)
        request.lockout_until = until
        if until is not None:
            return max(request.axes_pair_failures, settings.AXES_FAILURE_LIMIT)
        # Past the delay: one more try (django-axes locks at AXES_FAILURE_LIMIT).
        return min(request.axes_pair_failures, settings.AXES_FAILURE_LIMIT - 1)


def lockout_response(request, original_response=None, credentials=None) -> HttpResponse:
    """The lockout page (AXES_LOCKOUT_CALLABLE): until when, and why; 429 with Retry-After."""
    until = getattr(request, "lockout_until", None)
    if until is None:
        until = LockoutHandler().locked_until(request, credentials)
    now = timezone.now()
    until = until or now
    response = render(
        request,
        settings.AXES_LOCKOUT_TEMPLATE,
        {
            "until": until,
            "same_day": timezone.localdate(until) == timezone.localdate(now),
            "reason": getattr(request, "lockout_reason", "username"),
            "username": get_client_username(request, credentials) or "",
            "first_delay_minutes": settings.LOGIN_DELAY_FIRST_SECONDS // 60,
            "max_delay_minutes": settings.LOGIN_DELAY_MAX_SECONDS // 60,
        },
        status=429,
    )
    response["Retry-After"] = str(max(1, math.ceil((until - now).total_seconds())))
    return response
