"""Phone-first lists (issue 10): the filter disclosure counts what is active, active filters are
chips that remove themselves, the count says how many; bad addresses read well."""

import re

import pytest
from django.conf import settings

from centres.filters import CHIP_LENGTH


def summary(html: str) -> str:
    return (
        re.search(r"<summary[^>]*>(.*?)</summary>", html, re.S).group(1).split(">")[1].split("<")[0]
    )


def chips(html: str) -> list[tuple[str, str, str]]:
    """(link, accessible name, visible text) of each chip."""
    return re.findall(
        r'<a class="chip" href="([^"]*)" aria-label="([^"]*)" title="[^"]*">([^<]*)</a>', html
    )


def count_line(html: str) -> str:
    return html.split('class="result-count" role="status">')[1].split("<")[0]


@pytest.fixture
def two_bezirke(make_centre, make_offering):
    mitte = make_centre("mitte", name="Haus Mitte", step_free_access="ja")
    pankow = make_centre("pankow", name="Haus Pankow")
    make_offering(mitte, title="Nähcafé Mitte", kind="kreativkurs", weekdays=[2])
    make_offering(pankow, title="Sport Pankow", kind="sport", weekdays=[3])
    return mitte, pankow


def test_the_filter_disclosure_says_filter_when_none_is_active(client, two_bezirke):
    html = client.get("/zentren/").content.decode()

    assert summary(html) == "Filter"
    assert "<details" in html and "Alle Filter entfernen" not in html


def test_the_filter_disclosure_counts_every_active_value(client, two_bezirke):
    html = client.get("/zentren/?bezirk=mitte&bezirk=pankow&barrierefrei=1").content.decode()

    assert summary(html) == "Filter (3 aktiv)"


def test_invalid_values_are_not_counted_as_active(client, two_bezirke):
    html = client.get("/zentren/?bezirk=atlantis&barrierefrei=1").content.decode()

    assert summary(html) == "Filter (1 aktiv)"


def test_the_disclosure_is_closed_in_the_html_so_results_come_first_on_a_phone(client, two_bezirke):
    html = client.get("/zentren/?bezirk=mitte").content.decode()

    assert re.search(r"<details[^>]*>", html).group(0) == (
        '<details class="filter-panel" data-filter-panel>'
    )
    assert html.index("<details") < html.index('class="result-count"') < html.index("Haus Mitte")


def test_each_chip_is_a_link_without_its_value_named_for_what_it_removes(client, two_bezirke):
    html = client.get("/zentren/?bezirk=mitte&bezirk=pankow&angebot=sport").content.decode()

    assert chips(html) == [
        ("?bezirk=pankow&amp;angebot=sport", "Filter „Mitte“ entfernen", "Mitte"),
        ("?bezirk=mitte&amp;angebot=sport", "Filter „Pankow“ entfernen", "Pankow"),
        (
            "?bezirk=mitte&amp;bezirk=pankow",
            "Filter „Sportgruppe“ entfernen",
            "Sportgruppe",
        ),
    ]
    assert '<a class="chip chip--all" href="/zentren/">Alle Filter entfernen</a>' in html


def test_a_yes_no_filter_chip_is_named_by_its_label(client, two_bezirke):
    html = client.get("/zentren/?barrierefrei=1").content.decode()

    assert chips(html) == [("?", "Filter „Stufenlos zugänglich“ entfernen", "Stufenlos zugänglich")]


def test_a_chip_removes_its_value_and_goes_back_to_the_first_page(client, make_centre):
    for number in range(settings.CENTRES_PER_PAGE + 1):
        make_centre("mitte", name=f"Haus {number:02d}")

    html = client.get("/zentren/?bezirk=mitte&page=2").content.decode()

    assert chips(html)[0][0] == "?"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/zentren/", "2 Zentren gefunden"),
        ("/zentren/?bezirk=mitte", "1 Zentrum gefunden"),
        ("/angebote/", "2 Angebote gefunden"),
        ("/angebote/?art=sport", "1 Angebot gefunden"),
    ],
)
def test_the_result_count_says_how_many(client, two_bezirke, url, expected):
    assert count_line(client.get(url).content.decode()) == expected


def test_a_date_chip_says_which_end_of_the_range_it_is(client, two_bezirke):
    html = client.get("/angebote/?von=2026-12-01&bis=2026-12-24").content.decode()

    assert [(name, text) for _, name, text in chips(html)] == [
        ("Filter „ab 1. Dezember 2026“ entfernen", "ab 1. Dezember 2026"),
        ("Filter „bis 24. Dezember 2026“ entfernen", "bis 24. Dezember 2026"),
    ]


def test_the_agenda_has_the_same_disclosure_and_chips(client, two_bezirke):
    html = client.get("/termine/?art=sport").content.decode()

    assert summary(html) == "Filter (1 aktiv)"
    assert chips(html)[0][1] == "Filter „Sportgruppe“ entfernen"


def test_a_long_search_is_shortened_in_its_chip(client, two_bezirke):
    query = "Nähcafé " + "x" * 150

    html = client.get("/angebote/", {"q": query}).content.decode()

    ((_, name, text),) = chips(html)
    assert text == f"„{query[:CHIP_LENGTH]}…“"
    assert name == f"Filter „{query[:CHIP_LENGTH]}…“ entfernen"


def test_a_long_word_is_cut_to_the_chip_length(client, two_bezirke):
    html = client.get("/zentren/", {"q": "a" * 200}).content.decode()

    ((_, _, text),) = chips(html)
    assert text == "„" + "a" * CHIP_LENGTH + "…“"


def test_a_3000_character_search_is_named_and_ignored_never_an_error_page(client, two_bezirke):
    response = client.get("/zentren/", {"q": "Nachbarschaft " * 215})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Der Suchbegriff ist zu lang" in html
    assert count_line(html) == "2 Zentren gefunden"
    assert ("Nachbarschaft " * 10) not in html.split("<main")[1].split("<form")[0]


def test_a_3000_character_search_shows_its_start_in_a_chip_that_removes_it(client, two_bezirke):
    html = client.get("/zentren/", {"q": "Nachbarschaft " * 215, "bezirk": "mitte"}).text

    (chip,) = re.findall(
        r'<a class="chip chip--ignored" href="([^"]*)" aria-label="([^"]*)"[^>]*>([^<]*)</a>', html
    )
    link, name, text = chip
    assert text == "„Nachbarschaft Nachbarschaft Nachbarschaft Nachbarschaft…“ (zu lang, ignoriert)"
    assert name == f"Filter {text} entfernen"
    assert link == "?bezirk=mitte"
    assert summary(html) == "Filter (1 aktiv)"  # the ignored search is not counted as active
    assert count_line(html) == "1 Zentrum gefunden"


def test_an_event_card_gives_its_date_and_its_times_as_separate_unbreakable_pieces(
    client, make_centre, make_offering, in_days
):
    centre = make_centre("mitte", name="Haus Mitte")
    make_offering(
        centre, title="Kiezfest", starts_at=in_days(3, hour=14), ends_at=in_days(3, hour=20)
    )

    html = client.get(centre.district.get_absolute_url()).content.decode()

    card = html.split('class="card card--event')[1].split("</li>\n</ul>")[0]
    times = re.findall(r'<time datetime="([^"]*)" class="nowrap">([^<]*)</time>', card)
    assert [shown for _, shown in times][1:] == ["14:00", "20:00"]
    assert times[0][0] == in_days(3).date().isoformat()


# Pages that do not exist


@pytest.fixture
def three_pages(make_centre):
    for number in range(settings.CENTRES_PER_PAGE * 2 + 1):
        make_centre("mitte", name=f"Haus {number:02d}")


def test_page_999_says_how_many_pages_there_are_and_links_to_the_last(client, three_pages):
    response = client.get("/zentren/?bezirk=mitte&page=999")

    html = response.content.decode()
    assert response.status_code == 404
    assert "Seite 999 gibt es nicht — es gibt 3 Seiten." in html
    assert '<a href="/zentren/?bezirk=mitte&amp;page=3">Zur letzten Seite (3)</a>' in html
    assert "Eintrag umbenannt" not in html


@pytest.mark.parametrize(("page", "said"), [("abc", "Eine Seite „abc“"), ("-1", "Seite -1")])
def test_a_page_that_is_not_a_number_reads_as_well(client, three_pages, page, said):
    response = client.get("/zentren/", {"page": page})

    assert response.status_code == 404
    assert f"{said} gibt es nicht — es gibt 3 Seiten." in response.content.decode()


def test_an_endless_page_value_is_shortened(client, three_pages):
    response = client.get("/zentren/", {"page": "9" * 3000})

    assert response.status_code == 404
    assert "9" * 100 not in response.content.decode()


@pytest.mark.parametrize("url", ["/angebote/?page=999", "/partner/?page=999"])
def test_every_paginated_list_answers_a_missing_page_in_words(client, two_bezirke, url):
    response = client.get(url)

    assert response.status_code == 404
    assert "Seite 999 gibt es nicht — es gibt nur eine Seite." in response.content.decode()


# Addresses typed in capitals


@pytest.mark.parametrize(
    ("url", "target"),
    [
        ("/bezirke/NEUKOELLN/", "/bezirke/neukoelln/"),
        ("/bezirke/Mitte/?x=1", "/bezirke/mitte/?x=1"),
        ("/zentren/HAUS-MITTE/", "/zentren/haus-mitte/"),
    ],
)
def test_an_upper_case_address_redirects_for_good_to_the_lower_case_one(
    client, two_bezirke, url, target
):
    response = client.get(url)

    assert response.status_code == 301
    assert response["Location"] == target


# What a list page weighs (bytes, not time)


def test_pages_are_sent_compressed_to_browsers_that_accept_it(client, two_bezirke):
    response = client.get("/zentren/", headers={"accept-encoding": "gzip, br"})

    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]


def test_a_full_list_page_stays_small(client, make_centre, make_offering):
    for number in range(settings.CENTRES_PER_PAGE):
        centre = make_centre("mitte", name=f"Nachbarschaftshaus am Platz {number:02d}")
        make_offering(centre, title=f"Offenes Café {number:02d}", weekdays=[1, 3])

    response = client.get("/zentren/")

    # uncompressed HTML of 20 centre cards, in bytes: about 24,000 today
    assert len(response.content) < 48_000
