"""The public pages in a real browser: what a resident sees, clicks and filters, and axe-core.

Run alone with `pytest -m browser`. Data comes from the small `directory` fixture on top of the
`geography` fixture (12 Bezirke, 97 Ortsteile, target groups and languages; no other centre).
"""

from collections.abc import Callable

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import Page, expect

from centres.models import Centre, Status
from tests.browser.conftest import PHONE_WIDTH, Directory

pytestmark = pytest.mark.browser


def centres_found(count: int) -> str:
    return f"{count} Zentrum gefunden" if count == 1 else f"{count} Zentren gefunden"


def published_centres(**filters) -> int:
    """Counted here straight from the status field, not through the code under test."""
    return Centre.objects.filter(status=Status.PUBLISHED, **filters).count()


def result_count(page: Page):
    return page.get_by_role("status")


def filter_chip(page: Page, label: str, value: str):
    return page.get_by_role("link", name=f"Filter „{value}“ entfernen")


# Every page type, by the address a resident would open.
PAGES: dict[str, Callable[[Directory], str]] = {
    "start": lambda d: reverse("centres:home"),
    "bezirk": lambda d: d.centre.district.get_absolute_url(),
    "centre list": lambda d: reverse("centres:centre_list"),
    "centre list with filters and an invalid value": lambda d: (
        reverse("centres:centre_list")
        + "?bezirk=neukoelln&angebot=beratung&barrierefrei=vielleicht"
    ),
    "centre": lambda d: d.centre.get_absolute_url(),
    "centre without hours or offerings": lambda d: d.other_centre.get_absolute_url(),
    "offering list": lambda d: reverse("centres:offering_list"),
    "offering list with filters": lambda d: (
        reverse("centres:offering_list") + "?wochentag=mittwoch&kostenlos=1&bezirk=neukoelln"
    ),
    "offering": lambda d: d.offering.get_absolute_url(),
    "event": lambda d: d.event.get_absolute_url(),
    "agenda": lambda d: reverse("centres:agenda"),
    "partner list": lambda d: reverse("centres:partner_list"),
    "partner": lambda d: d.partner.get_absolute_url(),
    "not found": lambda d: "/zentren/gibt-es-nicht/",
}


# --- Each page type shows what a resident came for -------------------------------------------


def test_start_page_shows_the_twelve_bezirke_and_the_coming_festival(page, directory):
    page.goto("/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Stadtteilzentren in Berlin")
    expect(page.locator(".district-grid li")).to_have_count(12)
    expect(page.locator(".district-grid").get_by_role("link", name="Neukölln")).to_contain_text(
        "1 Zentrum"
    )
    page.get_by_role("link", name="Kiezfest am Weserplatz").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Kiezfest am Weserplatz")
    expect(page.locator("dl.facts").first).to_contain_text("Termin")
    expect(page.locator("dl.facts").first).to_contain_text("14:00")


def test_bezirk_page_shows_its_centres_offerings_and_partners(page, directory):
    page.goto("/")
    page.locator(".district-grid").get_by_role("link", name="Neukölln").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Bezirk Neukölln")
    # The centre's card, and its row in the partner network's table.
    expect(page.locator(".cards").get_by_role("link", name="Kiezhaus Weserstraße")).to_be_visible()
    expect(
        page.get_by_role("table").get_by_role("link", name="Kiezhaus Weserstraße", exact=True)
    ).to_be_visible()
    expect(page.get_by_role("link", name="Kreativkurs")).to_be_visible()
    expect(page.get_by_role("link", name="Grundschule am Weserkiez")).to_be_visible()
    expect(page.get_by_role("link", name="Stadtteiltreff Florakiez")).to_have_count(0)


def test_centre_list_counts_every_published_centre(page, directory, make_centre):
    for _ in range(settings.CENTRES_PER_PAGE):
        make_centre("mitte")
    page.goto("/zentren/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Stadtteilzentren")
    expect(result_count(page)).to_have_text(centres_found(published_centres()))
    expect(page.locator(".pagination")).to_contain_text("Seite 1 von 2")


def test_centre_page_shows_address_hours_offerings_and_partners(page, directory):
    page.goto(directory.centre.get_absolute_url())

    expect(page.get_by_role("heading", level=1)).to_have_text("Kiezhaus Weserstraße")
    expect(page.locator("address").first).to_contain_text("Weserstraße 58")
    expect(page.locator("address").first).to_contain_text("12045 Berlin")
    expect(page.locator("#sites-heading")).to_have_text("Ein weiterer Standort")
    expect(page.locator("address").nth(1)).to_contain_text("Reuterstraße 10")
    expect(page.get_by_role("row", name="Montag")).to_contain_text("10:00–18:00")
    expect(page.get_by_role("row", name="Samstag")).to_contain_text("geschlossen")
    expect(page.get_by_role("row", name="Dienstag")).to_contain_text("10:00–12:00 Nähcafé")
    expect(page.get_by_text("Stufenlos zugänglich")).to_be_visible()
    # one offering of each kind: no heading per kind (issue 10)
    expect(page.get_by_role("heading", name="Kreativkurs")).to_have_count(0)
    expect(page.get_by_role("link", name="Nähcafé").first).to_be_visible()
    expect(page.get_by_role("link", name="Grundschule am Weserkiez")).to_be_visible()
    expect(page.get_by_text("Dieses Zentrum ist erfunden")).to_be_visible()

    page.get_by_role("link", name="Weitere Zentren im Bezirk Neukölln").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bezirk Neukölln")


def test_offering_list_counts_every_public_offering(page, directory):
    page.goto("/angebote/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Angebote in den Stadtteilzentren")
    expect(result_count(page)).to_have_text("4 Angebote gefunden")
    expect(page.get_by_role("link", name="Yoga am Morgen")).to_be_visible()


def test_offering_page_shows_its_times_cost_and_centre(page, directory):
    page.goto(directory.offering.get_absolute_url())

    expect(page.get_by_role("heading", level=1)).to_have_text("Nähcafé")
    expect(page.locator("dl.facts").first).to_contain_text("Dienstag 10:00–12:00")
    expect(page.locator(".take-part")).to_contain_text("Gegen Spende")
    page.locator("dl.facts").first.get_by_role("link", name="Kiezhaus Weserstraße").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kiezhaus Weserstraße")


def test_partner_list_shows_how_many_centres_a_partner_works_with(page, directory):
    page.goto("/partner/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Partner und Träger")
    card = page.locator(".card").filter(has_text="Grundschule am Weserkiez")
    expect(card).to_contain_text("Partner von 2 Zentren")


def test_partner_page_lists_the_centres_it_works_with(page, directory):
    page.goto(directory.partner.get_absolute_url())

    expect(page.get_by_role("heading", level=1)).to_have_text("Grundschule am Weserkiez")
    expect(page.get_by_role("link", name="Kiezhaus Weserstraße")).to_be_visible()
    expect(page.get_by_role("link", name="Stadtteiltreff Florakiez")).to_be_visible()
    expect(page.get_by_text("Gemeinsame Ferienangebote")).to_be_visible()


def test_unknown_address_is_a_404_that_points_to_the_lists(page, directory):
    response = page.goto("/zentren/gibt-es-nicht/")

    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Diese Seite gibt es nicht (mehr)")
    page.get_by_role("link", name="Alle Stadtteilzentren").click()
    expect(result_count(page)).to_have_text(centres_found(published_centres()))


def test_skip_link_is_the_first_stop_and_jumps_to_the_content(page, directory):
    page.goto("/zentren/")

    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Zum Inhalt springen")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


# --- Filters, used as a person would ----------------------------------------------------------


def test_choosing_a_bezirk_changes_the_count_and_its_chip_removes_it_again(page, directory):
    everything = centres_found(published_centres())
    in_pankow = centres_found(published_centres(district__slug="pankow"))
    page.goto("/zentren/")
    expect(result_count(page)).to_have_text(everything)

    page.get_by_role("group", name="Bezirk").get_by_label("Pankow", exact=True).check()
    page.get_by_role("button", name="Ergebnisse anzeigen").click()

    expect(result_count(page)).to_have_text(in_pankow)
    assert "bezirk=pankow" in page.url
    expect(filter_chip(page, "Bezirk", "Pankow")).to_have_text("Pankow")
    expect(page.get_by_role("link", name="Stadtteiltreff Florakiez")).to_be_visible()
    expect(page.get_by_role("link", name="Kiezhaus Weserstraße", exact=True)).to_have_count(0)

    filter_chip(page, "Bezirk", "Pankow").click()

    expect(result_count(page)).to_have_text(everything)
    expect(filter_chip(page, "Bezirk", "Pankow")).to_have_count(0)
    expect(
        page.get_by_role("group", name="Bezirk").get_by_label("Pankow", exact=True)
    ).not_to_be_checked()


def test_choosing_two_bezirke_shows_the_centres_of_both(page, directory):
    page.goto("/zentren/")
    bezirk = page.get_by_role("group", name="Bezirk")

    bezirk.get_by_label("Pankow", exact=True).check()
    bezirk.get_by_label("Neukölln", exact=True).check()
    page.get_by_role("button", name="Ergebnisse anzeigen").click()

    both = published_centres(district__slug__in=["pankow", "neukoelln"])
    expect(result_count(page)).to_have_text(centres_found(both))
    expect(page.get_by_role("link", name="Stadtteiltreff Florakiez")).to_be_visible()
    expect(page.get_by_role("link", name="Kiezhaus Weserstraße", exact=True)).to_be_visible()
    expect(page.locator(".active-filters li")).to_have_count(2)


def test_weekday_and_free_filters_narrow_the_offerings(page, directory):
    page.goto("/angebote/")
    expect(result_count(page)).to_have_text("4 Angebote gefunden")

    page.get_by_role("group", name="Wochentag").get_by_label("Mittwoch").check()
    page.get_by_role("button", name="Ergebnisse anzeigen").click()

    expect(result_count(page)).to_have_text("2 Angebote gefunden")
    expect(filter_chip(page, "Wochentag", "Mittwoch")).to_be_visible()

    page.get_by_role("checkbox", name="Nur kostenlose Angebote").check()
    page.get_by_role("button", name="Ergebnisse anzeigen").click()

    expect(result_count(page)).to_have_text("1 Angebot gefunden")
    expect(page.get_by_role("link", name="Sozialberatung auf Arabisch")).to_be_visible()
    expect(page.get_by_role("link", name="Yoga am Morgen")).to_have_count(0)
    expect(page.get_by_role("group", name="Wochentag").get_by_label("Mittwoch")).to_be_checked()

    filter_chip(page, "Wochentag", "Mittwoch").click()

    expect(result_count(page)).to_have_text("2 Angebote gefunden")
    expect(page.get_by_role("checkbox", name="Nur kostenlose Angebote")).to_be_checked()


def test_an_invalid_filter_value_is_named_and_ignored(page, directory):
    page.goto("/zentren/?barrierefrei=vielleicht")

    expect(page.get_by_role("alert")).to_contain_text("Nicht alle Filter konnten angewendet werden")
    expect(result_count(page)).to_have_text(centres_found(published_centres()))


# --- Every page type: axe-core clean, and no sideways scrolling on a small phone --------------


@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_accessibility_violations(page, directory, assert_accessible, name):
    page.goto(PAGES[name](directory))

    assert_accessible(page)


@pytest.mark.parametrize("name", PAGES)
def test_page_fits_a_phone_without_scrolling_sideways(phone_page, directory, name):
    phone_page.goto(PAGES[name](directory))

    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE_WIDTH, f"{name} is {width}px wide on a {PHONE_WIDTH}px screen"
