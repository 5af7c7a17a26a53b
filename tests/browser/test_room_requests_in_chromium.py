"""A resident asks for a room in Chromium, from a room page the page cache served: with
JavaScript in one go, without it after one "please send again"; both store exactly one request.
The open form, its own page with errors and the thank-you page are axe-clean and fit a phone;
screenshots at 375 and 1280 px go to screenshots/ (or SCREENSHOT_DIR).
"""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page

from centres.models import Cost, Message, Room, Status
from tests.browser.conftest import Directory
from tests.browser.layout import overflowing, screenshot, small_targets

pytestmark = pytest.mark.browser

TEXT = "Monatliches Treffen unserer Mietergemeinschaft"
DAY = timezone.localdate() + datetime.timedelta(days=7)


@pytest.fixture
def room(directory: Directory) -> Room:
    centre = directory.centre
    return Room.objects.create(
        centre=centre,
        site=centre.sites.get(is_main=True),
        name="Gruppenraum im Erdgeschoss",
        slug="gruppenraum-erdgeschoss",
        size_m2=30,
        seats=15,
        cost=Cost.FREE,
        status=Status.PUBLISHED,
    )


def _fill_request(page: Page, people: str = "12") -> None:
    page.get_by_label("Wofür möchten Sie den Raum nutzen?").fill(TEXT)
    page.get_by_label("An welchem Tag?").fill(DAY.isoformat())
    page.get_by_label("Von (Uhrzeit, freiwillig)").fill("18:00")
    page.get_by_label("Bis (Uhrzeit, freiwillig)").fill("20:00")
    page.get_by_label("Wie viele Personen kommen?").fill(people)
    page.get_by_label("Ihr Name", exact=True).fill("Anna Beispiel")
    page.get_by_label("Ihre E-Mail-Adresse", exact=True).fill("anna@example.org")


def _open_cached(page: Page, room: Room) -> None:
    url = room.get_absolute_url()
    page.request.get(url)
    assert page.goto(url).headers["x-cache"] == "hit"
    page.get_by_text("Anfrage an das Zentrum schreiben", exact=True).click()


def test_with_javascript_a_request_from_the_cached_room_page_arrives_at_once(
    page: Page, room: Room
):
    _open_cached(page, room)
    _fill_request(page)
    page.locator("#anfragen").get_by_role("button", name="Absenden").click()

    page.wait_for_url("**/anfragen/danke/")
    assert page.get_by_text("Ihre Raumanfrage ist beim Zentrum angekommen.").is_visible()
    message = Message.objects.get()
    assert (message.room, message.text, message.requested_date, message.people) == (
        room,
        TEXT,
        DAY,
        12,
    )


def test_without_javascript_the_resident_sends_once_more_and_it_arrives(
    browser, live_server, room: Room
):
    context = browser.new_context(
        locale="de-DE", base_url=live_server.url, java_script_enabled=False
    )
    page = context.new_page()
    _open_cached(page, room)
    _fill_request(page)
    page.locator("#anfragen").get_by_role("button", name="Absenden").click()

    assert page.get_by_text("Ihre Nachricht ist noch nicht angekommen.").is_visible()
    assert page.get_by_label("An welchem Tag?").input_value() == DAY.isoformat()
    assert Message.objects.count() == 0
    page.get_by_role("button", name="Absenden").click()
    page.wait_for_url("**/anfragen/danke/")
    assert Message.objects.count() == 1
    context.close()


@pytest.mark.parametrize("width", [375, 1280])
def test_the_request_form_and_its_pages_fit_and_pass_axe(
    page: Page, room: Room, assert_accessible, screenshot_dir, width
):
    page.set_viewport_size({"width": width, "height": 740})
    page.goto(room.get_absolute_url())
    page.get_by_text("Anfrage an das Zentrum schreiben", exact=True).click()
    assert page.get_by_text("Der Raum hat 15 Plätze.").is_visible()
    assert overflowing(page) == []
    assert small_targets(page, "#anfragen") == []
    assert_accessible(page)
    page.locator("#anfragen").screenshot(path=str(screenshot_dir / f"room-request-{width}.png"))

    page.goto(f"{room.get_absolute_url()}anfragen/")
    _fill_request(page)
    page.get_by_label("An welchem Tag?").fill("2020-05-01")
    with page.expect_navigation(wait_until="load"):  # measured once the stylesheets apply
        page.get_by_role("button", name="Absenden").click()
    assert page.get_by_text("Der Tag liegt in der Vergangenheit.").first.is_visible()
    assert overflowing(page) == []
    assert small_targets(page, "main") == []
    assert_accessible(page)
    screenshot(page, "room-request-errors", screenshot_dir)

    page.get_by_label("An welchem Tag?").fill(DAY.isoformat())
    page.get_by_role("button", name="Absenden").click()
    page.wait_for_url("**/anfragen/danke/", wait_until="load")
    assert overflowing(page) == []
    assert_accessible(page)
    screenshot(page, "room-request-thanks", screenshot_dir)


def test_the_editor_sees_room_day_and_people_and_closing_deletes_the_phone(
    live_server, page: Page, editor_with_password, staff_password, centre_a, screenshot_dir
):
    from django.urls import reverse

    from centres.services.inbox import message_create

    room = Room.objects.create(
        centre=centre_a,
        site=centre_a.sites.get(is_main=True),
        name="Saal Alpha",
        slug="saal-alpha",
        seats=20,
        cost=Cost.FEE,
        status=Status.PUBLISHED,
    )
    message = message_create(
        kind=Message.Kind.ROOM_REQUEST,
        centre=centre_a,
        room=room,
        text=TEXT,
        name="Anna Beispiel",
        email="anna@example.org",
        phone="030 1234567",
        requested_date=DAY,
        requested_time_from=datetime.time(18, 0),
        requested_time_to=datetime.time(20, 0),
        people=24,
    )
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + reverse("admin:index"))
    page.fill("input[name=username]", editor_with_password.username)
    page.fill("input[name=password]", staff_password)
    page.click("input[type=submit]")

    queue = page.locator(".start-inbox").inner_text()
    assert "Raum: Saal Alpha" in queue
    assert f"{DAY:%d.%m.%Y}, 18:00–20:00, 24 Personen" in queue
    assert "mehr als die 20 Plätze" in queue
    assert overflowing(page) == []
    screenshot(page, "room-request-admin-start", screenshot_dir)

    page.goto(live_server.url + reverse("admin:centres_message_change", args=[message.pk]))
    assert "030 1234567" in page.content()
    page.get_by_role("button", name="Als erledigt markieren").click()

    message.refresh_from_db()
    assert (message.status, message.email, message.name, message.phone) == ("done", "", "", "")
