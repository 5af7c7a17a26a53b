"""The Bezirk page's partner network in a real browser (issue 15): axe-core clean, no sideways
page scroll on a phone (the wide matrix scrolls inside its labelled region), 44 px targets, and
screenshots at 375 and 1280 px for a reviewer.

Data: the `directory` fixture (tests/browser/conftest.py) plus partners of several kinds for
Kiezhaus Weserstraße and a second Neukölln centre, so the matrix has rows and columns to show.
"""

import pytest
from playwright.sync_api import Page, expect

from centres.models import Organisation
from tests.browser.conftest import _browser_context
from tests.browser.layout import overflowing, screenshot, small_targets

pytestmark = pytest.mark.browser

URL = "/bezirke/neukoelln/"
Kind = Organisation.Kind


@pytest.fixture
def network(directory, make_centre, make_organisation, make_partnership):
    second = make_centre(
        "neukoelln", name="Nachbarschaftshaus Rixdorf", slug="nbh-rixdorf", is_demo=True
    )
    for n, (kind, centres) in enumerate(
        [
            (Kind.SCHOOL, [directory.centre, second]),
            (Kind.SCHOOL, [second]),
            (Kind.COUNSELLING, [directory.centre]),
            (Kind.NEIGHBOURHOOD_MANAGEMENT, [directory.centre, second]),
            (Kind.MULTI_GENERATION_HOUSE, [second]),
            (Kind.FAMILY_CENTRE, [directory.centre]),
            (Kind.CULTURE, [second]),
            (Kind.HEALTH, [directory.centre]),
            (Kind.MUNICIPAL_OFFICE, [second]),
        ]
    ):
        organisation = make_organisation(
            name=f"Demo-Partner {n} ({kind.label})", kind=kind, is_demo=True
        )
        for centre in centres:
            make_partnership(centre, organisation)
    return directory


@pytest.mark.parametrize("width", [375, 1280])
def test_the_bezirk_page_with_its_network_is_accessible_and_fits(
    browser, live_server, network, assert_accessible, screenshot_dir, width
):
    context = _browser_context(browser, live_server, viewport={"width": width, "height": 900})
    page: Page = context.new_page()
    page.goto(URL)

    region = page.get_by_role("region", name="Partner der Zentren in Neukölln")
    expect(region).to_be_visible()
    expect(page.get_by_role("table", name="Partner der Zentren in Neukölln")).to_be_visible()
    expect(page.get_by_role("link", name="2 (Schule, Nachbarschaftshaus Rixdorf)")).to_be_visible()
    assert overflowing(page) == []
    assert small_targets(page, ".network-matrix") == []
    assert_accessible(page)
    screenshot(page, "bezirk-network", screenshot_dir)
    region.screenshot(path=str(screenshot_dir / f"bezirk-network-matrix-{width}.png"))
    context.close()


def test_the_matrix_region_is_focusable_and_scrolls_on_a_phone(phone_page, network):
    phone_page.goto(URL)
    region = phone_page.locator('[aria-labelledby="network-caption"]')

    region.focus()
    expect(region).to_be_focused()
    assert region.evaluate("element => element.scrollWidth > element.clientWidth")
    region.evaluate("element => element.scrollBy(400, 0)")
    assert region.evaluate("element => element.scrollLeft") > 0
    assert overflowing(phone_page) == []


def test_a_cell_leads_to_the_partners_it_counts(page, network):
    page.goto(URL)

    page.get_by_role("link", name="2 (Schule, Nachbarschaftshaus Rixdorf)").click()

    expect(page.get_by_text("2 Organisationen gefunden")).to_be_visible()
    expect(
        page.get_by_role("link", name="Filter „Nachbarschaftshaus Rixdorf“ entfernen")
    ).to_be_visible()
