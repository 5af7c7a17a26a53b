"""/daten/ in Chromium: readable on a phone and on a desktop, and clean for axe-core."""

import pytest

from tests.browser.layout import overflowing, screenshot

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [375, 1280])
def test_the_open_data_page_fits_and_is_accessible(
    page, directory, assert_accessible, screenshot_dir, width
):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/daten/")

    assert page.get_by_role("heading", name="Offene Daten", level=1).is_visible()
    assert page.get_by_role("link", name="Stadtteilzentren (CSV)").is_visible()
    assert overflowing(page) == []
    assert_accessible(page)
    screenshot(page, "daten", screenshot_dir)
    page.goto(directory.centre.get_absolute_url())
    screenshot(page, "zentrum-mit-kalender", screenshot_dir)
