"""Issue 11's "done when", in Chromium: an editor's and a coordinator's path from the start
page, and imports of the files German Excel writes.

Browser, page and live server (serving the collected static files) come from conftest.py.
"""

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from centres.models import Centre, Offering, OpeningHours, Status
from tests.browser.layout import overflowing, screenshot

pytestmark = pytest.mark.browser


def _log_in(page: Page, live_server, user, password: str) -> None:
    page.goto(live_server.url + reverse("admin:index"))
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", password)
    page.click("input[type=submit]")


@pytest.fixture
def coordinator_with_password(coordinator, staff_password):
    coordinator.set_password(staff_password)
    coordinator.save()
    return coordinator


@pytest.fixture
def team_with_password(team, staff_password):
    team.set_password(staff_password)
    team.save()
    return team


def test_editor_sets_the_week_adds_an_offering_and_previews_it(
    live_server, page, editor_with_password, staff_password, centre_a, screenshot_dir
):
    _log_in(page, live_server, editor_with_password, staff_password)

    # Lands on "Mein Zentrum".
    expect(page.locator("h1")).to_have_text("Mein Zentrum")
    expect(page.locator(".start-centre")).to_contain_text("Zentrum Alpha")
    screenshot(page, "admin-start-editor", screenshot_dir)

    # Mon–Fri 9–17 with "Mo–Fr wie Montag".
    page.click("text=Öffnungszeiten bearbeiten")
    expect(page.locator("h1")).to_contain_text("Öffnungszeiten")
    # The week script has set up its buttons (and its "typing unticks geschlossen").
    expect(page.locator("button.week-weekdays")).to_be_visible()
    page.fill("input[name=week-0-opens_1]", "9")
    page.fill("input[name=week-0-closes_1]", "17")
    expect(page.locator("input[name=week-0-closed]")).not_to_be_checked()
    page.click("button:has-text('Mo–Fr wie Montag')")
    expect(page.locator("input[name=week-4-opens_1]")).to_have_value("9")
    screenshot(page, "admin-week", screenshot_dir)
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_contain_text("sind gespeichert")
    hours = OpeningHours.objects.filter(site__centre=centre_a)
    assert [(h.weekday, h.opens, h.closes) for h in hours] == [
        (day, datetime.time(9), datetime.time(17)) for day in range(1, 6)
    ]

    # An overlap: a German sentence next to the day, nothing saved.
    page.fill("input[name=week-0-opens_2]", "10")
    page.fill("input[name=week-0-closes_2]", "11")
    page.click("input[name=_save]")
    monday = page.locator("tr.week-day").first
    expect(monday.locator(".week-error")).to_contain_text(
        "Zwei Zeiträume am Montag überschneiden sich."
    )
    assert hours.count() == 5

    # A weekly offering from the start page: the message says what happens next.
    page.goto(live_server.url + reverse("admin:index"))
    page.click("text=Angebot hinzufügen")
    expect(page.locator("select[name=centre]")).to_have_value(str(centre_a.pk))
    page.fill("input[name=title]", "Nähcafé für alle")
    page.select_option("select[name=kind]", "kreativkurs")
    row = page.locator("#times-group tr.form-row").first
    row.locator("select[name$=weekday]").select_option("4")
    row.locator("input[name$=opens]").fill("15")
    row.locator("input[name$=closes]").fill("18")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_contain_text(
        "Gespeichert als Entwurf. Sichtbar, sobald die Bezirkskoordination es veröffentlicht"
    )
    offering = Offering.objects.get(title="Nähcafé für alle")
    assert offering.slug == "naehcafe-fuer-alle"
    assert offering.status == Status.DRAFT

    # The draft's preview, not a 404.
    page.click(".messagelist a:has-text('Vorschau ansehen')")
    expect(page.locator(".preview-notice")).to_contain_text("Vorschau für die Redaktion")
    expect(page.locator("h1")).to_contain_text("Nähcafé für alle")


def test_coordinator_publishes_a_draft_from_the_start_page(
    live_server, page, coordinator_with_password, staff_password, editor, centre_a, make_offering
):
    draft = make_offering(
        centre_a, title="Sprachcafé am Montag", status=Status.DRAFT, updated_by=editor
    )
    assert page.goto(live_server.url + draft.get_absolute_url()).status == 404
    _log_in(page, live_server, coordinator_with_password, staff_password)

    expect(page.locator("h1")).to_have_text("Mein Bezirk")
    drafts = page.locator(".start-drafts")
    expect(drafts).to_contain_text("Sprachcafé am Montag")
    expect(drafts).to_contain_text("alice")
    drafts.locator("button:has-text('„Sprachcafé am Montag“ veröffentlichen')").click()
    page.click("input[type=submit][value='Veröffentlichen']")
    expect(page.locator(".messagelist")).to_contain_text("Status „Veröffentlicht“")

    assert Offering.objects.get(pk=draft.pk).status == Status.PUBLISHED
    public = page.goto(live_server.url + draft.get_absolute_url())
    assert public.status == 200
    expect(page.locator("h1")).to_contain_text("Sprachcafé am Montag")


def test_start_pages_fit_a_phone(
    live_server,
    browser,
    editor_with_password,
    coordinator_with_password,
    staff_password,
    centre_a,
    screenshot_dir,
):
    context = browser.new_context(locale="de-DE", viewport={"width": 375, "height": 740})
    page = context.new_page()
    try:
        _log_in(page, live_server, editor_with_password, staff_password)
        expect(page.locator("h1")).to_have_text("Mein Zentrum")
        screenshot(page, "admin-start-editor", screenshot_dir)
        assert not overflowing(page, ".start-centre")
        page.click("text=Öffnungszeiten bearbeiten")
        screenshot(page, "admin-week", screenshot_dir)
        assert not overflowing(page, ".week-editor")
    finally:
        context.close()


EXCEL_CSV = (
    "Kurzname;Name;Bezirk;Straße;PLZ\r\n"
    "kiezhaus-suedstern;Kiezhaus Südstern;neukoelln;Hasenheide 1;10967\r\n"
).encode("cp1252")


def test_a_german_excel_csv_imports_and_wrong_headers_are_explained(
    live_server, page, team_with_password, staff_password, geography, tmp_path
):
    good = tmp_path / "zentren.csv"
    good.write_bytes(EXCEL_CSV)
    wrong = tmp_path / "falsch.csv"
    wrong.write_bytes("Zentrum;Adresse\r\nKiezhaus;Hasenheide 1\r\n".encode("cp1252"))
    _log_in(page, live_server, team_with_password, staff_password)
    import_url = live_server.url + reverse("admin:centres_centre_import")

    page.goto(import_url)
    page.set_input_files("input[name=import_file]", str(wrong))
    page.select_option("select[name=format]", label="csv")
    page.click("input[type=submit]")
    expect(page.locator(".errorlist")).to_contain_text("Diese Spalten kennt der Import nicht")
    expect(page.locator("body")).not_to_contain_text("Traceback")

    page.goto(import_url)
    page.set_input_files("input[name=import_file]", str(good))
    page.select_option("select[name=format]", label="csv")
    page.click("input[type=submit]")
    page.click("input[type=submit][value='Import bestätigen']")
    expect(page.locator(".messagelist")).to_contain_text("1")
    centre = Centre.objects.get(slug="kiezhaus-suedstern")
    assert centre.name == "Kiezhaus Südstern"
    assert centre.main_site.street == "Hasenheide 1"
