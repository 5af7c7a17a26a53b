"""A resident reports a correction in Chromium, from a page the page cache served: with
JavaScript in one go, without it after one "please send again"; both store exactly one message.
The open forms, the form's own page and the thank-you page are axe-clean and fit a phone;
screenshots at 375 and 1280 px go to screenshots/ (or SCREENSHOT_DIR).
"""

import pytest
from playwright.sync_api import Page, expect

from centres.models import Message
from tests.browser.conftest import Directory
from tests.browser.layout import overflowing, screenshot, small_targets

pytestmark = pytest.mark.browser

TEXT = "Am Mittwoch ist das Haus schon um 16 Uhr zu."


def _open_report_form(page: Page) -> None:
    page.get_by_text("Änderung melden", exact=True).click()
    page.get_by_label("Was stimmt nicht?").fill(TEXT)


def test_with_javascript_a_report_from_the_cached_page_arrives_at_once(
    page: Page, directory: Directory
):
    url = directory.centre.get_absolute_url()
    page.request.get(url)
    response = page.goto(url)
    assert response.headers["x-cache"] == "hit"

    _open_report_form(page)
    page.get_by_role("button", name="Absenden").first.click()

    page.wait_for_url("**/melden/danke/")
    assert page.locator("h1").inner_text() == "Vielen Dank für Ihre Nachricht"
    message = Message.objects.get()
    assert (message.centre, message.text) == (directory.centre, TEXT)


def test_without_javascript_the_resident_sends_once_more_and_it_arrives(
    browser, live_server, directory: Directory
):
    context = browser.new_context(
        locale="de-DE", base_url=live_server.url, java_script_enabled=False
    )
    page = context.new_page()
    url = directory.centre.get_absolute_url()
    page.request.get(url)
    assert page.goto(url).headers["x-cache"] == "hit"

    _open_report_form(page)
    page.get_by_role("button", name="Absenden").first.click()

    assert page.get_by_text("Ihre Nachricht ist noch nicht angekommen.").is_visible()
    assert page.get_by_label("Was stimmt nicht?").input_value() == TEXT
    assert Message.objects.count() == 0
    page.get_by_role("button", name="Absenden").click()
    page.wait_for_url("**/melden/danke/")
    assert Message.objects.count() == 1
    context.close()


@pytest.mark.parametrize("width", [375, 1280])
def test_the_forms_and_their_pages_fit_and_pass_axe(
    page: Page, directory: Directory, assert_accessible, screenshot_dir, width
):
    page.set_viewport_size({"width": width, "height": 740})
    page.goto(directory.centre.get_absolute_url())
    for summary in ("Änderung melden", "Eigene Idee einbringen"):
        page.get_by_text(summary, exact=True).click()
    page.locator("#inbox-heading").scroll_into_view_if_needed()
    assert overflowing(page) == []
    assert small_targets(page, ".inbox-section") == []
    assert_accessible(page)
    page.locator(".inbox-section").screenshot(
        path=str(screenshot_dir / f"inbox-centre-forms-{width}.png")
    )

    page.goto(f"{directory.offering.get_absolute_url()}melden/")
    page.get_by_label("Was stimmt nicht?").fill(" ")
    page.get_by_label("Ihre E-Mail-Adresse (freiwillig)").fill("kein-at-zeichen")
    page.locator("form.inbox-form").evaluate("form => form.noValidate = true")
    page.get_by_role("button", name="Absenden").click()
    expect(page.get_by_text("Bitte prüfen Sie Ihre Angaben")).to_be_visible()
    page.wait_for_load_state("load")  # measured with its stylesheets, not before
    assert overflowing(page) == []
    assert small_targets(page, "main") == []
    assert_accessible(page)
    screenshot(page, "inbox-form-errors", screenshot_dir)

    page.get_by_label("Was stimmt nicht?").fill(TEXT)
    page.get_by_label("Ihre E-Mail-Adresse (freiwillig)").fill("")
    page.get_by_role("button", name="Absenden").click()
    page.wait_for_url("**/melden/danke/")
    assert overflowing(page) == []
    assert_accessible(page)
    screenshot(page, "inbox-thanks", screenshot_dir)


def test_the_editor_reads_and_closes_a_report_from_the_start_page(
    live_server, page: Page, editor_with_password, staff_password, centre_a, screenshot_dir
):
    from django.urls import reverse

    from centres.services.inbox import message_create

    message = message_create(
        kind=Message.Kind.CORRECTION,
        centre=centre_a,
        text=TEXT + " Siehe https://spam.example",
        email="anna@example.org",
    )
    page.goto(live_server.url + reverse("admin:index"))
    page.fill("input[name=username]", editor_with_password.username)
    page.fill("input[name=password]", staff_password)
    page.click("input[type=submit]")

    queue = page.locator(".start-inbox")
    assert "Meldungen aus der Nachbarschaft (1)" in queue.locator("h2").inner_text()
    assert queue.locator("a[href*='spam.example']").count() == 0
    assert overflowing(page) == []
    screenshot(page, "inbox-admin-start", screenshot_dir)

    page.goto(live_server.url + reverse("admin:centres_message_change", args=[message.pk]))
    assert "anna@example.org" in page.content()
    screenshot(page, "inbox-admin-message", screenshot_dir)
    page.get_by_role("button", name="Als erledigt markieren").click()

    assert "die Kontaktdaten sind gelöscht" in page.locator(".messagelist").inner_text()
    message.refresh_from_db()
    assert (message.status, message.email) == (Message.Status.DONE, "")
