"""Error pages in the site's frame that render without a database; health and liveness checks.

The tests without the `db` fixture have no database at all: pytest-django refuses every query,
so a page that needed one would fail here.
"""

import json
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.db import OperationalError
from django.test import override_settings
from django.utils import translation
from django.views import defaults

from centres.availability import database_unavailable_response, server_error

# The site's look: its stylesheets, the header's search (a plain GET form) and the footer.
FRAME = [
    "Stadtteilzentren Berlin",
    "/static/css/design.",
    "/static/css/site.",
    'lang="de"',
    '<form class="site-search" role="search"',
    'action="/zentren/"',
    'href="/impressum/"',
]


def assert_in_the_sites_frame(html: str) -> None:
    for part in FRAME:
        assert part in html
    assert "<script" not in html


def test_an_unknown_address_gives_the_friendly_404_without_a_database(client):
    response = client.get("/gibt-es-nicht/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "Diese Seite gibt es nicht (mehr)" in html
    assert 'href="/zentren/"' in html
    assert_in_the_sites_frame(html)


def test_a_bad_host_gives_the_friendly_400(client):
    response = client.get("/", HTTP_HOST="nicht-unsere-adresse.example")

    assert response.status_code == 400
    html = response.content.decode()
    assert "Diese Anfrage konnten wir nicht verstehen" in html
    assert_in_the_sites_frame(html)


def test_the_403_page_offers_the_staff_login(rf):
    response = defaults.permission_denied(rf.get("/admin/"), PermissionDenied())

    assert response.status_code == 403
    html = response.content.decode()
    assert "Für diese Seite fehlt Ihnen die Berechtigung" in html
    assert 'href="/admin/login/"' in html
    assert_in_the_sites_frame(html)


def test_the_500_page_apologises_in_the_sites_frame(rf):
    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error(rf.get("/"))

    assert response.status_code == 500
    html = response.content.decode()
    assert "Entschuldigung, hier ist etwas schiefgegangen" in html
    assert_in_the_sites_frame(html)


def test_a_database_error_outside_a_view_is_the_503_page(rf):
    try:
        raise OperationalError("connection timeout expired")
    except OperationalError:
        response = server_error(rf.get("/"))

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "vorübergehend nicht erreichbar" in response.content.decode()


def test_the_503_page_says_to_come_back_later():
    response = database_unavailable_response(OperationalError("gone"))

    assert response.status_code == 503
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert "Das Verzeichnis ist vorübergehend nicht erreichbar" in html
    assert_in_the_sites_frame(html)


def nav_links(html: str) -> list[tuple[str, str]]:
    """The main navigation's links, as (address, text)."""
    nav = re.search(r'<nav class="site-nav".*?</nav>', html, re.DOTALL).group()
    return re.findall(r'<li><a href="([^"]+)"[^>]*>([^<]+)</a></li>', nav)


@pytest.mark.django_db
@pytest.mark.parametrize(("prefix", "language"), [("", "de"), ("/en", "en")])
def test_the_error_pages_navigation_has_the_links_of_the_sites_header(client, rf, prefix, language):
    header = nav_links(client.get(f"{prefix}/impressum/").text)
    with translation.override(language):
        try:
            raise ValueError("a bug")
        except ValueError:
            error = server_error(rf.get(f"{prefix}/"))
        unavailable = database_unavailable_response(OperationalError("gone"))

    assert (f"{prefix}/raeume/", "Räume" if language == "de" else "Rooms") in header
    assert len(header) == 7
    assert nav_links(client.get(f"{prefix}/gibt-es-nicht/").text) == header
    assert nav_links(error.content.decode()) == header
    assert nav_links(unavailable.content.decode()) == header


def test_liveness_answers_without_database_for_any_host_over_plain_http(client):
    with override_settings(SECURE_SSL_REDIRECT=True):
        response = client.get("/livez/", HTTP_HOST="10.0.0.7:8000")

    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_health_says_ok_when_database_and_cache_answer(client):
    with override_settings(SECURE_SSL_REDIRECT=True):
        response = client.get("/healthz/", HTTP_HOST="10.0.0.7:8000")

    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok", "database": "ok", "cache": "ok"}


@pytest.mark.django_db
def test_health_is_503_when_the_cache_does_not_answer(client):
    broken = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    with override_settings(CACHES=broken):
        response = client.get("/healthz/")

    assert response.status_code == 503
    assert json.loads(response.content) == {
        "status": "unavailable",
        "database": "ok",
        "cache": "unavailable",
    }
