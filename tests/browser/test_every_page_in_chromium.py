"""Every public page type in Chromium at 320, 375 and 1280 px, as a whole page (header, main and
footer): nothing wider than the screen, every link, button and field outside running text at
least 44 × 44 px, no date or time broken over two lines, axe-core clean. Screenshots of each page
type at 375 and 1280 px go to screenshots/ (or SCREENSHOT_DIR) for a person to look at.
"""

from collections.abc import Callable

import pytest
from django.urls import reverse

from tests.browser.conftest import Directory
from tests.browser.layout import overflowing, screenshot, small_targets, wrapped_times

pytestmark = pytest.mark.browser

WIDTHS = [320, 375, 1280]

# One address of each page type a resident (or a funder) can open, without staff rights.
PAGES: dict[str, Callable[[Directory], str]] = {
    "home": lambda d: reverse("centres:home"),
    "centres": lambda d: reverse("centres:centre_list"),
    "centres-filtered": lambda d: (
        reverse("centres:centre_list") + "?bezirk=neukoelln&angebot=beratung&barrierefrei=1"
    ),
    "offerings": lambda d: reverse("centres:offering_list"),
    "agenda": lambda d: reverse("centres:agenda"),
    "partners": lambda d: reverse("centres:partner_list"),
    "bezirk": lambda d: d.centre.district.get_absolute_url(),
    "centre": lambda d: d.centre.get_absolute_url(),
    "offering": lambda d: d.offering.get_absolute_url(),
    "partner": lambda d: d.partner.get_absolute_url(),
    "centre-report": lambda d: reverse("centres:centre_report", args=[d.centre.slug]),
    "overview": lambda d: reverse("centres:overview"),
    "overview-bezirk": lambda d: reverse(
        "centres:overview_district", kwargs={"slug": d.centre.district.slug}
    ),
    "funding": lambda d: reverse("centres:funding"),
    "styleguide": lambda d: reverse("centres:styleguide"),
    "imprint": lambda d: reverse("centres:imprint"),
    "accessibility": lambda d: reverse("centres:accessibility"),
    "privacy": lambda d: reverse("centres:privacy"),
    "not-found": lambda d: "/gibt-es-nicht/",
}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_whole_page_fits_with_big_targets_whole_times_and_no_axe_violations(
    page, directory, assert_accessible, screenshot_dir, name, width
):
    page.set_viewport_size({"width": width, "height": 740})
    page.goto(PAGES[name](directory))

    problems = {
        "overflowing": overflowing(page),
        "small targets": small_targets(page, "header, main, footer"),
        "wrapped times": wrapped_times(page),
    }

    if width in (375, 1280):
        screenshot(page, f"page-{name}", screenshot_dir)
    assert problems == {key: [] for key in problems}
    assert_accessible(page)
