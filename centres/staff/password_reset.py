"""Staff reset a forgotten password by e-mail: Django's views, forms and the admin's templates
(German, as the whole admin), with two limits so the form cannot be used to send mail at will.

The login page links "Zugangsdaten vergessen?" because a URL named `admin_password_reset`
exists (stadtteilzentren/urls.py). The person enters an e-mail address; whether an active account
has it is never revealed: the same "sent" page follows either way, and only an existing account
gets a mail, with a link valid for PASSWORD_RESET_TIMEOUT (Django's token: it stops working once
used, or once the password or last login changed).

Limits, per hour, counted in the shared cache under keyed hashes (centres/ratelimit.py):
- PASSWORD_RESET_PER_HOUR requests from one client address; past it, a 429 page (it says
  nothing about any account, as it counts every request alike);
- PASSWORD_RESET_PER_HOUR mails to one e-mail address, however many clients ask; past it, the
  request is answered with the same "sent" page and no mail, so nobody can flood a colleague's
  inbox, nor learn from the answer whether the address is known.

A reset does not pass the second factor: with STAFF_TWO_FACTOR on, the login still asks for
the code. A new password is checked by AUTH_PASSWORD_VALIDATORS, as everywhere.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from centres.ratelimit import HourlyLimit, client_address

REQUESTS_PER_HOUR = HourlyLimit("password_reset", "PASSWORD_RESET_PER_HOUR")
MAILS_PER_HOUR = HourlyLimit("password_reset_mail", "PASSWORD_RESET_PER_HOUR")


class StaffPasswordResetForm(PasswordResetForm):
    """Django's form; an address that has had its mails for the hour gets no further one."""

    def get_users(self, email: str) -> Iterator:
        users = list(super().get_users(email))
        if not users or MAILS_PER_HOUR.reached(email.casefold()):
            return iter(())
        MAILS_PER_HOUR.count(email.casefold())
        return iter(users)


class AdminFrame:
    """The admin's name in the page header and title, as on the login page."""

    def get_context_data(self, **kwargs):
        return {
            "site_header": admin.site.site_header,
            "site_title": admin.site.site_title,
            **super().get_context_data(**kwargs),
        }


class StaffPasswordResetView(AdminFrame, auth_views.PasswordResetView):
    form_class = StaffPasswordResetForm
    # The mail in the site's words (German, as the admin): the username, the link, how long it
    # holds, and that doing nothing keeps the password.
    email_template_name = "admin/password_reset_email.txt"
    subject_template_name = "admin/password_reset_subject.txt"

    @property
    def extra_email_context(self) -> dict:
        return {"valid_hours": settings.PASSWORD_RESET_TIMEOUT // 3600}

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if REQUESTS_PER_HOUR.reached(client_address(request)):
            context = self.get_context_data()
            return render(request, "admin/password_reset_too_many.html", context, status=429)
        REQUESTS_PER_HOUR.count(client_address(request))
        return super().post(request, *args, **kwargs)


class StaffPasswordResetDoneView(AdminFrame, auth_views.PasswordResetDoneView):
    pass


class StaffPasswordResetConfirmView(AdminFrame, auth_views.PasswordResetConfirmView):
    pass


class StaffPasswordResetCompleteView(AdminFrame, auth_views.PasswordResetCompleteView):
    pass
