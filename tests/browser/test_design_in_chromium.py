"""The visual identity in Chromium (issue 10): the style guide, the start page, a centre page and
an offering page at 320, 375 and 1280 px pass axe-core, do not scroll sideways, keep every link
and button in header and footer at least 44 × 44 px, and leave screenshots for a reviewer.
"""

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import Directory
from tests.browser.layout import overflowing, screenshot, small_targets

pytestmark = pytest.mark.browser

WIDTHS = [320, 375, 1280]
PAGES = {
    "stil": lambda directory: "/stil/",
    "start": lambda directory: "/",
    "zentrum": lambda directory: directory.centre.get_absolute_url(),
    "angebot": lambda directory: directory.offering.get_absolute_url(),
}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", list(PAGES))
def test_page_is_accessible_fits_and_has_large_targets(
    page: Page, directory: Directory, assert_accessible, screenshot_dir, name, width
):
    page.set_viewport_size({"width": width, "height": 740})
    page.goto(PAGES[name](directory))

    screenshot(page, f"design-{name}", screenshot_dir)
    assert overflowing(page) == [], overflowing(page)
    assert small_targets(page, "header, footer") == []
    assert_accessible(page)


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


@pytest.mark.parametrize("url", ["/impressum/", "/barrierefreiheit/", "/datenschutz/"])
def test_statement_pages_are_accessible_on_a_phone(
    page: Page, geography, assert_accessible, screenshot_dir, url
):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(url)

    screenshot(page, "design" + url.rstrip("/").replace("/", "-"), screenshot_dir)
    assert overflowing(page) == [], overflowing(page)
    assert small_targets(page, "header, footer") == []
    assert_accessible(page)
