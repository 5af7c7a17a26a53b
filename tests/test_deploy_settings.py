"""Production is secure by default and cannot start in debug mode by accident."""

import logging
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import override_settings

from stadtteilzentren.settings import BASE_DIR

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "production-key-3c7f0e1b9a4d-only-for-this-test-8e2f6a",
    "ALLOWED_HOSTS": "stadtteilzentren.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://stadtteilzentren.example.org",
    "DATABASE_URL": "",
}


def run(command: list[str], **variables: str) -> subprocess.CompletedProcess:
    environment = {
        key: value
        for key, value in os.environ.items()
        # The test run's own switches (tests/conftest.py sets DJANGO_ALLOW_ASYNC_UNSAFE).
        if key not in {"DEBUG", "SECRET_KEY", "SECURE_COOKIES", "DJANGO_ALLOW_ASYNC_UNSAFE"}
        and not key.startswith(("SECURE_HSTS", "SECURE_SSL"))
    }
    return subprocess.run(
        command,
        cwd=BASE_DIR,
        env={**environment, **variables},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_variables():
    result = run([sys.executable, "manage.py", "check", "--deploy"], **PRODUCTION)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNINGS" not in result.stderr


def test_check_deploy_fails_on_the_development_key():
    variables = {**PRODUCTION, "SECRET_KEY": settings.DEVELOPMENT_SECRET_KEY}

    result = run([sys.executable, "manage.py", "check", "--deploy"], **variables)

    assert result.returncode != 0
    assert "centres.E001" in result.stderr
    assert "SECRET_KEY is the development key" in result.stderr


def test_check_deploy_fails_on_a_developers_defaults():
    result = run([sys.executable, "manage.py", "check", "--deploy"], DATABASE_URL="")

    assert result.returncode != 0
    assert "centres.E001" in result.stderr
    assert "security.W018" in result.stderr  # DEBUG


def test_debug_off_without_a_secret_key_does_not_start():
    result = run([sys.executable, "manage.py", "check"], DEBUG="0", DATABASE_URL="")

    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_gunicorn_refuses_to_serve_when_debug_was_forgotten():
    gunicorn = [sys.executable, "-m", "gunicorn", "--check-config", "stadtteilzentren.wsgi"]

    forgotten = run(gunicorn, DATABASE_URL="")
    production = run(gunicorn, **PRODUCTION)

    assert forgotten.returncode != 0
    assert "will not serve this site with DEBUG on" in forgotten.stderr
    assert production.returncode == 0, production.stderr


def test_every_gunicorn_entry_point_sets_debug_off():
    dockerfile = (BASE_DIR / "Dockerfile").read_text()
    deploy = (BASE_DIR / "docs" / "deploy.md").read_text()

    assert "DEBUG=0 \\" in dockerfile
    assert "exec env DEBUG=0 gunicorn" in dockerfile
    gunicorn_lines = [line for line in deploy.splitlines() if "gunicorn stadtteilzentren" in line]
    assert gunicorn_lines
    assert all("DEBUG=0" in line for line in gunicorn_lines)


def test_a_typo_in_the_hsts_duration_stops_the_site():
    result = run(
        [sys.executable, "manage.py", "check"], **PRODUCTION, SECURE_HSTS_SECONDS="ein Jahr"
    )

    assert result.returncode != 0
    assert "SECURE_HSTS_SECONDS='ein Jahr' is not a whole number" in result.stderr


PRODUCTION_HTTPS = {
    "SECURE_SSL_REDIRECT": True,
    "SECURE_HSTS_SECONDS": 31536000,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    "SECURE_HSTS_PRELOAD": True,
    "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
}


@override_settings(**PRODUCTION_HTTPS)
def test_behind_the_proxy_plain_http_is_redirected_to_https(client, db):
    response = client.get("/zentren/")

    assert response.status_code == 301
    assert response["Location"] == "https://testserver/zentren/"


@override_settings(**PRODUCTION_HTTPS)
def test_https_through_the_proxy_answers_with_hsts(client, db):
    response = client.get("/zentren/", HTTP_X_FORWARDED_PROTO="https")

    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == ("max-age=31536000; includeSubDomains; preload")


@pytest.fixture
def security_log():
    """The records of Django's bad-Host logger, after its filters."""
    records = []
    handler = logging.Handler()
    handler.emit = records.append
    logger = logging.getLogger("django.security.DisallowedHost")
    logger.addHandler(handler)
    yield records
    logger.removeHandler(handler)


def test_a_bad_host_is_logged_once_per_host_as_a_warning_without_traceback(
    client, db, security_log
):
    for host in ["scanner-1.example", "scanner-1.example", "scanner-2.example"]:
        assert client.get("/", HTTP_HOST=host).status_code == 400

    assert [record.levelname for record in security_log] == ["WARNING", "WARNING"]
    assert "'scanner-1.example'" in security_log[0].getMessage()
    assert "'scanner-2.example'" in security_log[1].getMessage()
    assert all(record.exc_info is None for record in security_log)


def test_the_admins_path_is_a_setting():
    show = "from django.urls import reverse; print(reverse('admin:index'), reverse('admin:login'))"

    moved = run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", show],
        **PRODUCTION,
        ADMIN_PATH="verwaltung",
    )
    broken = run([sys.executable, "manage.py", "check"], **PRODUCTION, ADMIN_PATH="../x")

    assert moved.returncode == 0, moved.stderr
    assert moved.stdout.split() == ["/verwaltung/", "/verwaltung/login/"]
    assert broken.returncode != 0
    assert "ADMIN_PATH='../x'" in broken.stderr
