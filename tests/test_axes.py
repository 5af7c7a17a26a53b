"""Repeated failed admin logins lock that username from that address for an hour, and an
address that tries many usernames; behind a trusted proxy the address is the client's."""

import pytest
from django.urls import reverse

from centres.staff.lockout import client_address

LOGIN = reverse("admin:login")


def _login(client, password, username="alice", address="203.0.113.7"):
    """Post the login form; "alice" is the editor persona of tests/conftest.py."""
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def test_correct_password_logs_in(client, editor_with_password, staff_password):
    response = _login(client, staff_password)
    assert response.status_code == 302
    assert response.url == "/admin/"


def test_five_failures_lock_the_account_even_for_the_right_password(
    client, editor_with_password, staff_password
):
    for _ in range(4):
        response = _login(client, "falsch")
        assert response.status_code == 200
        assert "Anmeldung vorübergehend gesperrt" not in response.text
    response = _login(client, "falsch")
    assert "Anmeldung vorübergehend gesperrt" in response.text

    response = _login(client, staff_password)
    assert response.status_code != 302
    assert "Anmeldung vorübergehend gesperrt" in response.text
    assert "für eine Stunde gesperrt" in response.text
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_username_and_address(
    client, editor_with_password, make_staff, staff_password
):
    make_staff("fritz", password=staff_password)
    for _ in range(5):
        _login(client, "falsch")
    # The same person from another address, and a colleague from the same one, still get in.
    assert _login(client, staff_password, address="198.51.100.9").status_code == 302
    client.logout()
    assert _login(client, staff_password, username="fritz").status_code == 302


PROXY = "10.0.0.1"


def _login_through_proxy(client, password, forwarded_for, username="alice"):
    """A login as the reverse proxy passes it on: from its address, the client's in the header."""
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def test_a_forwarded_address_from_an_untrusted_client_is_ignored(
    client, editor_with_password, staff_password
):
    # Without TRUSTED_PROXIES, a client rotating X-Forwarded-For still fails from one address.
    for number in range(5):
        client.post(
            LOGIN,
            {"username": "alice", "password": "falsch"},
            REMOTE_ADDR="203.0.113.7",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{number}",
        )

    response = _login(client, staff_password)

    assert "Anmeldung vorübergehend gesperrt" in response.text


def test_behind_a_trusted_proxy_the_lock_holds_only_for_the_failing_address(
    client, settings, editor_with_password, staff_password
):
    settings.TRUSTED_PROXIES = [PROXY]
    for _ in range(5):
        _login_through_proxy(client, "falsch", "203.0.113.7")

    locked = _login_through_proxy(client, staff_password, "203.0.113.7")
    elsewhere = _login_through_proxy(client, staff_password, "198.51.100.9")

    assert "Anmeldung vorübergehend gesperrt" in locked.text
    assert elsewhere.status_code == 302  # the attacker could not lock alice out


def test_an_address_the_client_put_in_front_does_not_help_it(
    client, settings, editor_with_password, staff_password
):
    settings.TRUSTED_PROXIES = [PROXY]
    # The proxy appends the address it saw; whatever the client sent stays to the left.
    for number in range(5):
        _login_through_proxy(client, "falsch", f"192.0.2.{number}, 203.0.113.7")

    response = _login_through_proxy(client, staff_password, "192.0.2.99, 203.0.113.7")

    assert "Anmeldung vorübergehend gesperrt" in response.text


def test_an_address_trying_many_usernames_is_locked_for_every_username(
    client, editor_with_password, make_staff, staff_password
):
    make_staff("fritz", password=staff_password)
    for number in range(20):
        _login(client, "falsch", username=f"rate-{number % 10}")

    fritz = _login(client, staff_password, username="fritz")
    other_address = _login(client, staff_password, username="fritz", address="198.51.100.9")

    assert "Anmeldung vorübergehend gesperrt" in fritz.text
    assert other_address.status_code == 302


def test_a_few_colleagues_typos_from_one_office_do_not_lock_the_office(
    client, editor_with_password, make_staff, staff_password
):
    make_staff("fritz", password=staff_password)
    for number in range(12):
        _login(client, "falsch", username=f"kollegin-{number % 4}")

    assert _login(client, staff_password, username="fritz").status_code == 302


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        ("203.0.113.7", "198.51.100.1", "203.0.113.7"),  # not a trusted proxy
        (PROXY, "198.51.100.1", "198.51.100.1"),
        (PROXY, "192.0.2.1, 198.51.100.1", "198.51.100.1"),
        (PROXY, "198.51.100.1, 10.0.0.2", "198.51.100.1"),  # two proxies of ours
        (PROXY, "nonsense", PROXY),
        (PROXY, "", PROXY),
        ("10.0.0.2", "2001:db8::1", "2001:db8::1"),
    ],
)
def test_the_client_address_is_read_from_the_trusted_proxies_only(
    rf, settings, remote, forwarded, expected
):
    settings.TRUSTED_PROXIES = [PROXY, "10.0.0.2/32"]
    request = rf.get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)

    assert client_address(request) == expected
