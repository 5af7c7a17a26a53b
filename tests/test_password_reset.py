"""Staff reset a forgotten password by e-mail (centres/staff/password_reset.py): the link on the
login page, the mail and its link, the same answer for unknown addresses, and the limits."""

import re

import pytest
from django.core import mail
from django.urls import reverse

LOGIN = reverse("admin:login")
RESET = reverse("admin_password_reset")
NEW_PASSWORD = "Kiezhaus-Weserstrasse-2026"


def ask_for_a_reset(client, email: str, address: str = "203.0.113.7"):
    return client.post(RESET, {"email": email}, REMOTE_ADDR=address, follow=True)


def link_in(message) -> str:
    (link,) = re.findall(r"https?://testserver(/\S+)", message.body)
    return link


def log_in(client, password: str):
    return client.post(
        LOGIN, {"username": "alice", "password": password, "next": "/admin/"}, REMOTE_ADDR="1.2.3.4"
    )


@pytest.mark.parametrize("two_factor", [False, True])
def test_the_login_page_links_to_the_password_reset(client, db, settings, two_factor):
    settings.STAFF_TWO_FACTOR = two_factor

    html = client.get(LOGIN).text

    assert f'<a href="{RESET}">Zugangsdaten vergessen?</a>' in html


def test_a_known_address_gets_a_mail_whose_link_sets_a_new_password(
    client, editor_with_password, staff_password
):
    page = ask_for_a_reset(client, "ALICE@example.org")

    assert "Passwort zurücksetzen" in page.text  # Django's German "sent" page
    (message,) = mail.outbox
    assert message.to == ["alice@example.org"]
    assert message.subject == "Neues Passwort für die Verwaltung der Stadtteilzentren Berlin"
    assert "Ihr Benutzername: alice" in message.body
    assert "Er gilt 24 Stunden und nur einmal" in message.body

    form = client.get(link_in(message), follow=True)
    assert "Neues Passwort" in form.text
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert "Ihr Passwort wurde zurückgesetzt" in done.text

    client.logout()
    assert log_in(client, staff_password).status_code == 200  # the old one no longer works
    assert log_in(client, NEW_PASSWORD).status_code == 302


def test_an_unknown_address_gets_the_same_page_and_no_mail(client, editor_with_password):
    known = ask_for_a_reset(client, "alice@example.org")
    unknown = ask_for_a_reset(client, "niemand@example.org")

    assert unknown.status_code == known.status_code == 200
    assert unknown.redirect_chain == known.redirect_chain
    assert unknown.text == known.text
    assert len(mail.outbox) == 1


def test_an_inactive_account_gets_no_mail(client, editor_with_password):
    editor_with_password.is_active = False
    editor_with_password.save()

    ask_for_a_reset(client, "alice@example.org")

    assert mail.outbox == []


def test_a_used_or_wrong_link_shows_a_friendly_page(client, editor_with_password):
    ask_for_a_reset(client, "alice@example.org")
    link = link_in(mail.outbox[0])
    form = client.get(link, follow=True)
    client.post(
        form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    for url in (link, re.sub(r"/[^/]+/$", "/falsch-1234/", link)):
        page = client.get(url, follow=True)
        assert page.status_code == 200
        assert "Der Link zum Zurücksetzen Ihres Passworts ist ungültig" in page.text
        assert "new_password1" not in page.text


def test_a_weak_new_password_is_refused(client, editor_with_password):
    ask_for_a_reset(client, "alice@example.org")
    form = client.get(link_in(mail.outbox[0]), follow=True)

    page = client.post(
        form.redirect_chain[-1][0], {"new_password1": "1234", "new_password2": "1234"}
    )

    assert page.status_code == 200
    assert "Dieses Passwort ist zu kurz" in page.text


def test_one_client_address_may_ask_only_so_often(client, settings, editor_with_password):
    settings.PASSWORD_RESET_PER_HOUR = 2
    for _ in range(2):
        assert ask_for_a_reset(client, "niemand@example.org").status_code == 200

    refused = ask_for_a_reset(client, "alice@example.org")
    elsewhere = ask_for_a_reset(client, "alice@example.org", address="198.51.100.9")

    assert refused.status_code == 429
    assert "Zu viele Anfragen" in refused.text
    assert elsewhere.status_code == 200
    assert len(mail.outbox) == 1


def test_one_address_gets_only_so_many_mails_whoever_asks(client, settings, editor_with_password):
    settings.PASSWORD_RESET_PER_HOUR = 2
    pages = [
        ask_for_a_reset(client, "alice@example.org", address=f"198.51.100.{n}") for n in range(4)
    ]

    assert {page.status_code for page in pages} == {200}
    assert len({page.text for page in pages}) == 1
    assert len(mail.outbox) == 2
