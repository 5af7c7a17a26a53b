"""The centre page as a weekly programme (issue 10): the week at a glance with opening hours and
recurring offerings, today marked, the next events below, kinds as headings only where several
exist.

The clock is pinned to Wednesday 2 December 2026, 11:00 in Berlin, unless a test says otherwise.
"""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from centres import hours


def berlin(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=hours.BERLIN)


@pytest.fixture
def clock(monkeypatch):
    def set_to(moment: datetime.datetime) -> None:
        utc = moment.astimezone(datetime.UTC)
        monkeypatch.setattr(timezone, "now", lambda: utc)

    set_to(berlin(2026, 12, 2, 11, 0))
    return set_to


class WeekTable(HTMLParser):
    """The rows of the programme's table: day, cells' text, and whether it is marked today."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[dict] = []
        self.in_table = False
        self.cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and "programme__week" in (attrs.get("class") or ""):
            self.in_table = True
        elif self.in_table and tag == "tr" and "programme__day" in (attrs.get("class") or ""):
            self.rows.append({"today": attrs.get("aria-current") == "date", "cells": []})
        elif self.in_table and self.rows and tag in ("th", "td"):
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "table":
            self.in_table = False
        elif self.cell is not None and tag in ("th", "td"):
            self.rows[-1]["cells"].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def week(html: str) -> dict[str, dict]:
    parser = WeekTable()
    parser.feed(html)
    return {row["cells"][0].removesuffix(" heute"): row for row in parser.rows}


@pytest.fixture
def mon_wed_centre(make_centre, make_offering):
    """Open Monday to Friday 9–17, a course on Mondays and a consultation on Wednesdays."""
    centre = make_centre(name="Haus der Woche")
    for weekday in range(1, 6):
        centre.main_site.opening_hours.create(weekday=weekday, opens="09:00", closes="17:00")
    make_offering(centre, title="Yoga", kind="sport", weekdays=[1])
    make_offering(centre, title="Mietberatung", kind="beratung", weekdays=[3])
    return centre


def test_week_shows_hours_and_offerings_on_their_days(client, clock, mon_wed_centre):
    html = client.get(mon_wed_centre.get_absolute_url()).content.decode()

    days = week(html)
    assert list(days) == [
        "Montag",
        "Dienstag",
        "Mittwoch",
        "Donnerstag",
        "Freitag",
        "Samstag",
        "Sonntag",
    ]
    assert days["Montag"]["cells"][1:] == [
        "Geöffnet: 09:00–17:00",
        "10:00–12:00 Yoga · Sportgruppe",
    ]
    assert days["Mittwoch"]["cells"][1:] == [
        "Geöffnet: 09:00–17:00",
        "10:00–12:00 Mietberatung · Sozialberatung",
    ]
    assert days["Dienstag"]["cells"][2] == "keine regelmäßigen Angebote"
    assert days["Samstag"]["cells"][1:] == [
        "Geöffnet: geschlossen",
        "keine regelmäßigen Angebote",
    ]


def test_today_is_marked_in_berlin_time(client, clock, mon_wed_centre):
    html = client.get(mon_wed_centre.get_absolute_url()).content.decode()
    assert [day for day, row in week(html).items() if row["today"]] == ["Mittwoch"]
    assert '<th scope="row">Mittwoch <span class="programme__today">heute</span></th>' in html

    # 23:30 UTC on Wednesday is already Thursday in Berlin
    clock(datetime.datetime(2026, 12, 2, 23, 30, tzinfo=datetime.UTC))
    html = client.get(mon_wed_centre.get_absolute_url()).content.decode()
    assert [day for day, row in week(html).items() if row["today"]] == ["Donnerstag"]


def test_a_single_kind_gets_no_heading_and_no_kind_beside_each_offering(
    client, clock, make_centre, make_offering
):
    centre = make_centre(name="Haus der Kurse")
    make_offering(centre, title="Töpfern", kind="kurs", weekdays=[2])
    make_offering(centre, title="Gitarre", kind="kurs", weekdays=[4])

    html = client.get(centre.get_absolute_url()).content.decode()

    assert "<h3>Kurs</h3>" not in html
    assert "· Kurs" not in html
    assert week(html)["Dienstag"]["cells"][-1] == "10:00–12:00 Töpfern"
    assert re.search(r'<h2 id="offerings-heading">Alle Angebote</h2>\s*<ul[^>]*>', html)


def test_kinds_with_several_offerings_get_headings_and_single_ones_are_listed_together(
    client, clock, make_centre, make_offering
):
    centre = make_centre(name="Haus der Vielfalt")
    make_offering(centre, title="Töpfern", kind="kurs")
    make_offering(centre, title="Gitarre", kind="kurs")
    make_offering(centre, title="Mietberatung", kind="beratung")

    html = client.get(centre.get_absolute_url()).content.decode()

    assert "<h3>Kurs</h3>" in html
    assert "<h3>Sozialberatung</h3>" not in html
    assert "<h3>Weitere Angebote</h3>" in html
    assert "Mietberatung</a> (Sozialberatung)" in html


def test_next_events_follow_the_week_and_past_ones_do_not(
    client, clock, make_centre, make_offering
):
    centre = make_centre(name="Haus der Feste")
    make_offering(centre, title="Hoffest", kind="fest", starts_at=berlin(2026, 12, 5, 15))
    make_offering(centre, title="Frühstück", kind="fest", starts_at=berlin(2026, 12, 2, 8))

    html = client.get(centre.get_absolute_url()).content.decode()

    events = html[html.index("Nächste Veranstaltungen") : html.index("Alle Angebote")]
    assert "Hoffest" in events
    assert "Sa, 5. Dezember 2026, 15:00 Uhr" in re.sub(r"<[^>]+>", "", events)
    assert "Frühstück" not in events


def test_offerings_at_a_further_site_name_the_site(client, clock, make_centre, make_offering):
    centre = make_centre(name="Haus mit Garten")
    garden = centre.sites.create(name="Kiezgarten", street="Gartenweg 1", postcode="12043")
    make_offering(centre, title="Gärtnern", kind="kurs", site=garden, weekdays=[6])

    html = client.get(centre.get_absolute_url()).content.decode()

    assert week(html)["Samstag"]["cells"][-1] == "10:00–12:00 Gärtnern · Kiezgarten"


def test_a_centre_without_hours_says_so_and_shows_its_offerings(
    client, clock, make_centre, make_offering
):
    centre = make_centre(name="Haus ohne Zeiten")
    make_offering(centre, title="Chor", kind="kurs", weekdays=[1])

    html = client.get(centre.get_absolute_url()).content.decode()

    assert "Öffnungszeiten sind nicht eingetragen" in html
    assert week(html)["Montag"]["cells"][1:] == ["10:00–12:00 Chor"]


def test_name_open_state_address_and_programme_come_before_the_facts(client, clock, mon_wed_centre):
    html = client.get(mon_wed_centre.get_absolute_url()).content.decode()

    order = [
        "<h1>Haus der Woche</h1>",
        'class="open-state',
        "<address>",
        "Route planen",
        "Die Woche im Überblick",
        "Träger",
    ]
    positions = [html.index(marker) for marker in order]
    assert positions == sorted(positions)


# --- Plain words ------------------------------------------------------------------------------


def test_funded_centre_reads_in_plain_words_with_a_link_to_what_it_means(client, make_centre):
    centre = make_centre(is_ifp_funded=True)

    html = client.get(centre.get_absolute_url()).content.decode()

    assert (
        "<dt>Förderung</dt><dd>vom Land Berlin gefördertes Stadtteilzentrum "
        '<a href="/ueber/foerderung/#land-berlin">Was heißt das?</a></dd>'
    ) in html
    assert "IFP" not in html.split("<footer")[0]


def test_funding_page_explains_the_programme_and_unknown_facts(client, db):
    response = client.get("/ueber/foerderung/")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="land-berlin"' in html
    assert "Infrastrukturförderprogramm Stadtteilzentren" in html
    assert "„nicht bekannt“ heißt" in html


def test_every_unknown_fact_reads_nicht_bekannt(client, make_centre):
    centre = make_centre(step_free_access="unbekannt", accessible_toilet=None, is_ifp_funded=None)

    html = client.get(centre.get_absolute_url()).content.decode()

    assert "<dt>Zugang</dt><dd>nicht bekannt</dd>" in html
    assert "<dt>Barrierefreies WC</dt><dd>nicht bekannt</dd>" in html
    assert "<dt>Träger</dt><dd>nicht bekannt</dd>" in html
    assert "<dt>Förderung</dt><dd>nicht bekannt <a" in html
    assert "Nicht bekannt" not in html


# --- Taking part in an offering ---------------------------------------------------------------


def take_part(html: str) -> str:
    """The "So nehmen Sie teil" section's text, tags removed, spaces collapsed."""
    section = html[html.index('id="take-part-heading"') : html.index("</section>")]
    return " ".join(re.sub(r"<[^>]+>", " ", section.split(">", 1)[1]).split())


def test_offering_says_how_to_take_part_with_the_centres_contact(
    client, make_centre, make_offering
):
    centre = make_centre(name="Haus am Markt", phone="030 123 45", email="info@markt.example")
    offering = make_offering(
        centre, registration_required=True, cost="gebuehr", cost_note="5 € je Termin"
    )

    html = client.get(offering.get_absolute_url()).content.decode()

    assert take_part(html) == (
        "So nehmen Sie teil Anmeldung erforderlich – bitte melden Sie sich vorher an. "
        "Kontakt 030 123 45 info@markt.example über Haus am Markt "
        "Kosten Mit Gebühr (5 € je Termin)"
    )
    assert 'href="tel:03012345"' in html
    assert 'href="mailto:info@markt.example"' in html


def test_offering_with_its_own_contact_and_what_to_bring_says_so(
    client, make_centre, make_offering
):
    centre = make_centre(name="Haus am Markt", phone="030 123 45")
    offering = make_offering(
        centre,
        contact_phone="0151 222 333",
        contact_email="yoga@markt.example",
        what_to_bring="Matte und bequeme Kleidung",
    )

    text = take_part(client.get(offering.get_absolute_url()).content.decode())

    assert "Anmeldung nicht nötig – kommen Sie einfach vorbei." in text
    assert "Kontakt 0151 222 333 yoga@markt.example Kosten" in text
    assert "030 123 45" not in text
    assert text.endswith("Bitte mitbringen Matte und bequeme Kleidung")


def test_offering_at_a_further_site_gives_that_sites_contact(client, make_centre, make_offering):
    centre = make_centre(name="Haus am Markt", phone="030 123 45")
    garden = centre.sites.create(
        name="Kiezgarten", street="Gartenweg 1", postcode="12043", phone="030 999 88"
    )
    offering = make_offering(centre, site=garden)

    text = take_part(client.get(offering.get_absolute_url()).content.decode())

    assert "Kontakt 030 999 88 über Haus am Markt" in text


def test_offering_without_any_contact_says_to_ask_at_the_centre(client, make_centre, make_offering):
    offering = make_offering(make_centre(name="Haus ohne Telefon"))

    text = take_part(client.get(offering.get_absolute_url()).content.decode())

    assert "Kontakt Bitte fragen Sie im Haus ohne Telefon nach." in text
