"""Residents write to a centre: "Änderung melden" and "Eigene Idee einbringen" (centres/inbox.py).

What a resident sees and what reaches the centre; the staff side is in test_inbox_staff.py.
"""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client, override_settings

from centres import pagecache
from centres.inbox import _rate_key
from centres.models import Message, Status

TEXT = "Die Öffnungszeiten am Montag stimmen nicht mehr."


@pytest.fixture
def csrf_client():
    """A browser: Django's CSRF check applies, as for every real visitor."""
    return Client(enforce_csrf_checks=True)


def token_of(response) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]*)"', response.content.decode())
    return match.group(1) if match else ""


def send(client, url: str, **data):
    """Open the form's own page (which hands out the token), then send it."""
    token = token_of(client.get(url))
    return client.post(url, {"csrfmiddlewaretoken": token, **data})


def test_centre_page_has_both_forms_at_its_end(resident, centre_a):
    response = resident.get(centre_a.get_absolute_url())

    text = response.content.decode()
    assert "Änderung melden" in text
    assert "Eigene Idee einbringen" in text
    assert 'action="/zentren/zentrum-alpha/melden/"' in text
    assert 'action="/zentren/zentrum-alpha/idee/"' in text
    assert "Ihre E-Mail-Adresse löschen wir, sobald Ihre Meldung erledigt ist." in text
    assert text.index("Änderung melden") > text.index("Alle Angebote")


def test_offering_page_has_the_correction_form(resident, centre_a):
    response = resident.get("/angebote/alpha-yoga/")

    assert 'action="/angebote/alpha-yoga/melden/"' in response.content.decode()


def test_the_cached_centre_page_carries_no_token_and_sets_no_cookie(resident, centre_a):
    first = resident.get(centre_a.get_absolute_url())
    second = Client().get(centre_a.get_absolute_url())

    assert second["X-Cache"] == "hit"
    assert not first.cookies and not second.cookies
    assert token_of(second) == ""


def test_a_correction_reaches_the_centre_and_thanks_the_resident(csrf_client, centre_a):
    response = send(
        csrf_client, "/zentren/zentrum-alpha/melden/", text=TEXT, email="anna@example.org"
    )

    assert response.status_code == 302
    assert response["Location"] == "/zentren/zentrum-alpha/melden/danke/"
    message = Message.objects.get()
    assert (message.kind, message.centre, message.text) == ("correction", centre_a, TEXT)
    assert message.email == "anna@example.org"
    assert message.status == Message.Status.OPEN
    thanks = csrf_client.get(response["Location"])
    assert "Vielen Dank" in thanks.content.decode()
    assert "Wie es weitergeht" in thanks.content.decode()


def test_a_correction_of_an_offering_names_the_offering(csrf_client, centre_a):
    response = send(csrf_client, "/angebote/alpha-yoga/melden/", text="Der Kurs ist dienstags.")

    assert response["Location"] == "/angebote/alpha-yoga/melden/danke/"
    message = Message.objects.get()
    assert message.offering.slug == "alpha-yoga"
    assert message.centre == centre_a
    assert message.email == ""


def test_an_idea_keeps_the_optional_name(csrf_client, centre_a):
    response = send(
        csrf_client, "/zentren/zentrum-alpha/idee/", text="Ein Repair-Café", name="Anna"
    )

    assert response["Location"] == "/zentren/zentrum-alpha/idee/danke/"
    message = Message.objects.get()
    assert (message.kind, message.name) == ("idea", "Anna")


def test_an_english_page_sends_and_thanks_in_english(csrf_client, centre_a):
    page = csrf_client.get("/en/zentren/zentrum-alpha/")
    assert "Report a correction" in page.content.decode()

    response = send(csrf_client, "/en/zentren/zentrum-alpha/melden/", text=TEXT)

    assert response["Location"] == "/en/zentren/zentrum-alpha/melden/danke/"
    assert Message.objects.get().language == "en"
    assert "Thank you" in csrf_client.get(response["Location"]).content.decode()


def test_a_form_posted_from_the_cached_page_is_asked_again_with_its_text(centre_a):
    """The page cache served the page to one visitor; another posts with that visitor's token
    (or none): the friendly form comes back with the text, a fresh token, and nothing stored."""
    first = Client(enforce_csrf_checks=True)
    first.get("/zentren/zentrum-alpha/melden/")  # first visitor gets a cookie and token
    foreign_token = first.cookies["csrftoken"].value
    Client().get(centre_a.get_absolute_url())
    cached = Client().get(centre_a.get_absolute_url())
    assert cached["X-Cache"] == "hit"

    second = Client(enforce_csrf_checks=True)
    response = second.post(
        "/zentren/zentrum-alpha/melden/",
        {"csrfmiddlewaretoken": foreign_token, "text": TEXT, "email": "b@example.org"},
    )

    text = response.content.decode()
    assert response.status_code == 403
    assert "Ihre Nachricht ist noch nicht angekommen." in text
    assert TEXT in text and "b@example.org" in text
    assert "CSRF" not in text
    assert Message.objects.count() == 0
    fresh = token_of(response)
    assert fresh

    again = second.post(
        "/zentren/zentrum-alpha/melden/",
        {"csrfmiddlewaretoken": fresh, "text": TEXT, "email": "b@example.org"},
    )

    assert again.status_code == 302
    assert Message.objects.count() == 1


def test_the_inline_form_without_a_token_is_asked_again(centre_a):
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(centre_a.get_absolute_url())
    assert token_of(page) == ""

    response = browser.post("/zentren/zentrum-alpha/melden/", {"text": TEXT})

    assert response.status_code == 403
    assert TEXT in response.content.decode()
    assert Message.objects.count() == 0


def test_a_visitor_with_the_cookie_gets_a_token_in_the_page_form(csrf_client, centre_a):
    csrf_client.get("/zentren/zentrum-alpha/melden/")

    page = csrf_client.get(centre_a.get_absolute_url())

    assert "no-store" in page["Cache-Control"]
    response = csrf_client.post(
        "/zentren/zentrum-alpha/melden/", {"csrfmiddlewaretoken": token_of(page), "text": TEXT}
    )
    assert response.status_code == 302


def test_a_filled_honeypot_is_thanked_and_dropped(csrf_client, centre_a):
    response = send(
        csrf_client, "/zentren/zentrum-alpha/melden/", text="Spam", website="http://spam.example"
    )

    assert response.status_code == 302
    assert Message.objects.count() == 0


def test_the_honeypot_is_hidden_from_people(resident, centre_a):
    text = resident.get("/zentren/zentrum-alpha/melden/").content.decode()

    assert re.search(r'<div class="inbox-trap" hidden>', text)


def test_an_empty_or_too_long_text_is_a_form_error(csrf_client, centre_a):
    empty = send(csrf_client, "/zentren/zentrum-alpha/melden/", text="   ")
    too_long = send(csrf_client, "/zentren/zentrum-alpha/melden/", text="x" * 2001)
    bad_email = send(csrf_client, "/zentren/zentrum-alpha/melden/", text=TEXT, email="nein")

    for response in (empty, too_long, bad_email):
        assert response.status_code == 200
        assert "Bitte prüfen Sie Ihre Angaben" in response.content.decode()
    assert "höchstens 2000 Zeichen" in too_long.content.decode()
    assert Message.objects.count() == 0


@override_settings(INBOX_MESSAGES_PER_HOUR=2)
def test_the_third_message_within_the_hour_is_refused_with_429(csrf_client, centre_a):
    for _ in range(2):
        assert send(csrf_client, "/zentren/zentrum-alpha/melden/", text=TEXT).status_code == 302

    response = send(csrf_client, "/zentren/zentrum-alpha/idee/", text="Noch eine")

    assert response.status_code == 429
    assert "Zu viele Nachrichten" in response.content.decode()
    assert Message.objects.count() == 2


@override_settings(INBOX_MESSAGES_PER_HOUR=1, TRUSTED_PROXIES=["10.0.0.1"])
def test_the_limit_counts_the_address_behind_the_trusted_proxy(centre_a):
    def from_address(address: str):
        client = Client(
            enforce_csrf_checks=True, REMOTE_ADDR="10.0.0.1", headers={"x-forwarded-for": address}
        )
        return send(client, "/zentren/zentrum-alpha/melden/", text=TEXT)

    assert from_address("198.51.100.7").status_code == 302
    assert from_address("198.51.100.8").status_code == 302
    assert from_address("198.51.100.7").status_code == 429


@override_settings(INBOX_MESSAGES_PER_HOUR=1)
def test_the_limit_lives_in_the_shared_cache_without_the_address(csrf_client, rf, centre_a):
    send(csrf_client, "/zentren/zentrum-alpha/melden/", text=TEXT)

    key = _rate_key(rf.get("/", REMOTE_ADDR="127.0.0.1"))
    assert cache.get(key) == 1
    assert "127.0.0.1" not in key
    cache.delete(key)  # the hour is over (in the cache every instance shares): sending works
    assert send(csrf_client, "/zentren/zentrum-alpha/melden/", text=TEXT).status_code == 302


def test_the_resend_page_keeps_no_more_than_a_message_may_hold(centre_a):
    response = Client(enforce_csrf_checks=True).post(
        "/zentren/zentrum-alpha/melden/", {"text": "ä" * 100_000}
    )

    assert response.status_code == 403
    assert response.content.decode().count("ä") < 2100


def test_links_are_never_rendered_on_the_resend_page(centre_a):
    evil = '<a href="https://spam.example">klick</a> https://spam.example'

    response = Client(enforce_csrf_checks=True).post(
        "/zentren/zentrum-alpha/melden/", {"text": evil}
    )

    text = response.content.decode()
    assert 'href="https://spam.example"' not in text
    assert "&lt;a href=" in text


def test_drafts_and_unknown_pages_have_no_form(csrf_client, make_centre, centre_a):
    make_centre(name="Entwurf", slug="entwurf", status=Status.DRAFT)

    assert csrf_client.get("/zentren/entwurf/melden/").status_code == 404
    assert csrf_client.get("/zentren/gibt-es-nicht/idee/").status_code == 404
    assert csrf_client.get("/angebote/gibt-es-nicht/melden/").status_code == 404
    assert csrf_client.post("/zentren/entwurf/melden/", {"text": TEXT}).status_code == 404
    assert csrf_client.get("/zentren/entwurf/melden/danke/").status_code == 404


def test_the_form_pages_are_never_cached_nor_indexed(resident, centre_a):
    response = resident.get("/zentren/zentrum-alpha/melden/")

    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    assert "X-Cache" not in response
    assert '<meta name="robots" content="noindex">' in response.content.decode()


def test_a_message_does_not_empty_the_page_cache(csrf_client, centre_a):
    before = pagecache.data_version()

    send(csrf_client, "/zentren/zentrum-alpha/melden/", text=TEXT)

    assert Message.objects.count() == 1
    assert pagecache.data_version() == before


def test_nothing_a_resident_sends_is_shown_publicly(csrf_client, resident, centre_a):
    send(csrf_client, "/zentren/zentrum-alpha/melden/", text="Geheimer Hinweis 4711")

    for url in ("/zentren/zentrum-alpha/", "/angebote/alpha-yoga/", "/zentren/", "/"):
        assert "4711" not in Client().get(url).content.decode()


def test_the_editors_get_an_email_without_the_residents_text_or_address(
    csrf_client, editor, other_editor, centre_a
):
    send(
        csrf_client,
        "/zentren/zentrum-alpha/melden/",
        text="Geheimer Hinweis 4711",
        email="anna@example.org",
    )

    assert [message.to for message in mail.outbox] == [["alice@example.org"]]
    body = mail.outbox[0].body
    message = Message.objects.get()
    assert f"/admin/centres/message/{message.pk}/change/" in body
    assert "Zentrum Alpha" in mail.outbox[0].subject
    assert "4711" not in body and "anna@example.org" not in body


def test_a_centre_without_editors_notifies_its_coordinators(csrf_client, coordinator, centre_a):
    send(csrf_client, "/zentren/zentrum-alpha/melden/", text=TEXT)

    assert [message.to for message in mail.outbox] == [["carla@example.org"]]


@override_settings(INBOX_NOTIFY_EDITORS=False)
def test_notifications_can_be_turned_off(csrf_client, editor, centre_a):
    send(csrf_client, "/zentren/zentrum-alpha/melden/", text=TEXT)

    assert Message.objects.count() == 1
    assert mail.outbox == []


def test_a_failing_mail_server_still_stores_the_message(csrf_client, editor, centre_a):
    unreachable = {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 1},
    }
    with override_settings(MAILERS={"default": unreachable}):
        response = send(csrf_client, "/zentren/zentrum-alpha/melden/", text=TEXT)

    assert response.status_code == 302
    assert Message.objects.count() == 1


def test_generated_form_values_with_a_valid_token_give_readable_answers(centre_a):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    client = Client(enforce_csrf_checks=True)
    token = token_of(client.get("/zentren/zentrum-alpha/melden/"))
    values = st.one_of(st.text(max_size=60), st.text(min_size=1990, max_size=2100), st.just("\x00"))

    @settings(
        max_examples=25,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )
    @given(text=values, email=values, name=values)
    def post_it(text, email, name):
        cache.clear()  # the hour's limit would answer 429 to everything after the fifth
        response = client.post(
            "/zentren/zentrum-alpha/idee/",
            {"csrfmiddlewaretoken": token, "text": text, "email": email, "name": name},
        )
        assert response.status_code in {200, 302}
        if response.status_code == 200:
            assert "Bitte prüfen Sie Ihre Angaben" in response.content.decode()

    post_it()
    assert all(len(message.text) <= 2000 for message in Message.objects.all())


def test_the_offerings_form_page_leads_back_through_its_centre(resident, centre_a):
    page = resident.get("/angebote/alpha-yoga/melden/").content.decode()

    crumbs = page[
        page.index('class="breadcrumbs"') : page.index("</nav>", page.index('class="breadcrumbs"'))
    ]
    assert [name in crumbs for name in ("Neukölln", "Zentrum Alpha", "Alpha-Yoga")] == [True] * 3
    assert "<h1>Änderung melden</h1>" in page and "Zu: Alpha-Yoga" in page
