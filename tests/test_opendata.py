"""Open data: /daten/, the CSV and GeoJSON downloads and the HSDS 3.0 endpoints.

Every HSDS object is validated against Open Referral's JSON Schemas (centres/opendata/
hsds_schema/), their `$ref`s resolved by a `referencing` registry over that folder.
"""

import csv
import datetime
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from centres.models import CoordinatesSource, OpeningHours, Status
from centres.opendata.hsds import hsds_id, hsds_pk
from tests.datasets import real_budget_dataset
from tests.pages import count_queries

SCHEMAS = Path(__file__).resolve().parents[1] / "centres" / "opendata" / "hsds_schema"
LICENCE_LINK = '<https://creativecommons.org/licenses/by/4.0/deed.de>; rel="license"'


def _registry() -> Registry:
    resources = []
    for path in SCHEMAS.glob("*.json"):
        if path.name == "openapi.json":
            continue
        contents = json.loads(path.read_text())
        resources.append(
            (path.name, Resource.from_contents(contents, default_specification=DRAFT202012))
        )
    return Registry().with_resources(resources)


REGISTRY = _registry()


def assert_valid(kind: str, instance: dict) -> None:
    schema = REGISTRY.contents(f"{kind}.json")
    validator = Draft202012Validator(
        schema, registry=REGISTRY, format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    errors = sorted(validator.iter_errors(instance), key=lambda error: error.path)
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]


@pytest.fixture
def directory(make_centre, make_offering, make_organisation, make_staff, in_days):
    """A real centre with two sites, hours, coordinates from OSM and offerings of every sort;
    a draft, an archived and a demo centre; an editor and a reviewer."""
    provider = make_organisation(name="Nachbarschaftsverein e. V.", kind="traeger")
    centre = make_centre(
        "neukoelln",
        name="Haus </script> am Park",
        slug="haus-am-park",
        provider=provider,
        website="https://haus-am-park.example",
        description='=HYPERLINK("http://evil.example")',
        street="Parkstraße 1",
        postcode="12043",
        phone="030 111",
        email="info@haus-am-park.example",
        latitude=Decimal("52.480000"),
        longitude=Decimal("13.430000"),
        coordinates_source=CoordinatesSource.OPENSTREETMAP,
        languages=["de", "tr"],
        last_reviewed=datetime.date(2026, 9, 1),
    )
    editor = make_staff("redakteurin", first_name="Rita")
    centre.editors.add(editor)
    centre.reviewed_by = editor
    centre.updated_by = editor
    centre.save()
    OpeningHours.objects.create(
        site=centre.main_site, weekday=1, opens=datetime.time(10), closes=datetime.time(0)
    )
    garden = centre.sites.create(
        name="Kiezgarten",
        kind="garten",
        street="Gartenweg 2",
        postcode="12045",
        latitude=Decimal("52.481000"),
        longitude=Decimal("13.431000"),
        coordinates_source=CoordinatesSource.IFP_EXPORT,
    )
    make_offering(
        centre,
        title="Deutschkurs",
        slug="deutschkurs",
        weekdays=[2, 4],
        languages=["de"],
        target_groups=["migration"],
        cost="gebuehr",
        cost_note="5 € je Termin",
        registration_required=True,
        contact_email="kurs@haus-am-park.example",
        valid_from=datetime.date(2026, 1, 1),
        valid_until=timezone.localdate() + datetime.timedelta(days=90),
    )
    make_offering(
        centre,
        title="Gartenfest",
        slug="gartenfest",
        kind="fest",
        site=garden,
        starts_at=in_days(5, hour=14),
        ends_at=in_days(5, hour=18),
    )
    make_offering(centre, title="Geheimer Entwurf", status=Status.DRAFT)
    make_offering(centre, title="Archivierter Kurs", status=Status.ARCHIVED)
    draft = make_centre("pankow", name="Entwurfszentrum", status=Status.DRAFT)
    make_offering(draft, title="Angebot im Entwurfszentrum")
    make_centre("mitte", name="Archivhaus", status=Status.ARCHIVED)
    demo = make_centre("mitte", name="Demo-Zentrum Mitte", is_demo=True)
    make_offering(demo, title="Demo-Angebot")
    return centre


HIDDEN = [
    "Geheimer Entwurf",
    "Archivierter Kurs",
    "Entwurfszentrum",
    "Angebot im Entwurfszentrum",
    "Archivhaus",
    "Demo-Zentrum",
    "Demo-Angebot",
    "redakteurin",
    "Rita",
]

DOWNLOADS = [
    "/daten/stadtteilzentren.csv",
    "/daten/angebote.csv",
    "/daten/stadtteilzentren.geojson",
    "/api/hsds/",
    "/api/hsds/organizations",
    "/api/hsds/locations",
    "/api/hsds/services",
    "/api/hsds/service_at_locations",
]


def csv_rows(response) -> list[dict]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))


def test_the_open_data_page_states_licence_fields_and_date(client, directory):
    response = client.get("/daten/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "CC BY 4.0" in html
    assert "ODbL 1.0" in html
    assert "1 Stadtteilzentrum und 2 Angebote" in html
    assert timezone.localdate().strftime("%Y") in html
    for link in ("/daten/stadtteilzentren.csv", "/daten/angebote.csv", "/api/hsds/services"):
        assert f'href="{link}"' in html
    assert "<code>koordinaten_quelle</code>" in html
    assert 'href="/daten/"' in html  # the footer links it


def test_the_centres_csv_has_a_row_per_site_with_licence_and_date(client, directory):
    response = client.get("/daten/stadtteilzentren.csv")

    rows = csv_rows(response)
    assert response["Link"] == LICENCE_LINK
    assert [row["standort"] for row in rows] == ["Haus </script> am Park", "Kiezgarten"]
    main = rows[0]
    assert main["zentrum"] == "Haus </script> am Park"
    assert main["traeger"] == "Nachbarschaftsverein e. V."
    assert main["sprachen"] == "Deutsch; Türkisch"
    assert main["hauptstandort"] == "ja"
    assert main["oeffnungszeiten"] == "Mo 10:00-24:00"
    assert main["koordinaten_quelle"] == "© OpenStreetMap-Mitwirkende (ODbL)"
    assert rows[1]["koordinaten_quelle"] == "IFP-STZ-Projektliste"
    assert main["zentrum_url"] == "http://testserver/zentren/haus-am-park/"
    assert main["stand"] == timezone.localdate().isoformat()
    assert main["lizenz"].startswith("CC BY 4.0")
    # A formula stays text in a spreadsheet.
    assert main["beschreibung"] == '\'=HYPERLINK("http://evil.example")'


def test_the_offerings_csv_lists_public_offerings_with_their_times(client, directory):
    rows = csv_rows(client.get("/daten/angebote.csv"))

    by_title = {row["titel"]: row for row in rows}
    assert set(by_title) == {"Deutschkurs", "Gartenfest"}
    course = by_title["Deutschkurs"]
    assert course["wochentermine"] == "Di 10:00-12:00; Do 10:00-12:00"
    assert course["kosten"] == "Mit Gebühr"
    assert course["anmeldung_erforderlich"] == "ja"
    assert course["e_mail"] == "kurs@haus-am-park.example"
    assert course["gueltig_ab"] == "2026-01-01"
    assert by_title["Gartenfest"]["standort"] == "Kiezgarten"
    assert by_title["Gartenfest"]["beginn"].startswith(
        (timezone.localdate() + datetime.timedelta(days=5)).isoformat()
    )


def test_the_geojson_has_a_point_per_site_with_the_osm_credit(client, directory):
    response = client.get("/daten/stadtteilzentren.geojson")

    data = json.loads(response.content)
    assert response["Content-Type"].startswith("application/geo+json")
    assert response["Link"] == LICENCE_LINK
    assert data["type"] == "FeatureCollection"
    assert data["lizenz"]["name"] == "CC BY 4.0"
    assert data["lizenz"]["koordinaten"]["namensnennung"] == "© OpenStreetMap-Mitwirkende (ODbL)"
    assert data["stand"] == timezone.localdate().isoformat()
    points = {f["properties"]["standort"]: f for f in data["features"]}
    assert set(points) == {"Haus </script> am Park", "Kiezgarten"}
    main = points["Haus </script> am Park"]
    assert main["geometry"] == {"type": "Point", "coordinates": [13.43, 52.48]}
    assert main["properties"]["koordinaten_quelle"] == "© OpenStreetMap-Mitwirkende (ODbL)"


@pytest.mark.parametrize("url", DOWNLOADS)
def test_no_download_shows_drafts_archived_demo_entries_or_staff(client, directory, url):
    response = client.get(url)

    text = response.content.decode()
    assert response.status_code == 200
    for hidden in HIDDEN:
        assert hidden not in text, f"{url} shows {hidden!r}"
    assert "example.org" not in text  # staff accounts' e-mail addresses
    assert response["Link"] == LICENCE_LINK


@pytest.mark.parametrize("url", DOWNLOADS[3:])
def test_every_json_answer_carries_licence_and_date(client, directory, url):
    data = json.loads(client.get(url).content)

    assert data["lizenz"]["url"] == "https://creativecommons.org/licenses/by/4.0/deed.de"
    assert data["stand"] == timezone.localdate().isoformat()


HSDS_LISTS = {
    "organizations": "organization",
    "locations": "location",
    "services": "service",
    "service_at_locations": "service_at_location",
}


@pytest.mark.parametrize("path", HSDS_LISTS)
def test_every_hsds_object_validates_against_the_hsds_schema(client, directory, path):
    data = json.loads(client.get(f"/api/hsds/{path}").content)

    assert data["total_items"] == len(data["contents"]) > 0
    assert (data["page_number"], data["total_pages"], data["first_page"], data["last_page"]) == (
        1,
        1,
        True,
        True,
    )
    for item in data["contents"]:
        assert_valid(HSDS_LISTS[path], item)
        single = client.get(f"/api/hsds/{path}/{item['id']}")
        assert single.status_code == 200
        detail = json.loads(single.content)
        assert_valid(HSDS_LISTS[path], detail)
        assert detail["id"] == item["id"]


def test_the_schema_check_catches_a_broken_object():
    with pytest.raises(AssertionError):
        assert_valid("service", {"id": "not-a-uuid", "name": "x", "status": "offen"})


def test_a_centre_is_an_organization_with_its_sites_as_locations(client, directory):
    (organization,) = json.loads(client.get("/api/hsds/organizations").content)["contents"]

    assert organization["id"] == hsds_id("organization", directory.pk)
    assert organization["name"] == "Haus </script> am Park"
    assert organization["website"] == "https://haus-am-park.example"
    assert [location["name"] for location in organization["locations"]] == [
        "Haus </script> am Park",
        "Kiezgarten",
    ]
    main = organization["locations"][0]
    assert main["addresses"][0]["address_1"] == "Parkstraße 1"
    assert main["addresses"][0]["postal_code"] == "12043"
    assert main["coordinates_source"] == "© OpenStreetMap-Mitwirkende (ODbL)"
    assert [language["code"] for language in main["languages"]] == ["de", "tr"]
    assert main["accessibility"][0]["description"] == "nicht bekannt"
    (hours,) = main["schedules"]
    assert (hours["freq"], hours["byday"], hours["opens_at"], hours["closes_at"]) == (
        "WEEKLY",
        "MO",
        "10:00",
        "24:00",
    )


def test_an_offering_is_a_service_at_its_venue_with_weekly_schedules(client, directory):
    services = json.loads(client.get("/api/hsds/services").content)["contents"]

    course = next(s for s in services if s["name"] == "Deutschkurs")
    assert course["organization_id"] == hsds_id("organization", directory.pk)
    assert course["fees_description"] == "Mit Gebühr (5 € je Termin)"
    assert course["email"] == "kurs@haus-am-park.example"
    assert [s["byday"] for s in course["schedules"]] == ["TU", "TH"]
    assert course["schedules"][0]["opens_at"] == "10:00"
    assert course["schedules"][0]["valid_from"] == "2026-01-01"
    assert course["service_at_locations"][0]["location_id"] == hsds_id(
        "location", directory.main_site.pk
    )
    festival = next(s for s in services if s["name"] == "Gartenfest")
    garden = directory.sites.get(name="Kiezgarten")
    assert festival["service_at_locations"][0]["location_id"] == hsds_id("location", garden.pk)
    assert festival["schedules"][0]["opens_at"] == "14:00"


def test_identifiers_name_their_row_and_nothing_else():
    identifier = hsds_id("service", 42)

    assert hsds_pk("service", identifier) == 42
    assert hsds_pk("organization", identifier) is None
    assert hsds_pk("service", "kein-uuid") is None


@pytest.mark.parametrize(
    "url",
    [
        "/api/hsds/services/kein-uuid",
        "/api/hsds/services/00000000-0000-0000-0000-000000000000",
        "/api/hsds/organizations/" + hsds_id("organization", 999999),
    ],
)
def test_unknown_identifiers_are_a_json_404(client, directory, url):
    response = client.get(url)

    assert response.status_code == 404
    assert "error" in json.loads(response.content)


def test_a_draft_offering_cannot_be_fetched_by_its_identifier(client, directory):
    from centres.models import Offering

    draft = Offering.objects.get(title="Geheimer Entwurf")

    assert client.get(f"/api/hsds/services/{hsds_id('service', draft.pk)}").status_code == 404


def test_hsds_lists_are_paginated(client, directory):
    first = json.loads(client.get("/api/hsds/services?per_page=1").content)
    second = json.loads(client.get("/api/hsds/services?per_page=1&page=2").content)

    assert (first["total_items"], first["total_pages"], first["size"]) == (2, 2, 1)
    assert (first["first_page"], first["last_page"]) == (True, False)
    assert (second["first_page"], second["last_page"]) == (False, True)
    assert first["contents"][0]["id"] != second["contents"][0]["id"]
    assert client.get("/api/hsds/services?page=3").status_code == 404
    assert client.get("/api/hsds/services?page=abc").status_code == 400
    assert client.get("/api/hsds/services?per_page=0").status_code == 400


def test_the_hsds_root_names_its_version(client, db):
    data = json.loads(client.get("/api/hsds/").content)

    assert data["version"] == "3.0"
    assert client.get(data["openapi_url"].removeprefix("http://testserver")).status_code == 200


OPEN_DATA_URLS = [
    "/daten/",
    *DOWNLOADS,
    "/api/v1/zentren?bezirk=mitte&bezirk=pankow&angebot=kurs&sprache=de",
    "/api/v1/angebote?bezirk=neukoelln&art=kurs&zielgruppe=senioren&kostenlos=1",
]


@pytest.mark.django_db
def test_open_data_takes_the_same_number_of_queries_with_3_and_30_centres(client):
    # Exports leave demo data out: the budget dataset is measured as real data.
    real_budget_dataset(centres=3)
    small = [count_queries(client, url) for url in OPEN_DATA_URLS]
    real_budget_dataset(centres=30)
    large = [count_queries(client, url) for url in OPEN_DATA_URLS]

    assert small == large
    assert max(large) <= 10
    assert json.loads(client.get("/api/hsds/services?per_page=500").content)["total_items"] > 100


JSON_PATTERNS = [
    "/api/hsds/services",
    "/api/hsds/services/{slug}",
    "/api/hsds/organizations/{slug}",
    "/api/hsds/service_at_locations",
    "/daten/stadtteilzentren.csv",
    "/api/v1/zentren",
    "/api/v1/angebote",
]


@pytest.mark.parametrize("pattern", JSON_PATTERNS)
def test_generated_addresses_give_data_or_a_json_error(client, centre_a, pattern):
    from hypothesis import given

    from tests.test_fuzz import FUZZ_SETTINGS, _url, queries, slugs

    @FUZZ_SETTINGS
    @given(slug=slugs, query=queries)
    def request_it(slug, query):
        response = client.get(_url(pattern, slug, query))
        assert response.status_code in {200, 400, 404, 422}, response.status_code
        if response["Content-Type"].startswith("application/json"):
            data = json.loads(response.content)
            # Data carries its licence; an error says what is wrong (ninja: "detail").
            assert (
                "lizenz" in data
                if response.status_code == 200
                else data.keys()
                & {
                    "error",
                    "detail",
                }
            )
        elif response.status_code == 404:  # an address no route knows: the site's page
            assert "Diese Seite gibt es nicht" in response.content.decode()
        else:
            assert response["Content-Type"].startswith("text/csv")

    request_it()


# --- The JSON API with the pages' filters ----------------------------------------------------


@pytest.fixture
def little_directory(make_centre, make_offering, in_days):
    """Real centres in three Bezirke with offerings of several kinds, days and groups."""
    for district, kinds in (
        ("mitte", ["kurs", "beratung"]),
        ("pankow", ["kurs", "sport"]),
        ("neukoelln", ["beratung", "fest"]),
    ):
        for number in range(2):
            centre = make_centre(
                district,
                name=f"Zentrum {district} {number}",
                languages=["de", "tr"] if number else ["de"],
                step_free_access="ja" if number else "unbekannt",
            )
            for weekday, kind in enumerate(kinds, start=1 + number):
                fields = (
                    {"starts_at": in_days(3 + number, hour=15)}
                    if kind == "fest"
                    else {"weekdays": [weekday]}
                )
                make_offering(
                    centre,
                    title=f"{kind.title()} {district} {number}",
                    kind=kind,
                    cost="kostenlos" if number else "gebuehr",
                    target_groups=["kinder"] if number else ["senioren"],
                    languages=["tr"] if number else ["de"],
                    **fields,
                )


def _html_slugs(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, url
    return [row.slug for row in response.context["paginator"].object_list]


def _api_slugs(client, url: str) -> list[str]:
    slugs, page = [], 1
    while True:
        separator = "&" if "?" in url else "?"
        response = client.get(f"{url}{separator}page={page}&per_page=2")
        assert response.status_code == 200, (url, response.content)
        data = json.loads(response.content)
        slugs += [row["slug"] for row in data["ergebnisse"]]
        if page >= data["seiten"]:
            return slugs
        page += 1


@pytest.mark.parametrize(
    "query",
    [
        "",
        "bezirk=mitte",
        "bezirk=mitte&bezirk=pankow",
        "angebot=kurs&zielgruppe=kinder",
        "sprache=tr&barrierefrei=1",
        "q=Zentrum&bezirk=neukoelln",
        "bezirk=atlantis&angebot=kurs",
        "geoeffnet_am=montag",
        "nahe=52.52,13.40",
    ],
)
def test_the_centre_api_answers_what_the_centre_list_shows(client, little_directory, query):
    assert _api_slugs(client, f"/api/v1/zentren?{query}") == _html_slugs(
        client, f"/zentren/?{query}"
    )


@pytest.mark.parametrize(
    "query",
    [
        "",
        "bezirk=pankow",
        "art=kurs&art=beratung",
        "zielgruppe=kinder&kostenlos=1",
        "sprache=de&wochentag=dienstag",
        "wann=woche",
        "tageszeit=nachmittags",
        "q=Kurs",
        "art=fest&bezirk=neukoelln",
        "wochentag=sonntag&art=unbekannt",
    ],
)
def test_the_offering_api_answers_what_the_offering_list_shows(client, little_directory, query):
    assert _api_slugs(client, f"/api/v1/angebote?{query}") == _html_slugs(
        client, f"/angebote/?{query}"
    )


def test_the_api_leaves_out_drafts_archived_and_demo_entries(client, directory):
    centres = json.loads(client.get("/api/v1/zentren").content)
    offerings = json.loads(client.get("/api/v1/angebote").content)

    assert [row["name"] for row in centres["ergebnisse"]] == ["Haus </script> am Park"]
    assert {row["titel"] for row in offerings["ergebnisse"]} == {"Deutschkurs", "Gartenfest"}
    text = (
        client.get("/api/v1/zentren").content.decode()
        + client.get("/api/v1/angebote").content.decode()
    )
    for hidden in HIDDEN:
        assert hidden not in text
    assert centres["lizenz"]["name"] == "CC BY 4.0"
    assert centres["stand"] == timezone.localdate().isoformat()


def test_the_openapi_description_names_the_pages_filters(client, db):
    schema = json.loads(client.get("/api/v1/openapi.json").content)

    centre_parameters = {p["name"] for p in schema["paths"]["/api/v1/zentren"]["get"]["parameters"]}
    offering_parameters = {
        p["name"] for p in schema["paths"]["/api/v1/angebote"]["get"]["parameters"]
    }
    assert {
        "q",
        "bezirk",
        "ortsteil",
        "angebot",
        "barrierefrei",
        "nahe",
        "page",
    } <= centre_parameters
    assert {
        "art",
        "wann",
        "von",
        "bis",
        "wochentag",
        "kostenlos",
        "per_page",
    } <= offering_parameters


def test_bad_api_paging_is_a_client_error(client, db):
    assert client.get("/api/v1/zentren?page=0").status_code == 422
    assert client.get("/api/v1/zentren?page=abc").status_code == 422
    assert client.get("/api/v1/zentren?page=5").status_code == 404


def test_identifiers_stay_valid_for_rows_with_large_numbers():
    """PostgreSQL's sequences grow past 4,095 rows of languages; the identifiers must not break."""
    from centres.opendata.hsds import hsds_id, hsds_pk

    small = hsds_id("service_language", 7, 5)
    large = hsds_id("service_language", 7, 70_000)

    assert len(large.replace("-", "")) == 32
    assert small != large
    assert hsds_pk("service_language", large) == 7
