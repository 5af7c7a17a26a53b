"""A resident asks for a room: "Raum anfragen" on every public room page (centres/room_requests.py).

What the resident sees, what reaches which editors, and what is deleted when it is closed.
"""

import datetime
import re

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone, translation

from centres.models import Message, Room, Status
from centres.models.vocabularies import Cost
from centres.services.inbox import message_close

URL = "/raeume/saal-alpha/anfragen/"
TOMORROW = timezone.localdate() + datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def in_german():
    with translation.override("de"):
        yield


@pytest.fixture
def room_a(centre_a):
    return Room.objects.create(
        centre=centre_a,
        site=centre_a.sites.get(is_main=True),
        name="Saal Alpha",
        slug="saal-alpha",
        seats=20,
        cost=Cost.FEE,
        status=Status.PUBLISHED,
    )


@pytest.fixture
def csrf_client():
    return Client(enforce_csrf_checks=True)


def token_of(response) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]*)"', response.content.decode())
    return match.group(1) if match else ""


def request_data(**changes) -> dict:
    return {
        "text": "Treffen der Mietergemeinschaft",
        "date": TOMORROW.isoformat(),
        "time_from": "18:00",
        "time_to": "20:30",
        "people": "12",
        "name": "Anna Beispiel",
        "email": "anna@example.org",
        "phone": "030 1234567",
        **changes,
    }


def send(client, url: str = URL, **changes):
    token = token_of(client.get(url))
    return client.post(url, {"csrfmiddlewaretoken": token, **request_data(**changes)})


def test_the_room_page_has_the_request_form_above_the_contact(resident, room_a):
    text = resident.get("/raeume/saal-alpha/").content.decode()

    section = text[text.index('id="anfragen"') :]
    assert f'action="{URL}"' in section
    assert "Anfrage an das Zentrum schreiben" in section
    assert "Der Raum hat 20 Plätze." in section
    assert section.index("</form>") < section.index("ob der Raum zu Ihrem Termin frei ist")


def test_a_request_stores_one_message_with_the_room_and_its_fields(csrf_client, room_a):
    response = send(csrf_client)

    assert response.status_code == 302
    assert response["Location"] == "/raeume/saal-alpha/anfragen/danke/"
    message = Message.objects.get()
    assert (message.kind, message.centre, message.room) == (
        "room_request",
        room_a.centre,
        room_a,
    )
    assert message.requested_date == TOMORROW
    assert message.requested_time_from == datetime.time(18, 0)
    assert message.requested_time_to == datetime.time(20, 30)
    assert (message.people, message.name, message.email, message.phone) == (
        12,
        "Anna Beispiel",
        "anna@example.org",
        "030 1234567",
    )
    thanks = csrf_client.get(response["Location"]).content.decode()
    assert "Ihre Raumanfrage ist beim Zentrum angekommen." in thanks
    assert "Erst diese Antwort ist eine Zusage." in thanks


def test_the_time_is_optional(csrf_client, room_a):
    response = send(csrf_client, time_from="", time_to="", phone="")

    assert response.status_code == 302
    message = Message.objects.get()
    assert (message.requested_time_from, message.requested_time_to, message.phone) == (
        None,
        None,
        "",
    )


def test_an_english_room_page_sends_and_thanks_in_english(csrf_client, room_a):
    assert (
        "Write a request to the centre"
        in csrf_client.get("/en/raeume/saal-alpha/").content.decode()
    )

    response = send(csrf_client, "/en/raeume/saal-alpha/anfragen/")

    assert response["Location"] == "/en/raeume/saal-alpha/anfragen/danke/"
    assert Message.objects.get().language == "en"
    assert "Thank you" in csrf_client.get(response["Location"]).content.decode()
    past = send(csrf_client, "/en/raeume/saal-alpha/anfragen/", date="2020-01-01")
    text = past.content.decode()
    assert "On which day?" in text and "The room has 20 places." in text
    assert "This day is in the past." in text


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"date": "2020-01-01"}, "Der Tag liegt in der Vergangenheit."),
        ({"date": ""}, "Dieses Feld ist zwingend erforderlich."),
        ({"date": "2026-02-30"}, "Bitte ein gültiges Datum eingeben."),
        ({"email": ""}, "Dieses Feld ist zwingend erforderlich."),
        ({"name": ""}, "Dieses Feld ist zwingend erforderlich."),
        ({"people": "0"}, "größer oder gleich 1"),
        ({"people": "viele"}, "Bitte eine ganze Zahl eingeben."),
        ({"time_to": "17:00"}, "Das Ende muss nach dem Beginn liegen."),
        ({"text": "x" * 2001}, "höchstens 2000 Zeichen"),
        ({"phone": "1" * 41}, "höchstens 40 Zeichen"),
    ],
)
def test_wrong_input_is_a_german_form_error(csrf_client, room_a, changes, error):
    response = send(csrf_client, **changes)

    text = response.content.decode()
    assert response.status_code == 200
    assert "Bitte prüfen Sie Ihre Angaben" in text
    assert error in text
    assert Message.objects.count() == 0


def test_more_people_than_seats_is_a_hint_for_the_editors_not_a_refusal(
    client, csrf_client, editor, room_a
):
    assert send(csrf_client, people="35").status_code == 302

    client.force_login(editor)
    start = client.get(reverse("admin:index")).content.decode()
    assert "35 Personen" in start and "mehr als die 20 Plätze" in start


def test_the_request_reaches_its_centres_editors_with_room_date_and_people(
    client, csrf_client, editor, other_editor, room_a
):
    send(csrf_client)
    message = Message.objects.get()

    assert [m.to for m in mail.outbox] == [["alice@example.org"]]
    assert "zum Raum „Saal Alpha“" in mail.outbox[0].body
    assert "anna@example.org" not in mail.outbox[0].body
    client.force_login(editor)
    start = client.get(reverse("admin:index")).content.decode()
    assert "Raum: Saal Alpha" in start
    assert TOMORROW.strftime("%d.%m.%Y") in start and "18:00–20:30" in start
    assert "12 Personen" in start
    change = client.get(reverse("admin:centres_message_change", args=[message.pk]))
    assert "030 1234567" in change.content.decode()

    client.force_login(other_editor)
    assert "Saal Alpha" not in client.get(reverse("admin:index")).content.decode()
    assert client.get(reverse("admin:centres_message_change", args=[message.pk])).status_code == 404


def test_a_centre_without_editors_sends_the_request_to_its_coordinators(
    client, csrf_client, coordinator, room_a
):
    send(csrf_client)

    assert [m.to for m in mail.outbox] == [["carla@example.org"]]
    client.force_login(coordinator)
    assert "Raum: Saal Alpha" in client.get(reverse("admin:index")).content.decode()


def test_closing_a_request_deletes_name_email_and_phone(client, csrf_client, editor, room_a):
    send(csrf_client)
    message = Message.objects.get()
    client.force_login(editor)

    response = client.post(
        reverse("admin:centres_message_change", args=[message.pk]), {"_done": "1"}
    )

    assert response.status_code == 302
    message.refresh_from_db()
    assert (message.status, message.email, message.name, message.phone) == ("done", "", "", "")
    assert message.requested_date == TOMORROW and message.people == 12


def test_the_database_keeps_no_phone_on_a_closed_message(room_a):
    from django.db import IntegrityError

    message = Message.objects.create(
        kind=Message.Kind.ROOM_REQUEST, centre=room_a.centre, room=room_a, text="Feier"
    )
    message_close(message=message, status=Message.Status.REJECTED, by=None)

    with pytest.raises(IntegrityError):
        Message.objects.filter(pk=message.pk).update(phone="030 1")


def test_a_deleted_room_leaves_its_open_request_with_the_editors(csrf_client, room_a):
    send(csrf_client)

    room_a.delete()

    message = Message.objects.get()
    assert message.room is None and message.is_open
    assert message.centre.slug == "zentrum-alpha"


def test_a_filled_honeypot_is_thanked_and_dropped(csrf_client, room_a):
    response = send(csrf_client, website="http://spam.example")

    assert response.status_code == 302
    assert Message.objects.count() == 0


@override_settings(INBOX_MESSAGES_PER_HOUR=2)
def test_the_third_message_within_the_hour_is_refused_with_429(csrf_client, room_a):
    assert send(csrf_client).status_code == 302
    assert send(csrf_client).status_code == 302

    response = send(csrf_client)

    assert response.status_code == 429
    assert "Zu viele Nachrichten" in response.content.decode()
    assert Message.objects.count() == 2


def test_a_request_from_the_cached_room_page_without_a_token_is_asked_again(room_a):
    Client().get("/raeume/saal-alpha/")
    cached = Client().get("/raeume/saal-alpha/")
    assert cached["X-Cache"] == "hit"
    assert token_of(cached) == "" and not cached.cookies

    browser = Client(enforce_csrf_checks=True)
    response = browser.post(URL, request_data())

    text = response.content.decode()
    assert response.status_code == 403
    assert "Ihre Nachricht ist noch nicht angekommen." in text
    assert "Treffen der Mietergemeinschaft" in text and "030 1234567" in text
    assert f'value="{TOMORROW.isoformat()}"' in text
    assert Message.objects.count() == 0

    again = browser.post(URL, {"csrfmiddlewaretoken": token_of(response), **request_data()})

    assert again.status_code == 302
    assert Message.objects.count() == 1


def test_drafts_and_unknown_rooms_have_no_form(csrf_client, room_a, make_centre):
    draft_centre = make_centre(name="Entwurf", slug="entwurf", status=Status.DRAFT)
    Room.objects.filter(pk=room_a.pk).update(status=Status.DRAFT)
    Room.objects.create(
        centre=draft_centre,
        site=draft_centre.sites.get(is_main=True),
        name="Versteckt",
        slug="versteckt",
        cost=Cost.FREE,
        status=Status.PUBLISHED,
    )

    for url in (URL, "/raeume/versteckt/anfragen/", "/raeume/gibt-es-nicht/anfragen/"):
        assert csrf_client.get(url).status_code == 404
        assert csrf_client.post(url, request_data()).status_code == 404
    assert csrf_client.get(URL + "danke/").status_code == 404


def test_the_request_pages_are_never_cached_nor_indexed(resident, room_a):
    for url in (URL, URL + "danke/"):
        response = resident.get(url)

        assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
        assert "X-Cache" not in response
        assert '<meta name="robots" content="noindex">' in response.content.decode()


def test_the_form_page_leads_back_through_rooms_and_centre(resident, room_a):
    page = resident.get(URL).content.decode()

    crumbs = page[page.index('class="breadcrumbs"') :]
    crumbs = crumbs[: crumbs.index("</nav>")]
    assert all(name in crumbs for name in ("Räume", "Zentrum Alpha", "Saal Alpha"))
    assert "<h1>Raum anfragen</h1>" in page and "Zu: Saal Alpha" in page


def test_nothing_a_resident_asks_is_shown_publicly(csrf_client, room_a):
    send(csrf_client, text="Geheime Feier 4711")

    for url in ("/raeume/saal-alpha/", "/raeume/", "/zentren/zentrum-alpha/"):
        assert "4711" not in Client().get(url).content.decode()


def test_the_request_pages_keep_their_query_budget(resident, room_a, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        assert resident.get(URL).status_code == 200
    with django_assert_max_num_queries(8):
        assert resident.get(URL + "danke/").status_code == 200


def test_generated_form_values_with_a_valid_token_give_readable_answers(room_a):
    from django.core.cache import cache
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    client = Client(enforce_csrf_checks=True)
    token = token_of(client.get(URL))
    odd = ["\x00", "2026-02-30", "0000-00-00", "-1", "0", "99999999999999999999", "25:61", "1e309"]
    values = st.one_of(st.sampled_from(odd), st.text(max_size=40), st.just(TOMORROW.isoformat()))

    @settings(
        max_examples=30,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )
    @given(date=values, time_from=values, people=values, phone=values, email=values)
    def post_it(date, time_from, people, phone, email):
        cache.clear()  # the hour's limit would answer 429 to everything after the fifth
        data = request_data(date=date, time_from=time_from, people=people, phone=phone, email=email)
        response = client.post(URL, {"csrfmiddlewaretoken": token, **data})
        assert response.status_code in {200, 302}
        if response.status_code == 200:
            assert "Bitte prüfen Sie Ihre Angaben" in response.content.decode()

    post_it()
    for message in Message.objects.all():
        assert message.requested_date >= timezone.localdate() and message.people >= 1


def test_the_start_page_keeps_its_query_budget_with_room_requests(
    client, editor, room_a, django_assert_max_num_queries
):
    from centres.services.inbox import message_create

    for number in range(6):
        message_create(
            kind=Message.Kind.ROOM_REQUEST,
            centre=room_a.centre,
            room=room_a,
            text=f"Feier {number}",
            requested_date=TOMORROW,
            people=25,
        )
    client.force_login(editor)

    with django_assert_max_num_queries(30):
        response = client.get(reverse("admin:index"))
    assert response.content.decode().count("mehr als die 20 Plätze") == 6
