"""Residents' messages in the admin: who sees them, closing them, the contact deleted on closing.

The public side (forms, abuse protection) is in test_inbox.py.
"""

import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from centres.models import Message
from centres.services.inbox import message_close, message_create
from centres.staff.roles import COORDINATOR, EDITOR

INDEX = reverse("admin:index")
CHANGELIST = reverse("admin:centres_message_changelist")


def change_url(message: Message) -> str:
    return reverse("admin:centres_message_change", args=[message.pk])


@pytest.fixture
def message_a(centre_a):
    return message_create(
        kind=Message.Kind.CORRECTION,
        centre=centre_a,
        offering=centre_a.offerings.get(),
        text="Der Yogakurs ist jetzt dienstags.",
        email="anna@example.org",
    )


@pytest.fixture
def message_b(centre_b):
    return message_create(
        kind=Message.Kind.IDEA,
        centre=centre_b,
        text="Ein Chor für Kinder in Pankow",
        email="ben@example.org",
        name="Ben",
    )


def test_an_editor_finds_their_centres_messages_on_the_start_page(
    client, editor, message_a, message_b
):
    client.force_login(editor)

    page = client.get(INDEX).text

    assert "Meldungen aus der Nachbarschaft (1)" in page
    assert "Der Yogakurs ist jetzt dienstags." in page and "Alpha-Yoga" in page
    assert change_url(message_a) in page
    assert "Ein Chor für Kinder" not in page


def test_a_coordinator_finds_their_bezirks_messages_on_the_start_page(
    client, coordinator, message_a, message_b
):
    client.force_login(coordinator)

    page = client.get(INDEX).text

    assert "<h1>Mein Bezirk</h1>" in page
    assert "Der Yogakurs ist jetzt dienstags." in page
    assert "Ein Chor für Kinder" not in page


def test_the_start_page_says_when_nothing_is_open(client, editor, centre_a):
    client.force_login(editor)

    assert "Keine offenen Meldungen." in client.get(INDEX).text


@pytest.mark.parametrize(
    "role, sees_a, sees_b",
    [("editor", True, False), ("coordinator", True, False), ("team", True, True)],
)
def test_the_message_list_holds_only_what_is_in_scope(
    client, request, message_a, message_b, role, sees_a, sees_b
):
    client.force_login(request.getfixturevalue(role))

    page = client.get(CHANGELIST).text

    assert ("Der Yogakurs" in page) is sees_a
    assert ("Ein Chor für Kinder" in page) is sees_b


def test_another_centres_editor_gets_404_on_a_message(client, other_editor, message_a):
    client.force_login(other_editor)

    assert client.get(change_url(message_a)).status_code == 404
    response = client.post(change_url(message_a), {"_done": "1"})
    assert response.status_code == 404
    message_a.refresh_from_db()
    assert message_a.is_open and message_a.email == "anna@example.org"


def test_an_action_on_another_centres_message_changes_nothing(client, other_editor, message_a):
    client.force_login(other_editor)

    client.post(CHANGELIST, {"action": "mark_done", "_selected_action": [message_a.pk]})

    message_a.refresh_from_db()
    assert message_a.is_open


def test_residents_and_people_without_a_role_get_no_message(client, make_staff, message_a):
    assert client.get(change_url(message_a)).status_code == 302  # to the login
    client.force_login(make_staff("nobody"))  # staff of no centre: as if it did not exist
    assert client.get(change_url(message_a)).status_code == 404


def test_the_editor_reads_the_message_as_plain_text_and_cannot_edit_it(client, editor, centre_a):
    message = message_create(
        kind=Message.Kind.CORRECTION,
        centre=centre_a,
        text='<a href="https://spam.example">klick</a> https://spam.example',
    )
    client.force_login(editor)

    page = client.get(change_url(message)).text

    assert 'href="https://spam.example"' not in page
    assert "&lt;a href=" in page
    assert 'name="text"' not in page  # read-only
    assert 'href="https://spam.example"' not in client.get(INDEX).text
    assert 'href="https://spam.example"' not in client.get(CHANGELIST).text


def test_closing_a_message_deletes_the_residents_contact(client, editor, message_a):
    client.force_login(editor)

    response = client.post(change_url(message_a), {"_done": "1", "text": "überschrieben"})

    assert response.status_code == 302
    message_a.refresh_from_db()
    assert message_a.status == Message.Status.DONE
    assert (message_a.email, message_a.name) == ("", "")
    assert message_a.closed is not None and message_a.closed_by == editor
    assert message_a.text == "Der Yogakurs ist jetzt dienstags."
    page = client.get(response["Location"]).text
    assert "als erledigt markiert; die Kontaktdaten sind gelöscht." in page


def test_rejecting_from_the_start_page_leads_back_there(client, coordinator, message_b):
    message_b.centre.district.coordinators.add(coordinator)
    client.force_login(coordinator)

    response = client.post(
        CHANGELIST,
        {"action": "mark_rejected", "_selected_action": [message_b.pk], "_start": "1"},
    )

    assert response["Location"] == INDEX
    message_b.refresh_from_db()
    assert message_b.status == Message.Status.REJECTED
    assert (message_b.email, message_b.name) == ("", "")
    assert "Ein Chor für Kinder" not in client.get(INDEX).text


def test_a_closed_message_cannot_be_closed_again(client, editor, message_a):
    message_close(message=message_a, status=Message.Status.REJECTED, by=editor)
    client.force_login(editor)

    page = client.get(change_url(message_a)).text
    client.post(change_url(message_a), {"_done": "1"})

    assert "Diese Meldung ist abgeschlossen." in page
    message_a.refresh_from_db()
    assert message_a.status == Message.Status.REJECTED


def test_editors_may_neither_add_nor_delete_messages(client, editor, team, message_a):
    client.force_login(editor)

    assert client.get(reverse("admin:centres_message_add")).status_code == 403
    delete = reverse("admin:centres_message_delete", args=[message_a.pk])
    assert client.get(delete).status_code == 403
    client.force_login(team)
    assert client.get(delete).status_code == 200


def test_the_roles_may_read_and_close_messages(make_staff):
    for role in (EDITOR, COORDINATOR):
        codenames = set(Group.objects.get(name=role).permissions.values_list("codename", flat=True))
        assert {"view_message", "change_message"} <= codenames
        assert "delete_message" not in codenames


def test_the_database_keeps_no_contact_on_a_closed_message(message_a):
    message_a.status = Message.Status.DONE
    message_a.closed = message_a.created

    with pytest.raises(IntegrityError), transaction.atomic():
        message_a.save()


def test_the_database_refuses_an_empty_text(centre_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        Message.objects.create(kind=Message.Kind.CORRECTION, centre=centre_a, text="")


def test_the_start_page_keeps_its_query_budget_with_messages(
    client, editor, centre_a, make_centre, django_assert_max_num_queries
):
    for number in range(3):
        centre = make_centre(name=f"Weiteres Haus {number}")
        centre.editors.add(editor)
        for _ in range(3):
            message_create(kind=Message.Kind.CORRECTION, centre=centre, text="Falsch")
    client.force_login(editor)

    with django_assert_max_num_queries(30):
        assert client.get(INDEX).status_code == 200


# --- Retention: closed messages are deleted INBOX_RETENTION_DAYS after closing ----------------


def closed_days_ago(message: Message, days: int) -> Message:
    message_close(message=message, status=Message.Status.DONE, by=None)
    closed = timezone.now() - datetime.timedelta(days=days)
    Message.objects.filter(pk=message.pk).update(closed=closed, created=closed)
    return message


def inbox_purge() -> str:
    out = io.StringIO()
    call_command("inbox_purge", stdout=out)
    return out.getvalue()


def test_a_message_closed_longer_ago_than_the_retention_period_is_deleted(
    message_a, message_b, centre_a
):
    closed_days_ago(message_a, 91)
    recent = closed_days_ago(message_b, 89)
    still_open = message_create(kind=Message.Kind.IDEA, centre=centre_a, text="Ein Kiezchor")
    Message.objects.filter(pk=still_open.pk).update(
        created=timezone.now() - datetime.timedelta(days=400)
    )

    said = inbox_purge()

    assert set(Message.objects.all()) == {recent, still_open}
    assert "1 Meldung(en) gelöscht, abgeschlossen vor mehr als 90 Tagen." in said
    assert "0 Meldung(en) gelöscht" in inbox_purge()


def test_the_retention_period_is_a_setting(settings, message_a, message_b):
    settings.INBOX_RETENTION_DAYS = 7
    closed_days_ago(message_a, 8)
    closed_days_ago(message_b, 6)

    assert "1 Meldung(en) gelöscht, abgeschlossen vor mehr als 7 Tagen." in inbox_purge()
    assert list(Message.objects.all()) == [message_b]


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("/datenschutz/", "Die Meldung selbst löschen wir 90 Tage danach."),
        ("/en/datenschutz/", "We delete the message itself 90 days later."),
    ],
)
def test_the_privacy_page_states_how_long_messages_are_kept(client, db, url, says):
    html = " ".join(client.get(url).text.split())

    assert says in html
