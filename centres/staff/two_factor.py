"""Optional two-factor login for staff (django-otp), switched on by STAFF_TWO_FACTOR.

Off (the default): the admin login asks for username and password, as always. On: it also asks
for a code from an authenticator app (TOTP) or one of the person's backup codes (static tokens,
each usable once), and the admin admits only people whose login was confirmed that way. People
without a device cannot log in; the directory team sets one up with
`manage.py staff_two_factor_setup USERNAME`, which prints the address for the app (as text and
QR code) and ten backup codes (docs/staff.md).

The setting is read on every request, so tests switch it with `settings`. A wrong code after a
right password counts as a failed login for django-axes, so the lockout's delays hold for codes
too (on top of django-otp's own growing delay per device).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.admin import AdminSite
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from django_otp.admin import OTPAdminAuthenticationForm
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice


class StaffTwoFactorLoginForm(OTPAdminAuthenticationForm):
    """The admin login with a code field; a wrong code is a failed login for django-axes."""

    otp_error_messages = {
        **OTPAdminAuthenticationForm.otp_error_messages,
        "token_required": _("Bitte geben Sie den Bestätigungscode ein."),
        "invalid_token": _(
            "Der Bestätigungscode stimmt nicht. Bitte geben Sie den aktuellen Code aus Ihrer "
            "Authenticator-App oder einen unbenutzten Ersatzcode ein."
        ),
        "device_required": _(
            "Für dieses Konto ist die Zwei-Faktor-Anmeldung noch nicht eingerichtet (oder es hat "
            "keine Ersatzcodes mehr). Bitte wenden Sie sich an das Verzeichnisteam."
        ),
        "n_failed_attempts": ngettext_lazy(
            "Nach %(failure_count)d falschem Code ist die Prüfung kurz gesperrt. Bitte "
            "versuchen Sie es gleich noch einmal.",
            "Nach %(failure_count)d falschen Codes ist die Prüfung kurz gesperrt. Bitte "
            "versuchen Sie es gleich noch einmal.",
            "failure_count",
        ),
        "verification_not_allowed": _(
            "Die Prüfung des Codes ist gerade gesperrt. Bitte versuchen Sie es gleich noch einmal."
        ),
    }

    def _chosen_device(self, user):
        """The device the code belongs to, by its shape: six digits are the app's, anything
        else a backup code (the form has no device menu; a person has one of each)."""
        token = (self.cleaned_data.get("otp_token") or "").strip()
        model = TOTPDevice if token.isdigit() and len(token) == 6 else StaticDevice
        return model.objects.devices_for_user(user, confirmed=True).first()

    def clean(self):
        try:
            return super().clean()
        except ValidationError:
            if self.user_cache is not None:  # the password was right, the code not
                user_login_failed.send(
                    sender=__name__,
                    credentials={"username": self.cleaned_data.get("username")},
                    request=self.request,
                )
            raise


class StaffAdminSite(AdminSite):
    """The admin site; with STAFF_TWO_FACTOR on, only for logins confirmed by a code."""

    @property
    def login_form(self):
        return StaffTwoFactorLoginForm if settings.STAFF_TWO_FACTOR else AdminAuthenticationForm

    @property
    def login_template(self):
        return "admin/login_two_factor.html" if settings.STAFF_TWO_FACTOR else None

    def has_permission(self, request):
        if not super().has_permission(request):
            return False
        return not settings.STAFF_TWO_FACTOR or request.user.is_verified()
