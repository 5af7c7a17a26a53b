"""Residents find centres and offerings by the words they would use (docs/search.md).

Behaviours only PostgreSQL has (typo tolerance, ranking by relevance) are marked with
`postgresql_only`; everything else holds on both databases, which CI runs the suite on.
"""

import pytest
from django.db import connection

from centres import pagecache
from centres.models import Centre, Offering, Status
from centres.services.reference_data import reference_data_load

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL only: trigram similarity, ts_rank"
)


def names(response) -> list[str]:
    return [row.name for row in response.context["object_list"]]


def titles(response) -> list[str]:
    return [row.title for row in response.context["object_list"]]


@pytest.fixture
def koepenick(make_centre, ortsteil_of):
    return make_centre(
        "treptow-koepenick",
        name="Haus an der Dahme",
        ortsteil=ortsteil_of("koepenick"),
        street="Alt-Köpenick 12",
        postcode="12555",
    )


def test_search_finds_a_centre_by_its_postcode(client, make_centre):
    make_centre(name="Nachbarschaftshaus am Kanal", street="Urbanstraße 21", postcode="10961")
    make_centre(name="Anderswo", postcode="12043")

    assert names(client.get("/zentren/", {"q": "10961"})) == ["Nachbarschaftshaus am Kanal"]


@pytest.mark.parametrize("query", ["Köpenick", "Kopenick", "Koepenick", "KÖPENICK", "köpenick"])
def test_search_ignores_umlauts_and_their_transliteration(client, koepenick, make_centre, query):
    make_centre(name="Anderswo")

    assert names(client.get("/zentren/", {"q": query})) == ["Haus an der Dahme"]


def test_search_for_strasse_finds_strasse_with_eszett(client, make_centre):
    make_centre(name="Haus Eins", street="Lausitzer Straße 8")
    make_centre(name="Haus Zwei", street="Am Markt 1")

    assert names(client.get("/zentren/", {"q": "strasse"})) == ["Haus Eins"]
    assert names(client.get("/zentren/", {"q": "Lausitzer Strasse"})) == ["Haus Eins"]


def test_search_finds_offerings_by_target_group(client, make_centre, make_offering):
    centre = make_centre(name="Haus am Park")
    make_offering(centre, title="Erzählcafé", target_groups=["senioren"])
    make_offering(centre, title="Krabbelgruppe", target_groups=["familien"])

    assert titles(client.get("/angebote/", {"q": "Senioren"})) == ["Erzählcafé"]


def test_search_finds_centres_with_offerings_for_the_target_group(
    client, make_centre, make_offering
):
    make_offering(
        make_centre(name="Haus für Ältere"), title="Erzählcafé", target_groups=["senioren"]
    )
    make_offering(make_centre(name="Haus für Kleine"), title="Krabbeln", target_groups=["familien"])

    response = client.get("/zentren/", {"q": "Senioren"})

    assert names(response) == ["Haus für Ältere"]
    assert "Treffer in den Angeboten dieses Zentrums" in response.content.decode()


def test_search_finds_offerings_by_kind_label_and_language(client, make_centre, make_offering):
    centre = make_centre()
    make_offering(centre, title="Sprechstunde", kind="beratung", languages=["tr"])
    make_offering(centre, title="Sprechstunde Deutsch", kind="beratung", languages=["de"])
    make_offering(centre, title="Yoga", kind="sport", languages=["tr"])

    assert titles(client.get("/angebote/", {"q": "Beratung türkisch"})) == ["Sprechstunde"]


def test_search_finds_centres_by_provider_and_partner_names(
    client, make_centre, make_organisation, make_partnership
):
    provider = make_organisation(name="Nachbarschaftsheim Südwest e.V.")
    make_centre(name="Haus A", provider=provider)
    make_partnership(make_centre(name="Haus B"), make_organisation(name="Bürgerstiftung Moabit"))
    make_centre(name="Haus C")

    assert names(client.get("/zentren/", {"q": "Nachbarschaftsheim Sudwest"})) == ["Haus A"]
    assert names(client.get("/zentren/", {"q": "Buergerstiftung"})) == ["Haus B"]


def test_every_word_must_match(client, koepenick, make_centre):
    make_centre(name="Haus am Kanal")

    assert names(client.get("/zentren/", {"q": "Dahme Köpenick"})) == ["Haus an der Dahme"]
    assert names(client.get("/zentren/", {"q": "Kanal Köpenick"})) == []


def test_draft_offerings_do_not_make_a_centre_findable(client, make_centre, make_offering):
    make_offering(make_centre(name="Haus"), title="Geheimprojekt", status=Status.DRAFT)

    assert names(client.get("/zentren/", {"q": "Geheimprojekt"})) == []


# The stored documents stay current


def test_a_changed_site_is_found_by_its_new_street(client, make_centre):
    centre = make_centre(name="Haus", street="Alte Gasse 1")
    site = centre.sites.get()
    site.street = "Neue Allee 5"
    site.save()

    assert names(client.get("/zentren/", {"q": "Allee"})) == ["Haus"]
    assert names(client.get("/zentren/", {"q": "Gasse"})) == []


def test_a_renamed_centre_renames_its_offerings_documents(client, make_centre, make_offering):
    centre = make_centre(name="Altes Haus")
    make_offering(centre, title="Chor")
    centre.name = "Neues Haus Wolkenkuckucksheim"
    centre.save()

    assert titles(client.get("/angebote/", {"q": "Wolkenkuckucksheim"})) == ["Chor"]


def test_a_published_offering_makes_its_centre_findable(client, make_centre, make_offering):
    offering = make_offering(make_centre(name="Haus"), title="Tanzcafé", status=Status.DRAFT)
    offering.status = Status.PUBLISHED
    offering.save()

    assert names(client.get("/zentren/", {"q": "Tanzcafe"})) == ["Haus"]


def test_a_renamed_organisation_is_found_under_its_new_name(client, make_centre, make_organisation):
    provider = make_organisation(name="Verein Alt")
    make_centre(name="Haus", provider=provider)
    provider.name = "Verein Sonnenschein"
    provider.save()

    assert names(client.get("/zentren/", {"q": "Sonnenschein"})) == ["Haus"]


def test_demo_data_loaded_in_bulk_is_searchable(client, geography):
    from centres.services.demo_data import demo_data_create

    demo_data_create(centres=3, offerings_per_centre=4, seed=1)

    offering = Offering.objects.published().filter(centre__is_demo=True).first()
    assert offering.search_text
    assert offering.title in titles(client.get("/angebote/", {"q": offering.title}))


# Why it matched


def test_cards_mark_the_matched_words(client, koepenick):
    html = client.get("/zentren/", {"q": "Kopenick"}).content.decode()

    assert "Treffer:" in html
    assert "<mark>Köpenick</mark>" in html


def test_marked_text_is_escaped(client, make_centre):
    make_centre(name="Haus", description="<script>alert('Beratung')</script> " + "Text " * 40)

    html = client.get("/zentren/", {"q": "Beratung"}).content.decode()

    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;<mark>Beratung</mark>" in html


def test_cards_say_nothing_about_matches_without_a_search(client, koepenick):
    assert "Treffer" not in client.get("/zentren/").content.decode()


def test_a_search_page_takes_the_same_queries_for_3_and_30_centres(client, make_centre):
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get("/zentren/", {"q": "Kreutzberg Haus"})
        return len(captured)

    for number in range(3):
        make_centre("friedrichshain-kreuzberg", name=f"Haus {number}")
    with_3 = queries()
    for number in range(3, 30):
        make_centre("friedrichshain-kreuzberg", name=f"Haus {number}")

    assert queries() == with_3


# Nothing found


def test_nothing_found_offers_the_closest_known_name(client, koepenick):
    html = client.get("/zentren/", {"q": "Spandauu Quxxel", "bezirk": "spandau"}).content.decode()

    assert "Meinten Sie" in html
    assert 'href="?q=Spandau&amp;bezirk=spandau">Spandau</a>' in html


def test_no_suggestion_when_nothing_is_close(client, koepenick):
    html = client.get("/zentren/", {"q": "Xylophon"}).content.decode()

    assert "0 Zentren gefunden" in html
    assert "Meinten Sie" not in html


# Hostile input


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("x" * 10_000, "Der Suchbegriff ist zu lang"),
        ("!?.,;-–…", "nicht nur nach Satzzeichen"),
        ("&|!():*", "nicht nur nach Satzzeichen"),
        ("Haus\x00", "Nullzeichen sind nicht erlaubt"),
    ],
)
def test_hostile_queries_get_a_friendly_message(client, koepenick, query, message):
    response = client.get("/zentren/", {"q": query})

    assert response.status_code == 200
    assert message in response.content.decode()
    assert names(response) == ["Haus an der Dahme"]  # the search is ignored, the list shown


@pytest.mark.parametrize("query", ["Dahme & !Köpenick", "Dahme:* | (x", "'Dahme'", "Dahme\\"])
def test_tsquery_syntax_is_searched_as_words(client, koepenick, query):
    response = client.get("/zentren/", {"q": query})

    assert response.status_code == 200


def test_long_queries_are_shortened_in_the_filter_chips(client, koepenick):
    query = "Dahme " + "sehr lange Suche " * 10

    html = client.get("/zentren/", {"q": query.strip()}).content.decode()

    chip = html.split('class="active-filters"')[1].split("</ul>")[0]
    assert ">„Dahme sehr lange Suche sehr lange Suche sehr lange Suche…“</a>" in chip
    assert query.strip() not in chip


# PostgreSQL only


@postgresql_only
@pytest.mark.parametrize(("query", "expected"), [("Kreutzberg", "Haus K"), ("Neukoln", "Haus N")])
def test_search_tolerates_typos_on_postgresql(client, make_centre, query, expected):
    make_centre("friedrichshain-kreuzberg", name="Haus K")
    make_centre("neukoelln", name="Haus N")

    assert names(client.get("/zentren/", {"q": query})) == [expected]


@postgresql_only
def test_search_ranks_name_matches_before_description_matches_on_postgresql(client, make_centre):
    make_centre(name="Haus Nord", description="Hier gibt es auch Theater.")
    make_centre(name="Theater im Kiez")

    assert names(client.get("/zentren/", {"q": "Theater"})) == ["Theater im Kiez", "Haus Nord"]


@postgresql_only
def test_a_search_with_more_matches_than_are_ranked_keeps_the_list_order_and_says_so(
    client, settings, make_centre
):
    make_centre(name="Haus Nord", description="Hier gibt es auch Theater.")
    make_centre("pankow", name="Theater im Kiez")
    make_centre(name="Kiezhaus", description="Theater, Theater und noch einmal Theater.")
    make_centre(name="Nachbarschaftshaus Süd")  # no match
    settings.SEARCH_RANK_LIMIT = 2

    broad = client.get("/zentren/", {"q": "Theater"})
    narrower = client.get("/zentren/", {"q": "Theater", "bezirk": "pankow"})

    assert names(broad) == ["Haus Nord", "Kiezhaus", "Theater im Kiez"]  # the list's order
    assert "Sehr viele Treffer (mehr als 2): Sie stehen in der Reihenfolge" in broad.text
    assert "3 Zentren gefunden" in broad.text
    assert names(narrower) == ["Theater im Kiez"]
    assert "Sehr viele Treffer" not in narrower.text  # the other filters count first
    settings.SEARCH_RANK_LIMIT = 3
    pagecache.data_version_bump()  # the page cache knows nothing of settings
    ranked = client.get("/zentren/", {"q": "Theater"})
    assert names(ranked)[0] == "Theater im Kiez" and "Sehr viele Treffer" not in ranked.text


def test_a_search_on_sqlite_never_says_it_is_unranked(client, settings, make_centre):
    make_centre(name="Theater im Kiez")
    make_centre(name="Theaterhaus")
    settings.SEARCH_RANK_LIMIT = 1

    response = client.get("/zentren/", {"q": "Theater"})

    assert len(names(response)) == 2
    assert ("Sehr viele Treffer" in response.text) == (connection.vendor == "postgresql")


@postgresql_only
def test_stemming_finds_irregular_word_forms_on_postgresql(client, make_centre):
    make_centre(name="Haus", description="Wir feiern Feste.")

    assert names(client.get("/zentren/", {"q": "Fest"})) == ["Haus"]


@postgresql_only
def test_search_document_is_a_weighted_tsvector_on_postgresql(koepenick):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT search_vector::text FROM centres_centre WHERE id = %s", [koepenick.pk]
        )
        vector = cursor.fetchone()[0]
    assert "'dahm':" in vector and "A" in vector  # stemmed, weighted
    assert "'kopenick'" in vector and "'koepenick'" in vector


# Done when (issue 9): the real data


@pytest.fixture
def real_data(db, make_offering):
    reference_data_load()
    urban = Centre.objects.get(name="Nachbarschaftshaus Urbanstraße")
    make_offering(urban, title="Erzählcafé", target_groups=["senioren"])
    make_offering(urban, title="Mieterberatung", kind="beratung")
    return urban


def published_in(district_slug: str) -> set[str]:
    centres = Centre.objects.published().filter(district__slug=district_slug)
    return set(centres.values_list("name", flat=True))


@pytest.mark.parametrize(
    ("query", "expected_centre", "expected_district"),
    [
        ("10961", "Nachbarschaftshaus Urbanstraße", None),
        ("Neukolln", None, "neukoelln"),
        ("Kopenick", None, "treptow-koepenick"),
        ("Koepenick", None, "treptow-koepenick"),
        ("strasse", "Nachbarschaftshaus Urbanstraße", None),
        ("Senioren", "Nachbarschaftshaus Urbanstraße", None),
        ("Beratungen", "Nachbarschaftshaus Urbanstraße", None),
    ],
)
def test_real_data_is_found_by_what_residents_type(
    client, real_data, query, expected_centre, expected_district
):
    found = set(names(client.get("/zentren/", {"q": query})))

    if expected_centre:
        assert expected_centre in found
    if expected_district:
        assert published_in(expected_district) <= found


def test_real_offerings_are_found_by_target_group_and_word_form(client, real_data):
    assert titles(client.get("/angebote/", {"q": "Senioren"})) == ["Erzählcafé"]
    assert titles(client.get("/angebote/", {"q": "Beratungen"})) == ["Mieterberatung"]


@postgresql_only
def test_real_data_tolerates_kreutzberg_on_postgresql(client, real_data):
    found = set(names(client.get("/zentren/", {"q": "Kreutzberg"})))

    assert "Nachbarschaftshaus Urbanstraße" in found
    assert published_in("friedrichshain-kreuzberg") <= found
