"""Calendar feeds (iCalendar) and the Atom feed of new offerings, read back with real parsers."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone
from icalendar import Calendar

from centres.models import OpeningException, Status
from tests.datasets import budget_dataset
from tests.pages import count_queries

ATOM = "{http://www.w3.org/2005/Atom}"


def events_of(response) -> list:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return list(calendar.walk("VEVENT"))


def by_summary(events) -> dict:
    return {str(event["SUMMARY"]): event for event in events}


def next_weekday(weekday: int, *, after: datetime.date | None = None) -> datetime.date:
    day = (after or timezone.localdate()) + datetime.timedelta(days=1)
    return day + datetime.timedelta(days=(weekday - day.isoweekday()) % 7)


@pytest.fixture
def yoga(make_centre, make_offering):
    centre = make_centre("neukoelln", name="Zentrum Alpha", slug="zentrum-alpha")
    return make_offering(
        centre,
        title="Yoga am Mittwoch",
        slug="yoga-am-mittwoch",
        weekdays=[3],
        valid_until=timezone.localdate() + datetime.timedelta(days=60),
    )


def test_a_recurring_offering_repeats_weekly_on_its_weekday_until_it_ends(client, yoga):
    (event,) = events_of(client.get("/angebote/yoga-am-mittwoch/kalender.ics"))

    rule = event["RRULE"]
    assert rule["FREQ"] == ["WEEKLY"]
    assert rule["BYDAY"] == ["WE"]
    until = rule["UNTIL"][0]
    assert until.tzinfo is not None and until.utcoffset() == datetime.timedelta(0)
    assert timezone.localtime(until).date() == yoga.valid_until
    start = event["DTSTART"].dt
    assert start.isoweekday() == 3
    assert (start.hour, start.minute) == (10, 0)
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert event["DTEND"].dt.hour == 12
    assert (
        str(event["UID"])
        == f"offering-{yoga.pk}-slot-{yoga.times.get().pk}@stadtteilzentren.berlin"
    )
    assert "Zentrum Alpha" in str(event["LOCATION"])
    assert str(event["URL"]).endswith("/angebote/yoga-am-mittwoch/")


def test_the_calendar_carries_the_berlin_time_zone(client, yoga):
    calendar = Calendar.from_ical(client.get("/angebote/yoga-am-mittwoch/kalender.ics").content)

    (zone,) = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/Berlin"
    names = {str(part["TZNAME"]) for part in zone.subcomponents}
    assert names == {"CET", "CEST"}


def test_a_recurring_offering_without_end_repeats_without_until(client, make_centre, make_offering):
    make_offering(make_centre(), title="Offener Treff", slug="offener-treff", weekdays=[1, 5])

    events = events_of(client.get("/angebote/offener-treff/kalender.ics"))

    assert sorted(event["RRULE"]["BYDAY"][0] for event in events) == ["FR", "MO"]
    assert all("UNTIL" not in event["RRULE"] for event in events)


def test_a_dated_event_is_a_single_event_in_berlin_time(
    client, make_centre, make_offering, in_days
):
    starts = in_days(10, hour=15)
    make_offering(
        make_centre(),
        title="Kiezfest",
        slug="kiezfest",
        kind="fest",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=4),
    )

    (event,) = events_of(client.get("/angebote/kiezfest/kalender.ics"))

    assert "RRULE" not in event
    assert event["DTSTART"].dt == starts
    assert event["DTSTART"].dt.hour == 15
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert event["DTEND"].dt == starts + datetime.timedelta(hours=4)


def test_uids_and_the_whole_feed_stay_the_same_across_two_requests(client, yoga):
    first = client.get("/zentren/zentrum-alpha/kalender.ics")
    second = client.get("/zentren/zentrum-alpha/kalender.ics")

    assert [str(e["UID"]) for e in events_of(first)] == [str(e["UID"]) for e in events_of(second)]
    assert first.content == second.content


def test_a_closure_of_the_venue_and_a_public_holiday_are_left_out(client, yoga):
    site = yoga.centre.main_site
    closed = next_weekday(3)
    OpeningException.objects.create(site=site, starts_on=closed, note="Sommerpause")

    (event,) = events_of(client.get("/angebote/yoga-am-mittwoch/kalender.ics"))

    excluded = {moment.dt.date() for moment in event["EXDATE"].dts}
    assert closed in excluded
    assert all(day.isoweekday() == 3 for day in excluded)


def test_a_holiday_on_the_weekday_is_an_exdate(client, make_centre, make_offering):
    # 1 May 2028 is a Monday and a public holiday in Berlin.
    make_offering(
        make_centre(),
        title="Montagskurs",
        slug="montagskurs",
        weekdays=[1],
        valid_from=datetime.date(2028, 4, 3),
        valid_until=datetime.date(2028, 5, 29),
    )

    (event,) = events_of(client.get("/angebote/montagskurs/kalender.ics"))

    assert event["DTSTART"].dt.date() == datetime.date(2028, 4, 3)
    # Within a year of today only; far-future holidays are beyond the feed's reach.
    today = timezone.localdate()
    if datetime.date(2028, 5, 1) <= today + datetime.timedelta(days=365):
        assert datetime.date(2028, 5, 1) in {m.dt.date() for m in event["EXDATE"].dts}
    assert event["RRULE"]["UNTIL"][0].date() == datetime.date(2028, 5, 29)


def test_drafts_archived_and_ended_offerings_are_not_in_any_feed(
    client, make_centre, make_offering
):
    centre = make_centre(slug="haus")
    make_offering(centre, title="Öffentlich", slug="oeffentlich")
    make_offering(centre, title="Entwurf", slug="entwurf", status=Status.DRAFT)
    make_offering(centre, title="Archiviert", slug="archiviert", status=Status.ARCHIVED)
    make_offering(
        centre, title="Vorbei", valid_until=timezone.localdate() - datetime.timedelta(days=1)
    )

    for url in (
        "/zentren/haus/kalender.ics",
        "/bezirke/neukoelln/kalender.ics",
        "/angebote/kalender.ics",
    ):
        assert set(by_summary(events_of(client.get(url)))) == {"Öffentlich"}, url
    assert client.get("/angebote/entwurf/kalender.ics").status_code == 404


def test_a_draft_centre_has_no_feed(client, make_centre, make_offering):
    centre = make_centre(slug="entwurfshaus", status=Status.DRAFT)
    make_offering(centre)

    assert client.get("/zentren/entwurfshaus/kalender.ics").status_code == 404


def test_the_bezirk_feed_holds_only_that_bezirks_offerings(client, make_centre, make_offering):
    make_offering(make_centre("neukoelln"), title="In Neukölln")
    make_offering(make_centre("pankow"), title="In Pankow")

    assert set(by_summary(events_of(client.get("/bezirke/neukoelln/kalender.ics")))) == {
        "In Neukölln"
    }
    assert client.get("/bezirke/atlantis/kalender.ics").status_code == 404


def test_the_list_feed_takes_the_same_filters_as_the_page(client, make_centre, make_offering):
    make_offering(make_centre("mitte"), title="Kurs in Mitte", kind="kurs")
    make_offering(make_centre("mitte"), title="Beratung in Mitte", kind="beratung")
    make_offering(make_centre("pankow"), title="Kurs in Pankow", kind="kurs")

    filtered = by_summary(events_of(client.get("/angebote/kalender.ics?bezirk=mitte&art=kurs")))
    unknown = by_summary(events_of(client.get("/angebote/kalender.ics?bezirk=atlantis")))

    assert set(filtered) == {"Kurs in Mitte"}
    assert len(unknown) == 3  # an unknown value is ignored, as on the page


def test_demo_offerings_say_so_in_their_title(client, make_centre, make_offering):
    make_offering(make_centre(slug="demo-haus", is_demo=True), title="Erfunden")

    assert set(by_summary(events_of(client.get("/zentren/demo-haus/kalender.ics")))) == {
        "Demo: Erfunden"
    }


def test_pages_link_to_their_calendars(client, yoga):
    pages = {
        "/angebote/yoga-am-mittwoch/": "/angebote/yoga-am-mittwoch/kalender.ics",
        "/zentren/zentrum-alpha/": "/zentren/zentrum-alpha/kalender.ics",
        "/bezirke/neukoelln/": "/bezirke/neukoelln/kalender.ics",
        "/angebote/?art=kurs": "/angebote/kalender.ics?art=kurs",
    }
    for page, feed in pages.items():
        html = client.get(page).content.decode()
        assert f'href="{feed}"' in html, page
        assert "In Kalender übernehmen" in html, page


def test_the_atom_feed_lists_newly_published_offerings_newest_first(
    client, make_centre, make_offering
):
    centre = make_centre(name="Haus am See")
    make_offering(centre, title="Älteres Angebot")
    make_offering(centre, title="Neues Angebot")
    make_offering(centre, title="Noch ein Entwurf", status=Status.DRAFT)

    response = client.get("/angebote/neu.atom")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    titles = [entry.findtext(f"{ATOM}title") for entry in feed.iter(f"{ATOM}entry")]
    assert titles == ["Neues Angebot – Haus am See", "Älteres Angebot – Haus am See"]
    links = [entry.find(f"{ATOM}link").get("href") for entry in feed.iter(f"{ATOM}entry")]
    assert all(link.startswith("http://testserver/angebote/") for link in links)


def test_a_draft_published_later_counts_from_its_publication(client, make_centre, make_offering):
    centre = make_centre(name="Haus")
    late = make_offering(centre, title="Spät veröffentlicht", status=Status.DRAFT)
    make_offering(centre, title="Früh veröffentlicht")
    late.status = Status.PUBLISHED
    late.save()

    feed = ET.fromstring(client.get("/angebote/neu.atom").content)
    titles = [entry.findtext(f"{ATOM}title") for entry in feed.iter(f"{ATOM}entry")]

    assert titles[0] == "Spät veröffentlicht – Haus"


FEED_URLS = [
    "/angebote/kalender.ics",
    "/angebote/kalender.ics?bezirk=mitte&art=kurs",
    "/angebote/neu.atom",
    "/bezirke/mitte/kalender.ics",
]


@pytest.mark.django_db
def test_feeds_take_the_same_number_of_queries_with_3_and_30_centres(client):
    from centres.models import Centre, Offering
    from centres.services.demo_data import demo_data_remove

    budget_dataset(centres=3)
    urls = [
        *FEED_URLS,
        Centre.objects.published().first().get_absolute_url() + "kalender.ics",
        Offering.objects.published().filter(times__isnull=False).first().get_absolute_url()
        + "kalender.ics",
    ]
    small = [count_queries(client, url) for url in urls]
    demo_data_remove()
    budget_dataset(centres=30)
    urls[-2] = Centre.objects.published().first().get_absolute_url() + "kalender.ics"
    urls[-1] = (
        Offering.objects.published().filter(times__isnull=False).first().get_absolute_url()
        + "kalender.ics"
    )
    large = [count_queries(client, url) for url in urls]

    assert small == large
    assert max(large) <= 10


FEED_PATTERNS = [
    "/angebote/kalender.ics",
    "/angebote/{slug}/kalender.ics",
    "/zentren/{slug}/kalender.ics",
    "/bezirke/{slug}/kalender.ics",
    "/angebote/neu.atom",
]


@pytest.mark.parametrize("pattern", FEED_PATTERNS)
def test_generated_addresses_give_a_feed_or_a_readable_error(client, centre_a, pattern):
    from hypothesis import given

    from tests.test_fuzz import FUZZ_SETTINGS, _assert_readable, _url, queries, slugs

    @FUZZ_SETTINGS
    @given(slug=slugs, query=queries)
    def request_it(slug, query):
        response = client.get(_url(pattern, slug, query))
        _assert_readable(response, {200, 301, 302, 404})
        if response.status_code == 200 and pattern.endswith(".ics"):
            Calendar.from_ical(response.content)

    request_it()
