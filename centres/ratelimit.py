"""Limits per hour, counted in the shared cache: how often one client address may send a
resident's message (centres/inbox.py) or ask for a password reset, and how many reset mails one
e-mail address may receive (centres/staff/password_reset.py).

The cache is Redis in production, so a limit holds across workers and app instances. What is
counted is stored only as a keyed hash (`salted_hmac`): the cache never holds an address in
the clear. The client address is the one the login lockout reads (AXES_CLIENT_IP_CALLABLE:
behind TRUSTED_PROXIES, the address they forwarded).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.crypto import salted_hmac
from django.utils.module_loading import import_string

WINDOW_SECONDS = 3600


def client_address(request: HttpRequest) -> str:
    """The client's address as the login lockout reads it."""
    return import_string(settings.AXES_CLIENT_IP_CALLABLE)(request)


@dataclass(frozen=True)
class HourlyLimit:
    """At most `settings.<setting>` of one thing per hour for one value (an address); the hour
    starts with the first. The setting is read on each use, so tests may change it."""

    scope: str
    setting: str

    def key(self, value: str) -> str:
        digest = salted_hmac(f"centres.{self.scope}.rate", value, algorithm="sha256").hexdigest()
        return f"{self.scope}:rate:{digest}"

    def reached(self, value: str) -> bool:
        return (cache.get(self.key(value)) or 0) >= getattr(settings, self.setting)

    def count(self, value: str) -> None:
        key = self.key(value)
        cache.add(key, 0, timeout=WINDOW_SECONDS)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr: this one starts a new hour
            cache.add(key, 1, timeout=WINDOW_SECONDS)
