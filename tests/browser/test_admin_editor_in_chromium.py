"""The centre editor's path through the admin, in Chromium: log in, edit a site's hours, add an
offering.

Browser, page and live server (serving the collected static files) come from conftest.py.
"""

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from centres.models import Offering, OpeningHours, Status

pytestmark = pytest.mark.browser


def _fill_weekly_row(row, *, weekday: int, start: tuple[str, str], end: tuple[str, str]):
    """Fill an inline row of weekday + two times (opening hours or an offering's times)."""
    row.locator("select[name$=weekday]").select_option(str(weekday))
    for field, value in (start, end):
        row.locator(f"input[name$={field}]").fill(value)


def test_editor_edits_hours_and_adds_an_offering(
    live_server, page, editor_with_password, staff_password, centre_a, centre_b
):
    page.goto(live_server.url + reverse("admin:index"))
    page.fill("input[name=username]", editor_with_password.username)
    page.fill("input[name=password]", staff_password)
    page.click("input[type=submit]")
    expect(page.locator("#site-name")).to_contain_text("Stadtteilzentren Berlin")

    # Only their own centre is listed.
    page.goto(live_server.url + reverse("admin:centres_centre_changelist"))
    expect(page.locator("#result_list")).to_contain_text("Zentrum Alpha")
    expect(page.locator("#result_list")).not_to_contain_text("Zentrum Beta")

    # Opening hours: from the centre to its main site, add Monday 9–17 there and save.
    page.click("#result_list a:has-text('Zentrum Alpha')")
    page.click("#sites-group a.inlinechangelink")
    page.click("#opening_hours-group .add-row a")
    row = page.locator("#opening_hours-group tr.dynamic-opening_hours").last
    _fill_weekly_row(row, weekday=1, start=("opens", "09:00"), end=("closes", "17:00"))
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_contain_text("erfolgreich")
    hours = OpeningHours.objects.get(site__centre=centre_a)
    assert (hours.weekday, hours.opens, hours.closes) == (1, datetime.time(9), datetime.time(17))

    # A new offering: the centre is preselected and the only choice.
    page.goto(live_server.url + reverse("admin:centres_offering_add"))
    centre_options = page.locator("select[name=centre] option:not([value=''])")
    expect(centre_options).to_have_count(1)
    expect(page.locator("select[name=centre]")).to_have_value(str(centre_a.pk))
    page.fill("input[name=title]", "Nähcafé am Donnerstag")
    page.select_option("select[name=kind]", "kreativkurs")
    time_row = page.locator("#times-group tr.form-row").first
    _fill_weekly_row(time_row, weekday=4, start=("opens", "15:00"), end=("closes", "18:00"))
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_contain_text("erfolgreich")

    offering = Offering.objects.get(title="Nähcafé am Donnerstag")
    assert offering.centre == centre_a
    assert offering.slug.endswith("cafe-am-donnerstag")  # filled in from the title by the admin
    assert offering.status == Status.DRAFT  # published by a coordinator later
    assert offering.updated_by == editor_with_password
    assert offering.times.get().weekday == 4

    # Another centre's page is not reachable by URL either.
    response = page.goto(
        live_server.url + reverse("admin:centres_centre_change", args=[centre_b.pk])
    )
    assert response.status == 404
