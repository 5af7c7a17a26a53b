"""Every page type and the admin work in Chromium with the Content-Security-Policy in force:
no script, style, image or frame the policy refuses (each refusal is a console error)."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

POLICY_WORDS = ("Content Security Policy", "Content-Security-Policy", "Permissions policy")


def _watch_console(page: Page) -> list[str]:
    """Console messages about a refused resource or feature, from now on."""
    refusals: list[str] = []
    page.on(
        "console",
        lambda message: (
            refusals.append(f"{page.url}: {message.text}")
            if any(word in message.text for word in POLICY_WORDS)
            else None
        ),
    )
    return refusals


def _visit(page: Page, url: str) -> None:
    response = page.goto(url)
    assert response is not None
    assert "script-src 'self'" in response.headers["content-security-policy"], url
    page.wait_for_load_state("load")


def test_public_pages_run_with_the_policy_in_force(live_server, page, directory):
    refusals = _watch_console(page)
    urls = [
        "/",
        directory.centre.district.get_absolute_url(),
        "/zentren/",
        "/zentren/?nahe=52.4869,13.4317",
        directory.centre.get_absolute_url(),
        "/angebote/",
        directory.offering.get_absolute_url(),
        directory.event.get_absolute_url(),
        "/termine/",
        "/partner/",
        directory.partner.get_absolute_url(),
        "/ueber/foerderung/",
        "/uebersicht/",
        f"/uebersicht/{directory.centre.district.slug}/",
        "/uebersicht/bericht/",
        "/gibt-es-nicht/",
    ]
    for url in urls:
        _visit(page, live_server.url + url)

    # The maps ran (Leaflet from static files), so scripts were allowed where they belong.
    _visit(page, live_server.url + directory.centre.get_absolute_url())
    assert page.locator(".leaflet-container").count() >= 1
    assert refusals == []


def test_near_me_may_ask_for_the_position_on_the_centre_list(live_server, page, directory):
    refusals = _watch_console(page)
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation({"latitude": 52.4869, "longitude": 13.4317})

    _visit(page, live_server.url + "/zentren/")
    page.get_by_role("button", name="Meinen Standort verwenden").click()
    page.wait_for_url("**nahe=52.4869%2C13.4317**")

    assert refusals == []


def test_the_admin_runs_with_the_policy_in_force(live_server, page, directory, make_staff):
    root = make_staff("root", is_superuser=True)
    root.set_password("Sicher-genug-1")
    root.save()
    refusals = _watch_console(page)

    _visit(page, live_server.url + reverse("admin:login"))
    page.fill("input[name=username]", "root")
    page.fill("input[name=password]", "Sicher-genug-1")
    page.click("input[type=submit]")
    page.wait_for_url(live_server.url + reverse("admin:index"))
    centre = directory.centre
    for url in [
        reverse("admin:index"),
        reverse("admin:centres_centre_changelist"),
        reverse("admin:centres_centre_change", args=[centre.pk]),
        reverse("admin:centres_site_change", args=[centre.main_site.pk]),
        reverse("admin:centres_offering_changelist"),
        reverse("admin:centres_offering_add"),
        reverse("admin:centres_offering_change", args=[directory.offering.pk]),
        reverse("admin:centres_centre_history", args=[centre.pk]),
        reverse("admin:centres_centre_import"),
        reverse("admin:centres_centre_export"),
        reverse("admin:auth_user_changelist"),
    ]:
        _visit(page, live_server.url + url)
    # The export page's "Select all" box (an inline handler, allowed by its hash) still works.
    _visit(page, live_server.url + reverse("admin:centres_centre_export"))
    page.locator("input.select-toggle").uncheck()
    assert page.locator("input[name=centreresource_name]").is_checked() is False

    assert refusals == []
