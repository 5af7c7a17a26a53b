"""The centre page as a weekly programme in Chromium (issue 10): on a 375 × 740 phone the name,
the open state, the address with "Route planen" and the programme's first day come first; at
1280 px the week is a table.

Set SCREENSHOT_DIR to keep the screenshots and look at them.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import Directory

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 800}


def bottom_edge(page: Page, selector: str) -> float:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, f"{selector} is not shown"
    return box["y"] + box["height"]


def test_phone_shows_name_open_state_address_route_and_first_day_in_the_first_screen(
    page: Page, directory: Directory
):
    """What is measured: the bottom edge of each element below, in CSS pixels from the top of
    the page, with the page not scrolled. All of them must end within the first 740 px, so a
    resident sees them without scrolling. The first day is Monday's name and opening hours."""
    page.set_viewport_size(PHONE)
    page.goto(directory.centre.get_absolute_url())

    edges = {
        "name": bottom_edge(page, "h1"),
        "open state": bottom_edge(page, ".open-state"),
        "address": bottom_edge(page, ".centre-contact address"),
        "Route planen": bottom_edge(page, ".centre-contact .route"),
        "first day": bottom_edge(page, ".programme__day:first-child .programme__hours"),
    }

    assert page.locator(".programme__day").first.locator("th").inner_text() == "Montag"
    assert page.locator(".centre-contact .route").inner_text().startswith("Route planen")
    assert list(edges) == sorted(edges, key=edges.get), edges  # in this order, top to bottom
    assert all(edge <= PHONE["height"] for edge in edges.values()), edges


def test_phone_lists_the_days_one_below_the_other_and_desktop_shows_a_table(
    page: Page, directory: Directory
):
    page.set_viewport_size(PHONE)
    page.goto(directory.centre.get_absolute_url())
    monday, tuesday = page.locator(".programme__day").all()[:2]
    assert (
        tuesday.bounding_box()["y"] >= monday.bounding_box()["y"] + monday.bounding_box()["height"]
    )
    assert page.locator(".programme__day:first-child .programme__label").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.set_viewport_size(DESKTOP)
    page.goto(directory.centre.get_absolute_url())
    headers = page.locator(".programme__week thead th")
    assert headers.all_inner_texts() == ["Tag", "Geöffnet", "Regelmäßige Angebote"]
    assert page.locator(".programme__week thead").is_visible()
    assert not page.locator(".programme__day:first-child .programme__label").is_visible()
    cells = page.locator(".programme__day:first-child > *").all()
    tops = {round(cell.bounding_box()["y"]) for cell in cells}
    assert len(tops) == 1, "Monday's cells sit side by side in one table row"


@pytest.mark.parametrize(("viewport", "name"), [(PHONE, "centre-375"), (DESKTOP, "centre-1280")])
def test_screenshots_of_the_centre_page(page: Page, directory: Directory, tmp_path, viewport, name):
    """No assertion on pixels: set SCREENSHOT_DIR to keep the screenshots and look at them."""
    page.set_viewport_size(viewport)
    page.goto(directory.centre.get_absolute_url())
    folder = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    page.screenshot(path=folder / f"{name}.png", full_page=True)

    assert (folder / f"{name}.png").stat().st_size > 0


def test_programme_and_funding_pages_pass_axe_on_a_phone(
    page: Page, directory: Directory, assert_accessible
):
    page.set_viewport_size(PHONE)
    for url in (directory.centre.get_absolute_url(), "/ueber/foerderung/"):
        page.goto(url)
        assert_accessible(page)
