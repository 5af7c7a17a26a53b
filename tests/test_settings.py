"""Settings come from the environment, and a value that cannot be read stops the site."""

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from stadtteilzentren.settings import BASE_DIR, env_bool


@pytest.mark.parametrize("value", ["1", "true", "Yes", " on "])
def test_yes_words_switch_a_setting_on(monkeypatch, value):
    monkeypatch.setenv("OVERVIEW_REQUIRES_LOGIN", value)

    assert env_bool("OVERVIEW_REQUIRES_LOGIN", False) is True


@pytest.mark.parametrize("value", ["0", "false", "No", "OFF"])
def test_no_words_switch_a_setting_off(monkeypatch, value):
    monkeypatch.setenv("DEBUG", value)

    assert env_bool("DEBUG", True) is False


@pytest.mark.parametrize("value", [None, "", "  "])
def test_an_unset_or_empty_setting_keeps_its_default(monkeypatch, value):
    if value is None:
        monkeypatch.delenv("SECURE_COOKIES", raising=False)
    else:
        monkeypatch.setenv("SECURE_COOKIES", value)

    assert env_bool("SECURE_COOKIES", True) is True


@pytest.mark.parametrize("value", ["ture", "ja", "2", "enabled"])
def test_a_typo_is_an_error_naming_the_variable(monkeypatch, value):
    monkeypatch.setenv("OVERVIEW_REQUIRES_LOGIN", value)

    with pytest.raises(ImproperlyConfigured, match=f"OVERVIEW_REQUIRES_LOGIN='{value}'"):
        env_bool("OVERVIEW_REQUIRES_LOGIN", False)


def test_the_site_refuses_to_start_with_a_typo_in_a_closing_setting():
    environment = {**os.environ, "OVERVIEW_REQUIRES_LOGIN": "ture", "DATABASE_URL": ""}

    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode != 0
    assert "OVERVIEW_REQUIRES_LOGIN='ture' is not a yes/no value" in result.stderr


def test_database_pool_replaces_persistent_connections_on_postgresql():
    from stadtteilzentren.settings import database_config

    url = "postgres://stz@db.example/stz"
    persistent = database_config(url, connect_timeout=3, statement_timeout=5)
    pooled = database_config(url, connect_timeout=3, statement_timeout=5, pool=4)
    sqlite = database_config("sqlite:///x.sqlite3", connect_timeout=3, statement_timeout=5, pool=4)

    assert persistent["CONN_MAX_AGE"] == 600 and "pool" not in persistent["OPTIONS"]
    assert pooled["CONN_MAX_AGE"] == 0
    assert pooled["OPTIONS"]["pool"] == {"min_size": 1, "max_size": 4, "timeout": 3}
    assert "pool" not in sqlite.get("OPTIONS", {})


def test_postgresql_connections_plan_without_jit():
    from stadtteilzentren.settings import database_config

    options = database_config(
        "postgres://stz@db.example/stz", connect_timeout=3, statement_timeout=5
    )["OPTIONS"]["options"]

    # docs/performance.md: JIT compiled a larger list query for longer than it ran.
    assert options == "-c statement_timeout=5000 -c jit=off"
