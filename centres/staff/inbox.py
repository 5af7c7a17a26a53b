"""Residents' messages in the admin: the queue on the start page and the admin to close them.

Editors see their centres' messages, coordinators their Bezirke's, the directory team all
(`CentreScopedAdminMixin`); a message of another centre is a 404. What the resident wrote is
read-only and shown as plain text (escaped, no links). Closing a message (done or rejected)
deletes the resident's e-mail address, name and phone (`centres.services.inbox.message_close`).
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from centres.models import Message
from centres.services.inbox import message_close
from centres.staff.permissions import CentreScopedAdminMixin, is_directory_team

QUEUE_LENGTH = 50
CLOSING_BUTTONS = {"_done": Message.Status.DONE, "_rejected": Message.Status.REJECTED}


def open_messages(user: AbstractBaseUser) -> list[Message]:
    """The open messages of the centres `user` edits or coordinates, newest first (one query)."""
    if not user.is_authenticated:
        return []
    return list(
        Message.objects.open()
        .for_staff(user)
        .select_related("centre", "offering", "room")
        .order_by("-created", "-pk")[:QUEUE_LENGTH]
    )


class MessageAdmin(CentreScopedAdminMixin, admin.ModelAdmin):
    list_display = ["created", "kind", "centre", "offering", "room", "excerpt", "status"]
    list_display_links = ["created", "excerpt"]
    list_filter = ["status", "kind"]
    list_select_related = ["centre", "offering", "room"]
    search_fields = ["text", "centre__name"]
    date_hierarchy = "created"
    fields = [
        "kind",
        "centre",
        "offering",
        "room",
        "requested_date",
        "requested_time_from",
        "requested_time_to",
        "people",
        "text",
        "name",
        "email",
        "phone",
        "language",
        "status",
        "created",
        "closed",
        "closed_by",
    ]
    readonly_fields = fields
    actions = ["mark_done", "mark_rejected"]
    change_form_template = "admin/centres/message/change_form.html"

    @admin.display(description=_("Text"))
    def excerpt(self, message: Message) -> str:
        return Truncator(message.text).chars(80)

    def has_add_permission(self, request):
        return False  # only residents write messages, through the public forms

    def has_delete_permission(self, request, obj=None):
        # Editors close messages; deleting one is the directory team's (e.g. spam).
        return is_directory_team(request.user) and super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        # Every field is read-only: the only change is closing, through the service.
        status = next((CLOSING_BUTTONS[key] for key in CLOSING_BUTTONS if key in request.POST), "")
        request._message_closed = bool(status) and message_close(
            message=obj, status=status, by=request.user
        )

    def response_change(self, request, obj):
        if getattr(request, "_message_closed", False):
            self.message_user(request, self._closed_text(1, obj.status), messages.SUCCESS)
        else:
            self.message_user(request, _("Die Meldung war schon abgeschlossen."), messages.WARNING)
        return HttpResponseRedirect(reverse("admin:centres_message_changelist"))

    @staticmethod
    def _closed_text(count: int, status: str) -> str:
        if status == Message.Status.DONE:
            text = ngettext(
                "%(count)d Meldung als erledigt markiert",
                "%(count)d Meldungen als erledigt markiert",
                count,
            )
        else:
            text = ngettext("%(count)d Meldung abgelehnt", "%(count)d Meldungen abgelehnt", count)
        return (text % {"count": count}) + str(_("; die Kontaktdaten sind gelöscht."))

    def _close_selected(self, request, queryset, status: str):
        closed = sum(
            message_close(message=message, status=status, by=request.user)
            for message in queryset.open()
        )
        self.message_user(request, self._closed_text(closed, status), messages.SUCCESS)
        if "_start" in request.POST:  # the buttons of the start page's queue lead back there
            return HttpResponseRedirect(reverse("admin:index"))
        return None

    @admin.action(description=_("Als erledigt markieren"), permissions=["change"])
    def mark_done(self, request, queryset):
        return self._close_selected(request, queryset, Message.Status.DONE)

    @admin.action(description=_("Ablehnen"), permissions=["change"])
    def mark_rejected(self, request, queryset):
        return self._close_selected(request, queryset, Message.Status.REJECTED)
