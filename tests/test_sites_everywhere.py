"""Sites everywhere (issue 15): a centre with two sites is found, mapped, open and published by
each of them, not only by its main house."""

import datetime
import json
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from centres import hours
from centres.models import OpeningHours
from centres.opendata.hsds import hsds_id


def berlin(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=hours.BERLIN)


@pytest.fixture
def at_tuesday_noon(monkeypatch):
    """Tuesday 1 December 2026, 12:00 in Berlin (no holiday)."""
    moment = berlin(2026, 12, 1, 12, 0).astimezone(datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    return moment


@pytest.fixture
def two_sites(make_centre, ortsteil_of):
    """Haus am Park in Neuköln (open Mondays only) and its Kiezgarten in Britz, open Tuesdays;
    a second centre open on Mondays only."""
    centre = make_centre(
        "neukoelln",
        name="Haus am Park",
        slug="haus-am-park",
        ortsteil=ortsteil_of("neukoelln"),
        street="Parkstraße 1",
        postcode="12043",
        latitude=Decimal("52.480000"),
        longitude=Decimal("13.430000"),
    )
    OpeningHours.objects.create(
        site=centre.main_site,
        weekday=1,
        opens=datetime.time(10),
        closes=datetime.time(18),
    )
    garden = centre.sites.create(
        name="Kiezgarten",
        ortsteil=ortsteil_of("britz"),
        street="Gartenweg 2",
        postcode="12347",
        latitude=Decimal("52.440000"),
        longitude=Decimal("13.440000"),
    )
    OpeningHours.objects.create(
        site=garden, weekday=2, opens=datetime.time(10), closes=datetime.time(18)
    )
    other = make_centre(
        "neukoelln", name="Montagshaus", ortsteil=ortsteil_of("rudow"), street="Montagsweg 1"
    )
    OpeningHours.objects.create(
        site=other.main_site, weekday=1, opens=datetime.time(10), closes=datetime.time(18)
    )
    return centre


def centre_names(html: str) -> list[str]:
    return re.findall(r'<h2><a href="/zentren/[^"]+/">([^<]+)</a></h2>', html)


def test_open_now_finds_a_centre_whose_further_site_is_open(client, two_sites, at_tuesday_noon):
    html = client.get("/zentren/", {"geoeffnet": "jetzt"}).text

    assert centre_names(html) == ["Haus am Park"]
    # The card says the main house is closed and which site is open.
    assert "jetzt geschlossen · öffnet Mo 10:00" in html
    assert "Kiezgarten: heute geöffnet bis 18:00" in html


def test_open_on_a_weekday_counts_every_sites_hours(client, two_sites):
    html = client.get("/zentren/", {"geoeffnet_am": "dienstag"}).text

    assert centre_names(html) == ["Haus am Park"]


def test_a_search_for_the_further_sites_street_or_ortsteil_finds_the_centre(client, two_sites):
    for query in ("Gartenweg", "Britz", "12347"):
        html = client.get("/zentren/", {"q": query}).text

        assert centre_names(html) == ["Haus am Park"], query
        assert "Weiterer Standort" in html, query


def test_near_me_measures_the_nearest_site(client, two_sites):
    html = client.get("/zentren/", {"nahe": "52.4400,13.4400"}).text

    assert centre_names(html)[0] == "Haus am Park"
    assert '0,0 km entfernt</strong> <span class="muted">(Standort Kiezgarten)</span>' in html


def test_the_agenda_names_the_further_site_where_an_offering_takes_place(
    client, two_sites, make_offering, in_days
):
    garden = two_sites.sites.get(name="Kiezgarten")
    make_offering(two_sites, title="Gartenfest", kind="fest", site=garden, starts_at=in_days(3))
    make_offering(two_sites, title="Deutschkurs", starts_at=in_days(3))

    html = client.get("/termine/").text

    assert "Haus am Park (Standort Kiezgarten), Neukölln" in html
    assert "Haus am Park, Neukölln" in html  # the offering in the main house


def test_every_map_marks_each_site_as_its_centres(client, two_sites):
    pages = ["/zentren/", "/bezirke/neukoelln/", two_sites.get_absolute_url()]
    for url in pages:
        html = client.get(url).text
        data = json.loads(re.search(r'id="map-data"[^>]*>(.*?)</script>', html, re.S)[1])

        markers = [(m["centre"], m["site"]) for m in data["markers"]]
        assert ("Haus am Park", "") in markers, url
        assert ("Haus am Park", "Kiezgarten") in markers, url


def test_the_api_lists_every_site_with_address_and_coordinates(client, two_sites):
    data = json.loads(client.get("/api/v1/zentren", {"q": "Haus am Park"}).content)

    (centre,) = [c for c in data["ergebnisse"] if c["name"] == "Haus am Park"]
    sites = {site["standort"]: site for site in centre["standorte"]}
    assert set(sites) == {"Haus am Park", "Kiezgarten"}
    assert sites["Kiezgarten"]["strasse"] == "Gartenweg 2"
    assert sites["Kiezgarten"]["ortsteil"] == "Britz"
    assert (sites["Kiezgarten"]["breitengrad"], sites["Kiezgarten"]["laengengrad"]) == (
        52.44,
        13.44,
    )
    assert sites["Haus am Park"]["hauptstandort"] is True


def test_the_geojson_has_a_feature_per_site(client, two_sites):
    data = json.loads(client.get("/daten/stadtteilzentren.geojson").content)

    ours = [
        f["properties"]["standort"]
        for f in data["features"]
        if f["properties"]["zentrum"] == "Haus am Park"
    ]
    assert sorted(ours) == ["Haus am Park", "Kiezgarten"]


def test_hsds_publishes_each_site_as_a_location_and_offerings_at_their_site(
    client, two_sites, make_offering, in_days
):
    garden = two_sites.sites.get(name="Kiezgarten")
    make_offering(two_sites, title="Gartenfest", kind="fest", site=garden, starts_at=in_days(3))
    make_offering(two_sites, title="Deutschkurs")

    organizations = json.loads(client.get("/api/hsds/organizations").content)["contents"]
    (organization,) = [o for o in organizations if o["name"] == "Haus am Park"]
    assert [location["id"] for location in organization["locations"]] == [
        hsds_id("location", two_sites.main_site.pk),
        hsds_id("location", garden.pk),
    ]
    links = {
        item["service_id"]: item["location_id"]
        for item in json.loads(client.get("/api/hsds/service_at_locations").content)["contents"]
    }
    services = {
        s["name"]: s["id"] for s in json.loads(client.get("/api/hsds/services").content)["contents"]
    }
    assert links[services["Gartenfest"]] == hsds_id("location", garden.pk)
    # Without a site an offering takes place in the main house (`Offering.venue`).
    assert links[services["Deutschkurs"]] == hsds_id("location", two_sites.main_site.pk)
