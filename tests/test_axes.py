"""Repeated failed admin logins make that username wait from that address (a minute, then
doubling), and lock an address that tries many usernames; behind a trusted proxy the address is
the client's. Coordinators lift the lockouts of their Bezirk's editors, the team any."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

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
    assert response.status_code == 429
    assert "Anmeldung vorübergehend gesperrt" in response.text
    assert "zuerst 1 Minute" in response.text
    assert "wieder versuchen" in response.text
    assert 1 <= int(response["Retry-After"]) <= 60
    assert "_auth_user_id" not in client.session


def _minutes_pass(minutes: float) -> None:
    """Time passes for every recorded failure (nobody sleeps: the attempts move back)."""
    AccessAttempt.objects.update(
        attempt_time=F("attempt_time") - datetime.timedelta(minutes=minutes)
    )


def _wait_seconds(response) -> int:
    assert response.status_code == 429, response.status_code
    return int(response["Retry-After"])


def test_the_wait_doubles_with_each_further_failure_up_to_an_hour(
    client, editor_with_password, staff_password
):
    for _ in range(4):
        _login(client, "falsch")
    waits = [_wait_seconds(_login(client, "falsch"))]  # the fifth failure: a minute
    for _ in range(8):
        _minutes_pass(waits[-1] / 60)
        waits.append(_wait_seconds(_login(client, "falsch")))  # tried after the wait: failed

    assert waits == [60, 120, 240, 480, 960, 1920, 3600, 3600, 3600]


def test_a_try_during_the_wait_neither_counts_nor_restarts_the_wait(
    client, editor_with_password, staff_password
):
    for _ in range(5):
        _login(client, "falsch")
    _minutes_pass(0.5)
    for _ in range(10):
        refused = _login(client, "falsch")
        assert 1 <= _wait_seconds(refused) <= 30

    _minutes_pass(0.5)

    assert _login(client, staff_password).status_code == 302
    assert not AccessAttempt.objects.exists()  # a successful login forgets the failures


def test_the_lockout_page_says_from_when_to_try_again(client, editor_with_password, staff_password):
    for _ in range(5):
        _login(client, "falsch")
    attempt = AccessAttempt.objects.get()
    until = attempt.attempt_time + datetime.timedelta(minutes=1)

    response = _login(client, staff_password)

    assert f"Sie können es ab {timezone.localtime(until):%H:%M} Uhr wieder versuchen." in (
        " ".join(response.text.split())
    )


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


def test_a_day_without_failures_forgets_them(client, editor_with_password, staff_password):
    for _ in range(6):
        _login(client, "falsch")
    _minutes_pass(24 * 60 + 1)

    for _ in range(4):
        assert _login(client, "falsch").status_code == 200  # four fresh tries before a wait

    assert _wait_seconds(_login(client, "falsch")) == 60


def test_behind_a_trusted_proxy_the_wait_holds_for_the_failing_address_only(
    client, settings, editor_with_password, staff_password
):
    settings.TRUSTED_PROXIES = [PROXY]
    for _ in range(10):  # an attacker keeps guessing alice's password through the proxy
        _login_through_proxy(client, "falsch", "203.0.113.7")
        _minutes_pass(60)
    attacker = _login_through_proxy(client, "falsch", "203.0.113.7")

    owner = _login_through_proxy(client, staff_password, "198.51.100.9")

    assert _wait_seconds(attacker) == 3600  # the eleventh failure: the longest wait
    assert owner.status_code == 302  # alice herself, from her own address, is not held up


def test_a_spoofed_forwarded_address_from_an_untrusted_client_gets_the_wait_all_the_same(
    client, editor_with_password
):
    waits = []
    for number in range(7):
        response = client.post(
            LOGIN,
            {"username": "alice", "password": "falsch"},
            REMOTE_ADDR="203.0.113.7",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{number}",
        )
        if response.status_code == 429:
            waits.append(int(response["Retry-After"]))
            _minutes_pass(waits[-1] / 60)

    assert waits == [60, 120, 240]
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.7"}


# Lifting a lockout in the admin: "Fehlgeschlagene Anmeldungen (Login-Sperren)".
ATTEMPTS = reverse("admin:centres_loginattempt_changelist")


def _lock(client, username="alice", address="203.0.113.7"):
    for _ in range(5):
        _login(client, "falsch", username=username, address=address)
    client.logout()


def _lift(client, *attempts):
    return client.post(
        ATTEMPTS,
        {"action": "lift_lockout", "_selected_action": [attempt.pk for attempt in attempts]},
        follow=True,
    )


def test_a_coordinator_sees_and_lifts_the_lockout_of_an_editor_of_their_bezirk(
    client, editor_with_password, coordinator, other_editor, staff_password
):
    _lock(client)
    _lock(client, username=other_editor.username)  # an editor of another Bezirk
    alice = AccessAttempt.objects.get(username="alice")
    client.force_login(coordinator)

    listing = client.get(ATTEMPTS + "?gesperrt=ja")
    lifted = _lift(client, alice)
    client.logout()

    assert listing.status_code == 200
    assert "alice" in listing.text
    assert other_editor.username not in listing.text
    assert "Gesperrt bis" in listing.text
    assert "Die Sperre von 1 Anmeldung wurde aufgehoben." in lifted.text
    assert not AccessAttempt.objects.filter(username="alice").exists()
    assert _login(client, staff_password).status_code == 302


def test_a_coordinator_cannot_lift_another_bezirks_lockout(client, coordinator, other_editor):
    _lock(client, username=other_editor.username)
    attempt = AccessAttempt.objects.get()
    client.force_login(coordinator)

    _lift(client, attempt)
    deleted = client.post(
        reverse("admin:centres_loginattempt_delete", args=[attempt.pk]), {"post": "yes"}
    )

    assert deleted.status_code in {302, 404}
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()


def test_an_editor_can_neither_see_nor_lift_lockouts(client, editor, make_staff):
    _lock(client, username="fritz")
    attempt = AccessAttempt.objects.get()
    client.force_login(editor)

    listing = client.get(ATTEMPTS)
    lifted = _lift(client, attempt)
    deleted = client.post(
        reverse("admin:centres_loginattempt_delete", args=[attempt.pk]), {"post": "yes"}
    )

    assert listing.status_code == 403
    assert lifted.status_code == 403
    assert deleted.status_code == 403
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()


def test_the_directory_team_lifts_any_lockout(client, team, other_editor):
    _lock(client, username=other_editor.username)
    _lock(client, username="unbekannt", address="192.0.2.50")
    client.force_login(team)

    lifted = _lift(client, *AccessAttempt.objects.all())

    assert "Die Sperren von 2 Anmeldungen wurden aufgehoben." in lifted.text
    assert not AccessAttempt.objects.exists()


def _failures(count: int, first: int = 0) -> None:
    """`count` people locked out just now, each from an address of their own."""
    AccessAttempt.objects.bulk_create(
        AccessAttempt(
            username=f"person-{number}",
            ip_address=f"192.0.2.{number % 250}",
            user_agent="Firefox",
            failures_since_start=5 + number % 3,
            attempt_time=timezone.now(),
        )
        for number in range(first, first + count)
    )


def test_the_lockout_list_takes_the_same_number_of_queries_for_3_and_60_rows(client, team):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(team)
    _failures(3)
    with CaptureQueriesContext(connection) as few:
        assert client.get(ATTEMPTS + "?gesperrt=ja").status_code == 200
    _failures(57, first=3)
    with CaptureQueriesContext(connection) as many:
        page = client.get(ATTEMPTS + "?gesperrt=ja")

    assert page.text.count('name="_selected_action"') == 60  # every one locked just now
    assert len(many) == len(few)
