"""A resident subscribes to a centre's calendar: the link on the page gives a feed that a real
iCalendar parser reads, with weekly recurrences in Berlin time.

Data: the `directory` fixture (tests/browser/conftest.py): Kiezhaus Weserstraße with a sewing
café on Tuesdays, counselling on Wednesdays and a festival on a Saturday.
"""

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_a_centres_calendar_link_gives_its_offerings_with_weekly_rules(page, directory):
    page.goto(directory.centre.get_absolute_url())
    link = page.get_by_role("link", name="In Kalender übernehmen")
    expect(link).to_be_visible()

    response = page.request.get(link.get_attribute("href"))

    assert response.ok
    assert response.headers["content-type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.body())
    events = {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}
    assert set(events) == {
        "Demo: Nähcafé",
        "Demo: Sozialberatung auf Arabisch",
        "Demo: Kiezfest am Weserplatz",
    }
    sewing = events["Demo: Nähcafé"]
    assert sewing["RRULE"]["FREQ"] == ["WEEKLY"]
    assert sewing["RRULE"]["BYDAY"] == ["TU"]
    assert sewing["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert sewing["DTSTART"].dt.hour == 10
    festival = events["Demo: Kiezfest am Weserplatz"]
    assert "RRULE" not in festival
    assert festival["DTSTART"].dt == directory.event.starts_at
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]


def test_the_calendar_link_fits_a_phone(phone_page, directory, screenshot_dir):
    from tests.browser.layout import overflowing, screenshot

    phone_page.goto(directory.centre.get_absolute_url())
    link = phone_page.get_by_role("link", name="In Kalender übernehmen")
    link.scroll_into_view_if_needed()

    assert overflowing(phone_page) == []
    assert link.bounding_box()["height"] >= 44
    screenshot(phone_page, "calendar-link-phone", screenshot_dir)
