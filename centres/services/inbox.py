"""Writes of the residents' inbox: a message arrives, its editors hear of it, staff close it.

Closing deletes the resident's contact (data minimisation, docs/security.md): the only way a
message is closed, so an address never stays behind on a message that is dealt with. The daily
`inbox_purge` deletes closed messages once `INBOX_RETENTION_DAYS` have passed.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import EmailMessage, mailers
from django.db import transaction
from django.utils import timezone

from centres.models import Centre, Message, Offering, Room

logger = logging.getLogger(__name__)


def message_create(
    *,
    kind: str,
    centre: Centre,
    text: str,
    offering: Offering | None = None,
    room: Room | None = None,
    email: str = "",
    name: str = "",
    phone: str = "",
    language: str = "de",
    requested_date: datetime.date | None = None,
    requested_time_from: datetime.time | None = None,
    requested_time_to: datetime.time | None = None,
    people: int | None = None,
) -> Message:
    message = Message(
        kind=kind,
        centre=centre,
        offering=offering,
        room=room,
        text=text,
        email=email,
        name=name,
        phone=phone,
        language=language,
        requested_date=requested_date,
        requested_time_from=requested_time_from,
        requested_time_to=requested_time_to,
        people=people,
    )
    message.full_clean()
    message.save()
    return message


def message_close(*, message: Message, status: str, by: AbstractBaseUser | None) -> bool:
    """Mark an open message done or rejected, deleting the resident's e-mail address, name and
    phone number.
    Returns False (and changes nothing) when it was closed already."""
    if status not in {Message.Status.DONE, Message.Status.REJECTED}:
        raise ValueError(f"Not a closing status: {status!r}")
    with transaction.atomic():
        closed = Message.objects.filter(pk=message.pk, status=Message.Status.OPEN).update(
            status=status, closed=timezone.now(), closed_by=by, email="", name="", phone=""
        )
    if closed:
        message.refresh_from_db()
    return bool(closed)


def inbox_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete the messages closed more than `INBOX_RETENTION_DAYS` days ago; open messages stay
    however old. Returns how many it deleted."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.INBOX_RETENTION_DAYS)
    deleted, _ = Message.objects.closed_before(cutoff).delete()
    return deleted


def message_recipients(message: Message) -> list[str]:
    """Whom a new message is announced to: the centre's editors, else its Bezirk's
    coordinators (a centre without editors of its own)."""
    centre = message.centre
    for people in (centre.editors, centre.district.coordinators):
        addresses = sorted({user.email for user in people.filter(is_active=True).exclude(email="")})
        if addresses:
            return addresses
    return []


def message_notify(*, message: Message, admin_url: str) -> int:
    """E-mail each recipient that a message arrived, with a link to it in the admin. The mail
    carries neither the resident's text nor their address: those stay in the admin, behind a
    login. One mail per person, so nobody sees the others' addresses. Returns mails sent; a
    mail server that fails is logged and the message stays in the queue."""
    if not settings.INBOX_NOTIFY_EDITORS:
        return 0
    recipients = message_recipients(message)
    if not recipients:
        return 0
    subject = f"Neue Meldung für {message.centre.name}: {message.get_kind_display()}"
    body = "\n".join(
        [
            "Guten Tag,",
            "",
            f"für {message.centre.name} ist eine neue Meldung eingegangen "
            f"({message.get_kind_display()}"
            + (f" zum Angebot „{message.offering.title}“" if message.offering_id else "")
            + (f" zum Raum „{message.room.name}“" if message.room_id else "")
            + ").",
            "",
            "Sie finden sie auf Ihrer Startseite in der Verwaltung und hier:",
            admin_url,
            "",
            "Bitte markieren Sie sie dort als erledigt oder abgelehnt, sobald Sie sie bearbeitet "
            "haben; dabei wird die E-Mail-Adresse der Absenderin oder des Absenders gelöscht.",
            "",
            "– Stadtteilzentren Berlin",
        ]
    )
    mails = [EmailMessage(subject=subject, body=body, to=[address]) for address in recipients]
    try:
        return mailers.default.send_messages(mails) or 0
    except Exception:
        logger.exception("Inbox: could not send the notification of message %s", message.pk)
        return 0
