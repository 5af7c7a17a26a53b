"""Optional two-factor login for staff (STAFF_TWO_FACTOR, centres/staff/two_factor.py): off, the
admin login is username and password; on, it also asks for a code from the authenticator app or
a backup code, and only logins confirmed by a code reach the admin."""

import sys

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

LOGIN = reverse("admin:login")
INDEX = reverse("admin:index")


def _login(client, password, code=None, username="alice", address="203.0.113.7"):
    form = {"username": username, "password": password, "next": INDEX}
    if code is not None:
        form["otp_token"] = code
    return client.post(LOGIN, form, REMOTE_ADDR=address)


def _app_code(user) -> str:
    device = TOTPDevice.objects.get(user=user)
    return f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}"


@pytest.fixture
def two_factor_on(settings):
    settings.STAFF_TWO_FACTOR = True


@pytest.fixture
def set_up(editor_with_password, capsys):
    """alice's devices, as the directory team sets them up; the printed backup codes."""
    call_command("staff_two_factor_setup", "alice")
    printed = capsys.readouterr().out
    return [line.strip() for line in printed.splitlines()[-10:]]


def test_off_by_default_the_password_is_enough(client, editor_with_password, staff_password):
    page = client.get(LOGIN)
    response = _login(client, staff_password)

    assert "Bestätigungscode" not in page.text
    assert response.status_code == 302
    assert client.get(INDEX).status_code == 200


def test_on_the_login_asks_for_a_code_and_the_password_alone_is_not_enough(
    client, two_factor_on, set_up, staff_password
):
    page = client.get(LOGIN)
    response = _login(client, staff_password)

    assert "Bestätigungscode:" in page.text
    assert "Authenticator-App" in page.text
    assert response.status_code == 200
    assert "Bitte geben Sie den Bestätigungscode ein." in response.text
    assert "_auth_user_id" not in client.session


def test_on_the_password_and_the_apps_code_let_staff_in(
    client, two_factor_on, set_up, editor_with_password, staff_password
):
    response = _login(client, staff_password, _app_code(editor_with_password))

    assert response.status_code == 302
    assert client.get(INDEX).status_code == 200


def test_a_backup_code_works_once(client, two_factor_on, set_up, staff_password):
    first = _login(client, staff_password, set_up[0])
    client.logout()
    again = _login(client, staff_password, set_up[0])

    assert first.status_code == 302
    assert again.status_code == 200
    assert "Der Bestätigungscode stimmt nicht." in again.text


def test_on_a_login_without_a_code_does_not_reach_the_admin(
    client, two_factor_on, editor_with_password
):
    client.force_login(editor_with_password)  # a session from before the setting was on

    response = client.get(INDEX)

    assert response.status_code == 302
    assert response.url.startswith(LOGIN)


def test_staff_without_a_device_are_told_whom_to_ask(client, two_factor_on, editor_with_password):
    page = client.get(LOGIN)

    assert "Das Verzeichnisteam richtet Ihnen den Zugang ein" in page.text


def test_wrong_codes_after_the_right_password_count_for_the_lockout(
    client, two_factor_on, set_up, editor_with_password, staff_password
):
    for _ in range(4):
        assert _login(client, staff_password, "000000").status_code == 200
    locked = _login(client, staff_password, "000000")
    right_code = _login(client, staff_password, _app_code(editor_with_password))
    elsewhere = _login(
        client, staff_password, _app_code(editor_with_password), address="198.51.100.9"
    )

    assert locked.status_code == 429
    assert "Anmeldung vorübergehend gesperrt" in right_code.text
    assert elsewhere.status_code in {200, 302}  # the app's code may be used once per period


def test_the_setup_command_gives_an_app_key_and_ten_backup_codes(set_up, editor_with_password):
    assert TOTPDevice.objects.filter(user=editor_with_password, confirmed=True).count() == 1
    backup = StaticDevice.objects.get(user=editor_with_password)
    assert sorted(backup.token_set.values_list("token", flat=True)) == sorted(set_up)
    assert len(set(set_up)) == 10


def test_the_setup_command_replaces_devices_only_when_asked(set_up, editor_with_password):
    old_key = TOTPDevice.objects.get(user=editor_with_password).key
    with pytest.raises(CommandError, match="hat schon eine Zwei-Faktor-Anmeldung"):
        call_command("staff_two_factor_setup", "alice")

    call_command("staff_two_factor_setup", "alice", "--ersetzen")

    assert TOTPDevice.objects.get(user=editor_with_password).key != old_key
    assert StaticDevice.objects.filter(user=editor_with_password).count() == 1


def test_the_setup_command_names_an_unknown_account(db):
    with pytest.raises(CommandError, match="Kein Konto „niemand“"):
        call_command("staff_two_factor_setup", "niemand")


def test_staff_without_a_device_who_type_a_code_are_sent_to_the_team(
    client, two_factor_on, editor_with_password, staff_password
):
    response = _login(client, staff_password, "123456")

    assert "noch nicht eingerichtet" in response.text
    assert "Verzeichnisteam" in response.text
    assert "_auth_user_id" not in client.session


def test_on_in_production_with_a_moved_admin_check_deploy_is_clean_and_the_login_asks_for_a_code():
    from tests.test_deploy_settings import PRODUCTION, run

    variables = {**PRODUCTION, "STAFF_TWO_FACTOR": "1", "ADMIN_PATH": "verwaltung"}
    show = (
        "from django.contrib import admin; from django.urls import reverse; "
        "print(reverse('admin:login'), admin.site.login_form.__name__, admin.site.login_template)"
    )

    check = run([sys.executable, "manage.py", "check", "--deploy"], **variables)
    login = run([sys.executable, "manage.py", "shell", "--no-imports", "-c", show], **variables)

    assert check.returncode == 0, check.stderr
    assert "WARNINGS" not in check.stderr
    assert login.stdout.split() == [
        "/verwaltung/login/",
        "StaffTwoFactorLoginForm",
        "admin/login_two_factor.html",
    ], login.stderr
