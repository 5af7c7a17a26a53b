"""A read replica (centres/routers.py, docs/deploy.md): anonymous visitors read from it, staff
and every write use the primary, so an editor sees their change at once.

The tests run on two real databases, the primary `default` and a `replica` with the same
tables but, like a replica that has not caught up yet, none of the primary's rows.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.db import connections
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from centres.models import Centre
from centres.routers import PrimaryReplicaRouter
from stadtteilzentren.settings import BASE_DIR
from tests.test_admin_workflow import _form_data

pytestmark = [pytest.mark.replica, pytest.mark.django_db(databases=["default", "replica"])]

WITH_REPLICA = override_settings(DATABASE_ROUTERS=["centres.routers.PrimaryReplicaRouter"])


@pytest.fixture(autouse=True)
def router_installed():
    with WITH_REPLICA:
        yield


def queries_on_both():
    return CaptureQueriesContext(connections["default"]), CaptureQueriesContext(
        connections["replica"]
    )


def test_an_anonymous_page_is_read_from_the_replica(centre_a):
    primary, replica = queries_on_both()
    with primary, replica:
        response = Client().get("/zentren/")

    assert response.status_code == 200
    assert "Zentrum Alpha" not in response.text  # the replica has not caught up yet
    assert len(replica.captured_queries) > 0
    assert primary.captured_queries == []


def test_an_anonymous_download_is_read_from_the_replica(centre_a):
    primary, replica = queries_on_both()
    with primary, replica:
        response = Client().get("/api/v1/zentren")

    assert response.json()["anzahl"] == 0
    assert replica.captured_queries and not primary.captured_queries


def test_an_editor_sees_their_own_change_at_once(client, editor, centre_a):
    client.force_login(editor)
    change = reverse("admin:centres_centre_change", args=[centre_a.pk])
    data = _form_data(client, change)
    data["name"] = "Zentrum Alpha am Kanal"

    primary, replica = queries_on_both()
    with primary, replica:
        assert client.post(change, data).status_code == 302
        page = client.get(centre_a.get_absolute_url())

    assert page.status_code == 200
    assert "Zentrum Alpha am Kanal" in page.text
    assert replica.captured_queries == []
    assert Centre.objects.using("default").get(pk=centre_a.pk).name == "Zentrum Alpha am Kanal"
    # An anonymous visitor reads the replica, which has not received the change yet.
    assert Client().get(centre_a.get_absolute_url()).status_code == 404


def test_the_admin_login_and_every_post_use_the_primary(superuser):
    primary, replica = queries_on_both()
    with primary, replica:
        Client().get(reverse("admin:login"))
        Client().post(reverse("admin:login"), {"username": "root", "password": "falsch"})

    assert primary.captured_queries
    assert replica.captured_queries == []


def test_code_outside_a_request_reads_and_writes_the_primary(centre_a):
    router = PrimaryReplicaRouter()

    assert router.db_for_read(Centre) == "default"
    assert router.db_for_write(Centre) == "default"
    assert Centre.objects.filter(pk=centre_a.pk).exists()  # read from the primary


def test_migrations_run_only_on_the_primary():
    router = PrimaryReplicaRouter()

    assert router.allow_migrate("default", "centres") is True
    assert router.allow_migrate("replica", "centres") is False


def settings_value(expression: str, **variables: str) -> str:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_REPLICA_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    result = subprocess.run(
        [sys.executable, "-c", f"from django.conf import settings; print(({expression}))"],
        cwd=BASE_DIR,
        env={**environment, "DJANGO_SETTINGS_MODULE": "stadtteilzentren.settings", **variables},
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return result.stdout.strip()


def test_without_a_replica_url_there_is_one_database_and_no_router():
    assert settings_value("sorted(settings.DATABASES), settings.DATABASE_ROUTERS") == (
        "(['default'], [])"
    )


def test_a_replica_url_adds_the_replica_and_its_router():
    value = settings_value(
        "settings.DATABASES['replica']['NAME'], settings.DATABASE_ROUTERS",
        DATABASE_REPLICA_URL="postgres://reader@replica.internal:5432/stadtteilzentren",
    )

    assert value == "('stadtteilzentren', ['centres.routers.PrimaryReplicaRouter'])"
