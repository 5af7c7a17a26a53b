"""Phone-first pages in Chromium (issue 10), at 320, 375 and 1280 px: results before filters on
a phone, nothing wider than the screen, touch targets of 44 px, times and words that never break
inside, axe-core clean, and complete without JavaScript. Screenshots of every page type at 375
and 1280 px go to screenshots/ (or SCREENSHOT_DIR) for a reviewer to look at.
"""

from collections.abc import Callable

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.browser.conftest import Directory, _browser_context
from tests.browser.layout import overflowing, screenshot, small_targets, top_edge, wrapped_times

pytestmark = pytest.mark.browser

SCREEN_HEIGHT = 740
ENHANCEMENTS = ".map, .near-me"  # shown by static/js only, `hidden` in the HTML
WIDTHS = [320, 375, 1280]
PHONE_WIDTHS = [320, 375]

# The list pages, with and without active filters, and the selector of their first result.
LISTS: dict[str, tuple[Callable[[Directory], str], str]] = {
    "centres": (lambda d: reverse("centres:centre_list"), ".cards > li"),
    "centres-filtered": (
        lambda d: reverse("centres:centre_list") + "?bezirk=neukoelln&angebot=beratung",
        ".cards > li",
    ),
    "offerings": (lambda d: reverse("centres:offering_list"), ".cards > li"),
    "offerings-filtered": (
        lambda d: (
            reverse("centres:offering_list") + "?bezirk=neukoelln&kostenlos=1&wochentag=mittwoch"
        ),
        ".cards > li",
    ),
    "agenda": (lambda d: reverse("centres:agenda"), ".agenda-list > li"),
    "agenda-filtered": (lambda d: reverse("centres:agenda") + "?art=beratung", ".agenda-list > li"),
    "partners": (lambda d: reverse("centres:partner_list"), ".cards > li"),
    "partners-filtered": (lambda d: reverse("centres:partner_list") + "?art=schule", ".cards > li"),
}

# Every page type this lane lays out, by the address a resident would open.
PAGES: dict[str, Callable[[Directory], str]] = {
    **{name: url for name, (url, _) in LISTS.items()},
    # Neukölln: its Bezirk page shows the festival as an event card (date and time as pieces).
    "bezirk": lambda d: d.centre.district.get_absolute_url(),
    "centre": lambda d: d.centre.get_absolute_url(),
    "offering": lambda d: d.offering.get_absolute_url(),
    "event": lambda d: d.event.get_absolute_url(),
    "long-search": lambda d: reverse("centres:centre_list") + "?q=" + "Nachbarschaft" * 230,
    "long-search-chip": lambda d: (
        reverse("centres:offering_list") + "?q=N%C3%A4hcaf%C3%A9+" + "x" * 190
    ),
    "missing-page": lambda d: reverse("centres:centre_list") + "?page=999",
}

# Letters only: a word may break at a hyphen, never between two letters.
_BROKEN_WORDS = """
(scope) => {
  const found = [];
  const root = document.querySelector(scope);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest('.visually-hidden, script, style, [hidden], .chip')) continue;
    if (!parent.getClientRects().length) continue;
    // Text clipped out of sight for screen readers (a 1 px box) is not read by eye.
    let clipped = false;
    for (let el = parent; el && el !== root; el = el.parentElement) {
      if (el.getBoundingClientRect().width <= 1) { clipped = true; break; }
    }
    if (clipped) continue;
    for (const match of node.data.matchAll(/\\p{L}{2,}/gu)) {
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const tops = new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top)));
      if (tops.size > 1) found.push(match[0]);
    }
  }
  return found;
}
"""


def broken_words(page: Page, scope: str = "main") -> list[str]:
    """Words in `scope` that the layout splits between two letters ("Donnersta|g")."""
    return page.evaluate(_BROKEN_WORDS, scope)


@pytest.mark.parametrize("width", PHONE_WIDTHS)
@pytest.mark.parametrize("name", LISTS)
def test_the_first_result_starts_within_the_first_phone_screen(page, directory, name, width):
    """Measured: the top edge of the first result, in CSS px from the top of the unscrolled
    page, on a phone screen of 740 px height; with and without active filters."""
    url, first_result = LISTS[name]
    page.set_viewport_size({"width": width, "height": SCREEN_HEIGHT})
    page.goto(url(directory))

    assert top_edge(page, first_result) < SCREEN_HEIGHT
    expect(page.locator("details.filter-panel")).not_to_have_attribute("open", "")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_page_fits_the_screen_with_big_targets_and_whole_words_and_times(
    page, directory, screenshot_dir, name, width
):
    page.set_viewport_size({"width": width, "height": SCREEN_HEIGHT})
    page.goto(PAGES[name](directory))

    problems = {
        "overflowing": overflowing(page),
        "small targets": small_targets(page, "main"),
        "wrapped times": wrapped_times(page),
        "broken words": broken_words(page),
    }

    if width in (375, 1280):
        screenshot(page, name, screenshot_dir)
    assert problems == {key: [] for key in problems}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_accessibility_violations(page, directory, assert_accessible, name, width):
    page.set_viewport_size({"width": width, "height": SCREEN_HEIGHT})
    page.goto(PAGES[name](directory))

    assert_accessible(page)


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("name", PAGES)
def test_page_is_complete_without_javascript(browser, live_server, directory, name, width):
    """The same text with and without JavaScript, once the filters are opened in both: every
    result, count, chip and filter is in the HTML."""
    url = PAGES[name](directory)
    size = {"viewport": {"width": width, "height": SCREEN_HEIGHT}}
    texts = []
    for javascript in (True, False):
        context = _browser_context(browser, live_server, java_script_enabled=javascript, **size)
        page = context.new_page()
        page.goto(url)
        panel = page.locator("details.filter-panel")
        if panel.count():
            if panel.get_attribute("open") is None:
                panel.locator("summary").click()
            expect(page.get_by_role("button", name="Ergebnisse anzeigen")).to_be_visible()
        # What JavaScript adds on top (the interactive map, "Meinen Standort verwenden") is
        # hidden in the HTML; the rest must read the same.
        page.evaluate(
            "(sel) => document.querySelectorAll(sel).forEach((el) => el.remove())", ENHANCEMENTS
        )
        texts.append(page.locator("main").inner_text())
        context.close()

    with_javascript, without = texts
    assert without == with_javascript


def test_filters_work_without_javascript_on_a_phone(browser, live_server, directory):
    context = _browser_context(
        browser, live_server, java_script_enabled=False, viewport={"width": 375, "height": 740}
    )
    page = context.new_page()
    page.goto(reverse("centres:centre_list"))
    expect(page.get_by_role("group", name="Bezirk")).to_be_hidden()

    page.get_by_text("Filter", exact=True).click()
    page.get_by_role("group", name="Bezirk").get_by_label("Pankow", exact=True).check()
    page.get_by_role("button", name="Ergebnisse anzeigen").click()

    expect(page.locator("summary")).to_have_text("Filter (1 aktiv)")
    expect(page.get_by_role("status")).to_have_text("1 Zentrum gefunden")
    page.get_by_role("link", name="Filter „Pankow“ entfernen").click()
    expect(page.get_by_role("status")).to_have_text("2 Zentren gefunden")
    context.close()


def test_filters_are_a_side_column_open_on_a_wide_screen(page, directory):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(reverse("centres:centre_list") + "?bezirk=pankow")

    expect(page.get_by_role("group", name="Bezirk")).to_be_visible()
    panel = page.locator("details.filter-panel").bounding_box()
    results = page.locator(".cards").bounding_box()
    assert panel["x"] + panel["width"] <= results["x"]


@pytest.mark.parametrize("width", PHONE_WIDTHS)
def test_pagination_links_are_big_enough_to_tap(page, directory, make_centre, width):
    for _ in range(settings.CENTRES_PER_PAGE):
        make_centre("mitte")
    page.set_viewport_size({"width": width, "height": SCREEN_HEIGHT})
    page.goto(reverse("centres:centre_list") + "?page=2")

    expect(page.locator(".pagination")).to_contain_text("Seite 2 von 2")
    assert small_targets(page, ".pagination") == []
    assert overflowing(page) == []


def test_a_3000_character_search_is_a_chip_that_fits_a_320_px_phone(phone_page, directory):
    phone_page.goto(PAGES["long-search"](directory))

    chip = phone_page.locator("a.chip--ignored")
    expect(chip).to_contain_text("(zu lang, ignoriert)")
    assert overflowing(phone_page) == []
    assert small_targets(phone_page, "main") == []

    chip.click()
    expect(phone_page.get_by_role("status")).to_have_text("2 Zentren gefunden")
