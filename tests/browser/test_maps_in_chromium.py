"""The maps in a real browser: markers drawn with every tile request failing (the tests have
no internet), reachable and opened by keyboard; the Bezirk map by keyboard; every page
complete without JavaScript; and axe-core clean with the maps drawn.

Data: the `directory` fixture (tests/browser/conftest.py): Kiezhaus Weserstraße with two sites
in Neukölln and Stadtteiltreff Florakiez in Pankow, all three with coordinates.
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.browser.conftest import _browser_context

pytestmark = pytest.mark.browser


def markers(page: Page):
    return page.locator(".map .leaflet-marker-icon:not(.map__cluster)")


@pytest.fixture
def tile_requests(page) -> list[str]:
    """Every request for a map tile the page makes; each one fails as if offline."""
    seen: list[str] = []
    page.on("requestfailed", lambda request: seen.append(request.url))
    return seen


def test_centre_list_map_draws_a_marker_per_site_although_tiles_fail(
    page, directory, tile_requests
):
    page.goto("/zentren/")

    expect(page.get_by_role("region", name="Karte der Zentren auf dieser Seite")).to_be_visible()
    # Kiezhaus Weserstraße's two sites, 400 m apart, form a cluster at the city's zoom.
    expect(markers(page)).to_have_count(1)
    expect(page.locator(".map .map__cluster")).to_have_count(1)
    expect(page.locator(".map .map__cluster")).to_contain_text("2")
    expect(page.get_by_role("button", name="Stadtteiltreff Florakiez")).to_be_visible()
    loaded = markers(page).evaluate_all("icons => icons.map(icon => icon.naturalWidth)")
    assert loaded == [25], "the marker icons load from our static files"
    assert any("tile.openstreetmap.org" in url for url in tile_requests)
    expect(page.locator(".leaflet-control-attribution")).to_contain_text(
        "OpenStreetMap-Mitwirkende"
    )


def test_a_marker_is_reached_by_keyboard_and_opens_its_popup_with_enter(page, directory):
    page.goto("/zentren/")
    marker = page.get_by_role("button", name="Stadtteiltreff Florakiez")
    expect(marker).to_be_visible()

    for _ in range(80):
        page.keyboard.press("Tab")
        if marker.evaluate("element => element === document.activeElement"):
            break
    expect(marker).to_be_focused()
    page.keyboard.press("Enter")

    popup = page.locator(".leaflet-popup")
    expect(popup).to_be_visible()
    popup.get_by_role("link", name="Stadtteiltreff Florakiez").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Stadtteiltreff Florakiez")


def test_centre_page_map_marks_each_of_its_sites(page, directory):
    page.goto(directory.centre.get_absolute_url())

    expect(
        page.get_by_role("region", name="Karte: Standorte von Kiezhaus Weserstraße")
    ).to_be_visible()
    expect(markers(page)).to_have_count(2)
    page.get_by_role("button", name="Kiezhaus Weserstraße, Nachbarschaftstreff Reuterkiez").press(
        "Enter"
    )
    expect(page.locator(".leaflet-popup")).to_contain_text("Reuterstraße 10, 12053 Berlin")


def test_bezirk_page_map_shows_only_its_centres_with_every_site(page, directory):
    page.goto(directory.centre.district.get_absolute_url())

    expect(markers(page)).to_have_count(2)
    expect(page.get_by_role("button", name="Kiezhaus Weserstraße", exact=True)).to_be_visible()
    expect(
        page.get_by_role("button", name="Kiezhaus Weserstraße, Nachbarschaftstreff Reuterkiez")
    ).to_be_visible()


def test_bezirk_map_on_the_start_page_is_reached_by_keyboard(page, directory):
    page.goto("/")
    neukoelln = page.locator(".bezirk-map").get_by_role(
        "link", name=re.compile("^Neukölln: 1 Zentrum")
    )
    expect(page.locator(".bezirk-map svg a")).to_have_count(12)

    for _ in range(60):
        page.keyboard.press("Tab")
        if neukoelln.evaluate("element => element === document.activeElement"):
            break
    expect(neukoelln).to_be_focused()
    fill = neukoelln.locator("path").evaluate("path => getComputedStyle(path).fill")
    assert fill == "rgb(255, 221, 0)", "the focused Bezirk is drawn in the focus colour"
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Bezirk Neukölln")


def test_near_me_button_fills_the_position_and_sorts_by_distance(browser, live_server, directory):
    context = _browser_context(
        browser,
        live_server,
        geolocation={"latitude": 52.5630, "longitude": 13.4100},
        permissions=["geolocation"],
    )
    page = context.new_page()
    try:
        page.goto("/zentren/")
        page.get_by_role("button", name="Meinen Standort verwenden").click()

        expect(page.locator(".card").first).to_contain_text("Stadtteiltreff Florakiez")
        expect(page.locator(".card").first).to_contain_text("0,0 km entfernt")
        expect(page.locator(".card").nth(1)).to_contain_text("8,4 km entfernt")
        assert "nahe=52.5630%2C13.4100" in page.url
        expect(page.locator(".map path.leaflet-interactive")).to_have_count(1)  # the point
    finally:
        context.close()


# --- Without JavaScript, every page is complete --------------------------------------------------


@pytest.fixture
def page_without_js(browser, live_server):
    context = _browser_context(browser, live_server, java_script_enabled=False)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize(
    ("url", "texts"),
    [
        ("/", ["Die zwölf Bezirke", "Kiezfest am Weserplatz"]),
        ("/zentren/", ["Kiezhaus Weserstraße", "Stadtteiltreff Florakiez", "2 Zentren gefunden"]),
        ("/zentren/?nahe=52.563,13.41", ["0,0 km entfernt", "8,4 km entfernt"]),
        ("/bezirke/neukoelln/", ["Kiezhaus Weserstraße", "Weserstraße 58"]),
        ("/zentren/kiezhaus-weserstrasse/", ["Weserstraße 58", "Reuterstraße 10", "Route planen"]),
    ],
)
def test_pages_are_complete_without_javascript(page_without_js, directory, url, texts):
    page_without_js.goto(url)

    for text in texts:
        expect(page_without_js.get_by_text(text, exact=False).first).to_be_visible()
    expect(page_without_js.locator(".map")).to_be_hidden()
    expect(page_without_js.get_by_role("button", name="Meinen Standort verwenden")).to_be_hidden()
    if url == "/":
        expect(page_without_js.locator(".bezirk-map svg a")).to_have_count(12)


# --- axe-core with the maps drawn ---------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/zentren/",
        "/zentren/?nahe=52.563,13.41",
        "/zentren/?nahe=abc",
        "/bezirke/neukoelln/",
        "/zentren/kiezhaus-weserstrasse/",
    ],
)
def test_pages_with_maps_have_no_accessibility_violations(page, directory, assert_accessible, url):
    page.goto(url)
    if url != "/" and "abc" not in url:
        expect(markers(page).first).to_be_visible()

    assert_accessible(page)


def test_an_open_popup_has_no_accessibility_violations(page, directory, assert_accessible):
    page.goto(directory.centre.get_absolute_url())
    page.get_by_role("button", name="Kiezhaus Weserstraße", exact=True).press("Enter")
    expect(page.locator(".leaflet-popup")).to_be_visible()

    assert_accessible(page)


# --- The admin's map widget ------------------------------------------------------------------


def test_editor_places_a_site_by_clicking_the_map_and_saves_it(
    live_server, page, editor_with_password, staff_password, centre_a
):
    page.goto(reverse("admin:index"))
    page.fill("input[name=username]", editor_with_password.username)
    page.fill("input[name=password]", staff_password)
    page.click("input[type=submit]")
    site = centre_a.main_site
    page.goto(reverse("admin:centres_site_change", args=[site.pk]))

    page.get_by_role("region", name="Karte: Lage des Standorts wählen").click()

    latitude = float(page.input_value("input[name=latitude]"))
    longitude = float(page.input_value("input[name=longitude]"))
    assert 52.3 < latitude < 52.7 and 13.05 < longitude < 13.8
    expect(page.locator("select[name=coordinates_source]")).to_have_value("redaktion")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_contain_text("erfolgreich")
    site.refresh_from_db()
    assert float(site.latitude) == pytest.approx(latitude)
    assert float(site.longitude) == pytest.approx(longitude)


def test_typed_coordinates_outside_berlin_are_refused_in_words(
    live_server, page, editor_with_password, staff_password, centre_a
):
    page.goto(reverse("admin:index"))
    page.fill("input[name=username]", editor_with_password.username)
    page.fill("input[name=password]", staff_password)
    page.click("input[type=submit]")
    page.goto(reverse("admin:centres_site_change", args=[centre_a.main_site.pk]))

    page.fill("input[name=latitude]", "48.137")
    page.fill("input[name=longitude]", "11.575")
    page.click("input[name=_save]")

    expect(page.locator(".errorlist").first).to_contain_text(
        "Diese Koordinate liegt nicht in Berlin."
    )
