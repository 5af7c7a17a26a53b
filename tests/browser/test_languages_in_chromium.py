"""Switching between German and English in Chromium (docs/languages.md): the switcher keeps the
page and its filters both ways, is a 44 px target in the header, and an English page passes
axe-core at 375 px without overflow. Screenshots at 375 and 1280 px go to screenshots/."""

import pytest
from playwright.sync_api import expect

from tests.browser.layout import overflowing, screenshot, small_targets

pytestmark = pytest.mark.browser

FILTERED = "/angebote/?bezirk=neukoelln&kostenlos=1"


def test_a_resident_switches_to_english_and_back_without_losing_filters(page, directory):
    page.goto(FILTERED)
    expect(page.locator("html")).to_have_attribute("lang", "de")
    chips = page.locator(".active-filters").inner_text()

    page.get_by_role("link", name="English", exact=True).click()

    assert page.url.endswith("/en" + FILTERED)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Offerings in the neighbourhood centres")
    expect(page.get_by_role("checkbox", name="Free offerings only")).to_be_checked()
    expect(page.locator(".active-filters")).to_contain_text("Neukölln")
    expect(page.locator(".active-filters")).not_to_have_text(chips)  # now in English

    page.get_by_role("link", name="Deutsch", exact=True).click()

    assert page.url.endswith(FILTERED)
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("checkbox", name="Nur kostenlose Angebote")).to_be_checked()
    expect(page.locator(".active-filters")).to_have_text(chips)


@pytest.mark.parametrize("width", [375, 1280])
def test_the_switcher_is_a_big_target_that_fits_the_header(page, directory, screenshot_dir, width):
    page.set_viewport_size({"width": width, "height": 740})

    for url, name in ((FILTERED, "languages-de"), ("/en" + FILTERED, "languages-en")):
        page.goto(url)
        screenshot(page, name, screenshot_dir)

        assert small_targets(page, ".site-header") == []
        assert overflowing(page) == []


@pytest.mark.parametrize(
    "url", ["/en/", "/en" + FILTERED, "/en/zentren/kiezhaus-weserstrasse/"], ids=str
)
def test_english_pages_have_no_accessibility_violations_on_a_phone(
    page, directory, assert_accessible, url
):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(url)

    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert overflowing(page) == []
    assert_accessible(page)
