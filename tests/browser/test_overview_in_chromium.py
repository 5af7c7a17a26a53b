"""The funders' overview in a real browser: sorting, drilling down, downloading, and axe-core."""

import pytest
from playwright.sync_api import Page

from centres.models import Centre, Status
from tests.overview_dataset import build_small_berlin

pytestmark = pytest.mark.browser


@pytest.fixture
def small_berlin(db):
    return build_small_berlin()


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
def test_overview_pages_have_no_axe_violations(page: Page, small_berlin, assert_accessible, path):
    page.goto(path)

    assert page.get_by_role("heading", level=1).inner_text().startswith("Förder")
    assert_accessible(page)


@pytest.mark.parametrize(
    "path", ["/uebersicht/", "/uebersicht/?demo=1", "/uebersicht/bergfeld/?demo=vielleicht"]
)
def test_overview_notices_about_demo_data_have_no_axe_violations(
    page: Page, small_berlin, assert_accessible, path
):
    Centre.objects.create_with_main_site(
        slug="demohaus",
        name="Demohaus",
        district=small_berlin.bergfeld,
        status=Status.PUBLISHED,
        is_demo=True,
    )
    page.goto(path)

    assert page.locator(".demo-notice").is_visible()
    assert_accessible(page)


def test_a_funder_sorts_the_table_and_drills_into_a_bezirk(page: Page, small_berlin):
    page.goto("/")
    page.get_by_role("link", name="Übersicht").click()
    page.get_by_role("link", name="Zentren je 100.000 Einw.").click()

    first_row = page.locator(".overview-table tbody tr").first
    assert first_row.locator("th").inner_text() == "Bergfeld"
    assert page.locator("svg[role=img] title").first.text_content().startswith("Zentren je 100.000")

    first_row.get_by_role("link", name="Bergfeld").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Förderübersicht: Bergfeld"
    with page.expect_download() as download:
        page.get_by_role("link", name="Tabelle als Excel (XLSX)").click()
    assert download.value.suggested_filename.startswith("stadtteilzentren-uebersicht-bergfeld-")
