"""Honest figures: the overview counts real entries only unless asked to include the demo data,
and a fact that is unknown for some centres is never shown as 0 %.

On top of the hand-counted dataset (tests/overview_dataset.py), `demo_data` adds one published
demo centre in Bergfeld ("Demohaus": IFP-funded, step-free, reviewed today) with two public
offerings (a course for "Alle", a self-help group), partnerships with a real and a demo
organisation, and a partnership of a real centre (Heidehaus) with that demo organisation.
"""

import csv
import io
import re

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from centres.models import (
    Centre,
    Offering,
    OfferingKind,
    OfferingTime,
    Organisation,
    Ortsteil,
    Partnership,
    Site,
    Status,
    StepFree,
    TargetGroup,
)
from tests.overview_dataset import build_small_berlin, rows_by_name, table

BERGFELD_WITHOUT_DEMO = [
    "100.000", "2 · 3 Standorte", "2", "2,0", "5", "2 von 3", "2", "50,0 %", "100,0 %", "41,7 %"
]  # fmt: skip
BERLIN_WITHOUT_DEMO = [
    "350.000", "5 · 6 Standorte", "3 · bei 4 von 5 Zentren bekannt", "1,4", "12", "3 von 3", "3",
    "60,0 %", "60,0 %", "56,7 %",
]  # fmt: skip


@pytest.fixture
def small_berlin(db):
    return build_small_berlin()


@pytest.fixture
def demo_data(small_berlin):
    today = timezone.localdate()
    demo_centre = Centre.objects.create_with_main_site(
        slug="demohaus",
        name="Demohaus",
        district=small_berlin.bergfeld,
        ortsteil=Ortsteil.objects.get(slug="bergfeld-heide"),
        status=Status.PUBLISHED,
        is_ifp_funded=True,
        step_free_access=StepFree.YES,
        last_reviewed=today,
        is_demo=True,
    )
    for number, kind in enumerate([OfferingKind.COURSE, OfferingKind.SELF_HELP], start=1):
        offering = Offering.objects.create(
            centre=demo_centre,
            kind=kind,
            title=f"Demo-Angebot {number}",
            slug=f"demo-angebot-{number}",
            status=Status.PUBLISHED,
        )
        offering.target_groups.set(TargetGroup.objects.filter(slug="alle"))
        OfferingTime.objects.create(
            offering=offering, weekday=number, opens="10:00", closes="12:00"
        )
    demo_club = Organisation.objects.create(
        name="Demo-Verein", slug="demo-verein", kind=Organisation.Kind.OTHER, is_demo=True
    )
    for centre, organisation in [
        (demo_centre, Organisation.objects.get(slug="beratung-nord")),
        (demo_centre, demo_club),
        (small_berlin.centres["b2"], demo_club),
    ]:
        Partnership.objects.create(centre=centre, organisation=organisation)
    return demo_centre


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def city_rows(client, query: str = "") -> dict[str, list[str]]:
    return rows_by_name(table(page(client, f"/uebersicht/{query}"), "overview-table"))


def read_csv(client, url: str) -> list[dict[str, str]]:
    response = client.get(url)
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


# --- Demo data: left out unless asked for ----------------------------------------------------


def test_demo_centres_offerings_and_partnerships_are_not_counted_by_default(client, demo_data):
    rows = city_rows(client)

    assert rows["Bergfeld"] == BERGFELD_WITHOUT_DEMO
    assert rows["Berlin"] == BERLIN_WITHOUT_DEMO
    grid = rows_by_name(table(page(client, "/uebersicht/"), "kind-grid"))
    assert grid["Berlin"][[kind.label for kind in OfferingKind].index("Selbsthilfegruppe")] == "0"


def test_demo_centres_are_not_listed_or_counted_on_the_bezirk_page_and_report(client, demo_data):
    bergfeld = page(client, "/uebersicht/bergfeld/")
    report = page(client, "/uebersicht/bericht/")

    assert "Demohaus" not in rows_by_name(table(bergfeld, "overview-table"))
    assert "Stadtteilzentren</dt><dd>2</dd>" in bergfeld
    assert "Demohaus" not in report


def test_exports_leave_out_demo_data_by_default(client, demo_data):
    city = {row["Bezirk"]: row for row in read_csv(client, "/uebersicht/export.csv")}
    bergfeld = read_csv(client, "/uebersicht/bergfeld/export.csv")

    assert (city["Bergfeld"]["Zentren"], city["Bergfeld"]["Angebote"]) == ("2", "5")
    assert city["Berlin"]["Partnerorganisationen"] == "3"
    assert "Hinweis" not in city["Berlin"]
    assert [row["Zentrum"] for row in bergfeld] == ["Bergtreff", "Heidehaus"]


@pytest.mark.parametrize("url", ["/uebersicht/", "/uebersicht/bergfeld/", "/uebersicht/bericht/"])
def test_every_overview_page_says_how_much_demo_data_is_left_out_and_links_to_it(
    client, demo_data, url
):
    html = page(client, url)

    assert (
        "Demo-Einträge sind nicht mitgezählt. Die Daten enthalten 1 erfundenes Demo-Zentrum "
        "mit 2 Demo-Angeboten" in text_of(html)
    )
    assert '<a class="no-print" href="?demo=1">' in html


def test_the_link_to_include_demo_data_keeps_the_sort(client, demo_data):
    html = page(client, "/uebersicht/?sort=-centres")

    assert 'href="?sort=-centres&amp;demo=1">Zahlen einschließlich der Demo-Einträge' in html


def test_without_demo_data_there_is_no_notice(client, small_berlin):
    html = page(client, "/uebersicht/")

    assert "Demo-Einträge" not in html
    assert "demo=1" not in html


def test_with_the_link_the_city_figures_include_demo_data_and_say_so(client, demo_data):
    html = page(client, "/uebersicht/?demo=1")
    rows = rows_by_name(table(html, "overview-table"))

    assert "Diese Zahlen sind einschließlich 1 erfundenen Demo-Zentrums gezählt." in text_of(html)
    assert rows["Bergfeld"] == [
        "100.000", "3 · 4 Standorte", "3", "3,0", "7", "3 von 3", "4", "66,7 %", "100,0 %",
        "44,4 %",
    ]  # fmt: skip
    assert rows["Berlin"] == [
        "350.000", "6 · 7 Standorte", "4 · bei 5 von 6 Zentren bekannt", "1,7", "14", "3 von 3",
        "4", "66,7 %", "66,7 %", "55,6 %",
    ]  # fmt: skip
    assert '<a class="no-print" href="?">Nur echte Einträge zählen</a>' in html


def test_with_the_link_the_bezirk_page_and_report_include_demo_data_and_say_so(client, demo_data):
    bergfeld = page(client, "/uebersicht/bergfeld/?demo=1")
    report = page(client, "/uebersicht/bericht/?demo=1")

    assert "Demohaus" in rows_by_name(table(bergfeld, "overview-table"))
    assert "Stadtteilzentren</dt><dd>3</dd>" in bergfeld
    for html in (bergfeld, report):
        assert "einschließlich 1 erfundenen Demo-Zentrums gezählt" in text_of(html)
    assert "Demohaus" in report


def test_with_demo_data_included_sort_and_download_links_keep_including_it(client, demo_data):
    html = page(client, "/uebersicht/?sort=-centres&demo=1")
    bergfeld = page(client, "/uebersicht/bergfeld/?demo=1")

    assert 'href="?sort=centres&amp;demo=1"' in html
    assert 'href="/uebersicht/export.csv?sort=-centres&amp;demo=1"' in html
    assert 'href="/uebersicht/export.xlsx?sort=-centres&amp;demo=1"' in html
    assert 'href="/uebersicht/bericht/?demo=1"' in html
    assert 'href="/uebersicht/bergfeld/export.csv?demo=1"' in bergfeld
    # The Bezirk links of the table, the grid and the gaps lead to pages that count the same.
    assert html.count('href="/uebersicht/bergfeld/?demo=1"') == 3
    assert 'href="/uebersicht/bergfeld/"' not in html


def test_csv_with_demo_data_counts_it_and_says_so_on_every_row(client, demo_data):
    response = client.get("/uebersicht/export.csv?demo=1")
    rows = {row["Bezirk"]: row for row in read_csv(client, "/uebersicht/export.csv?demo=1")}

    assert "-mit-demo-" in response["Content-Disposition"]
    assert (rows["Bergfeld"]["Zentren"], rows["Bergfeld"]["Angebote"]) == ("3", "7")
    assert {row["Hinweis"] for row in rows.values()} == {
        "gezählt einschließlich 1 erfundenen Demo-Zentrums"
    }
    centres = read_csv(client, "/uebersicht/bergfeld/export.csv?demo=1")
    assert [row["Zentrum"] for row in centres] == ["Bergtreff", "Demohaus", "Heidehaus"]
    assert centres[0]["Hinweis"] == "gezählt einschließlich 1 erfundenen Demo-Zentrums"


def test_xlsx_with_demo_data_says_so_in_its_titles_and_on_every_row(client, demo_data):
    response = client.get("/uebersicht/export.xlsx?demo=1")
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.active
    rows = list(sheet.iter_rows(values_only=True))

    assert sheet.title.startswith("Mit Demo – ")
    assert workbook.properties.title == (
        "Stadtteilzentren nach Bezirk (gezählt einschließlich 1 erfundenen Demo-Zentrums)"
    )
    assert rows[0][-1] == "Hinweis"
    assert {row[-1] for row in rows[1:]} == {"gezählt einschließlich 1 erfundenen Demo-Zentrums"}
    berlin = dict(zip(rows[0], rows[-1], strict=True))
    assert berlin["Zentren"] == 6


@pytest.mark.parametrize("value", ["vielleicht", "ja", "2"])
def test_an_unknown_demo_value_is_explained_and_only_real_entries_count(client, demo_data, value):
    for url, centres in [
        (f"/uebersicht/?demo={value}", 5),
        (f"/uebersicht/bergfeld/?demo={value}", 2),
    ]:
        html = page(client, url)

        assert f"Den Wert „{value}“ für „demo“ kennt die Übersicht nicht." in text_of(html)
        assert f"Stadtteilzentren</dt><dd>{centres}</dd>" in html
    assert city_rows(client, f"?demo={value}")["Bergfeld"] == BERGFELD_WITHOUT_DEMO
    rows = read_csv(client, f"/uebersicht/export.csv?demo={value}")
    assert "Hinweis" not in rows[0]


def test_demo_0_counts_real_entries_without_a_message(client, demo_data):
    html = page(client, "/uebersicht/?demo=0")

    assert "kennt die Übersicht nicht" not in html
    assert rows_by_name(table(html, "overview-table"))["Bergfeld"] == BERGFELD_WITHOUT_DEMO


# --- Unknown is not zero ---------------------------------------------------------------------


def test_step_free_share_is_taken_over_the_centres_where_it_is_known_and_says_how_many(
    client, small_berlin
):
    Site.objects.filter(centre__slug="kiezladen").update(step_free_access=StepFree.UNKNOWN)

    rows = city_rows(client)
    altstadt = page(client, "/uebersicht/altstadt/")

    # Altstadt: known for Haus am Markt ("ja") and Nachbarschaftshaus Süd ("teilweise").
    assert rows["Altstadt"][7] == "50,0 % · bei 2 von 3 Zentren bekannt"
    assert rows["Berlin"][7] == "50,0 % · bei 4 von 5 Zentren bekannt"
    assert (
        'stufenlos zugänglich</dt><dd>50,0\u00a0% <span class="known-note">· bei 2 von 3 Zentren bekannt</span></dd>'
        in altstadt
    )
    csv_rows = {row["Bezirk"]: row for row in read_csv(client, "/uebersicht/export.csv")}
    assert csv_rows["Altstadt"]["Stufenlos zugänglich (%)"] == "50,0"
    assert csv_rows["Altstadt"]["Stufenloser Zugang bekannt bei (Zentren)"] == "2"
    assert csv_rows["Bergfeld"]["Stufenloser Zugang bekannt bei (Zentren)"] == "2"


def test_ifp_funding_says_for_how_many_centres_it_is_known(client, small_berlin):
    rows = city_rows(client)
    html = page(client, "/uebersicht/")
    altstadt = page(client, "/uebersicht/altstadt/")

    # Kiezladen's funding is not known.
    assert rows["Altstadt"][2] == "1 · bei 2 von 3 Zentren bekannt"
    assert rows["Bergfeld"][2] == "2"
    assert (
        'gefördert</dt><dd>3 <span class="known-note">· bei 4 von 5 Zentren bekannt</span></dd>'
        in html
    )
    assert (
        'gefördert</dt><dd>1 <span class="known-note">· bei 2 von 3 Zentren bekannt</span></dd>'
        in altstadt
    )
    csv_rows = {row["Bezirk"]: row for row in read_csv(client, "/uebersicht/export.csv")}
    assert csv_rows["Altstadt"]["davon IFP-STZ-gefördert"] == "1"
    assert csv_rows["Altstadt"]["IFP-Förderung bekannt bei (Zentren)"] == "2"
    assert csv_rows["Berlin"]["IFP-Förderung bekannt bei (Zentren)"] == "4"


def test_a_fact_known_for_no_centre_is_shown_as_a_dash_never_as_0_percent(client, small_berlin):
    Centre.objects.filter(district=small_berlin.bergfeld).update(is_ifp_funded=None)
    Site.objects.filter(centre__district=small_berlin.bergfeld).update(
        step_free_access=StepFree.UNKNOWN
    )

    bergfeld = city_rows(client)["Bergfeld"]
    district = page(client, "/uebersicht/bergfeld/")

    assert bergfeld[2] == "– · bei keinem der 2 Zentren bekannt"
    assert bergfeld[7] == "– · bei keinem der 2 Zentren bekannt"
    assert not any(cell.startswith("0,0 %") for cell in bergfeld)
    assert (
        'stufenlos zugänglich</dt><dd>– <span class="known-note">· bei keinem der 2 Zentren bekannt</span></dd>'
        in district
    )
    assert (
        'gefördert</dt><dd>– <span class="known-note">· bei keinem der 2 Zentren bekannt</span></dd>'
        in district
    )
    row = {row["Bezirk"]: row for row in read_csv(client, "/uebersicht/export.csv")}["Bergfeld"]
    assert (row["Stufenlos zugänglich (%)"], row["Stufenloser Zugang bekannt bei (Zentren)"]) == (
        "",
        "0",
    )
    assert (row["davon IFP-STZ-gefördert"], row["IFP-Förderung bekannt bei (Zentren)"]) == ("", "0")


def test_sorting_by_step_free_puts_bezirke_where_it_is_unknown_last(client, small_berlin):
    Site.objects.filter(centre__district=small_berlin.bergfeld).update(
        step_free_access=StepFree.UNKNOWN
    )

    names = [
        row[0] for row in table(page(client, "/uebersicht/?sort=-step_free"), "overview-table")
    ]

    assert names[1] == "Altstadt"
    assert names.index("Bergfeld") > names.index("Altstadt")
