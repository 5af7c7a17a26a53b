"""The overview's CSV and XLSX downloads, opened as a spreadsheet would, compared with the page."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from centres.models import OrganisationKind
from centres.overview.figures import PartnershipKinds, rate
from centres.overview.tables import centre_columns, city_columns, partnership_columns
from tests.overview_dataset import build_small_berlin, rows_by_name, table

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def small_berlin(db):
    return build_small_berlin()


def download(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response


def read_csv(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))


def read_xlsx(response) -> list[list]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def as_page_text(value) -> str:
    """How the page writes a count: thousands dots, "–" for nothing."""
    return "–" if value is None else f"{value:,}".replace(",", ".")


def as_page_decimal(value) -> str:
    """How the page writes a rate or share: one decimal with a comma, "–" for nothing.

    A spreadsheet cell holds 50.0 as the number 50 and shows it with the "0.0" format."""
    return "–" if value is None else f"{value:.1f}".replace(".", ",")


def with_known_note(figure: str, known: int, total: int) -> str:
    """How the page writes a figure whose fact is not known for every centre."""
    if known == total:
        return figure
    if known == 0:
        return f"{figure} · bei keinem der {total} Zentren bekannt"
    return f"{figure} · bei {known} von {total} Zentren bekannt"


def test_city_csv_is_named_by_date_and_opens_in_german_excel(client, small_berlin):
    response = download(client, "/uebersicht/export.csv")
    today = timezone.localdate()

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="stadtteilzentren-uebersicht-{today:%Y-%m-%d}.csv"'
    )
    rows = read_csv(response)
    assert rows[0][:8] == [
        "Bezirk",
        "Einwohner (31.12.2021)",
        "Zentren",
        "Standorte",
        "davon IFP-STZ-gefördert",
        "IFP-Förderung bekannt bei (Zentren)",
        "Zentren je 100.000 Einwohner",
        "Angebote",
    ]
    # The partnerships by partner kind come last, before the day (tests/test_network.py).
    assert rows[0][-12:-1] == [
        *(f"Partnerschaften: {label}" for _kind, label in OrganisationKind.choices),
        "Partnerschaften",
    ]
    assert [header for header in rows[0] if not header.startswith("Partnerschaften")][-10:] == [
        "Stufenlos zugänglich (%)",
        "Stufenloser Zugang bekannt bei (Zentren)",
        "In den letzten 12 Monaten geprüft (%)",
        "Angaben vollständig (%)",
        "Adresse bekannt bei (Zentren)",
        "Telefon bekannt bei (Zentren)",
        "Öffnungszeiten bekannt bei (Zentren)",
        "Ortsteil bekannt bei (Zentren)",
        "Angebote bekannt bei (Zentren)",
        "Stand",
    ]


def test_city_csv_has_one_row_per_bezirk_then_berlin_with_the_pages_numbers(client, small_berlin):
    rows = read_csv(download(client, "/uebersicht/export.csv"))
    header = rows[0]
    today = timezone.localdate()

    assert [row[0] for row in rows[1:]] == [
        "Altstadt",
        "Bergfeld",
        "Cöllnitz",
        "Dammheide",
        "Berlin",
    ]
    altstadt = dict(zip(header, rows[1], strict=True))
    assert altstadt["Einwohner (31.12.2021)"] == "200000"
    assert altstadt["Zentren je 100.000 Einwohner"] == "1,5"
    assert altstadt["Angebote: Kurs"] == "3"
    assert altstadt["Stufenlos zugänglich (%)"] == "66,7"
    assert altstadt["Stand"] == f"{today:%d.%m.%Y}"
    dammheide = dict(zip(header, rows[4], strict=True))
    assert dammheide["Einwohner (31.12.2021)"] == ""
    assert dammheide["Zentren je 100.000 Einwohner"] == ""
    berlin = dict(zip(header, rows[5], strict=True))
    assert (berlin["Zentren"], berlin["Angebote"], berlin["Partnerorganisationen"]) == (
        "5",
        "12",
        "3",
    )


def test_city_xlsx_holds_numbers_as_numbers_and_matches_the_page(client, small_berlin):
    response = download(client, "/uebersicht/export.xlsx")
    page = rows_by_name(table(client.get("/uebersicht/").content.decode(), "overview-table"))
    today = timezone.localdate()

    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == (
        f'attachment; filename="stadtteilzentren-uebersicht-{today:%Y-%m-%d}.xlsx"'
    )
    rows = read_xlsx(response)
    header = rows[0]
    assert header[-1] == "Stand"
    for row in rows[1:]:
        values = dict(zip(header, row, strict=True))
        shown = page[values["Bezirk"]]
        assert as_page_text(values["Einwohner (31.12.2021)"]) == shown[0]
        assert shown[1].startswith(as_page_text(values["Zentren"]))
        if values["Standorte"] > values["Zentren"]:
            assert shown[1].endswith(f" · {values['Standorte']} Standorte")
        assert shown[2] == with_known_note(
            as_page_text(values["davon IFP-STZ-gefördert"]),
            values["IFP-Förderung bekannt bei (Zentren)"],
            values["Zentren"],
        )
        assert shown[3].startswith(as_page_decimal(values["Zentren je 100.000 Einwohner"]))
        assert as_page_text(values["Angebote"]) == shown[4]
        assert f"{values['Zielgruppen erreicht']} von 3" == shown[5]
        assert as_page_text(values["Partnerorganisationen"]) == shown[6]
        step_free = values["Stufenlos zugänglich (%)"]
        assert shown[7] == with_known_note(
            as_page_decimal(step_free) + (" %" if step_free is not None else ""),
            values["Stufenloser Zugang bekannt bei (Zentren)"],
            values["Zentren"],
        )
        reviewed = values["In den letzten 12 Monaten geprüft (%)"]
        assert as_page_decimal(reviewed) + (" %" if reviewed is not None else "") == shown[8]
        complete = values["Angaben vollständig (%)"]
        assert as_page_decimal(complete) + (" %" if complete is not None else "") == shown[9]
        assert values["Stand"].date() == today
    assert rows[1][header.index("Zentren je 100.000 Einwohner")] == 1.5


def test_city_xlsx_kind_columns_match_the_pages_grid(client, small_berlin):
    rows = read_xlsx(download(client, "/uebersicht/export.xlsx"))
    grid = table(client.get("/uebersicht/").content.decode(), "kind-grid")
    kind_labels = grid[0][1:]
    header = rows[0]

    for row in rows[1:]:
        values = dict(zip(header, row, strict=True))
        shown = rows_by_name(grid)[values["Bezirk"]]
        assert [str(values[f"Angebote: {label}"]) for label in kind_labels] == shown


def test_exports_follow_the_pages_sort_order(client, small_berlin):
    rows = read_csv(download(client, "/uebersicht/export.csv?sort=-per_100k"))

    assert [row[0] for row in rows[1:]] == [
        "Bergfeld",
        "Altstadt",
        "Cöllnitz",
        "Dammheide",
        "Berlin",
    ]
    assert (
        "/uebersicht/export.csv?sort=-per_100k"
        in client.get("/uebersicht/?sort=-per_100k").content.decode()
    )


def test_district_csv_has_one_row_per_published_centre(client, small_berlin):
    response = download(client, "/uebersicht/altstadt/export.csv")
    today = timezone.localdate()

    assert response["Content-Disposition"] == (
        f'attachment; filename="stadtteilzentren-uebersicht-altstadt-{today:%Y-%m-%d}.csv"'
    )
    rows = read_csv(response)
    header = rows[0]
    assert header[:5] == ["Zentrum", "Ortsteil", "Träger", "IFP-STZ-gefördert", "Angebote"]
    assert [row[0] for row in rows[1:]] == ["Haus am Markt", "Kiezladen", "Nachbarschaftshaus Süd"]
    haus = dict(zip(header, rows[1], strict=True))
    assert haus["Träger"] == "Träger Eins e. V."
    assert haus["IFP-STZ-gefördert"] == "ja"
    assert haus["Angebote"] == "4"
    assert haus["Angebote: Kurs"] == "2"
    assert haus["Zielgruppen"] == "Alle, Kinder, Seniorinnen und Senioren"
    assert haus["Partnerorganisationen"] == "2"
    assert haus["Zuletzt geprüft"] == f"{today - datetime.timedelta(days=10):%d.%m.%Y}"


def test_district_xlsx_matches_the_district_pages_table(client, small_berlin):
    response = download(client, "/uebersicht/bergfeld/export.xlsx")
    page = rows_by_name(
        table(client.get("/uebersicht/bergfeld/").content.decode(), "overview-table")
    )

    assert response["Content-Type"] == XLSX
    rows = read_xlsx(response)
    header = rows[0]
    assert [row[0] for row in rows[1:]] == list(page)
    for row in rows[1:]:
        values = dict(zip(header, row, strict=True))
        shown = page[values["Zentrum"]]
        assert (values["Ortsteil"] or "–") == shown[0]
        assert values["IFP-STZ-gefördert"] == shown[2]
        assert str(values["Angebote"]) == shown[3]
        assert str(values["Partnerorganisationen"]) == shown[5]
        assert f"{values['Zuletzt geprüft']:%-d.%-m.%Y}" == shown[7]


def test_city_page_and_both_city_exports_have_the_headers_of_the_same_columns(client, small_berlin):
    columns = city_columns(datetime.date(2021, 12, 31))
    html = client.get("/uebersicht/").content.decode()
    csv_header = read_csv(download(client, "/uebersicht/export.csv"))[0]
    xlsx_header = read_xlsx(download(client, "/uebersicht/export.xlsx"))[0]
    page_header = table(html, "overview-table")[0]

    assert csv_header == [
        *[str(column.label) for column in columns],
        *[str(column.label) for column in partnership_columns(PartnershipKinds({}))],
        "Stand",
    ]
    assert xlsx_header == csv_header
    # The page shows every column under its label or its short header: the offering kinds as
    # the kind grid, the others in the table.
    assert page_header == [str(column.header) for column in columns if column.in_table]
    assert table(html, "kind-grid")[0] == [
        "Bezirk",
        *[str(column.header) for column in columns if column.in_grid],
    ]
    assert page_header == [
        "Bezirk", "Einwohner (31.12.2021)", "Zentren", "davon IFP STZ",
        "Zentren je 100.000 Einw.", "Angebote", "Zielgruppen erreicht",
        "Partner\u00adorganisationen", "stufenlos zugänglich", "in 12 Monaten geprüft",
        "Angaben vollständig",
    ]  # fmt: skip


def test_bezirk_page_shows_the_centre_exports_columns_under_their_short_headers(
    client, small_berlin
):
    columns = centre_columns()
    page_header = table(client.get("/uebersicht/altstadt/").content.decode(), "overview-table")[0]
    csv_header = read_csv(download(client, "/uebersicht/altstadt/export.csv"))[0]

    assert csv_header == [
        *[str(column.label) for column in columns],
        "Stand",
    ]
    assert page_header == [
        "Zentrum", "Ortsteil", "Träger", "IFP STZ", "Angebote", "Zielgruppen", "Partner",
        "Stufenlos", "Zuletzt geprüft", "Angaben vollständig",
    ]  # fmt: skip
    assert page_header == [str(column.header) for column in columns if column.in_table]
    assert {str(column.label) for column in columns if column.in_table and column.short_label} == {
        "IFP-STZ-gefördert",
        "Partnerorganisationen",
        "Stufenloser Zugang",
        "Angaben vollständig (%)",
    }


def test_unknown_funding_reads_nicht_bekannt_on_the_page_and_in_the_export(client, small_berlin):
    page = rows_by_name(
        table(client.get("/uebersicht/altstadt/").content.decode(), "overview-table")
    )
    rows = read_csv(download(client, "/uebersicht/altstadt/export.csv"))
    kiezladen = dict(zip(rows[0], rows[2], strict=True))

    assert page["Kiezladen"][2] == "nicht bekannt"
    assert kiezladen["IFP-STZ-gefördert"] == "nicht bekannt"


def test_rates_round_half_up_to_one_decimal_and_need_a_whole():
    assert rate(2, 3, 100) == Decimal("66.7")
    assert rate(1, 200_000, 100_000) == Decimal("0.5")
    assert rate(1, 400_000, 100_000) == Decimal("0.3")  # 0.25 rounds up
    assert rate(1, 0, 100) is None


def test_an_unknown_export_format_is_404(client, small_berlin):
    assert client.get("/uebersicht/export.pdf").status_code == 404
    assert client.get("/uebersicht/atlantis/export.csv").status_code == 404


def test_xlsx_shows_rates_with_one_decimal_and_stand_as_a_german_date(client, small_berlin):
    response = download(client, "/uebersicht/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    bergfeld = sheet[3]

    assert bergfeld[0].value == "Bergfeld"
    assert bergfeld[header.index("Zentren je 100.000 Einwohner")].number_format == "0.0"
    assert bergfeld[header.index("Stand")].number_format == "DD.MM.YYYY"
    assert sheet.freeze_panes == "B2"
