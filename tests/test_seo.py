"""For search engines: JSON-LD on centre and offering pages, sitemap.xml, robots.txt,
canonical links, titles and descriptions."""

import datetime
import json
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.conf import settings
from django.utils import timezone

from centres.models import CoordinatesSource, OpeningHours, Status
from tests.datasets import real_budget_dataset
from tests.pages import count_queries

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
BREAKOUT = "Haus </script><script>alert(1)</script>"


def json_ld(html: str) -> list[dict]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


@pytest.fixture
def centre(make_centre):
    centre = make_centre(
        "neukoelln",
        name=BREAKOUT,
        slug="haus-am-park",
        street="Parkstraße 1",
        postcode="12043",
        phone="030 111",
        latitude=Decimal("52.480000"),
        longitude=Decimal("13.430000"),
        coordinates_source=CoordinatesSource.OPENSTREETMAP,
        description="Ein offenes Haus für alle im Kiez.",
    )
    OpeningHours.objects.create(
        site=centre.main_site, weekday=1, opens=datetime.time(10), closes=datetime.time(18)
    )
    OpeningHours.objects.create(
        site=centre.main_site, weekday=5, opens=datetime.time(16), closes=datetime.time(0)
    )
    return centre


def test_a_centre_page_describes_the_centre_as_a_civic_structure(client, centre):
    html = client.get("/zentren/haus-am-park/").content.decode()

    (data,) = json_ld(html)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "CivicStructure"
    assert data["name"] == BREAKOUT
    assert data["url"] == "http://testserver/zentren/haus-am-park/"
    assert data["address"]["streetAddress"] == "Parkstraße 1"
    assert data["address"]["postalCode"] == "12043"
    assert data["address"]["addressCountry"] == "DE"
    assert data["geo"] == {"@type": "GeoCoordinates", "latitude": 52.48, "longitude": 13.43}
    assert data["openingHoursSpecification"] == [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": "https://schema.org/Monday",
            "opens": "10:00",
            "closes": "18:00",
        },
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": "https://schema.org/Friday",
            "opens": "16:00",
            "closes": "23:59",
        },
    ]


def test_a_script_end_tag_in_a_name_cannot_break_out_of_the_data_block(client, centre):
    html = client.get("/zentren/haus-am-park/").content.decode()

    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "<script>" not in block and "</script" not in block
    assert "<script>alert(1)" not in html
    assert "\\u003C/script\\u003E" in block


def test_the_data_block_is_not_a_script_the_csp_would_have_to_allow(client, centre):
    response = client.get("/zentren/haus-am-park/")

    assert "script-src 'self'" in response["Content-Security-Policy"]
    scripts = re.findall(r"<script(?: [^>]*)?>", response.content.decode())
    inline = [tag for tag in scripts if "src=" not in tag]
    assert '<script type="application/ld+json">' in inline
    # Every script without a file is a data block (JSON), which browsers never run.
    assert all(re.search(r'type="application/(ld\+)?json"', tag) for tag in inline), inline


def test_a_recurring_offering_is_an_event_with_a_weekly_schedule(client, centre, make_offering):
    make_offering(
        centre,
        title="Nähcafé",
        slug="naehcafe",
        weekdays=[3],
        languages=["de"],
        valid_until=timezone.localdate() + datetime.timedelta(days=60),
    )

    (data,) = json_ld(client.get("/angebote/naehcafe/").content.decode())

    assert data["@type"] == "Event"
    assert data["name"] == "Nähcafé"
    assert data["isAccessibleForFree"] is True
    assert data["location"]["address"]["streetAddress"] == "Parkstraße 1"
    assert data["organizer"]["name"] == BREAKOUT
    (schedule,) = data["eventSchedule"]
    assert schedule["repeatFrequency"] == "P1W"
    assert schedule["byDay"] == "https://schema.org/Wednesday"
    assert (schedule["startTime"], schedule["endTime"]) == ("10:00", "12:00")
    assert schedule["scheduleTimezone"] == "Europe/Berlin"
    assert datetime.datetime.fromisoformat(data["startDate"]).isoweekday() == 3


def test_a_dated_event_has_its_start_and_end(client, centre, make_offering, in_days):
    starts = in_days(4, hour=15)
    make_offering(
        centre,
        title="Kiezfest",
        slug="kiezfest",
        kind="fest",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
    )

    (data,) = json_ld(client.get("/angebote/kiezfest/").content.decode())

    assert datetime.datetime.fromisoformat(data["startDate"]) == starts
    assert datetime.datetime.fromisoformat(data["endDate"]) == starts + datetime.timedelta(hours=3)
    assert "eventSchedule" not in data


def test_the_sitemap_lists_every_public_page_and_no_draft_or_demo(
    client, centre, make_centre, make_offering, make_partnership
):
    make_offering(centre, title="Öffentlich", slug="oeffentlich")
    make_offering(centre, title="Entwurf", slug="entwurf", status=Status.DRAFT)
    make_centre(slug="entwurfshaus", status=Status.DRAFT)
    make_centre(slug="demo-haus", is_demo=True)
    partner = make_partnership(centre).organisation

    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    urls = {loc.text for loc in ET.fromstring(response.content).iter(f"{SITEMAP}loc")}
    for path in (
        "/",
        "/zentren/",
        "/angebote/",
        "/termine/",
        "/partner/",
        "/daten/",
        "/impressum/",
        "/bezirke/neukoelln/",
        "/bezirke/reinickendorf/",
        "/zentren/haus-am-park/",
        "/angebote/oeffentlich/",
        partner.get_absolute_url(),
    ):
        assert f"http://testserver{path}" in urls, path
    for path in ("/angebote/entwurf/", "/zentren/entwurfshaus/", "/zentren/demo-haus/"):
        assert f"http://testserver{path}" not in urls, path


def test_robots_txt_allows_the_public_site_and_keeps_crawlers_out_of_the_admin(client, db):
    response = client.get("/robots.txt")

    lines = response.content.decode().splitlines()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "User-agent: *" in lines
    assert f"Disallow: /{settings.ADMIN_PATH}" in lines
    assert "Disallow: /" not in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("/zentren/haus-am-park/?utm_source=x", "http://testserver/zentren/haus-am-park/"),
        ("/zentren/?bezirk=mitte&barrierefrei=1", "http://testserver/zentren/"),
        ("/angebote/?art=kurs&page=1", "http://testserver/angebote/"),
        ("/bezirke/neukoelln/?x=1", "http://testserver/bezirke/neukoelln/"),
        ("/termine/?wann=heute", "http://testserver/termine/"),
        ("/daten/", "http://testserver/daten/"),
        ("/", "http://testserver/"),
    ],
)
def test_pages_name_their_canonical_address_without_filters(client, centre, url, canonical):
    html = client.get(url).content.decode()

    assert re.findall(r'<link rel="canonical" href="([^"]+)">', html) == [canonical]


def test_a_later_page_of_a_list_is_its_own_canonical_page(client, make_centre, monkeypatch):
    from centres.views import CentreListView

    monkeypatch.setattr(CentreListView, "paginate_by", 1)
    make_centre()
    make_centre()

    html = client.get("/zentren/?page=2&bezirk=neukoelln").content.decode()

    assert '<link rel="canonical" href="http://testserver/zentren/?page=2">' in html


@pytest.mark.parametrize(
    ("url", "title", "description"),
    [
        ("/bezirke/neukoelln/", "Stadtteilzentren in Neukölln", "im Bezirk Neukölln"),
        ("/zentren/", "Stadtteilzentren", "nach Bezirk, Angebot"),
        ("/angebote/", "Angebote", "Kurse, Beratung"),
        ("/daten/", "Offene Daten", "CSV, GeoJSON"),
    ],
)
def test_pages_have_meaningful_titles_and_descriptions(client, centre, url, title, description):
    html = client.get(url).content.decode()

    assert f"<title>{title} · Stadtteilzentren Berlin</title>" in html
    (meta,) = re.findall(r'<meta name="description" content="([^"]*)">', html)
    assert description in meta


def test_a_centre_without_description_is_described_by_its_place(client, make_centre):
    make_centre("neukoelln", name="Kiezhaus", slug="kiezhaus")

    html = client.get("/zentren/kiezhaus/").content.decode()

    (meta,) = re.findall(r'<meta name="description" content="([^"]*)">', html)
    assert meta.startswith("Kiezhaus in ")
    assert "Neukölln" in meta


@pytest.mark.django_db
def test_sitemap_and_robots_take_the_same_number_of_queries_with_3_and_30_centres(client):
    # The sitemap leaves demo data out: the budget dataset is measured as real data.
    real_budget_dataset(centres=3)
    small = [count_queries(client, url) for url in ("/sitemap.xml", "/robots.txt")]
    real_budget_dataset(centres=30)
    large = [count_queries(client, url) for url in ("/sitemap.xml", "/robots.txt")]

    assert small == large
    # Two per section of rows (its count and its page): Bezirke, centres, offerings, partners,
    # rooms.
    assert max(large) <= 10
