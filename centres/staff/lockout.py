"""The admin login lockout (django-axes) behind a reverse proxy.

Two locks, both by the client's real address:
- a username from one address after AXES_FAILURE_LIMIT failures: guessing one person's password
  stops, but nobody elsewhere can lock that person out;
- an address after AXES_ADDRESS_FAILURE_LIMIT failures across usernames: trying many usernames
  from one place stops too (higher, so colleagues behind one office address are not locked by
  one another's typos).

The address is `REMOTE_ADDR`, unless that is one of TRUSTED_PROXIES: then the proxy's
`X-Forwarded-For` is read from the right, skipping the trusted proxies, and the first other
address is the client's. A client cannot forge it: what it sends itself is further left.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest


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


class LockoutHandler(AxesDatabaseHandler):
    """django-axes' database handler with the second lock: by address across usernames."""

    def get_failures(self, request, credentials: dict | None = None) -> int:
        pair = super().get_failures(request, credentials)
        address = request.axes_ip_address
        across_usernames = (
            AccessAttempt.objects.filter(ip_address=address).aggregate(
                total=Sum("failures_since_start")
            )["total"]
            or 0
        )
        if across_usernames >= settings.AXES_ADDRESS_FAILURE_LIMIT:
            return max(pair, settings.AXES_FAILURE_LIMIT)  # locked, whatever the username
        return pair
