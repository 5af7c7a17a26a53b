"""Staff logins as the directory team sees them: failed attempts that may lock an account.

A proxy of django-axes' AccessAttempt: the same table, named and described in German (axes
names each row "Attempted Access: <timestamp>"), so lifting a lockout reads as German.
"""

from __future__ import annotations

from axes.models import AccessAttempt
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LoginAttempt(AccessAttempt):
    class Meta:
        proxy = True
        verbose_name = _("Fehlgeschlagene Anmeldung")
        verbose_name_plural = _("Fehlgeschlagene Anmeldungen (Login-Sperren)")

    def __str__(self) -> str:
        return _("%(username)s von %(address)s, zuletzt am %(when)s") % {
            "username": self.username or "?",
            "address": self.ip_address or "?",
            "when": f"{timezone.localtime(self.attempt_time):%d.%m.%Y %H:%M}",
        }
