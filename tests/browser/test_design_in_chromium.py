"""The visual identity in Chromium (issue 10): the phone header, the menu without JavaScript,
the header's search, the focus state and print. Every page type's layout, targets and axe-core
audit are in test_every_page_in_chromium.py.
"""

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import Directory
from tests.browser.layout import screenshot, small_targets

pytestmark = pytest.mark.browser


def test_phone_header_is_compact_with_the_search_box_in_it(
    page: Page, directory: Directory, screenshot_dir
):
    """At 375 × 740 the header, search box included, ends within its first 130 px, so list
    pages can show their first result within the first screen."""
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto("/zentren/")
    screenshot(page, "design-header-zentren", screenshot_dir)

    header = page.locator(".site-header").bounding_box()
    search = page.locator(".site-header input[type=search]").bounding_box()

    assert header["y"] + header["height"] <= 130, header
    assert search["y"] + search["height"] <= header["y"] + header["height"]


def test_phone_menu_opens_the_navigation_without_javascript(
    browser, live_server, directory, screenshot_dir
):
    context = browser.new_context(
        java_script_enabled=False, base_url=live_server.url, viewport={"width": 375, "height": 740}
    )
    page = context.new_page()
    page.goto("/")
    assert not page.get_by_role("link", name="Angebote", exact=True).is_visible()

    page.get_by_role("link", name="Menü", exact=True).click()

    assert page.get_by_role("link", name="Angebote", exact=True).is_visible()
    assert small_targets(page, "header") == []
    screenshot(page, "design-menu-open", screenshot_dir)
    context.close()


def test_searching_from_the_header_lists_matching_centres(page: Page, directory: Directory):
    page.goto(directory.offering.get_absolute_url())

    page.locator(".site-header input[type=search]").fill("Florakiez")
    page.locator(".site-header button[type=submit]").click()

    assert "/zentren/?q=Florakiez" in page.url
    assert page.get_by_role("link", name="Stadtteiltreff Florakiez").is_visible()


def test_focused_link_turns_yellow(page: Page, directory: Directory):
    page.goto("/")
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the site's name

    background = page.evaluate("getComputedStyle(document.activeElement).backgroundColor")

    assert page.evaluate("document.activeElement.textContent").strip() == "Stadtteilzentren Berlin"
    assert background == "rgb(255, 221, 0)"


def test_print_leaves_out_the_header_search_menu_and_navigation(page: Page, directory: Directory):
    page.goto(directory.centre.get_absolute_url())
    page.emulate_media(media="print")

    assert page.locator(".site-name").is_visible()
    for selector in (".site-search", ".menu-link", ".site-nav", ".footer-links"):
        assert not page.locator(selector).is_visible(), selector
