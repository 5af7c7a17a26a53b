"""The funders' overview pages, checked number by number against a hand-counted dataset.

The dataset is described in tests/overview_dataset.py: Altstadt (200,000 inhabitants, 3 centres,
7 offerings), Bergfeld (100,000, 2 centres, 5 offerings), Cöllnitz (50,000, no centre) and
Dammheide (population unknown, no centre); drafts, archived and expired items on top.
"""

import csv
import datetime
import io
import re

import pytest
from django.conf import settings
from django.utils import timezone

from centres.models import District, OfferingKind
from centres.overview.charts import SHADES, shade_bins, shade_level
from centres.overview.figures import Figures, city_overview, district_overviews
from centres.services.demo_data import demo_data_create
from centres.styleguide import contrast
from tests.datasets import DISTRICTS, budget_dataset
from tests.overview_dataset import build_small_berlin, rows_by_name, table, tables

ALL_KINDS = [kind.label for kind in OfferingKind]


@pytest.fixture
def small_berlin(db):
    return build_small_berlin()


@pytest.fixture
def overview_html(client, small_berlin):
    def get(query: str = "") -> str:
        response = client.get(f"/uebersicht/{query}")
        assert response.status_code == 200
        return response.content.decode()

    return get


@pytest.fixture
def district_html(client, small_berlin):
    def get(slug: str) -> str:
        response = client.get(f"/uebersicht/{slug}/")
        assert response.status_code == 200
        return response.content.decode()

    return get


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


# --- /uebersicht/: the city table --------------------------------------------------------


def test_city_table_shows_the_hand_counted_figures_of_every_bezirk(overview_html):
    rows = rows_by_name(table(overview_html(), "overview-table"))

    # The last column: facts of the completeness figure present, of six per centre.
    # Altstadt: Haus am Markt all six, the other two Ortsteil, access, offerings: 12 of 18.
    assert rows["Altstadt"] == [
        "200.000", "3", "1 · bei 2 von 3 Zentren bekannt", "1,5", "7", "3 von 3", "2", "66,7 %",
        "33,3 %", "66,7 %",
    ]  # fmt: skip
    # Bergfeld: Bergtreff (two sites) Ortsteil, access, offerings; Heidehaus access, offerings.
    assert rows["Bergfeld"] == [
        "100.000", "2 · 3 Standorte", "2", "2,0", "5", "2 von 3", "2", "50,0 %", "100,0 %",
        "41,7 %",
    ]  # fmt: skip


def test_bezirk_without_centres_shows_zero_and_one_without_population_a_dash(overview_html):
    rows = rows_by_name(table(overview_html(), "overview-table"))

    assert rows["Cöllnitz"] == [
        "50.000", "0", "0", "0,0 unter Ø", "0", "0 von 3", "0", "–", "–", "–"
    ]  # fmt: skip
    assert rows["Dammheide"] == ["–", "0", "0", "–", "0", "0 von 3", "0", "–", "–", "–"]


def test_berlin_row_sums_the_bezirke_and_counts_partners_and_target_groups_once(overview_html):
    rows = rows_by_name(table(overview_html(), "overview-table"))

    assert rows["Berlin"] == [
        "350.000", "5 · 6 Standorte", "3 · bei 4 von 5 Zentren bekannt", "1,4", "12", "3 von 3",
        "3", "60,0 %", "60,0 %", "56,7 %",
    ]  # fmt: skip


def test_drafts_archived_centres_and_expired_offerings_are_never_counted(overview_html):
    html = overview_html()

    berlin = rows_by_name(table(html, "overview-table"))["Berlin"]
    assert (berlin[1], berlin[4]) == ("5 · 6 Standorte", "12")
    grid = rows_by_name(table(html, "kind-grid"))
    # Only drafts, archived or expired offerings have these kinds.
    for kind in ("Kreativkurs", "Tauschtreff", "Selbsthilfegruppe", "Ehrenamt", "Sonstiges"):
        assert grid["Berlin"][ALL_KINDS.index(kind)] == "0"


def test_population_date_is_shown_in_the_lead_and_the_column_header(overview_html):
    html = overview_html()

    assert "Einwohnerzahlen: Stand 31.12.2021" in text_of(html)
    assert table(html, "overview-table")[0][1] == "Einwohner (31.12.2021)"


def test_each_bezirk_links_to_its_page_in_depth(overview_html):
    html = overview_html()

    assert 'href="/uebersicht/altstadt/"' in html
    assert 'href="/uebersicht/dammheide/"' in html


def test_main_navigation_links_to_the_overview(client, small_berlin):
    html = client.get("/").content.decode()

    assert '<a href="/uebersicht/">Übersicht</a>' in html


def test_real_berlin_has_3897145_inhabitants_on_31_12_2024(client, geography):
    html = client.get("/uebersicht/").content.decode()

    berlin_row = rows_by_name(table(html, "overview-table"))["Berlin"]
    assert berlin_row[0] == "3.897.145"
    assert "Einwohnerzahlen: Stand 31.12.2024" in text_of(html)
    assert "Einwohnerregister, Stand 31.12.2024" in text_of(html)
    assert "2021" not in text_of(html).replace("Flächen: Stand 31.12.2021", "")


# --- Sorting ---------------------------------------------------------------------------------


def names_in_order(html: str) -> list[str]:
    return [row[0] for row in table(html, "overview-table")[1:-1]]


def test_rows_are_in_bezirk_number_order_by_default(overview_html):
    assert names_in_order(overview_html()) == ["Altstadt", "Bergfeld", "Cöllnitz", "Dammheide"]


def test_sorting_by_population_puts_a_bezirk_without_population_last(overview_html):
    assert names_in_order(overview_html("?sort=population")) == [
        "Cöllnitz",
        "Bergfeld",
        "Altstadt",
        "Dammheide",
    ]
    assert names_in_order(overview_html("?sort=-population")) == [
        "Altstadt",
        "Bergfeld",
        "Cöllnitz",
        "Dammheide",
    ]


def test_sorting_by_centres_per_100000_inhabitants_largest_first(overview_html):
    assert names_in_order(overview_html("?sort=-per_100k")) == [
        "Bergfeld",
        "Altstadt",
        "Cöllnitz",
        "Dammheide",
    ]


def test_sorting_by_an_offering_kind_sorts_both_tables(overview_html):
    html = overview_html("?sort=-kind-sport")

    assert names_in_order(html)[:2] == ["Altstadt", "Bergfeld"]
    grid_names = [row[0] for row in table(html, "kind-grid")[1:-1]]
    assert grid_names == names_in_order(html)


def test_sorted_column_says_so_and_its_link_reverses_the_order(overview_html):
    html = overview_html("?sort=-centres")

    assert 'aria-sort="descending"><a href="?sort=centres">Zentren</a>' in html
    assert '<a href="?sort=-population">' in html  # other numbers: largest first
    assert '<a href="?sort=name">Bezirk</a>' in html


def test_unknown_sort_key_is_ignored(overview_html):
    html = overview_html("?sort=-nonsense")

    assert names_in_order(html) == ["Altstadt", "Bergfeld", "Cöllnitz", "Dammheide"]
    assert "aria-sort" not in html


# --- Charts -------------------------------------------------------------------------------


def test_bar_chart_is_an_accessible_svg_with_the_numbers_and_berlins_average(overview_html):
    html = overview_html()
    main = html.split("<main", 1)[1]  # the header's logo and icons are SVGs too
    svg = re.search(r"<svg.*?</svg>", main, re.S).group(0)

    assert 'role="img"' in svg
    assert "<title" in svg and "Zentren je 100.000 Einwohner nach Bezirk" in svg
    desc = text_of(re.search(r"<desc.*?</desc>", svg, re.S).group(0))
    assert "Bergfeld: 2,0." in desc
    assert "Altstadt: 1,5." in desc
    assert "Cöllnitz: 0,0 (unter dem Berliner Durchschnitt)." in desc
    assert "Berliner Durchschnitt: 1,4." in desc
    assert svg.count("<rect") == 3  # Dammheide has no population, so no bar
    assert "Berlin: 1,4" in text_of(svg)
    assert "keine Einwohnerzahl" in text_of(svg)


def test_bar_chart_numbers_are_also_a_table(overview_html):
    chart_rows = next(
        found["rows"]
        for found in tables(overview_html())
        if found["rows"][0] == ["Bezirk", "Zentren je 100.000 Einwohner"]
    )
    assert chart_rows[1:] == [
        ["Bergfeld", "2,0"],
        ["Altstadt", "1,5"],
        ["Cöllnitz", "0,0"],
        ["Dammheide", "–"],
        ["Berliner Durchschnitt", "1,4"],
    ]


def test_kind_grid_shows_the_count_of_every_kind_in_every_bezirk(overview_html):
    grid = rows_by_name(table(overview_html(), "kind-grid"))

    def counts(**by_label):
        return [str(by_label.get(label, 0)) for label in ALL_KINDS]

    assert table(overview_html(), "kind-grid")[0] == ["Bezirk", *ALL_KINDS]
    assert grid["Altstadt"] == counts(
        **{
            "Kurs": 3,
            "Sportgruppe": 1,
            "Sozialberatung": 1,
            "Offener Treff / Café": 1,
            "Kiezfest": 1,
        }
    )
    assert grid["Bergfeld"] == counts(
        **{
            "Kurs": 1,
            "Sportgruppe": 1,
            "Sozialberatung": 1,
            "Familienangebot": 1,
            "Veranstaltung": 1,
        }
    )
    assert grid["Cöllnitz"] == counts()
    assert grid["Berlin"] == counts(
        **{
            "Kurs": 4,
            "Sportgruppe": 2,
            "Sozialberatung": 2,
            "Offener Treff / Café": 1,
            "Familienangebot": 1,
            "Kiezfest": 1,
            "Veranstaltung": 1,
        }
    )


def test_kind_grid_shades_cells_by_count_one_shade_per_offering_in_a_small_grid(overview_html):
    grid = next(found for found in tables(overview_html()) if "kind-grid" in found["class"])
    altstadt = grid["rows"].index(next(row for row in grid["rows"] if row[0] == "Altstadt"))
    classes = grid["classes"][altstadt]

    # The largest count is 3, under one offering per shade: each shade is one more offering.
    assert "shade-3" in classes[1 + ALL_KINDS.index("Kurs")]  # 3
    assert "shade-1" in classes[1 + ALL_KINDS.index("Sportgruppe")]  # 1
    assert "shade-0" in classes[1 + ALL_KINDS.index("Tauschtreff")]


def test_shade_legend_says_which_counts_each_shade_stands_for(overview_html):
    legend = re.search(r'<p class="shade-legend">.*?</p>', overview_html(), re.S).group(0)

    assert "Angebote je Zelle:" in text_of(legend)
    assert re.findall(r'<span class="shade-(\d)">([^<]*)</span>', legend) == [
        ("0", "0"),
        ("1", "1"),
        ("2", "2"),
        ("3", "3"),
        ("4", "4"),
    ]


def test_every_grid_shade_keeps_its_text_at_a_contrast_of_at_least_4_5():
    stylesheet = (settings.BASE_DIR / "static/css/site.css").read_text()
    for level, (background, text) in enumerate(SHADES):
        assert contrast(text, background) >= 4.5, (level, background, text)
        assert f".shade-{level} {{ background: {background}; color: {text}; }}" in stylesheet


def test_shade_levels_grow_with_the_count():
    assert [shade_level(count, 8) for count in (0, 1, 2, 3, 4, 6, 8)] == [0, 1, 1, 2, 2, 3, 4]
    assert shade_level(0, 0) == 0


def test_a_single_offering_is_never_the_darkest_shade():
    """In a grid of 0s and 1s a 1 is the lightest shade, not the darkest."""
    assert [shade_level(count, 1) for count in (0, 1)] == [0, 1]
    assert [shade_level(count, 3) for count in (1, 2, 3)] == [1, 2, 3]


def test_shade_bins_name_the_counts_of_each_shade():
    assert shade_bins(12) == [(0, "0"), (1, "1–3"), (2, "4–6"), (3, "7–9"), (4, "10–12")]
    assert shade_bins(10) == [(0, "0"), (1, "1–2"), (2, "3–5"), (3, "6–7"), (4, "8–10")]
    assert shade_bins(1) == [(0, "0"), (1, "1"), (2, "2"), (3, "3"), (4, "4")]
    for maximum in range(0, 40):
        for level, counts in shade_bins(maximum)[1:]:
            low, _, high = counts.partition("–")
            assert shade_level(int(low), maximum) == level
            assert shade_level(int(high or low), maximum) == level


# --- Gaps -----------------------------------------------------------------------------------


def gap_text(html: str, slug: str) -> str:
    block = re.search(
        rf'<section class="gap-district" aria-labelledby="gaps-{slug}">.*?</section>', html, re.S
    )
    return text_of(block.group(0))


def test_gaps_name_the_kinds_and_target_groups_without_an_offering_in_each_bezirk(overview_html):
    html = overview_html()

    assert (
        "Angebotsarten ohne Angebot Kreativkurs, Tauschtreff, Familienangebot, Selbsthilfegruppe, "
        "Ehrenamt, Veranstaltung, Sonstiges Zielgruppen ohne Angebot keine"
    ) in gap_text(html, "altstadt")
    assert (
        "Angebotsarten ohne Angebot Kreativkurs, Tauschtreff, Offener Treff / Café, "
        "Selbsthilfegruppe, Ehrenamt, Kiezfest, Sonstiges Zielgruppen ohne Angebot Alle"
    ) in gap_text(html, "bergfeld")
    assert "Zielgruppen ohne Angebot Alle, Kinder, Seniorinnen und Senioren" in gap_text(
        html, "coellnitz"
    )


def test_bezirke_below_the_city_average_are_named(overview_html):
    text = text_of(overview_html())

    assert (
        "Berlin hat 1,4 Stadtteilzentren je 100.000 Einwohner. Weniger haben: Cöllnitz (0,0)"
        in text
    )
    assert "Dammheide (–)" not in text


# --- /uebersicht/<bezirk>/ --------------------------------------------------------------------


def test_district_page_shows_the_same_figures_as_its_row_in_the_city_table(district_html):
    text = text_of(district_html("altstadt"))

    for figure in [
        "Einwohner (31.12.2021) 200.000",
        "Stadtteilzentren 3",
        "davon im IFP STZ gefördert 1",
        "Zentren je 100.000 Einwohner 1,5 (Berlin: 1,4)",
        "Angebote 7",
        "Zielgruppen erreicht 3",
        "Partnerorganisationen 2",
        "stufenlos zugänglich 66,7 %",
        "in 12 Monaten geprüft 33,3 %",
    ]:
        assert figure in text


def numbers_of(figures: Figures) -> tuple:
    """Every number a Bezirk's row shows, and the target groups it lacks."""
    return (
        figures.name,
        figures.population,
        figures.centre_count,
        figures.ifp_count,
        figures.ifp_known,
        figures.step_free_count,
        figures.reviewed_count,
        figures.site_count,
        figures.known,
        figures.offering_count,
        figures.kind_counts,
        figures.target_group_count,
        [group.slug for group in figures.missing_target_groups],
        figures.partner_count,
        figures.berlin_rate,
    )


@pytest.mark.parametrize("include_demo", [False, True])
def test_every_bezirk_in_depth_adds_up_to_its_row_in_the_city_table(db, include_demo):
    """The city table counts by Bezirk in the database, a Bezirk's own page adds up its
    centres: the same numbers, on generated data with every kind of offering and gap."""
    demo_data_create(centres=24, offerings_per_centre=5, seed=7)

    city = city_overview(include_demo=include_demo)
    in_depth = district_overviews(District.objects.all(), include_demo=include_demo)

    assert [numbers_of(o.figures) for o in in_depth] == [numbers_of(row) for row in city.rows]
    assert sum(o.figures.offering_count for o in in_depth) == city.total.offering_count


def test_district_page_lists_its_published_centres_with_provider_funding_and_review(
    district_html,
):
    rows = table(district_html("altstadt"), "overview-table")
    today = timezone.localdate()

    assert rows[1:] == [
        [
            "Haus am Markt", "Altstadt-Nord", "Träger Eins e. V.", "ja", "4",
            "Alle, Kinder, Seniorinnen und Senioren", "2", "Stufenlos zugänglich",
            f"{today - datetime.timedelta(days=10):%-d.%-m.%Y}", "100,0 %",
        ],
        ["Kiezladen", "Altstadt-Süd", "–", "nicht bekannt", "1", "Kinder", "0",
         "Stufenlos zugänglich", "–", "50,0 % · fehlt: Adresse, Telefon, Öffnungszeiten"],
        [
            "Nachbarschaftshaus Süd", "Altstadt-Süd", "Träger Zwei gGmbH", "nein", "2",
            "Seniorinnen und Senioren", "1", "Teilweise stufenlos",
            f"{today - datetime.timedelta(days=400):%-d.%-m.%Y}",
            "50,0 % · fehlt: Adresse, Telefon, Öffnungszeiten",
        ],
    ]  # fmt: skip


def test_the_centre_table_sorts_by_completeness_and_its_export_names_what_is_missing(
    client, small_berlin
):
    html = client.get("/uebersicht/altstadt/?sort=complete").content.decode()
    rows = table(html, "overview-table")
    csv_rows = list(
        csv.DictReader(
            io.StringIO(
                client.get("/uebersicht/altstadt/export.csv?sort=complete").content.decode(
                    "utf-8-sig"
                )
            ),
            delimiter=";",
        )
    )

    assert [row[0] for row in rows[1:]] == ["Kiezladen", "Nachbarschaftshaus Süd", "Haus am Markt"]
    assert 'aria-sort="ascending"' in html
    assert [(row["Zentrum"], row["Angaben vollständig (%)"]) for row in csv_rows] == [
        ("Kiezladen", "50,0"),
        ("Nachbarschaftshaus Süd", "50,0"),
        ("Haus am Markt", "100,0"),
    ]
    assert csv_rows[0]["Fehlende Angaben"] == "Adresse, Telefon, Öffnungszeiten"
    assert csv_rows[0]["Standorte"] == "1"


def test_a_centre_without_a_known_ortsteil_is_ortsteil_unbekannt_not_a_gap(client, small_berlin):
    html = client.get("/uebersicht/bergfeld/").content.decode()

    assert "<li>Ortsteil unbekannt (1 Zentrum)</li>" in html
    assert "Bei 1 Zentrum ist der Ortsteil nicht bekannt" in html
    assert "Ortsteil: bei 1 von 2" in html  # the completeness line says how much is known


def test_district_page_counts_each_centres_offerings_by_kind(district_html):
    grid = rows_by_name(table(district_html("bergfeld"), "kind-grid"))

    def counts(**by_label):
        return [str(by_label.get(label, 0)) for label in ALL_KINDS]

    assert grid["Bergtreff"] == counts(Kurs=1, Familienangebot=1, Veranstaltung=1)
    assert grid["Heidehaus"] == counts(Sozialberatung=1, Sportgruppe=1)
    assert grid["Bergfeld gesamt"] == counts(
        Kurs=1, Familienangebot=1, Veranstaltung=1, Sozialberatung=1, Sportgruppe=1
    )


def test_district_page_lists_ortsteile_with_and_without_a_centre(district_html):
    text = text_of(district_html("altstadt"))

    assert "Mit Stadtteilzentrum Altstadt-Nord (1 Zentrum) Altstadt-Süd (2 Zentren)" in text
    assert "Ohne Stadtteilzentrum Altstadt-Ost" in text  # only a draft and an archived centre


def test_district_page_counts_offerings_by_weekday(district_html):
    rows = table(district_html("altstadt"), "weekday-table")

    assert rows == [
        ["Wochentag", "Regelmäßige Angebote", "Veranstaltungen", "Zusammen"],
        ["Montag", "2", "0", "2"],
        ["Dienstag", "2", "0", "2"],
        ["Mittwoch", "1", "0", "1"],
        ["Donnerstag", "1", "0", "1"],
        ["Freitag", "1", "0", "1"],
        ["Samstag", "0", "1", "1"],
        ["Sonntag", "0", "0", "0"],
    ]


def test_district_page_names_its_gaps_and_the_berlin_average(district_html):
    text = text_of(district_html("bergfeld"))

    assert "Zielgruppen ohne Angebot Alle" in text
    assert "unter dem Berliner Durchschnitt" not in text


def test_district_without_centres_says_so_and_shows_zeros(district_html):
    text = text_of(district_html("coellnitz"))

    assert "In diesem Bezirk ist noch kein Zentrum veröffentlicht." in text
    assert "Stadtteilzentren 0" in text
    assert "Zentren je 100.000 Einwohner 0,0 (Berlin: 1,4)" in text
    assert "stufenlos zugänglich –" in text
    assert "liegt der Bezirk unter dem Berliner Durchschnitt von 1,4" in text


def test_district_without_population_shows_a_dash(district_html):
    text = text_of(district_html("dammheide"))

    assert "Einwohner –" in text
    assert "Zentren je 100.000 Einwohner – (Berlin: 1,4)" in text


def test_unknown_district_is_404(client, small_berlin):
    assert client.get("/uebersicht/atlantis/").status_code == 404


def test_draft_centres_never_appear_on_the_district_page(district_html):
    html = district_html("altstadt")

    assert "Entwurfshaus" not in html
    assert "Altes Haus" not in html


def test_both_pages_print_without_navigation_and_break_pages_between_parts(
    overview_html, district_html
):
    print_css = (settings.BASE_DIR / "static/css/print.css").read_text()

    assert ".site-header nav" in print_css
    assert ".print-new-page { break-before: page; }" in print_css
    assert 'class="overview-grid print-new-page"' in overview_html()
    assert 'class="print-new-page"' in district_html("altstadt")


# --- The printable report -------------------------------------------------------------------


def test_report_has_the_city_overview_then_every_bezirk_on_a_new_page(client, small_berlin):
    html = client.get("/uebersicht/bericht/").content.decode()

    assert rows_by_name(table(html, "overview-table"))["Berlin"][1] == "5 · 6 Standorte"
    sections = re.findall(
        r'<section class="report-district print-new-page" [^>]*>\s*<h2[^>]*>([^<]+)</h2>', html
    )
    assert sections == ["Bezirk Altstadt", "Bezirk Bergfeld", "Bezirk Cöllnitz", "Bezirk Dammheide"]


def test_report_shows_each_bezirk_as_its_own_page_does(client, small_berlin):
    report = client.get("/uebersicht/bericht/").content.decode()
    page = client.get("/uebersicht/bergfeld/").content.decode()

    bergfeld_in_report = table(report, "overview-table", index=2)  # after the city, Altstadt
    assert bergfeld_in_report == table(page, "overview-table")
    assert "Zentren je 100.000 Einwohner 2,0 (Berlin: 1,4)" in text_of(report)


def test_overview_links_to_the_printable_report(overview_html):
    assert 'href="/uebersicht/bericht/"' in overview_html()


# --- Query budget -----------------------------------------------------------------------------

# Two queries of each page count the demo data for its notice (docs/overview.md).
CITY_QUERIES = 10  # with the partnerships by partner kind (one GROUP BY)
DISTRICT_QUERIES = 14
REPORT_QUERIES = CITY_QUERIES + DISTRICT_QUERIES - 2  # every Bezirk in depth, in the same 12


@pytest.mark.parametrize("centres", [3, 300])
@pytest.mark.parametrize(
    ("url", "budget"),
    [
        # The budget dataset is demo data: counted only when asked for.
        ("/uebersicht/?sort=-per_100k&demo=1", CITY_QUERIES),
        ("/uebersicht/neukoelln/?demo=1", DISTRICT_QUERIES),
        ("/uebersicht/bericht/?demo=1", REPORT_QUERIES),
    ],
)
def test_overview_pages_take_the_same_number_of_queries_for_3_and_300_centres(
    client, db, django_assert_num_queries, centres, url, budget
):
    budget_dataset(centres=centres)

    with django_assert_num_queries(budget):
        response = client.get(url)

    shown = centres // len(DISTRICTS) if "neukoelln" in url else centres  # spread over three
    html = response.content.decode()
    assert f"Stadtteilzentren</dt><dd>{shown}</dd>" in html
    assert f"einschließlich {centres} erfundener Demo-Zentren" in html
