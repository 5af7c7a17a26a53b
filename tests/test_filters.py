"""Residents filter the lists by readable URL parameters; bad values get a message, never a 500."""

import pytest

from centres.models import Status, Weekday


def count_line(response) -> str:
    html = response.content.decode()
    return html.split('class="result-count" role="status">')[1].split("<")[0]


def names(response) -> list[str]:
    return [centre.name for centre in response.context["object_list"]]


@pytest.fixture
def neighbourhood(make_centre, make_offering, ortsteil_of):
    """Three demo-like centres in two districts, plus a draft that must never show."""
    britz = make_centre(
        "neukoelln",
        name="Testhaus Britz",
        ortsteil=ortsteil_of("britz"),
        step_free_access="ja",
        languages=["de", "tr"],
    )
    rudow = make_centre("neukoelln", name="Testhaus Rudow", ortsteil=ortsteil_of("rudow"))
    pankow = make_centre("pankow", name="Testhaus Pankow", ortsteil=ortsteil_of("pankow"))
    make_centre("neukoelln", name="Testhaus Entwurf", status=Status.DRAFT)
    make_offering(britz, title="Sozialberatung Britz", kind="beratung", target_groups=["senioren"])
    make_offering(rudow, title="Yoga Rudow", kind="sport", cost="gebuehr", weekdays=[3])
    make_offering(
        pankow,
        title="Kleidertausch Pankow",
        kind="tauschtreff",
        weekdays=[1],
        target_groups=["familien"],
        languages=["ar"],
    )
    return britz, rudow, pankow


def test_centre_list_shows_published_centres_with_a_count(client, neighbourhood):
    response = client.get("/zentren/", {"q": "Testhaus"})

    assert response.status_code == 200
    assert count_line(response) == "3 Zentren gefunden"
    assert "Testhaus Entwurf" not in response.content.decode()


def test_list_filters_by_district(client, neighbourhood):
    response = client.get("/zentren/?bezirk=pankow&q=Testhaus")

    assert names(response) == ["Testhaus Pankow"]
    assert count_line(response) == "1 Zentrum gefunden"


def test_several_districts_combine_with_or(client, neighbourhood):
    response = client.get("/zentren/?bezirk=pankow&bezirk=neukoelln&q=Testhaus")

    assert names(response) == ["Testhaus Britz", "Testhaus Pankow", "Testhaus Rudow"]


def test_list_filters_by_ortsteil(client, neighbourhood):
    assert names(client.get("/zentren/?ortsteil=rudow")) == ["Testhaus Rudow"]


def test_list_filters_by_offering_kind(client, neighbourhood):
    assert names(client.get("/zentren/?angebot=beratung")) == ["Testhaus Britz"]


def test_list_filters_by_target_group(client, neighbourhood):
    assert names(client.get("/zentren/?zielgruppe=familien")) == ["Testhaus Pankow"]


def test_list_filters_by_spoken_language(client, neighbourhood):
    assert names(client.get("/zentren/?sprache=tr")) == ["Testhaus Britz"]


def test_list_filters_by_step_free_access(client, neighbourhood):
    assert names(client.get("/zentren/?barrierefrei=1&q=Testhaus")) == ["Testhaus Britz"]


def test_partly_step_free_centre_is_not_listed_as_step_free(client, make_centre):
    make_centre(name="Haus mit Rampe", step_free_access="ja")
    make_centre(name="Haus mit Stufe am Hof", step_free_access="teilweise")

    assert names(client.get("/zentren/?barrierefrei=1&q=Haus")) == ["Haus mit Rampe"]


def test_list_filters_by_district_target_group_and_language_together(client, neighbourhood):
    response = client.get("/zentren/?bezirk=neukoelln&zielgruppe=senioren&sprache=tr")

    assert names(response) == ["Testhaus Britz"]
    assert count_line(response) == "1 Zentrum gefunden"


def test_text_search_finds_centres_by_offering_title(client, neighbourhood):
    assert names(client.get("/zentren/?q=kleidertausch")) == ["Testhaus Pankow"]


def test_active_filters_are_shown_and_removable_one_by_one(client, neighbourhood):
    html = client.get("/zentren/?bezirk=pankow&bezirk=neukoelln&angebot=sport").content.decode()

    assert (
        'title="Bezirk">Pankow</a>' in html
        and 'title="Bezirk">Neukölln</a>' in html
        and 'title="Angebot">Sportgruppe</a>' in html
    )
    assert 'href="?bezirk=neukoelln&amp;angebot=sport"' in html  # removes Pankow only
    assert 'href="?bezirk=pankow&amp;bezirk=neukoelln"' in html  # removes the kind only


def test_unknown_filter_value_is_named_on_the_page_and_ignored(client, neighbourhood):
    response = client.get("/zentren/?bezirk=atlantis&q=Testhaus")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Nicht alle Filter konnten angewendet werden" in html
    assert "Bezirk: „atlantis“ ist hier kein bekannter Wert." in html
    assert count_line(response) == "3 Zentren gefunden"


@pytest.mark.parametrize(
    "query",
    [
        "barrierefrei=vielleicht",
        "ortsteil=%00",
        "angebot=<script>",
        "sprache=xx&sprache=de",
        "zielgruppe=" + "a" * 5000,
        "q=" + "%FF" * 20,
        "bezirk[]=mitte",
    ],
)
def test_malformed_filters_never_fail(client, neighbourhood, query):
    response = client.get("/zentren/?" + query)

    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main")[1]


@pytest.mark.parametrize("page", ["999", "abc", "-1"])
def test_page_out_of_range_is_a_friendly_404(client, neighbourhood, page):
    response = client.get("/zentren/", {"page": page})

    assert response.status_code == 404
    assert "gibt es nicht — es gibt nur eine Seite." in response.content.decode()


def test_results_are_paginated_and_keep_the_filters(client, make_centre, settings):
    for number in range(25):
        make_centre("mitte", name=f"Mitte-Haus {number:02d}")

    first = client.get("/zentren/?bezirk=mitte&q=Mitte-Haus")
    second = client.get("/zentren/?bezirk=mitte&q=Mitte-Haus&page=2")

    assert count_line(first) == "25 Zentren gefunden"
    assert len(first.context["object_list"]) == 20
    assert 'href="?bezirk=mitte&amp;q=Mitte-Haus&amp;page=2"' in first.content.decode()
    assert len(second.context["object_list"]) == 5


def offering_titles(response) -> list[str]:
    return [offering.title for offering in response.context["object_list"]]


def test_offering_list_filters_by_district_and_kind(client, neighbourhood):
    assert offering_titles(client.get("/angebote/?bezirk=neukoelln")) == [
        "Sozialberatung Britz",
        "Yoga Rudow",
    ]
    assert offering_titles(client.get("/angebote/?art=tauschtreff")) == ["Kleidertausch Pankow"]


def test_offering_list_filters_by_weekday(client, neighbourhood, make_offering, in_days):
    assert offering_titles(client.get("/angebote/?wochentag=mittwoch")) == ["Yoga Rudow"]
    assert offering_titles(client.get("/angebote/?wochentag=montag&wochentag=mittwoch")) == [
        "Kleidertausch Pankow",
        "Sozialberatung Britz",
        "Yoga Rudow",
    ]


@pytest.mark.parametrize("day", list(Weekday), ids=lambda day: day.slug)
def test_weekday_filter_accepts_every_weekday_of_the_choices(
    client, make_centre, make_offering, day
):
    make_offering(make_centre(), title=f"Treff am {day.label}", weekdays=[day])

    response = client.get(f"/angebote/?wochentag={day.slug}")

    html = response.content.decode()
    assert offering_titles(response) == [f"Treff am {day.label}"]
    assert f'title="Wochentag">{day.label}</a>' in html
    assert "Nicht alle Filter konnten angewendet werden" not in html


def test_weekday_filter_names_an_unknown_day_and_ignores_it(client, neighbourhood):
    response = client.get("/angebote/?wochentag=feiertag&bezirk=pankow")

    assert offering_titles(response) == ["Kleidertausch Pankow"]
    assert "Wochentag: „feiertag“ ist hier kein bekannter Wert." in response.content.decode()


def test_offering_list_finds_events_by_their_weekday(client, make_centre, make_offering, in_days):
    event = make_offering(make_centre(), title="Kiezfest", kind="fest", starts_at=in_days(2))
    slug = ["montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag"][
        event.starts_at.isoweekday() - 1
    ]

    assert offering_titles(client.get(f"/angebote/?wochentag={slug}")) == ["Kiezfest"]


def test_offering_list_filters_free_offerings_target_group_and_language(client, neighbourhood):
    assert "Yoga Rudow" not in offering_titles(client.get("/angebote/?kostenlos=1"))
    assert offering_titles(client.get("/angebote/?zielgruppe=senioren")) == ["Sozialberatung Britz"]
    assert offering_titles(client.get("/angebote/?sprache=ar")) == ["Kleidertausch Pankow"]


def test_offering_list_filters_by_district_of_its_centre_and_shows_the_filter(
    client, neighbourhood
):
    response = client.get("/angebote/?bezirk=pankow")

    assert offering_titles(response) == ["Kleidertausch Pankow"]
    assert 'aria-label="Filter „Pankow“ entfernen"' in response.content.decode()


def test_offering_list_search(client, neighbourhood):
    response = client.get("/angebote/?q=yoga")

    assert offering_titles(response) == ["Yoga Rudow"]
    assert count_line(response) == "1 Angebot gefunden"


def test_partner_list_filters_by_kind_and_district(
    client, make_centre, make_partnership, make_organisation
):
    school = make_organisation(name="Schule Nord", kind="schule")
    theatre = make_organisation(name="Theater Süd", kind="kultur")
    make_partnership(make_centre("pankow"), school)
    make_partnership(make_centre("neukoelln"), theatre)

    by_kind = client.get("/partner/?art=schule")
    by_district = client.get("/partner/?bezirk=neukoelln")

    assert [o.name for o in by_kind.context["object_list"]] == ["Schule Nord"]
    assert "Theater Süd" in [o.name for o in by_district.context["object_list"]]
    assert "Schule Nord" not in [o.name for o in by_district.context["object_list"]]


def test_search_finds_other_word_forms(client, make_centre):
    """PostgreSQL stems in German; both databases also try a light stem ("Beratungen" →
    "beratung") against the stored text (docs/search.md)."""
    make_centre(name="Nachbarschaftshaus Kiezblick", description="Jeden Dienstag Beratung.")

    assert names(client.get("/zentren/?q=Beratungen")) == ["Nachbarschaftshaus Kiezblick"]
    assert names(client.get("/zentren/?q=beratung")) == ["Nachbarschaftshaus Kiezblick"]


EVERY_FILTER = [
    "/zentren/?bezirk=neukoelln&bezirk=pankow&angebot=beratung&angebot=sport"
    "&zielgruppe=senioren&zielgruppe=familien&sprache=de&sprache=tr&barrierefrei=1",
    "/angebote/?bezirk=neukoelln&bezirk=pankow&art=beratung&art=sport"
    "&zielgruppe=senioren&zielgruppe=familien&sprache=de&sprache=ar&wochentag=montag",
    "/partner/?art=schule&art=verein&bezirk=neukoelln&bezirk=pankow",
]


@pytest.mark.parametrize("url", EVERY_FILTER)
def test_filters_with_several_values_use_exists_never_distinct(client, neighbourhood, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)

    assert response.status_code == 200
    assert not [q["sql"] for q in queries if "DISTINCT" in q["sql"].upper()]


def test_a_filters_count_is_made_once_and_again_after_a_change(client, make_centre):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for number in range(25):
        make_centre("mitte", name=f"Mitte-Haus {number:02d}")

    def counts(url: str) -> tuple[str, int]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        return count_line(response), sum("COUNT(" in q["sql"].upper() for q in queries)

    first = counts("/zentren/?bezirk=mitte")
    # Another page of the same filter: rendered afresh, its total read from the cache.
    assert counts("/zentren/?bezirk=mitte&page=2") == ("25 Zentren gefunden", first[1] - 1)
    assert first[0] == "25 Zentren gefunden"

    make_centre("mitte", name="Mitte-Haus 25")

    assert counts("/zentren/?bezirk=mitte&page=2")[0] == "26 Zentren gefunden"
