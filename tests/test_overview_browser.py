"""The overview in a real browser: Chromium through Playwright, checked by axe-core."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

from tests.overview_dataset import build_small_berlin

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(live_server):
    build_small_berlin()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        page = browser.new_page()
        yield page
        browser.close()


def violations(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{violation['id']}: {[node['target'] for node in violation['nodes']]}"
        for violation in results.response["violations"]
    ]


@pytest.mark.parametrize(
    "path",
    [
        "/uebersicht/",
        "/uebersicht/?sort=-per_100k",
        "/uebersicht/altstadt/",
        "/uebersicht/coellnitz/",
        "/uebersicht/bericht/",
    ],
)
def test_overview_pages_have_no_axe_violations(page, live_server, path):
    page.goto(f"{live_server.url}{path}")

    assert violations(page) == []


def test_a_funder_sorts_the_table_and_drills_into_a_bezirk(page, live_server):
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Übersicht").click()
    page.get_by_role("link", name="Zentren je 100.000 Einw.").click()

    first_row = page.locator(".overview-table tbody tr").first
    assert first_row.locator("th").inner_text() == "Bergfeld"
    assert page.locator("svg[role=img] title").text_content().startswith("Zentren je 100.000")

    first_row.get_by_role("link", name="Bergfeld").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Förderübersicht: Bergfeld"
    with page.expect_download() as download:
        page.get_by_role("link", name="Tabelle als Excel (XLSX)").click()
    assert download.value.suggested_filename.startswith("stadtteilzentren-uebersicht-bergfeld-")
