"""Repeated failed admin logins lock that username from that address for an hour."""

from django.urls import reverse

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
