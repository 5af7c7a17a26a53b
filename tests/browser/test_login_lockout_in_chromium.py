"""The lockout page and the two-factor login in Chromium, on a phone and a desktop: readable,
nothing past the edges, no refused resource (CSP)."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.browser.layout import overflowing, screenshot

pytestmark = pytest.mark.browser


def _try(page: Page, live_server, password: str, code: str | None = None) -> None:
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("input[name=username]", "alice")
    page.fill("input[name=password]", password)
    if code is not None:
        page.fill("input[name=otp_token]", code)
    page.click("input[type=submit]")


@pytest.mark.parametrize("width", [375, 1280])
def test_the_lockout_page_says_until_when(
    live_server, browser, editor_with_password, screenshot_dir, width
):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    refused = []
    page.on("console", lambda message: refused.append(message.text))
    for _ in range(5):
        _try(page, live_server, "falsch")

    expect(page.locator("h1")).to_have_text("Anmeldung vorübergehend gesperrt")
    expect(page.locator("#content-main")).to_contain_text("wieder versuchen")
    assert overflowing(page) == []
    assert not [text for text in refused if "Content Security Policy" in text]
    screenshot(page, "admin-locked-out", screenshot_dir)
    context.close()


@pytest.mark.parametrize("width", [375, 1280])
def test_the_two_factor_login_asks_for_the_code(
    live_server, browser, settings, editor_with_password, staff_password, screenshot_dir, width
):
    settings.STAFF_TWO_FACTOR = True
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    refused = []
    page.on("console", lambda message: refused.append(message.text))

    _try(page, live_server, staff_password, "123456")

    expect(page.locator("label[for=id_otp_token]")).to_have_text("Bestätigungscode:")
    expect(page.locator(".errornote")).to_contain_text("noch nicht eingerichtet")
    assert overflowing(page) == []
    assert not [text for text in refused if "Content Security Policy" in text]
    screenshot(page, "admin-login-two-factor", screenshot_dir)
    context.close()
