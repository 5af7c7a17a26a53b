"""Imports straight from German Excel: encodings, delimiters, German headers, weekly times,
templates, and errors that neither crash nor tell which other centres exist."""

import datetime
import io

import pytest
import tablib
from django.urls import reverse
from import_export.formats.base_formats import XLSX

from centres.models import Centre, Offering
from centres.staff.imports import centres_import, import_dataset_read
from centres.staff.resources import OfferingResource
from centres.staff.spreadsheets import csv_dataset
from tests.test_admin_language import english_in

CENTRE_IMPORT = reverse("admin:centres_centre_import")
CENTRE_PROCESS = reverse("admin:centres_centre_process_import")
OFFERING_IMPORT = reverse("admin:centres_offering_import")

# As German Excel saves "CSV (Trennzeichen-getrennt)": Windows-1252, semicolons, CRLF.
EXCEL_CSV = (
    "Kurzname;Name;Bezirk;Straße;PLZ;Barrierefreies WC\r\n"
    "kiezhaus-suedstern;Kiezhaus Südstern;neukoelln;Hasenheide 1;10967;1\r\n"
).encode("cp1252")


def _upload(content: bytes, name: str):
    upload = io.BytesIO(content)
    upload.name = name
    return upload


def _preview(client, content: bytes, name="zentren.csv", url=CENTRE_IMPORT, file_format="0"):
    return client.post(
        url, {"format": file_format, "resource": "0", "import_file": _upload(content, name)}
    )


def test_a_windows_1252_semicolon_file_from_german_excel_imports(client, team, geography):
    client.force_login(team)

    preview = _preview(client, EXCEL_CSV)
    assert "confirm_form" in preview.context, preview.context.get("import_messages")
    confirm = preview.context["confirm_form"]
    response = client.post(CENTRE_PROCESS, {**confirm.initial, "resource": "0"})

    assert response.status_code == 302
    assert not english_in(preview.text)
    centre = Centre.objects.get(slug="kiezhaus-suedstern")
    assert centre.name == "Kiezhaus Südstern"
    assert (centre.main_site.street, centre.main_site.accessible_toilet) == ("Hasenheide 1", True)


@pytest.mark.parametrize(
    "content",
    [
        "\ufeffkurzname,name,bezirk\nhaus-am-see,Haus am Süßen See,neukoelln\n".encode(),
        "kurzname\tname\tbezirk\nhaus-am-see\tHaus am Süßen See\tneukoelln\n".encode(),
        "KURZNAME;Name;Bezirk\nhaus-am-see;Haus am Süßen See;neukoelln\n".encode("cp1252"),
    ],
    ids=["utf-8 with BOM, commas", "utf-8, tabs", "windows-1252, semicolons"],
)
def test_csv_files_are_read_whatever_their_encoding_and_delimiter(geography, content, tmp_path):
    path = tmp_path / "zentren.csv"
    path.write_bytes(content)

    summary = centres_import(dataset=import_dataset_read(path=path))

    assert summary.ok, summary.errors
    assert Centre.objects.get(slug="haus-am-see").name == "Haus am Süßen See"


def test_a_wrong_header_is_a_german_sentence_naming_the_columns(client, team, geography):
    client.force_login(team)
    content = "Kurzname;Zentrumsname;Bezirk\nhaus;Haus;neukoelln\n".encode("cp1252")

    response = _preview(client, content)

    assert response.status_code == 200
    assert "Diese Spalten kennt der Import nicht: „Zentrumsname“." in response.text
    assert "kurzname, name, status, bezirk" in response.text
    assert "Traceback" not in response.text and "Error" not in response.text
    assert not english_in(response.text)
    assert not Centre.objects.exists()


def test_a_missing_key_column_is_named(geography):
    dataset = tablib.Dataset(["Haus", "neukoelln"], headers=["Name", "Bezirk"])

    summary = centres_import(dataset=dataset)

    assert summary.errors == [
        "Datei: Es fehlt die Spalte „kurzname“. Erwartet werden Spalten aus dieser Liste: "
        "kurzname, name, status, bezirk, ortsteil, traeger, strasse, plz, telefon, email, "
        "website, beschreibung, stufenlos, barrierefreies_wc, sprachen, ifp_stz, breitengrad, "
        "laengengrad, koordinaten_quelle. Am einfachsten beginnen Sie mit der Vorlage."
    ]


def test_an_unreadable_file_is_a_german_sentence(client, team, geography):
    client.force_login(team)

    response = _preview(client, b"kurzname;name\r\n", name="leer.csv")

    assert response.status_code == 200
    assert "Die Datei enthält keine Zeilen zum Importieren." in response.text
    assert not english_in(response.text)
    assert "UnicodeDecodeError" not in response.text
    assert not Centre.objects.exists()


# --- Weekly times ---------------------------------------------------------------------------


def _offerings(*rows, headers=("kurzname", "zentrum", "titel", "art", "zeiten")):
    return tablib.Dataset(*rows, headers=list(headers))


def test_weekly_times_are_imported_from_one_column(team, centre_a):
    times = "Mo 10:00-12:00; Mi 16-18, 19-24"
    dataset = _offerings(["sprachcafe", "zentrum-alpha", "Sprachcafé", "offener-treff", times])

    summary = centres_import(dataset=dataset, user=team)

    assert summary.ok, summary.errors
    times = Offering.objects.get(slug="sprachcafe").times.all()
    assert [(t.weekday, t.opens, t.closes) for t in times] == [
        (1, datetime.time(10), datetime.time(12)),
        (3, datetime.time(16), datetime.time(18)),
        (3, datetime.time(19), datetime.time(0)),
    ]
    again = centres_import(dataset=dataset, user=team)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 1)


def test_exported_weekly_times_read_as_they_are_written(client, team, centre_a):
    client.force_login(team)
    data = {
        "format": "1",
        "resource": "0",
        **{f"offeringresource_{n}": "on" for n in OfferingResource._meta.fields},
    }

    exported = XLSX().create_dataset(
        client.post(reverse("admin:centres_offering_export"), data).content
    )

    assert exported.dict[0]["zeiten"] == "Mo 10:00-12:00"  # the fixture's Monday course


@pytest.mark.parametrize(
    ("times", "message"),
    [
        ("Montag 10-12; Xy 14-16", "„Xy 14-16“ ist kein Termin."),
        ("Di 10-12; Di 11-13", "Am Dienstag überschneiden sich zwei Zeiträume."),
        ("Fr 18-9", "„Fr 18-9“: Das Ende muss nach dem Beginn liegen."),
        ("Sa morgens", "„Sa morgens“: Bitte die Uhrzeiten als „10:00-12:00“ angeben."),
    ],
)
def test_unreadable_weekly_times_are_named(team, centre_a, times, message):
    dataset = _offerings(["kurs-x", "zentrum-alpha", "Kurs", "kurs", times])

    summary = centres_import(dataset=dataset, user=team)

    assert len(summary.errors) == 1
    assert summary.errors[0].startswith(f"Zeile 1, Spalte „zeiten“: {message}")
    assert not Offering.objects.filter(slug="kurs-x").exists()


# --- Templates ------------------------------------------------------------------------------


@pytest.mark.parametrize("model", ["centre", "offering", "site"])
def test_the_templates_hold_columns_an_example_and_notes(client, editor, model):
    client.force_login(editor)
    url = reverse(f"admin:centres_{model}_import_template", args=["xlsx"])

    xlsx = client.get(url)
    csv = client.get(reverse(f"admin:centres_{model}_import_template", args=["csv"]))

    assert xlsx.status_code == 200 and csv.status_code == 200
    assert "attachment" in xlsx["Content-Disposition"]
    book = tablib.Databook()
    book.load(xlsx.content, "xlsx")
    data, hints = book.sheets()
    assert data.headers[0] in {"kurzname", "zentrum"}
    assert data[0][0].startswith("#")  # the example row, skipped by the import
    assert hints.title == "Hinweise" and len(hints) > 5
    text = csv.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith(("kurzname;", "zentrum;"))
    assert "# kurzname: Pflicht." in text or "# zentrum: Pflicht." in text


def test_the_untouched_template_imports_nothing(client, team, geography, tmp_path):
    client.force_login(team)
    path = tmp_path / "vorlage.csv"
    path.write_bytes(
        client.get(reverse("admin:centres_offering_import_template", args=["csv"])).content
    )

    summary = centres_import(dataset=import_dataset_read(path=path), user=team)

    assert summary.ok, summary.errors
    assert (summary.new, summary.updated) == (0, 0)
    assert csv_dataset(path.read_bytes()).headers[-1] == "zeiten"


def test_the_import_page_links_the_templates(client, editor):
    client.force_login(editor)

    html = client.get(OFFERING_IMPORT).text

    assert reverse("admin:centres_offering_import_template", args=["xlsx"]) in html
    assert "Semikolon, Komma oder Tabulator" in html


# --- Errors that tell nothing about other centres -------------------------------------------


def test_another_centre_and_an_unknown_one_are_answered_alike(editor, centre_a, centre_b):
    dataset = _offerings(
        ["kurs-1", "zentrum-beta", "Kurs", "kurs", "Mo 10-12"],
        ["kurs-2", "gibt-es-nicht", "Kurs", "kurs", "Mo 10-12"],
    )
    centres = tablib.Dataset(
        ["zentrum-beta", "Übernommen", "pankow"],
        ["gibt-es-nicht", "Neu", "pankow"],
        headers=["kurzname", "name", "bezirk"],
    )

    offerings_summary = centres_import(dataset=dataset, user=editor)
    centres_summary = centres_import(dataset=centres, user=editor)

    assert offerings_summary.errors == [
        "Zeile 1, Spalte „zentrum“: „zentrum-beta“ ist keines der Zentren, die Sie bearbeiten dürfen.",
        "Zeile 2, Spalte „zentrum“: „gibt-es-nicht“ ist keines der Zentren, die Sie bearbeiten dürfen.",
    ]
    assert [m for m in centres_summary.errors if "kurzname" in m] == [
        "Zeile 1, Spalte „kurzname“: „zentrum-beta“ ist keines der Zentren, die Sie bearbeiten dürfen.",
        "Zeile 2, Spalte „kurzname“: „gibt-es-nicht“ ist keines der Zentren, die Sie bearbeiten dürfen.",
    ]
