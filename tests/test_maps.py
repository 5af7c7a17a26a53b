"""Maps: the Bezirk map on the start page, the marker data of the interactive maps, "near me",
route links, and placing a site in the admin."""

import json
import re
from decimal import Decimal
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse

from centres.maps import BEZIRKE_FILE, bezirk_shapes
from centres.models import CoordinatesSource, District


def bezirk_map_links(html: str) -> list[tuple[str, str]]:
    """(href, accessible name) of each link inside the start page's SVG map."""
    svg = re.search(r'<figure class="bezirk-map".*?</svg>', html, re.S).group(0)
    return [
        (href, unescape(label))
        for href, label in re.findall(r'<a href="([^"]+)" class="[^"]*" aria-label="([^"]+)"', svg)
    ]


def map_data(response) -> dict | None:
    match = re.search(
        r'<script id="map-data" type="application/json">(.*?)</script>', response.content.decode()
    )
    return json.loads(match.group(1)) if match else None


def centre_names(response) -> list[str]:
    return [centre.name for centre in response.context["object_list"]]


# --- The Bezirk map on the start page ---------------------------------------------------------


def test_simplified_boundaries_are_small_and_hold_all_twelve_bezirke():
    assert BEZIRKE_FILE.stat().st_size < 16_000
    assert sorted(int(number) for number in bezirk_shapes()["bezirke"]) == list(range(1, 13))


@pytest.mark.django_db
def test_start_page_map_links_all_twelve_bezirke_with_name_and_centre_count(client, make_centre):
    make_centre("neukoelln")
    make_centre("neukoelln")
    make_centre("pankow")

    links = bezirk_map_links(client.get("/").content.decode())

    assert len(links) == 12
    assert {href for href, _ in links} == {d.get_absolute_url() for d in District.objects.all()}
    names = {label.split(":")[0]: label for _, label in links}
    assert names["Neukölln"].startswith("Neukölln: 2 Zentren, ")
    assert names["Pankow"].startswith("Pankow: 1 Zentrum, ")
    assert names["Mitte"].startswith("Mitte: 0 Zentren")


@pytest.mark.django_db
def test_start_page_map_shades_by_centres_per_inhabitants_and_explains_it(client, make_centre):
    for _ in range(3):
        make_centre("friedrichshain-kreuzberg")  # the smallest population: the highest rate
    make_centre("pankow")

    html = client.get("/").content.decode()

    assert 'href="/bezirke/friedrichshain-kreuzberg/" class="bezirk-map__bezirk shade-4"' in html
    assert 'href="/bezirke/pankow/" class="bezirk-map__bezirk shade-1"' in html
    assert 'href="/bezirke/mitte/" class="bezirk-map__bezirk shade-0"' in html
    assert "je 100.000 Einwohnerinnen und Einwohner" in html
    assert "kein Zentrum" in html
    assert "open-data-product-berlin-lor-geodata" in html and "CC BY 4.0" in html


@pytest.mark.django_db
def test_start_page_keeps_the_text_list_of_bezirke(client, geography):
    html = client.get("/").content.decode()

    assert html.count('<ul class="district-grid">') == 1
    assert html.index('class="bezirk-map"') < html.index('class="district-grid"')


# --- Marker data of the interactive maps -------------------------------------------------------


@pytest.fixture
def placed(make_centre):
    """Two centres with coordinates (one from OpenStreetMap) and one without."""
    weser = make_centre(
        "neukoelln",
        name="Kiezhaus Weserstraße",
        street="Weserstraße 58",
        postcode="12045",
        latitude=Decimal("52.486900"),
        longitude=Decimal("13.431700"),
        coordinates_source=CoordinatesSource.OPENSTREETMAP,
    )
    weser.sites.create(
        name="Treff Reuterkiez",
        street="Reuterstraße 10",
        postcode="12053",
        latitude=Decimal("52.488000"),
        longitude=Decimal("13.426800"),
    )
    flora = make_centre(
        "pankow",
        name="Treff Florakiez",
        latitude=Decimal("52.563000"),
        longitude=Decimal("13.410000"),
    )
    nowhere = make_centre("neukoelln", name="Haus ohne Koordinaten")
    return weser, flora, nowhere


def test_centre_list_carries_a_marker_per_site_with_coordinates(client, placed):
    weser_centre, _, _ = placed
    data = map_data(client.get("/zentren/"))

    # Every site, each marked as its centre's: the further site under the centre's name.
    assert sorted((m["centre"], m["site"]) for m in data["markers"]) == [
        ("Kiezhaus Weserstraße", ""),
        ("Kiezhaus Weserstraße", "Treff Reuterkiez"),
        ("Treff Florakiez", ""),
    ]
    weser = next(m for m in data["markers"] if m["centre"] == "Kiezhaus Weserstraße")
    assert (weser["lat"], weser["lon"]) == (52.4869, 13.4317)
    assert weser["url"] == weser_centre.get_absolute_url()
    assert weser["address"] == "Weserstraße 58, 12045 Berlin"
    assert data["credit"] == "© OpenStreetMap-Mitwirkende (ODbL)"
    assert data["tiles"]["attribution"].startswith("©")
    assert "OpenStreetMap-Mitwirkende" in data["tiles"]["attribution"]


def test_map_is_hidden_until_its_script_runs(client, placed):
    html = client.get("/zentren/").content.decode()

    assert re.search(r'<div class="map" data-map="map-data" hidden\b', html)
    assert "vendor/leaflet/leaflet" in html and "js/maps" in html


def test_bezirk_page_maps_only_its_own_centres_with_every_site(client, placed):
    data = map_data(client.get("/bezirke/neukoelln/"))

    assert [(m["centre"], m["site"]) for m in data["markers"]] == [
        ("Kiezhaus Weserstraße", ""),
        ("Kiezhaus Weserstraße", "Treff Reuterkiez"),
    ]
    further = data["markers"][1]
    assert further["address"] == "Reuterstraße 10, 12053 Berlin"
    assert further["url"] == placed[0].get_absolute_url()


def test_near_me_results_map_every_site_and_the_point(client, placed):
    data = map_data(client.get("/zentren/", {"nahe": "52.4880,13.4268"}))

    assert ("Kiezhaus Weserstraße", "Treff Reuterkiez") in [
        (m["centre"], m["site"]) for m in data["markers"]
    ]
    assert data["origin"] == [52.488, 13.4268]


def test_centre_page_maps_every_site_with_coordinates(client, placed):
    weser, _, _ = placed
    data = map_data(client.get(weser.get_absolute_url()))

    assert [(m["centre"], m["site"]) for m in data["markers"]] == [
        ("Kiezhaus Weserstraße", ""),
        ("Kiezhaus Weserstraße", "Treff Reuterkiez"),
    ]


def test_page_without_coordinates_has_no_map(client, placed):
    _, _, nowhere = placed
    response = client.get(nowhere.get_absolute_url())

    assert map_data(response) is None
    assert 'class="map"' not in response.content.decode()


@override_settings(
    MAP_TILE_URL="https://tiles.example.org/{z}/{x}/{y}.png", MAP_TILE_ATTRIBUTION="© Beispiel"
)
def test_tile_server_and_attribution_are_settings(client, placed):
    data = map_data(client.get("/zentren/"))

    assert data["tiles"] == {
        "url": "https://tiles.example.org/{z}/{x}/{y}.png",
        "attribution": "© Beispiel",
    }


# --- Near me ------------------------------------------------------------------------------------


@pytest.fixture
def around_hermannplatz(make_centre):
    """Centres at known distances from 52.5000, 13.4000 (0.0108° north is 1.2 km)."""
    far = make_centre(
        "pankow", name="A weit weg", latitude=Decimal("52.560000"), longitude=Decimal("13.400000")
    )
    near = make_centre(
        "neukoelln", name="B nah", latitude=Decimal("52.510800"), longitude=Decimal("13.400000")
    )
    unknown = make_centre("neukoelln", name="C ohne Koordinaten")
    # A centre counts by its nearest site.
    branch = make_centre(
        "mitte",
        name="D mit nahem Standort",
        latitude=Decimal("52.600000"),
        longitude=Decimal("13.400000"),
    )
    branch.sites.create(
        name="Treff gleich um die Ecke",
        latitude=Decimal("52.502000"),
        longitude=Decimal("13.400000"),
    )
    return far, near, unknown, branch


def test_near_me_sorts_centres_by_their_nearest_site(client, around_hermannplatz):
    response = client.get("/zentren/?nahe=52.5,13.4")

    assert centre_names(response) == [
        "D mit nahem Standort",
        "B nah",
        "A weit weg",
        "C ohne Koordinaten",
    ]
    # The distance is the nearest site's, and the card names that site.
    html = response.content.decode()
    assert (
        '0,2 km entfernt</strong> <span class="muted">(Standort Treff gleich um die Ecke)</span>'
        in html
    )


def test_near_me_with_a_search_sorts_the_matches_by_distance_not_by_relevance(
    client, around_hermannplatz
):
    far, near, _unknown, _branch = around_hermannplatz
    far.description = "Beratung, Beratung, Beratung"  # ranks first on PostgreSQL
    far.save()
    near.description = "Auch Beratung"
    near.save()

    response = client.get("/zentren/?nahe=52.5,13.4&q=Beratung")

    assert response.status_code == 200
    assert centre_names(response) == ["B nah", "A weit weg"]


def test_near_me_shows_the_distance_on_each_card(client, around_hermannplatz):
    html = client.get("/zentren/?nahe=52.5,13.4").content.decode()

    assert "0,2 km entfernt" in html
    assert "1,2 km entfernt" in html
    assert "6,7 km entfernt" in html
    assert html.count("km entfernt") == 3  # not for the centre without coordinates


def test_without_near_me_no_distance_is_shown(client, around_hermannplatz):
    response = client.get("/zentren/")

    assert "km entfernt" not in response.content.decode()
    assert centre_names(response)[0] == "A weit weg"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("abc", "Bitte Breiten- und Längengrad als zwei Zahlen"),
        ("52.5", "Bitte Breiten- und Längengrad als zwei Zahlen"),
        ("52.5,13.4,7", "Bitte Breiten- und Längengrad als zwei Zahlen"),
        ("95,200", "liegt nicht in Berlin oder seiner Umgebung"),
        ("48.137,11.575", "liegt nicht in Berlin oder seiner Umgebung"),
        ("52.5," + "9" * 5000, "Bitte Breiten- und Längengrad als zwei Zahlen"),
        ("nan,nan", "Bitte Breiten- und Längengrad als zwei Zahlen"),
    ],
)
def test_an_invalid_near_me_value_is_named_and_the_list_stays_unsorted(
    client, around_hermannplatz, value, message
):
    response = client.get("/zentren/", {"nahe": value})

    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert "Nicht alle Filter konnten angewendet werden" in html
    assert message in html
    assert centre_names(response) == sorted(centre_names(response))
    assert "km entfernt" not in html


def test_near_me_combines_with_other_filters_and_its_chip_removes_it(client, around_hermannplatz):
    response = client.get("/zentren/?bezirk=neukoelln&nahe=52.5,13.4")

    assert centre_names(response) == ["B nah", "C ohne Koordinaten"]
    html = unescape(response.content.decode())
    assert 'title="In der Nähe von (Breite, Länge)">52.5,13.4</a>' in html
    assert 'href="?bezirk=neukoelln"' in html


def test_near_me_button_is_hidden_without_javascript(client, geography):
    html = client.get("/zentren/").content.decode()

    assert 'data-near-me="id_nahe" hidden>' in html
    assert "Meinen Standort verwenden" in html
    assert 'aria-describedby="id_nahe-hint"' in html


# --- Route links ----------------------------------------------------------------------------


def test_centre_page_offers_routes_by_coordinates_and_by_address(client, placed):
    weser, _, _ = placed
    html = unescape(client.get(weser.get_absolute_url()).content.decode())

    assert "Route planen:" in html
    assert 'href="https://www.openstreetmap.org/directions?to=52.486900%2C13.431700"' in html
    assert (
        'href="https://www.bvg.de/de/verbindungen/verbindungssuche?'
        'Z=Weserstra%C3%9Fe+58%2C+12045+Berlin"' in html
    )
    assert 'href="geo:52.486900,13.431700?q=Weserstra%C3%9Fe%2058%2C%2012045%20Berlin"' in html
    # The further site has its own.
    assert "directions?to=52.488000%2C13.426800" in html


def test_a_site_with_an_address_only_gets_transit_and_geo_links(client, placed):
    _, _, nowhere = placed
    html = unescape(client.get(nowhere.get_absolute_url()).content.decode())

    assert "openstreetmap.org/directions" not in html
    assert "bvg.de/de/verbindungen/verbindungssuche?Z=" in html
    assert 'href="geo:0,0?q=Teststra' in html


def test_a_site_without_address_or_coordinates_offers_no_route(client, make_centre):
    centre = make_centre(street="", postcode="")

    assert "Route planen" not in client.get(centre.get_absolute_url()).content.decode()


# --- Placing a site in the admin ----------------------------------------------------------------


@pytest.fixture
def superuser_client(client, superuser):
    client.force_login(superuser)
    return client


def test_site_admin_has_the_map_widget_beside_typed_coordinates(superuser_client, placed):
    weser, _, _ = placed
    html = superuser_client.get(
        reverse("admin:centres_site_change", args=[weser.main_site.pk])
    ).content.decode()

    assert 'name="latitude"' in html and 'name="longitude"' in html
    assert "data-coordinate-map" in html
    assert "js/admin-coordinates" in html and "vendor/leaflet/leaflet" in html


def test_centre_admin_has_the_map_widget_in_its_site_inline(superuser_client, placed):
    weser, _, _ = placed
    html = superuser_client.get(
        reverse("admin:centres_centre_change", args=[weser.pk])
    ).content.decode()

    assert 'name="sites-0-latitude"' in html
    assert "data-coordinate-map" in html and "js/admin-coordinates" in html


def test_admin_rejects_coordinates_outside_berlin_in_words(superuser_client, placed):
    from tests.test_admin_workflow import _form_data

    weser, _, _ = placed
    url = reverse("admin:centres_site_change", args=[weser.main_site.pk])
    data = _form_data(superuser_client, url)
    data.update({"latitude": "48.137000", "longitude": "11.575000"})

    response = superuser_client.post(url, data)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Diese Koordinate liegt nicht in Berlin." in html
    assert "centres_site_" not in html
    weser.main_site.refresh_from_db()
    assert weser.main_site.latitude == Decimal("52.486900")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"latitude": Decimal("48.1"), "longitude": Decimal("11.5")}, "nicht in Berlin"),
        ({"postcode": "80331"}, "Berliner Postleitzahl"),
        ({"kind": "schloss"}, "Arten von Standorten"),
        ({"step_free_access": "vielleicht"}, "stufenlosen Zugang"),
        ({"coordinates_source": "geraten"}, "Quellen für Koordinaten"),
    ],
)
def test_site_constraints_say_what_is_wrong_in_words(make_centre, fields, message):
    site = make_centre().main_site
    for name, value in fields.items():
        setattr(site, name, value)

    with pytest.raises(ValidationError) as error:
        site.validate_constraints()

    text = " ".join(error.value.messages)
    assert message in text
    assert "centres_site" not in text


def test_near_me_map_carries_the_point_the_distances_are_measured_from(client, around_hermannplatz):
    assert map_data(client.get("/zentren/?nahe=52.5,13.4"))["origin"] == [52.5, 13.4]
    assert "origin" not in map_data(client.get("/zentren/?nahe=abc"))
