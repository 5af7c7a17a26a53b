"""A resident asks for a room: the form "Raum anfragen" on every public room page (issue 15).

It is a residents' message of kind ROOM_REQUEST (centres/inbox.py): the same own page, thanks
page and protection (honeypot, hourly limit in the shared cache, CSRF on the cached room page,
length limits), and it reaches only the room's centre's editors and coordinators. What it adds:
the day (never a past one), an optional time from/to, how many people and a phone number. The
e-mail address is required: the centre has to answer. The room's seats are a hint beside the
field, never a refusal: the centre knows best whether a few more fit. Docs: docs/rooms.md.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views import View
from django.views.decorators.cache import never_cache

from centres.inbox import MessageView, ResidentForm, Target
from centres.models import Message, Room
from centres.models.inbox import (
    EMAIL_MAX_LENGTH,
    NAME_MAX_LENGTH,
    PEOPLE_MAX,
    PHONE_MAX_LENGTH,
    TEXT_MAX_LENGTH,
)


class RoomRequestForm(ResidentForm):
    """One day with an optional time, rather than one free-text "wann": the editors can sort and
    check a date against their calendar, and a past day is refused at once. A series ("jeden
    Dienstag") goes into the text."""

    text = forms.CharField(
        label=_("Wofür möchten Sie den Raum nutzen?"),
        help_text=_(
            "Zum Beispiel: Treffen unserer Mietergemeinschaft, Geburtstagsfeier, Chorprobe. "
            "Wenn es regelmäßig sein soll, schreiben Sie es hier dazu."
        ),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    date = forms.DateField(
        label=_("An welchem Tag?"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    time_from = forms.TimeField(
        label=_("Von (Uhrzeit, freiwillig)"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    time_to = forms.TimeField(
        label=_("Bis (Uhrzeit, freiwillig)"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    people = forms.IntegerField(
        label=_("Wie viele Personen kommen?"),
        min_value=1,
        max_value=PEOPLE_MAX,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    name = forms.CharField(label=_("Ihr Name"), max_length=NAME_MAX_LENGTH)
    email = forms.EmailField(
        label=_("Ihre E-Mail-Adresse"),
        max_length=EMAIL_MAX_LENGTH,
        help_text=_("Damit das Zentrum Ihnen antworten kann."),
    )
    phone = forms.CharField(
        label=_("Ihre Telefonnummer (freiwillig)"),
        required=False,
        max_length=PHONE_MAX_LENGTH,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        help_text=_(
            "Ihren Namen, Ihre E-Mail-Adresse und Ihre Telefonnummer löschen wir, sobald Ihre "
            "Anfrage erledigt ist."
        ),
    )
    field_order = ["text", "date", "time_from", "time_to", "people", "name", "email", "phone"]
    kept = ("text", "date", "time_from", "time_to", "people", "name", "email", "phone")

    def __init__(self, *args: Any, room: Room | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        if room is not None and room.seats:
            self.fields["people"].help_text = ngettext(
                "Der Raum hat %(seats)d Platz.", "Der Raum hat %(seats)d Plätze.", room.seats
            ) % {"seats": room.seats}

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date < timezone.localdate():
            raise forms.ValidationError(
                _(
                    "Der Tag liegt in der Vergangenheit. Bitte wählen Sie heute oder einen späteren Tag."
                )
            )
        return date

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("time_from"), cleaned.get("time_to")
        if start and end and end <= start:
            self.add_error("time_to", _("Das Ende muss nach dem Beginn liegen."))
        return cleaned

    def message_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "phone": data.get("phone", "").strip(),
            "requested_date": data["date"],
            "requested_time_from": data.get("time_from"),
            "requested_time_to": data.get("time_to"),
            "people": data["people"],
        }


def _room(slug: str) -> Room:
    """A public room (a draft room, or one of a draft centre, is a 404)."""
    return get_object_or_404(Room.objects.published().select_related("centre__district"), slug=slug)


class RoomRequestView(MessageView):
    kind = Message.Kind.ROOM_REQUEST
    form_class = RoomRequestForm
    thanks_url_name = "centres:room_request_thanks"
    heading = _("Raum anfragen")

    def get_target(self, slug: str) -> Target:
        room = _room(slug)
        self.room = room
        centre = room.centre
        return Target(
            centre=centre,
            title=room.name,
            url=room.get_absolute_url(),
            fields={"room": room},
            trail=[
                (reverse("centres:room_list"), str(_("Räume"))),
                (centre.get_absolute_url(), centre.name),
                (room.get_absolute_url(), room.name),
            ],
        )

    def form(self, **kwargs: Any) -> ResidentForm:
        return self.form_class(auto_id="inbox-%s", room=getattr(self, "room", None), **kwargs)


@method_decorator(never_cache, name="dispatch")
class RoomRequestThanksView(View):
    """After a room request: what happens next (stores nothing)."""

    def get(self, request: HttpRequest, slug: str) -> HttpResponse:
        room = _room(slug)
        return render(
            request,
            "centres/inbox/thanks.html",
            {"kind": Message.Kind.ROOM_REQUEST, "title": room.name, "url": room.get_absolute_url()},
        )
