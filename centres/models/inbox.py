"""What residents send to a centre's editors: corrections, ideas and room requests.

Nothing here is ever shown on a public page. A message holds the resident's contact only
while it is open: closing it (done or rejected, `centres.services.inbox.message_close`) deletes
the e-mail address, the name and the phone number, and a constraint keeps the database to it. No history table:
a version table would keep the address after it was deleted. A closed message itself is deleted
`INBOX_RETENTION_DAYS` after closing (`centres.services.inbox.inbox_purge`, run daily).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import GreaterThan, LessThanOrEqual
from django.utils.translation import gettext_lazy as _

from centres.models.centres import Centre
from centres.models.offerings import Offering
from centres.models.rooms import Room

# Length limits of what a resident may send, said once: the form, the model and the database.
TEXT_MAX_LENGTH = 2000
NAME_MAX_LENGTH = 100
EMAIL_MAX_LENGTH = 254
PHONE_MAX_LENGTH = 40
PEOPLE_MAX = 10_000


class MessageQuerySet(models.QuerySet):
    def open(self) -> MessageQuerySet:
        return self.filter(status=MessageStatus.OPEN)

    def closed_before(self, moment: datetime.datetime) -> MessageQuerySet:
        """Done or rejected before `moment`; an open message never is."""
        return self.exclude(status=MessageStatus.OPEN).filter(closed__lt=moment)

    def for_staff(self, user) -> MessageQuerySet:
        """The messages of the centres `user` edits or whose Bezirk they coordinate (the start
        page's queue; the admin's scope is `staff.permissions.editable_centres`)."""
        centres = Centre.objects.filter(Q(editors=user) | Q(district__coordinators=user))
        return self.filter(centre__in=centres.values("pk"))


class MessageKind(models.TextChoices):
    CORRECTION = "correction", _("Änderung gemeldet")
    IDEA = "idea", _("Eigene Idee")
    ROOM_REQUEST = "room_request", _("Raumanfrage")


class MessageStatus(models.TextChoices):
    OPEN = "open", _("offen")
    DONE = "done", _("erledigt")
    REJECTED = "rejected", _("abgelehnt")


class Message(models.Model):
    Kind = MessageKind
    Status = MessageStatus

    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="messages", verbose_name=_("Zentrum")
    )
    offering = models.ForeignKey(
        Offering,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="messages",
        verbose_name=_("Angebot"),
    )
    # A room request: the room and when, how many, how to call back (docs/rooms.md). A deleted
    # room leaves its open requests with the centre's editors (SET_NULL): someone still waits
    # for an answer.
    room = models.ForeignKey(
        Room,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="messages",
        verbose_name=_("Raum"),
    )
    requested_date = models.DateField(_("Gewünschter Tag"), null=True, blank=True)
    requested_time_from = models.TimeField(_("Von"), null=True, blank=True)
    requested_time_to = models.TimeField(_("Bis"), null=True, blank=True)
    people = models.PositiveIntegerField(_("Personen"), null=True, blank=True)
    text = models.TextField(_("Text"), max_length=TEXT_MAX_LENGTH)
    name = models.CharField(_("Name"), max_length=NAME_MAX_LENGTH, blank=True)
    email = models.EmailField(_("E-Mail-Adresse"), max_length=EMAIL_MAX_LENGTH, blank=True)
    phone = models.CharField(_("Telefon"), max_length=PHONE_MAX_LENGTH, blank=True)
    language = models.CharField(
        _("Sprache der Seite"), max_length=8, choices=settings.LANGUAGES, default="de"
    )
    status = models.CharField(
        _("Status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    created = models.DateTimeField(_("Eingegangen am"), auto_now_add=True)
    closed = models.DateTimeField(_("Abgeschlossen am"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Abgeschlossen von"),
    )

    objects = MessageQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("Meldung")
        verbose_name_plural = _("Meldungen aus der Nachbarschaft")
        indexes = [models.Index(fields=["centre", "status"], name="centres_message_queue")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=MessageKind.values),
                name="centres_message_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=MessageStatus.values),
                name="centres_message_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(
                    GreaterThan(Length("text"), 0),
                    LessThanOrEqual(Length("text"), TEXT_MAX_LENGTH),
                ),
                name="centres_message_text_length",
            ),
            # Open, or closed with its time: a closed message says when.
            models.CheckConstraint(
                condition=Q(status="open", closed__isnull=True)
                | (~Q(status="open") & Q(closed__isnull=False)),
                name="centres_message_closed_when_closed",
            ),
            # Data minimisation kept by the database: no contact on a closed message.
            models.CheckConstraint(
                condition=Q(status="open") | Q(email="", name="", phone=""),
                name="centres_message_closed_without_contact",
            ),
            models.CheckConstraint(
                condition=Q(people__isnull=True) | Q(people__gte=1, people__lte=PEOPLE_MAX),
                name="centres_message_people_range",
            ),
        ]

    def __str__(self) -> str:
        return _("%(kind)s für %(centre)s vom %(date)s") % {
            "kind": self.get_kind_display(),
            "centre": self.centre.name if self.centre_id else "?",
            "date": f"{self.created:%d.%m.%Y}" if self.created else "",
        }

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN
