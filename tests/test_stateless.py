"""App servers keep nothing of their own (docs/deploy.md, "Beyond one machine"): sessions in
the shared database, photos through Django's storage API (object storage when configured),
static files with hashed names that browsers and proxies keep for good."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.files.storage import InMemoryStorage, storages
from django.templatetags.static import static
from django.test import Client, override_settings

from centres.photo_renditions import rendition_name
from stadtteilzentren.settings import BASE_DIR
from tests.test_photos import _image, _upload

IN_MEMORY_MEDIA = {
    **settings.STORAGES,
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
}


def test_a_login_is_a_row_in_the_shared_database_that_any_instance_can_read(editor):
    browser = Client()
    browser.force_login(editor)
    key = browser.cookies[settings.SESSION_COOKIE_NAME].value

    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    assert Session.objects.get(session_key=key).get_decoded()["_auth_user_id"] == str(editor.pk)
    other_instance = Client()  # a new handler: nothing shared but the database
    other_instance.cookies[settings.SESSION_COOKIE_NAME] = key
    assert other_instance.get("/admin/").status_code == 200


@override_settings(STORAGES=IN_MEMORY_MEDIA)
def test_photos_and_their_renditions_go_through_the_storage_api_only(
    client, editor, centre_a, django_capture_on_commit_callbacks
):
    """A storage without local files (InMemoryStorage has no `path()`): upload, renditions,
    the public page and removal work all the same, as they do with object storage."""
    storage = storages["default"]
    assert isinstance(storage, InMemoryStorage)
    client.force_login(editor)

    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(client, centre_a, _image())
    assert response.status_code == 302
    centre_a.refresh_from_db()
    name = centre_a.photo.name
    assert storage.exists(name)
    assert all(storage.exists(rendition_name(name, width)) for width in (480, 960))
    page = Client().get(centre_a.get_absolute_url())
    assert storage.url(rendition_name(name, 480)) in page.text

    with django_capture_on_commit_callbacks(execute=True):
        centre_a.delete()
    assert not storage.exists(name)
    assert not storage.exists(rendition_name(name, 480))


def test_a_hashed_static_file_may_be_kept_for_good():
    url = static("css/site.css")

    response = Client().get(url)

    assert url != "/static/css/site.css"  # the manifest's hashed name
    assert response.status_code == 200
    assert response["Cache-Control"] == "max-age=315360000, public, immutable"


def settings_in_a_new_process(expression: str, **variables: str) -> str:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("AWS_", "S3_")) and key != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    code = (
        "import django; django.setup(); "
        "from django.conf import settings; from django.core.files.storage import storages; "
        f"print(({expression}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env={**environment, "DJANGO_SETTINGS_MODULE": "stadtteilzentren.settings", **variables},
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return result.stdout.strip().splitlines()[-1]


def test_without_a_bucket_photos_are_files_under_media_root():
    assert settings_in_a_new_process("type(storages['default']).__name__") == ("FileSystemStorage")


def test_a_bucket_and_endpoint_switch_photos_to_object_storage_with_plain_addresses():
    value = settings_in_a_new_process(
        "type(storages['default']).__name__, storages['default'].url('centres/haus.jpg'), "
        "settings.SECURE_CSP['img-src'][-1]",
        AWS_STORAGE_BUCKET_NAME="stz-media",
        S3_ENDPOINT_URL="http://objects.internal:9000",
        AWS_ACCESS_KEY_ID="test-key",
        AWS_SECRET_ACCESS_KEY="test-secret",
    )

    assert value == (
        "('S3Storage', 'http://objects.internal:9000/stz-media/media/centres/haus.jpg', "
        "'http://objects.internal:9000')"
    )


@pytest.mark.parametrize(
    ("variables", "origin"),
    [
        ({"AWS_S3_CUSTOM_DOMAIN": "fotos.example.org"}, "https://fotos.example.org"),
        ({"AWS_S3_REGION_NAME": "eu-central-1"}, "https://stz-media.s3.amazonaws.com"),
        ({}, "https://stz-media.s3.amazonaws.com"),
    ],
)
def test_photos_from_object_storage_are_allowed_by_the_content_security_policy(variables, origin):
    value = settings_in_a_new_process(
        "storages['default'].url('centres/haus.jpg'), repr(settings.SECURE_CSP['img-src'][3:])",
        AWS_STORAGE_BUCKET_NAME="stz-media",
        AWS_ACCESS_KEY_ID="test-key",
        AWS_SECRET_ACCESS_KEY="test-secret",
        **variables,
    )

    assert value.startswith(f"('{origin}/media/centres/haus.jpg', ")
    assert f"'{origin}'" in value  # among the allowed image origins
