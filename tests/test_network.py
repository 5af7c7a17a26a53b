"""A Bezirk's partner network (issue 15): which kinds of organisation its centres work with,
as a matrix of centres × partner kinds on the Bezirk page, and per organisation its centres."""

import re

import pytest
from django.test import override_settings

from centres.models import Organisation, Status

URL = "/bezirke/neukoelln/"
Kind = Organisation.Kind


@pytest.fixture
def network(make_centre, make_organisation, make_partnership):
    """Two centres in Neukölln: Haus A with two schools and a counselling service, Haus B with
    one of the same schools and a Quartiersmanagement; a draft centre's partner does not count."""
    house_a = make_centre("neukoelln", name="Haus A", slug="haus-a")
    house_b = make_centre("neukoelln", name="Haus B", slug="haus-b")
    draft = make_centre("neukoelln", name="Entwurf", status=Status.DRAFT)
    school_1 = make_organisation(name="Rixdorfer Grundschule", kind=Kind.SCHOOL)
    school_2 = make_organisation(name="Karl-Marx-Schule", kind=Kind.SCHOOL)
    counselling = make_organisation(name="Beratung am Hermannplatz", kind=Kind.COUNSELLING)
    qm = make_organisation(name="QM Flughafenstraße", kind=Kind.NEIGHBOURHOOD_MANAGEMENT)
    culture = make_organisation(name="Heimathafen", kind=Kind.CULTURE)
    for centre, organisation in (
        (house_a, school_1),
        (house_a, school_2),
        (house_a, counselling),
        (house_b, school_1),
        (house_b, qm),
        (draft, culture),
    ):
        make_partnership(centre, organisation)
    return house_a, house_b


def matrix(html: str) -> str:
    return re.search(r'<table class="network-matrix">.*?</table>', html, re.S)[0]


def rows(html: str) -> dict[str, list[str]]:
    """The matrix as {row header: [cell texts]}, screen-reader text left out."""
    found = {}
    for row in re.findall(r"<tr>(.*?)</tr>", matrix(html), re.S):
        row = re.sub(r'<span class="visually-hidden">.*?</span>', "", row, flags=re.S)
        cells = [
            re.sub(r"<[^>]+>", "", cell).replace("\u00ad", "").strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        found[cells[0]] = cells[1:]
    return found


def test_the_bezirk_page_shows_its_centres_partner_kinds_as_a_matrix(client, network):
    response = client.get(URL)

    assert response.status_code == 200
    assert "Netzwerk der Zentren" in response.text
    table = rows(response.text)
    # Only the kinds the Bezirk's public centres work with are columns (no culture: a draft's).
    assert table["Zentrum"] == ["Schule", "Beratungsstelle", "Quartiersmanagement", "Zusammen"]
    assert table["Haus A"] == ["2", "1", "0", "3"]
    assert table["Haus B"] == ["1", "0", "1", "2"]
    # Different organisations in the whole Bezirk: the shared school counts once.
    assert table["Ganzer Bezirk: verschiedene Organisationen"] == ["2", "1", "1", "4"]
    assert "mit 4 Organisationen zusammen (5 Partnerschaften)" in response.text


def test_the_matrix_is_a_labelled_table_in_a_focusable_scrolling_region(client, network):
    html = client.get(URL).text

    assert 'role="region" aria-labelledby="network-caption" tabindex="0"' in html
    assert (
        '<caption id="network-caption" class="visually-hidden">Partner der Zentren in Neukölln'
        in html
    )
    assert '<th scope="col" class="num">Schule</th>' in html
    assert '<th scope="row"><a href="/zentren/haus-a/">Haus A</a></th>' in html


def test_a_cell_links_to_the_partners_it_counts_and_names_them_for_screen_readers(client, network):
    html = client.get(URL).text

    assert (
        '<a href="/partner/?zentrum=haus-a&amp;art=schule">2'
        '<span class="visually-hidden"> (Schule, Haus A)</span></a>'
    ) in html
    assert '<a href="/partner/?bezirk=neukoelln&amp;art=schule">2' in html
    # The darkest shade needs at least four partners: two schools are the second step.
    assert 'class="num shade-2"><a href="/partner/?zentrum=haus-a&amp;art=schule"' in html
    assert 'class="num shade-0">0</td>' in html


def test_the_partner_list_shows_a_centres_partners_of_one_kind(client, network):
    response = client.get("/partner/", {"zentrum": "haus-a", "art": "schule"})

    assert response.status_code == 200
    assert "2 Organisationen gefunden" in response.text
    assert "Rixdorfer Grundschule" in response.text and "Karl-Marx-Schule" in response.text
    assert "Beratung am Hermannplatz" not in response.text
    # The centre is a removable chip and stays in the form as a hidden field.
    assert "Filter „Haus A“ entfernen" in response.text
    assert '<input type="hidden" name="zentrum" value="haus-a"' in response.text


def test_the_partner_list_names_an_unknown_or_draft_centre_instead_of_failing(client, network):
    for value in ("gibt-es-nicht", "<script>"):
        response = client.get("/partner/", {"zentrum": value})

        assert response.status_code == 200


def test_a_partner_page_lists_the_centres_it_works_with(client, network):
    response = client.get("/partner/", {"zentrum": "haus-b"})
    assert 'href="/partner/' in response.text

    page = client.get(Organisation.objects.get(name="Rixdorfer Grundschule").get_absolute_url())

    assert page.status_code == 200
    assert "Arbeitet zusammen mit" in page.text
    assert "Haus A" in page.text and "Haus B" in page.text
    assert "Entwurf" not in page.text


def test_partner_names_on_the_bezirk_page_link_to_their_pages(client, network):
    html = client.get(URL).text

    school = Organisation.objects.get(name="Karl-Marx-Schule")
    assert f'<a href="{school.get_absolute_url()}">Karl-Marx-Schule</a>' in html


def test_a_bezirk_without_partnerships_shows_no_matrix(client, make_centre):
    make_centre("neukoelln", name="Haus ohne Partner")

    html = client.get(URL).text

    assert "network-matrix" not in html
    assert "Keine Partnerorganisationen eingetragen." in html


@override_settings(CENTRES_PER_PAGE=1)
def test_the_matrix_rows_are_the_centres_of_the_page_shown(client, network):
    first = client.get(URL)
    second = client.get(URL, {"page": 2})

    assert list(rows(first.text))[1:-1] == ["Haus A"]
    assert list(rows(second.text))[1:-1] == ["Haus B"]
    assert "Die Zeilen sind die Zentren 2–2 von 2 der Liste oben." in second.text
    # The Bezirk's totals stay the same on every page.
    assert rows(second.text)["Ganzer Bezirk: verschiedene Organisationen"] == ["2", "1", "1", "4"]


# --- The funders' overview: partnerships per Bezirk by partner kind ---------------------------


def test_the_overview_counts_each_bezirks_partnerships_by_partner_kind(client, network):
    html = client.get("/uebersicht/", {"demo": "1"}).text
    grid = re.search(r'<table class="kind-grid partnership-grid">.*?</table>', html, re.S)[0]

    assert "Partnerschaften nach Art und Bezirk" in html
    neukoelln = re.search(r'<th scope="row">Neukölln</th>(.*?)</tr>', grid, re.S)[1]
    # Schule, Beratungsstelle … in the order of the kinds: 3 schools, 1 counselling, 1 QM.
    cells = re.findall(r'<td class="num">([^<]*)</td>', neukoelln)
    kinds = [str(label) for _value, label in Kind.choices]
    by_kind = dict(zip(kinds, cells, strict=False))
    assert (by_kind["Schule"], by_kind["Beratungsstelle"], by_kind["Quartiersmanagement"]) == (
        "3",
        "1",
        "1",
    )
    assert by_kind["Kultureinrichtung"] == "0"  # the draft centre's partner
    assert cells[-1] == "5"  # the draft's partnership does not count


def test_the_overview_csv_ends_with_the_partnerships_by_kind(client, network):
    response = client.get("/uebersicht/export.csv", {"demo": "1"})
    text = response.content.decode("utf-8").removeprefix("\ufeff")
    header, *rows = [line.split(";") for line in text.strip().split("\r\n")]

    assert "Partnerschaften: Schule" in header and "Partnerschaften" in header
    neukoelln = next(row for row in rows if row[0] == "Neukölln")
    assert neukoelln[header.index("Partnerschaften: Schule")] == "3"
    assert neukoelln[header.index("Partnerschaften: Quartiersmanagement")] == "1"
    assert neukoelln[header.index("Partnerschaften")] == "5"
    berlin = rows[-1]
    assert berlin[header.index("Partnerschaften")] == "5"


def test_the_overview_counts_only_real_partnerships_unless_asked(client, network):
    response = client.get("/uebersicht/export.csv")
    text = response.content.decode("utf-8").removeprefix("\ufeff")
    header, *rows = [line.split(";") for line in text.strip().split("\r\n")]

    # The test centres are real entries: they count without ?demo=1 too.
    assert rows[-1][header.index("Partnerschaften")] == "5"
