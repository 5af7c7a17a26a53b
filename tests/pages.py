"""The public pages and how many SQL queries each takes: used by the tests and scripts/bench.py."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Q
from django.test import Client
from django.test.utils import CaptureQueriesContext

from centres.models import Centre, District, Offering, Organisation, Room

# One entry per public page type, with the filters a resident might combine.
PAGES = {
    "start": "/",
    "bezirk": "{district}",
    "zentren": "/zentren/",
    "zentren, alle Filter": (
        "/zentren/?bezirk=mitte&bezirk=pankow&angebot=beratung&angebot=kurs&zielgruppe=kinder"
        "&sprache=de&barrierefrei=1&q=Demo"
    ),
    "zentren, in der Nähe": "/zentren/?nahe=52.5200,13.4050&bezirk=mitte",
    "zentrum": "{centre}",
    "angebote": "/angebote/",
    "angebote, alle Filter": (
        "/angebote/?bezirk=neukoelln&art=kurs&art=sport&zielgruppe=senioren&sprache=de"
        "&wochentag=montag&kostenlos=1&q=Demo"
    ),
    "angebote, Zeitraum und Tageszeit": "/angebote/?von=2026-01-01&tageszeit=morgens",
    "termine": "/termine/",
    "termine, Filter": "/termine/?bezirk=mitte&art=kurs&zielgruppe=kinder&kostenlos=1",
    "zentren, geöffnet am": "/zentren/?geoeffnet_am=montag",
    "zentren, jetzt geöffnet": "/zentren/?geoeffnet=jetzt",
    "angebot": "{offering}",
    "partner": "/partner/",
    "partner, Filter": "/partner/?art=schule&bezirk=mitte",
    "partner eines Zentrums": "/partner/?zentrum=demo-budgetzentrum-0&art=schule",
    "partnerorganisation": "{partner}",
    # The residents' forms on their own pages (centres/inbox.py).
    "zentrum, Änderung melden": "{centre}melden/",
    "zentrum, Idee": "{centre}idee/",
    "angebot, Änderung melden": "{offering}melden/",
    "zentrum, Danke": "{centre}melden/danke/",
    "räume": "/raeume/",
    "räume, alle Filter": (
        "/raeume/?bezirk=mitte&bezirk=pankow&ausstattung=kueche&ausstattung=beamer"
        "&groesse=20&plaetze=10&fuer=vereine&barrierefrei=1"
    ),
    "raum": "{room}",
    "raum, anfragen": "{room}anfragen/",
    "raum, Danke": "{room}anfragen/danke/",
    "mitmachen": "/mitmachen/",
    "mitmachen, alle Filter": (
        "/mitmachen/?bezirk=mitte&bezirk=neukoelln&aufgabe=cafe&zeit=regelmaessig&sprache=de"
    ),
    # A second page (the nearest that exists where there is only one).
    "bezirk, Seite 2": "{district}?page=2&partner_page=2",
}

# The funders' overview (its own budgets: tests/test_overview.py), its exports and the
# overview's Bezirk page in pages: the same number of queries however many centres.
OVERVIEW_PAGES = {
    "übersicht": "/uebersicht/?demo=1",
    "übersicht, Export": "/uebersicht/export.csv?demo=1",
    "übersicht, Bezirk": "/uebersicht/neukoelln/?demo=1",
    "übersicht, Bezirk, Seite 2": "/uebersicht/neukoelln/?demo=1&page=2",
    "übersicht, Bezirk, Export": "/uebersicht/neukoelln/export.xlsx?demo=1",
    "übersicht, Bericht": "/uebersicht/bericht/?demo=1",
}


@dataclass(frozen=True)
class Measurement:
    page: str
    url: str
    status: int
    queries: int


def representative_urls() -> dict[str, str]:
    """The busiest public objects: detail pages measured with as much to show as possible."""
    district = District.objects.with_counts().order_by("-centre_count", "number").first()
    centre = (
        Centre.objects.published()
        .annotate(n=Count("offerings", filter=Q(offerings__status="published")))
        .order_by("-n", "pk")
        .first()
    )
    offering = Offering.objects.published().filter(times__isnull=False).order_by("pk").first()
    partner = Organisation.objects.partners().order_by("pk").first()
    room = Room.objects.published().order_by("pk").first()
    return {
        "district": district.get_absolute_url(),
        "centre": centre.get_absolute_url(),
        "offering": offering.get_absolute_url(),
        "partner": partner.get_absolute_url(),
        "room": room.get_absolute_url(),
    }


def count_queries(client: Client, url: str) -> int:
    """The SQL queries of rendering one page, which must answer 200 (not of a page-cache hit)."""
    cache.clear()
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200, url
    return len(context.captured_queries)


def measure_pages(client: Client | None = None, pages: dict[str, str] = PAGES) -> list[Measurement]:
    client = client or Client()
    urls = representative_urls()
    results = []
    for page, template in pages.items():
        url = template.format(**urls)
        cache.clear()  # the queries of rendering the page, not of a page-cache hit
        with CaptureQueriesContext(connection) as context:
            response = client.get(url)
        results.append(Measurement(page, url, response.status_code, len(context.captured_queries)))
    return results
