"""Every response says what the browser may do: CSP without inline script, Permissions-Policy,
nosniff, Referrer-Policy, COOP and no framing; stored addresses become links only if harmless."""

import pytest
from django.conf import settings

from centres.models import Organisation
from centres.templatetags.links import link_target


@pytest.mark.parametrize(
    "address",
    [
        "https://www.nachbarschaftshaus.example/",
        "http://kiezladen.example/programm?woche=1",
        "HTTPS://GROSS.example",
        "mailto:info@kiezhaus.example",
        "tel:+49301234567",
    ],
)
def test_web_mail_and_phone_addresses_are_links(address):
    assert link_target(address) == address


@pytest.mark.parametrize(
    "address",
    [
        "javascript:alert(document.cookie)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "\x01javascript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "vbscript:msgbox(1)",
        "//evil.example/",
        "https:alert(1)",
        "www.ohne-schema.example",
        "",
        None,
    ],
)
def test_other_addresses_are_no_links(address):
    assert link_target(address) == ""


def test_a_stored_javascript_website_is_shown_as_text_not_as_a_link(client, make_centre):
    centre = make_centre(website="javascript:alert(document.cookie)")

    html = client.get(centre.get_absolute_url()).content.decode()

    assert "javascript:alert(document.cookie)" in html  # what is stored, as text
    assert 'href="javascript:' not in html


def test_a_centres_website_is_a_link(client, make_centre):
    centre = make_centre(website="https://kiezhaus.example/")

    html = client.get(centre.get_absolute_url()).content.decode()

    assert '<a href="https://kiezhaus.example/" rel="nofollow">' in html


def test_a_stored_javascript_website_of_a_partner_is_no_link(client, make_partnership, centre_a):
    partner = Organisation.objects.get(partnerships__centre=centre_a)
    Organisation.objects.filter(pk=partner.pk).update(website="javascript:alert(1)")

    html = client.get(partner.get_absolute_url()).content.decode()

    assert 'href="javascript:' not in html


PAGES = [
    "/",
    "/zentren/",
    "/angebote/",
    "/termine/",
    "/partner/",
    "/uebersicht/",
    "/gibt-es-nicht/",
]


@pytest.mark.parametrize("path", [*PAGES, "/admin/login/"])
def test_every_page_carries_the_security_headers(client, geography, path):
    response = client.get(path)

    policy = response["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in policy.split("; ") if part.strip()}
    assert directives["script-src"] == ["'self'"]
    assert not [
        name
        for name, values in directives.items()
        if "'unsafe-inline'" in values and name != "style-src-attr"
    ]
    assert "'unsafe-eval'" not in policy
    assert directives["img-src"] == ["'self'", "data:", settings.MAP_TILE_ORIGIN]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]


def test_the_map_tiles_host_is_allowed_exactly():
    assert settings.MAP_TILE_ORIGIN == "https://tile.openstreetmap.org"


@pytest.mark.parametrize("path", ["/", "/angebote/", "/zentren/x-gibt-es-nicht/", "/admin/login/"])
def test_geolocation_is_off_where_near_me_is_not_offered(client, geography, path):
    response = client.get(path)

    assert "geolocation=()" in response["Permissions-Policy"]


def test_geolocation_is_allowed_for_this_site_on_the_centre_list_only(client, geography):
    response = client.get("/zentren/")

    assert "Meinen Standort verwenden" in response.content.decode()
    assert "geolocation=(self)" in response["Permissions-Policy"]


def test_the_503_page_carries_the_policy_too(client, geography, monkeypatch):
    from django.db import OperationalError

    from centres import views

    def hung(*args, **kwargs):
        raise OperationalError("connection timeout expired")

    monkeypatch.setattr(views.HomeView, "get", hung)

    response = client.get("/")

    assert response.status_code == 503
    assert "script-src 'self'" in response["Content-Security-Policy"]
