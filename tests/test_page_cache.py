"""The page cache (centres/pagecache.py, docs/caching.md): anonymous visitors get public pages
from the cache, and never a page older than the data."""

from __future__ import annotations

import datetime
import gzip
import http.cookiejar
import os
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.db import connections
from django.test import Client, override_settings
from django.urls import reverse
from import_export.formats.base_formats import CSV

from centres import pagecache
from centres.models import Centre, Site
from centres.staff.imports import centres_import
from tests.test_admin_workflow import _form_data

TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/5")


def anonymous() -> Client:
    return Client()


def test_a_second_anonymous_request_is_served_from_the_cache_without_queries(
    centre_a, django_assert_num_queries
):
    first = anonymous().get("/zentren/")
    with django_assert_num_queries(0):
        second = anonymous().get("/zentren/")

    assert first["X-Cache"] == "miss"
    assert second["X-Cache"] == "hit"
    assert "Zentrum Alpha" in second.text
    assert second.content == first.content


class CacheCalls:
    """The cache as the page cache sees it, recording which of its methods are called."""

    def __init__(self, real) -> None:
        self.real = real
        self.calls: list[str] = []

    def __getattr__(self, name: str):
        attribute = getattr(self.real, name)
        if not callable(attribute):
            return attribute

        def call(*args, **kwargs):
            self.calls.append(name)
            return attribute(*args, **kwargs)

        return call


def test_a_hit_reads_the_data_version_and_the_page_in_one_round_trip(
    shared_cache, centre_a, monkeypatch
):
    first = anonymous().get("/zentren/")
    calls = CacheCalls(pagecache.cache)
    monkeypatch.setattr(pagecache, "cache", calls)

    hit = anonymous().get("/zentren/")

    assert hit["X-Cache"] == "hit"
    assert calls.calls == ["get_many"]  # one MGET with Redis: the version and the page
    assert hit.content == first.content
    assert hit["ETag"] == first["ETag"] and hit["Vary"] == first["Vary"]


@pytest.mark.parametrize("shared_cache", ["redis"], indirect=True)
def test_the_redis_backend_keeps_one_client_per_connection_pool(shared_cache):
    backend = cache._cache

    assert backend.get_client() is backend.get_client()
    assert backend.get_client(write=True) is backend.get_client()  # one server: one pool


def test_a_hit_after_a_change_is_read_under_the_new_data_version(centre_a):
    anonymous().get("/zentren/")  # this process now guesses the current version
    Centre.objects.filter(pk=centre_a.pk).update(name="Zentrum Alpha-Neu")
    pagecache.data_version_bump()

    changed = anonymous().get("/zentren/")
    again = anonymous().get("/zentren/")

    assert changed["X-Cache"] == "miss"
    assert "Zentrum Alpha-Neu" in changed.text
    assert again["X-Cache"] == "hit"
    assert again.content == changed.content


def test_each_path_is_answered_with_its_own_page_and_language(centre_a, centre_b):
    """The memo of resolved paths (`pagecache.route`) never gives one path another's page."""
    paths = ["/zentren/zentrum-alpha/", "/zentren/zentrum-beta/", "/en/zentren/zentrum-alpha/"]
    for _ in range(2):
        alpha, beta, english = (anonymous().get(path) for path in paths)

    assert (alpha["X-Cache"], beta["X-Cache"], english["X-Cache"]) == ("hit", "hit", "hit")
    assert "Zentrum Alpha" in alpha.text and "Zentrum Beta" not in alpha.text
    assert "Zentrum Beta" in beta.text and "Zentrum Alpha" not in beta.text
    assert '<html lang="en">' in english.text and '<html lang="de">' in alpha.text
    assert pagecache.route("/zentren/zentrum-alpha/")[0].kwargs == {"slug": "zentrum-alpha"}
    assert pagecache.route("/en/zentren/")[3] == "en"
    assert pagecache.route("/admin/") is None
    assert pagecache.route("/gibt-es-nicht/") is None


def test_english_and_german_pages_are_cached_apart_whatever_language_came_before(centre_a):
    english = anonymous().get("/en/zentren/")
    german = anonymous().get("/zentren/")  # right after an English request in this thread

    assert (english["X-Cache"], german["X-Cache"]) == ("miss", "miss")
    english_again = anonymous().get("/en/zentren/")
    german_again = anonymous().get("/zentren/")
    assert (english_again["X-Cache"], german_again["X-Cache"]) == ("hit", "hit")
    assert '<html lang="en">' in english_again.text
    assert '<html lang="de">' in german_again.text


def test_a_cached_page_carries_the_security_headers_of_a_rendered_one(centre_a):
    first = anonymous().get("/zentren/")
    second = anonymous().get("/zentren/")

    assert second["X-Cache"] == "hit"
    for header in ("Content-Security-Policy", "Permissions-Policy", "X-Frame-Options"):
        assert second[header] == first[header]
    assert "geolocation=(self)" in second["Permissions-Policy"]  # the list's "near me"


def test_a_cached_page_says_who_may_keep_it_and_answers_304_to_its_etag(centre_a):
    first = anonymous().get(centre_a.get_absolute_url())
    again = anonymous().get(centre_a.get_absolute_url(), headers={"If-None-Match": first["ETag"]})

    assert first["Cache-Control"] == "public, max-age=60, s-maxage=60"
    assert "Cookie" in first["Vary"]
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]


def test_a_browser_that_accepts_gzip_gets_the_page_compressed_once_not_on_every_hit(
    centre_a, monkeypatch
):
    import django.middleware.gzip

    plain = anonymous().get("/zentren/")
    first = anonymous().get("/zentren/", headers={"Accept-Encoding": "gzip, deflate, br"})
    compressions = []
    compress = django.middleware.gzip.compress_string
    monkeypatch.setattr(
        django.middleware.gzip,
        "compress_string",
        lambda *args, **kwargs: compressions.append(1) or compress(*args, **kwargs),
    )

    hit = anonymous().get("/zentren/", headers={"Accept-Encoding": "gzip, deflate, br"})

    assert (first["X-Cache"], hit["X-Cache"]) == ("hit", "hit")  # stored with the plain page
    assert hit["Content-Encoding"] == "gzip"
    assert gzip.decompress(hit.content) == plain.content
    assert int(hit["Content-Length"]) == len(hit.content) < len(plain.content) / 3
    assert compressions == []
    assert {"Cookie", "Accept-Encoding"} <= {v.strip() for v in hit["Vary"].split(",")}
    assert hit["ETag"] == "W/" + plain["ETag"]
    assert "Content-Encoding" not in plain


def test_the_compressed_page_answers_304_to_its_etag(centre_a):
    gzip_accepted = {"Accept-Encoding": "gzip"}
    first = anonymous().get("/zentren/", headers=gzip_accepted)

    again = anonymous().get("/zentren/", headers={**gzip_accepted, "If-None-Match": first["ETag"]})

    assert (first["X-Cache"], again["X-Cache"]) == ("miss", "hit")
    assert again.status_code == 304
    assert again.content == b""


def test_an_outdated_etag_gets_the_whole_page(centre_a):
    response = anonymous().get("/zentren/", headers={"If-None-Match": '"outdated"'})

    assert response.status_code == 200
    assert "Zentrum Alpha" in response.text


def test_a_change_in_the_admin_shows_on_the_very_next_anonymous_request(client, editor, centre_a):
    url = centre_a.get_absolute_url()
    assert anonymous().get(url)["X-Cache"] == "miss"
    assert anonymous().get(url)["X-Cache"] == "hit"

    client.force_login(editor)
    change = reverse("admin:centres_centre_change", args=[centre_a.pk])
    data = _form_data(client, change)
    data["name"] = "Zentrum Alpha am Kanal"
    assert client.post(change, data).status_code == 302

    after = anonymous().get(url)
    assert after["X-Cache"] == "miss"
    assert "Zentrum Alpha am Kanal" in after.text
    assert "Zentrum Alpha am Kanal" in anonymous().get("/zentren/").text


def test_publishing_and_unpublishing_in_the_admin_changes_the_cached_list(client, editor, centre_a):
    assert "Zentrum Alpha" in anonymous().get("/zentren/").text
    client.force_login(editor)

    client.post(
        reverse("admin:centres_centre_changelist"),
        {"action": "reset_to_draft", "_selected_action": [centre_a.pk], "post": "yes"},
    )

    assert Centre.objects.get(pk=centre_a.pk).status == "draft"
    assert "Zentrum Alpha" not in anonymous().get("/zentren/").text
    assert anonymous().get(centre_a.get_absolute_url()).status_code == 404


def test_an_import_bumps_the_data_version_and_the_page_shows_the_new_phone(team, centre_a):
    assert "030 5550123" not in anonymous().get(centre_a.get_absolute_url()).text
    before = pagecache.data_version()
    rows = CSV().create_dataset("kurzname,name,telefon\nzentrum-alpha,Zentrum Alpha,030 5550123\n")

    summary = centres_import(dataset=rows, user=team)

    assert summary.ok, summary.errors
    assert Site.objects.get(centre=centre_a).phone == "030 5550123"
    assert pagecache.data_version() > before
    assert "030 5550123" in anonymous().get(centre_a.get_absolute_url()).text


def test_loading_demo_data_bumps_the_data_version(geography):
    from centres.services.demo_data import demo_data_create

    assert "Demo-" not in anonymous().get("/zentren/").text
    before = pagecache.data_version()

    demo_data_create(centres=2, offerings_per_centre=1)

    assert pagecache.data_version() > before
    assert "Demo-" in anonymous().get("/zentren/").text


def test_logged_in_staff_see_live_pages_and_never_fill_the_cache(
    client, editor, centre_a, django_assert_max_num_queries
):
    client.force_login(editor)

    staff_page = client.get("/zentren/")
    assert "X-Cache" not in staff_page
    assert staff_page["Cache-Control"] == "private, no-store"
    assert anonymous().get("/zentren/")["X-Cache"] == "miss"  # the editor stored nothing
    assert anonymous().get("/zentren/")["X-Cache"] == "hit"
    assert "X-Cache" not in client.get("/zentren/")  # nor gets the cached page


def test_a_visitor_in_the_middle_of_a_form_sees_the_live_page(centre_a):
    anonymous().get("/zentren/")
    visitor = Client()
    visitor.cookies[settings.CSRF_COOKIE_NAME] = "x" * 32

    assert "X-Cache" not in visitor.get("/zentren/")


def test_parameter_order_gives_one_page_and_unknown_parameters_are_not_cached(centre_a, centre_b):
    first = anonymous().get("/zentren/?bezirk=pankow&bezirk=neukoelln&q=Zentrum")
    reordered = anonymous().get("/zentren/?q=Zentrum&bezirk=neukoelln&bezirk=pankow")
    other = anonymous().get("/zentren/?bezirk=pankow&q=Zentrum")
    tagged = anonymous().get("/zentren/?q=Zentrum&utm_source=flyer")
    preview = anonymous().get(f"{centre_a.get_absolute_url()}?vorschau=abc")

    assert first["X-Cache"] == "miss"
    assert reordered["X-Cache"] == "hit"
    assert other["X-Cache"] == "miss"
    assert "Zentrum Alpha" not in other.text
    assert "X-Cache" not in tagged and "X-Cache" not in preview
    assert "Zentrum Alpha" in preview.text  # the public page, not a preview


def test_pages_that_depend_on_the_clock_change_key_with_the_time_slot(centre_a, monkeypatch):
    # (Read by the page's key and by the list's cached count alike.)
    slot = {"now": "2026-11-29T09:00"}
    monkeypatch.setattr(pagecache, "clock_bucket", lambda: slot["now"])

    assert anonymous().get("/zentren/")["X-Cache"] == "miss"
    assert anonymous().get("/zentren/")["X-Cache"] == "hit"
    slot["now"] = "2026-11-29T09:05"
    assert anonymous().get("/zentren/")["X-Cache"] == "miss"  # the next slot


def test_pages_without_a_clock_keep_their_key_across_slots(db, monkeypatch):
    slot = {"now": "2026-11-29T09:00"}
    monkeypatch.setattr(pagecache, "clock_bucket", lambda: slot["now"])

    assert anonymous().get("/impressum/")["X-Cache"] == "miss"
    slot["now"] = "2026-11-29T09:05"
    assert anonymous().get("/impressum/")["X-Cache"] == "hit"


def test_the_clock_slot_is_berlin_time_in_steps_of_the_setting():
    at = datetime.datetime(2026, 11, 29, 8, 14, 59, tzinfo=datetime.UTC)  # 09:14 in Berlin

    with override_settings(PAGE_CACHE_CLOCK_MINUTES=15):
        assert pagecache.clock_bucket(at) == "2026-11-29T09:00"
    with override_settings(PAGE_CACHE_CLOCK_MINUTES=5):
        assert pagecache.clock_bucket(at) == "2026-11-29T09:10"


def test_the_clock_slot_follows_berlin_summer_time():
    at = datetime.datetime(2026, 7, 1, 8, 14, 59, tzinfo=datetime.UTC)  # 10:14 in Berlin

    with override_settings(PAGE_CACHE_CLOCK_MINUTES=5):
        assert pagecache.clock_bucket(at) == "2026-07-01T10:10"


def test_the_admin_health_checks_posts_and_missing_pages_are_never_cached(superuser, centre_a):
    for _ in range(2):
        assert "X-Cache" not in anonymous().get("/healthz/")
        assert "X-Cache" not in anonymous().get(reverse("admin:login"))
        assert "X-Cache" not in anonymous().post("/zentren/")
        missing = anonymous().get("/zentren/gibt-es-nicht/")
        assert missing.status_code == 404
        assert missing["X-Cache"] == "miss"


def test_a_cold_page_renders_once_while_others_wait_for_it(
    centre_a, monkeypatch, django_assert_num_queries
):
    """The stampede guard: a request that finds the page being rendered elsewhere waits for
    it, and is answered from the cache without rendering it a second time."""
    rendered = anonymous().get("/zentren/")
    key = next(key for key in cache._cache if ":page:" in key)  # locmem's stored keys
    entry = cache.get(cache_key_of(key))
    cache.delete(cache_key_of(key))
    looks = []
    real_get, real_add = cache.get, cache.add

    def get(key, *args, **kwargs):
        if key.startswith("page:"):
            looks.append(key)
            if len(looks) == 3:  # the other worker has finished by our third look
                cache.set(key, entry)
        return real_get(key, *args, **kwargs)

    def add(key, *args, **kwargs):
        return False if key.endswith(":lock") else real_add(key, *args, **kwargs)

    monkeypatch.setattr(cache, "get", get)
    monkeypatch.setattr(cache, "add", add)  # another worker holds the render lock

    with django_assert_num_queries(0):
        waited = anonymous().get("/zentren/")

    assert waited["X-Cache"] == "hit"
    assert waited.content == rendered.content


def test_a_render_elsewhere_that_never_finishes_does_not_hold_the_page(centre_a, monkeypatch):
    real_add = cache.add
    monkeypatch.setattr(pagecache, "STAMPEDE_WAIT_SECONDS", 0.1)
    monkeypatch.setattr(
        cache,
        "add",
        lambda key, *a, **k: False if key.endswith(":lock") else real_add(key, *a, **k),
    )

    response = anonymous().get("/zentren/")

    assert response["X-Cache"] == "miss"
    assert "Zentrum Alpha" in response.text


def cache_key_of(stored_key: str) -> str:
    """The key as the page cache names it, from locmem's stored `stz-prefix:version:key`."""
    return stored_key.split(":", 2)[2]


def test_a_cache_that_does_not_answer_leaves_the_pages_working(centre_a, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "get", broken)

    response = anonymous().get("/zentren/")

    assert response.status_code == 200
    assert "Zentrum Alpha" in response.text


# --- two app instances -------------------------------------------------------------------


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args) -> None:
        pass


def _app_closing_its_connections():
    """The app, closing its database connections after each request: the server threads end
    with the test, and the test database cannot be dropped while they hold a connection."""
    handler = WSGIHandler()

    def app(environ, start_response):
        response = handler(environ, start_response)
        try:
            return [b"".join(response)]
        finally:
            response.close()
            connections.close_all()

    return app


def _serve() -> tuple[WSGIServer, str]:
    server = make_server("127.0.0.1", 0, _app_closing_its_connections(), handler_class=_Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


def _redis_answers() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


def _backends() -> list[str]:
    """Local memory always (the instances are threads of one process); Redis when it answers,
    or when TEST_REDIS_URL says it should (then a Redis that does not answer fails the test)."""
    if "TEST_REDIS_URL" in os.environ or _redis_answers():
        return ["locmem", "redis"]
    return ["locmem"]


@pytest.fixture(params=_backends())
def shared_cache(request) -> Iterator[str]:
    if request.param == "locmem":
        yield "locmem"
        return
    caches = {
        "default": {
            "BACKEND": "centres.cache.RedisCache",
            "LOCATION": TEST_REDIS_URL,
            "KEY_PREFIX": "stz-test",
        }
    }
    with override_settings(CACHES=caches):
        cache.clear()
        yield "redis"
        cache.clear()


class Browser:
    """A visitor over HTTP, with cookies."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect
        )

    def get(self, path: str) -> tuple[int, dict, str]:
        return self._open(urllib.request.Request(self.base + path))

    def post(self, path: str, data: dict) -> tuple[int, dict, str]:
        body = urllib.parse.urlencode(data, doseq=True).encode()
        return self._open(urllib.request.Request(self.base + path, data=body, method="POST"))

    def _open(self, request) -> tuple[int, dict, str]:
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()

    def log_in(self, session_key: str) -> None:
        host = urllib.parse.urlsplit(self.base).hostname
        self.cookies.set_cookie(
            http.cookiejar.Cookie(
                0,
                settings.SESSION_COOKIE_NAME,
                session_key,
                None,
                False,
                host,
                False,
                False,
                "/",
                True,
                False,
                None,
                False,
                None,
                None,
                {},
            )
        )


def unpublish_in_the_admin(staff: Browser, centre: Centre) -> None:
    """The editor resets the centre to draft with the changelist's action, as in a browser."""
    changelist = reverse("admin:centres_centre_changelist")
    status, _, form = staff.get(changelist)
    assert status == 200
    assert centre.name in form
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    status, _, _ = staff.post(
        changelist,
        {
            "csrfmiddlewaretoken": token,
            "action": "reset_to_draft",
            "_selected_action": [centre.pk],
            "post": "yes",
        },
    )
    assert status == 302


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.mark.django_db(transaction=True)
def test_a_change_through_one_instance_shows_at_once_on_the_other(
    shared_cache, make_staff, centre_a
):
    from centres.staff.roles import EDITOR

    editor = make_staff("alice", EDITOR)
    centre_a.editors.add(editor)
    one, one_url = _serve()
    two, two_url = _serve()
    try:
        reader = Browser(two_url)
        assert reader.get("/zentren/")[1]["X-Cache"] == "miss"
        status, headers, page = reader.get("/zentren/")
        assert (status, headers["X-Cache"]) == (200, "hit")
        assert "Zentrum Alpha" in page

        login = Client()
        login.force_login(editor)
        staff = Browser(one_url)
        staff.log_in(login.cookies[settings.SESSION_COOKIE_NAME].value)
        unpublish_in_the_admin(staff, centre_a)

        status, headers, page = reader.get("/zentren/")
        assert (status, headers["X-Cache"]) == (200, "miss")
        assert "Zentrum Alpha" not in page
        assert reader.get(centre_a.get_absolute_url())[0] == 404
    finally:
        for server in (one, two):
            server.shutdown()
            server.server_close()


# --- downloads, feeds and APIs ------------------------------------------------------------

EXPORTS = [
    "/daten/",
    "/daten/stadtteilzentren.csv",
    "/daten/angebote.csv",
    "/daten/stadtteilzentren.geojson",
    "/api/hsds/",
    "/api/hsds/openapi.json",
    "/api/hsds/organizations",
    "/api/hsds/locations?page=1&per_page=10",
    "/api/hsds/services",
    "/api/hsds/service_at_locations",
    "/api/v1/zentren",
    "/api/v1/angebote?bezirk=neukoelln&per_page=10",
    "/api/v1/openapi.json",
    "/angebote/kalender.ics?bezirk=neukoelln",
    "/angebote/alpha-yoga/kalender.ics",
    "/zentren/zentrum-alpha/kalender.ics",
    "/bezirke/neukoelln/kalender.ics",
    "/en/zentren/zentrum-alpha/kalender.ics",
    "/angebote/neu.atom",
    "/sitemap.xml",
    "/robots.txt",
    "/uebersicht/export.csv",
    "/uebersicht/neukoelln/export.xlsx",
]
# Headers that describe the download itself and must come back from the cache unchanged.
DOWNLOAD_HEADERS = ("Content-Type", "Content-Disposition", "Link", "ETag", "Last-Modified")


@pytest.mark.parametrize("url", EXPORTS)
def test_a_download_or_api_answer_comes_from_the_cache_the_second_time_unchanged(
    centre_a, url, django_assert_num_queries
):
    first = anonymous().get(url)
    with django_assert_num_queries(0):
        second = anonymous().get(url)

    assert first.status_code == second.status_code == 200
    assert (first["X-Cache"], second["X-Cache"]) == ("miss", "hit")
    assert second.content == first.content
    for header in DOWNLOAD_HEADERS:
        assert second.get(header) == first.get(header), header
    assert second["Cache-Control"] == "public, max-age=60, s-maxage=60"


def test_a_cached_download_keeps_its_type_file_name_and_licence(centre_a):
    anonymous().get("/daten/stadtteilzentren.geojson")
    geojson = anonymous().get("/daten/stadtteilzentren.geojson")
    anonymous().get("/zentren/zentrum-alpha/kalender.ics")
    calendar = anonymous().get("/zentren/zentrum-alpha/kalender.ics")
    anonymous().get("/uebersicht/export.xlsx")
    workbook = anonymous().get("/uebersicht/export.xlsx")

    assert geojson["X-Cache"] == calendar["X-Cache"] == workbook["X-Cache"] == "hit"
    assert geojson["Content-Type"] == "application/geo+json; charset=utf-8"
    assert geojson["Content-Disposition"] == 'inline; filename="stadtteilzentren.geojson"'
    assert geojson["Link"].endswith('rel="license"')
    assert calendar["Content-Type"] == "text/calendar; charset=utf-8"
    assert calendar["Content-Disposition"] == 'inline; filename="zentrum-alpha.ics"'
    assert workbook["Content-Type"].startswith("application/vnd.openxmlformats")
    assert workbook["Content-Disposition"].startswith("attachment;")


def test_a_cached_download_answers_304_to_its_etag(centre_a):
    first = anonymous().get("/daten/angebote.csv")
    again = anonymous().get("/daten/angebote.csv", headers={"If-None-Match": first["ETag"]})

    assert again.status_code == 304
    assert again["X-Cache"] == "hit"
    assert again.content == b""


SHOWING_THE_CENTRE_NAME = [
    "/daten/stadtteilzentren.csv",
    "/daten/angebote.csv",
    "/api/hsds/organizations",
    "/api/v1/zentren",
    "/api/v1/angebote?bezirk=neukoelln",
    "/zentren/zentrum-alpha/kalender.ics",
    "/angebote/kalender.ics",
    "/angebote/neu.atom",
]


@pytest.mark.parametrize("url", SHOWING_THE_CENTRE_NAME)
def test_a_change_shows_in_the_very_next_download(centre_a, url):
    anonymous().get(url)
    assert "Zentrum Alpha" in anonymous().get(url).content.decode()

    centre_a.name = "Kanalhaus"
    centre_a.save()

    after = anonymous().get(url)
    assert after["X-Cache"] == "miss"
    assert "Kanalhaus" in after.content.decode()


def test_api_filters_in_any_order_are_one_answer_and_unknown_parameters_are_not_cached(
    centre_a, centre_b
):
    first = anonymous().get("/api/v1/zentren?bezirk=pankow&bezirk=neukoelln&per_page=5")
    reordered = anonymous().get("/api/v1/zentren?per_page=5&bezirk=neukoelln&bezirk=pankow")
    tagged = anonymous().get("/api/v1/zentren?bezirk=pankow&utm_source=flyer")
    invalid = anonymous().get("/api/v1/zentren?per_page=0")

    assert (first["X-Cache"], reordered["X-Cache"]) == ("miss", "hit")
    assert "X-Cache" not in tagged
    assert invalid.status_code == 422 and invalid["X-Cache"] == "miss"
    assert anonymous().get("/api/v1/zentren?per_page=0")["X-Cache"] == "miss"  # not stored


def test_the_answers_of_two_hosts_are_cached_apart(centre_a):
    with override_settings(ALLOWED_HOSTS=["a.example", "b.example"]):
        one = anonymous().get("/daten/stadtteilzentren.csv", headers={"Host": "a.example"})
        other = anonymous().get("/daten/stadtteilzentren.csv", headers={"Host": "b.example"})

    assert (one["X-Cache"], other["X-Cache"]) == ("miss", "miss")
    assert "http://b.example/zentren/zentrum-alpha/" in other.content.decode()
    assert "a.example" not in other.content.decode()


def test_overview_exports_behind_a_login_are_never_cached(client, funder, centre_a):
    with override_settings(OVERVIEW_REQUIRES_LOGIN=True):
        for _ in range(2):
            refused = anonymous().get("/uebersicht/export.csv")
            assert refused.status_code == 302
            assert refused["X-Cache"] == "miss"
        client.force_login(funder)
        allowed = client.get("/uebersicht/export.csv")

    assert allowed.status_code == 200
    assert "X-Cache" not in allowed
    assert allowed["Cache-Control"] == "private, no-store"
