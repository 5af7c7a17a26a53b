"""The overview's layout in Chromium: at 375 and 1280 px and in print nothing sticks out of its
container and no word is broken across lines; the printed report stays about a page per Bezirk.

Measured in the browser (Range.getClientRects on every word, scrollWidth against clientWidth),
because only a browser knows where lines break. Uses the 12 real Bezirke and their long names.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.datasets import budget_dataset

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 800}
DESKTOP = {"width": 1280, "height": 900}
# A4 portrait (210 mm) less the print margins of 2 × 1.2 cm (@page in print.css): 186 mm, the
# width a printed page lays out, in CSS pixels at 96 per inch.
PRINT = {"width": 703, "height": 1000}
# budget_dataset's centres are flagged as demo data: `?demo=1` has the overview count them where
# it leaves demo entries out (and is ignored where it counts every entry).
CITY = "/uebersicht/?demo=1"
MITTE = "/uebersicht/mitte/?demo=1"
REPORT = "/uebersicht/bericht/?demo=1"
PAGES = [CITY, MITTE, REPORT]

# Elements whose text must never break inside a word: table headers and cells, the gaps'
# lists and the shade legend.
WORD_SELECTOR = "main th, main td, main .gap-district, main .shade-legend, main .key-figures dt"

BROKEN_WORDS_JS = """([selector, softHyphenBreaks]) => {
  const broken = [];
  // A word ends at a space, and may wrap after a hyphen, a dash or a slash; on screen also at a
  // soft hyphen that tables.py put into a long header on purpose.
  const word = softHyphenBreaks
    ? /[^\\s\\-\\u2013\\/\\u00ad]+[\\-\\u2013\\/\\u00ad]?/g
    : /[^\\s\\-\\u2013\\/]+[\\-\\u2013\\/]?/g;
  for (const element of document.querySelectorAll(selector)) {
    if (!element.getClientRects().length) continue;  // not rendered (display: none)
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(word)) {
        if (match[0].length < 2) continue;
        // Compare the line of the word's first letter with that of its last; a whole range's
        // rects would also hold the hyphen Chromium draws for a soft hyphen just before it.
        // Headers set sideways run their lines across the page: compare left, not top.
        const sideways = /^(vertical|sideways)/.test(getComputedStyle(node.parentElement).writingMode);
        const top = (start, pick) => {
          const range = document.createRange();
          range.setStart(node, start);
          range.setEnd(node, start + 1);
          const rects = [...range.getClientRects()].filter(rect => rect.width * rect.height > 0);
          return rects.length ? Math.round(sideways ? pick(rects).left : pick(rects).top) : null;
        };
        const first = top(match.index, rects => rects[rects.length - 1]);
        const last = top(match.index + match[0].length - 1, rects => rects[0]);
        const lines = new Set([first, last].filter(t => t !== null));
        if (lines.size > 1) broken.push(`${element.tagName}.${element.className}: ${match[0]}`);
      }
    }
  }
  return broken;
}"""

OVERFLOW_JS = """() => {
  const faults = [];
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth + 1) {
    faults.push({what: "document", scroll: root.scrollWidth, client: root.clientWidth});
  }
  const main = document.querySelector("main");
  const limit = main.getBoundingClientRect().right + 1;
  for (const element of main.querySelectorAll("*")) {
    if (!element.getClientRects().length) continue;
    if (element.closest(".table-wrap, .visually-hidden, details:not([open])")) continue;
    const right = element.getBoundingClientRect().right;
    if (right > limit) {
      faults.push({what: element.tagName + "." + element.className, right, limit});
    }
  }
  for (const wrap of main.querySelectorAll(".table-wrap")) {
    if (!wrap.getClientRects().length) continue;
    if (wrap.scrollWidth > wrap.clientWidth + 1) {
      faults.push({
        what: "table-wrap",
        scroll: wrap.scrollWidth,
        client: wrap.clientWidth,
        region: wrap.getAttribute("role") === "region"
          && wrap.getAttribute("tabindex") === "0"
          && !!(wrap.getAttribute("aria-label") || wrap.getAttribute("aria-labelledby")),
      });
    }
  }
  return faults;
}"""


@pytest.fixture
def real_berlin(geography):
    """The 12 real Bezirke with their long names; centres and offerings in three of them."""
    budget_dataset(centres=24)


def open_page(page: Page, path: str, viewport: dict, *, media: str = "screen") -> None:
    page.set_viewport_size(viewport)
    page.emulate_media(media=media)
    page.goto(path)


def overflows(page: Page, *, scrolling_allowed: bool) -> list[dict]:
    """What sticks out; a labelled, focusable scrolling table region is fine if allowed."""
    return [
        fault
        for fault in page.evaluate(OVERFLOW_JS)
        if not (scrolling_allowed and fault["what"] == "table-wrap" and fault["region"])
    ]


def broken_words(page: Page, *, soft_hyphen_breaks: bool = True) -> list[str]:
    """Words that wrap across lines; in print even a soft hyphen must not break a header."""
    return page.evaluate(BROKEN_WORDS_JS, [WORD_SELECTOR, soft_hyphen_breaks])


@pytest.mark.parametrize("path", PAGES)
def test_nothing_overflows_and_no_word_breaks_at_1280_px(page: Page, real_berlin, path):
    open_page(page, path, DESKTOP)

    assert overflows(page, scrolling_allowed=False) == []
    assert broken_words(page) == []


@pytest.mark.parametrize("path", PAGES)
def test_nothing_overflows_a_phone_except_labelled_scrolling_tables(page: Page, real_berlin, path):
    open_page(page, path, PHONE)

    assert overflows(page, scrolling_allowed=True) == []
    assert broken_words(page) == []


@pytest.mark.parametrize("path", PAGES)
def test_nothing_overflows_and_no_word_breaks_in_print(page: Page, real_berlin, path):
    open_page(page, path, PRINT, media="print")

    assert overflows(page, scrolling_allowed=False) == []
    assert broken_words(page, soft_hyphen_breaks=False) == []


def test_the_weekday_table_stays_on_a_phone_in_a_labelled_region(page: Page, real_berlin):
    open_page(page, MITTE, PHONE)

    region = page.get_by_role("region", name="Tabelle: Angebote nach Wochentag in Mitte")
    assert region.evaluate("r => r.getBoundingClientRect().right") <= 375
    assert region.get_attribute("tabindex") == "0"
    assert region.locator(".weekday-table").count() == 1


def test_bar_chart_labels_are_readable_on_a_phone(page: Page, real_berlin):
    open_page(page, CITY, PHONE)

    sizes = page.locator(".bar-chart__label").evaluate_all(
        """labels => labels
          .filter(label => label.getClientRects().length)
          .map(label => label.getBoundingClientRect().height)"""
    )
    assert len(sizes) == 12
    # A 14 px label at full size is about 16 px high; anything under 12 px is too small to read.
    assert min(sizes) >= 12, sizes


def test_kind_grid_fits_1280_px_without_scrolling(page: Page, real_berlin):
    open_page(page, CITY, DESKTOP)

    wrap = page.locator(".overview-grid .table-wrap")
    assert wrap.evaluate("w => w.scrollWidth <= w.clientWidth")


def test_shade_legend_says_what_each_shade_counts(page: Page, real_berlin):
    open_page(page, CITY, DESKTOP)

    legend = page.locator(".overview-grid .shade-legend").inner_text()
    assert "Angebote" in legend
    assert re.search(r"\d+\s*–\s*\d+", legend), legend


def count_pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def test_printed_report_is_about_one_page_for_berlin_and_one_per_bezirk(page: Page, real_berlin):
    page.goto(REPORT)
    pdf = page.pdf(format="A4", print_background=True)

    pages = count_pdf_pages(pdf)
    assert pdf[:4] == b"%PDF"
    assert pages <= 1 + 12 + 3, f"the report prints on {pages} A4 pages"


@pytest.mark.parametrize(
    ("path", "viewport", "name"),
    [
        (CITY, PHONE, "overview-375"),
        (CITY, DESKTOP, "overview-1280"),
        (MITTE, PHONE, "mitte-375"),
        (MITTE, DESKTOP, "mitte-1280"),
    ],
)
def test_screenshots_for_a_person_to_look_at(
    page: Page, real_berlin, tmp_path, path, viewport, name
):
    """No assertion on pixels: set SCREENSHOT_DIR to keep the screenshots and look at them."""
    open_page(page, path, viewport)
    directory = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    page.screenshot(path=directory / f"{name}.png", full_page=True)

    assert (directory / f"{name}.png").stat().st_size > 0
