"""CSV/XLSX export and import: preview, all-or-nothing, row and column named, rights per row."""

import io
from decimal import Decimal

import pytest
import tablib
from django.core.management import CommandError, call_command
from django.urls import reverse
from import_export.formats.base_formats import XLSX

from centres.models import Centre, Offering, Site
from centres.staff.imports import centres_import
from centres.staff.resources import CentreResource, OfferingResource

IMPORT_URL = reverse("admin:centres_centre_import")
PROCESS_URL = reverse("admin:centres_centre_process_import")


def _xlsx_export(client, model="centre") -> bytes:
    resource = f"{model}resource"
    names = {"centre": CentreResource, "offering": OfferingResource}[model]._meta.fields
    data = {"format": "1", "resource": "0", **{f"{resource}_{name}": "on" for name in names}}
    response = client.post(reverse(f"admin:centres_{model}_export"), data)
    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"]
    return response.content


def _upload(content: bytes, name="zentren.xlsx"):
    upload = io.BytesIO(content)
    upload.name = name
    return upload


def _import_preview(client, content: bytes, url=IMPORT_URL):
    return client.post(url, {"format": "1", "resource": "0", "import_file": _upload(content)})


def test_xlsx_round_trip_with_preview_and_confirm(client, editor, centre_a):
    client.force_login(editor)
    dataset = XLSX().create_dataset(_xlsx_export(client))
    assert dataset.headers[:3] == ["kurzname", "name", "status"]
    assert list(dataset["kurzname"]) == ["zentrum-alpha"]
    row = dataset.dict[0]
    row["telefon"] = "030 7654321"
    changed = tablib.Dataset(headers=dataset.headers)
    changed.append([row[header] for header in dataset.headers])

    preview = _import_preview(client, changed.export("xlsx"))
    assert preview.status_code == 200
    assert "confirm_form" in preview.context, preview.context["result"].invalid_rows
    assert "030 7654321" in preview.text  # the preview shows the change
    assert Site.objects.get(centre=centre_a).phone != "030 7654321"  # not before confirming

    confirm = preview.context["confirm_form"]
    response = client.post(PROCESS_URL, {**confirm.initial, "resource": "0"})
    assert response.status_code == 302
    centre_a.refresh_from_db()
    assert Site.objects.get(centre=centre_a).phone == "030 7654321"  # the main site's phone
    assert centre_a.updated_by == editor


def test_reimporting_the_same_file_changes_nothing(client, team, centre_a, centre_b):
    client.force_login(team)
    content = _xlsx_export(client)
    before = {c.pk: c.updated for c in Centre.objects.all()}
    summary = centres_import(dataset=XLSX().create_dataset(content), user=team)
    assert summary.ok, summary.errors
    assert (summary.new, summary.updated) == (0, 0)
    assert summary.unchanged == Centre.objects.count()
    assert {c.pk: c.updated for c in Centre.objects.all()} == before


def test_offerings_round_trip_unchanged(client, team, centre_a, centre_b):
    client.force_login(team)
    content = _xlsx_export(client, "offering")
    summary = centres_import(dataset=XLSX().create_dataset(content), user=team)
    assert summary.ok, summary.errors
    assert summary.unchanged == Offering.objects.count()


def test_a_broken_row_is_named_by_row_and_column_and_nothing_is_written(client, team, centre_a):
    dataset = tablib.Dataset(headers=["kurzname", "name", "bezirk", "plz"])
    dataset.append(["neues-zentrum", "Neues Zentrum", "neukoelln", "12043"])
    dataset.append(["kaputtes-zentrum", "Kaputtes Zentrum", "neukoelln", "99999"])
    dataset.append(["falscher-bezirk", "Falscher Bezirk", "atlantis", "12043"])
    client.force_login(team)
    preview = _import_preview(client, dataset.export("xlsx"))
    assert "confirm_form" not in preview.context
    invalid = {
        row.number: row.field_specific_errors for row in preview.context["result"].invalid_rows
    }
    assert set(invalid) == {2, 3}
    assert "plz" in invalid[2] and "bezirk" in invalid[3]
    assert "Zeile 2, Spalte „plz“: Bitte eine fünfstellige Berliner Postleitzahl" in preview.text
    assert "Zeile 3, Spalte „bezirk“: „atlantis“ ist als Bezirk nicht bekannt." in preview.text

    summary = centres_import(dataset=dataset, user=team)
    assert not summary.ok
    assert any(m.startswith("Zeile 2, Spalte „plz“") for m in summary.errors)
    assert any(m.startswith("Zeile 3, Spalte „bezirk“: „atlantis“") for m in summary.errors)
    assert not Centre.objects.filter(slug="neues-zentrum").exists()


def test_editor_may_not_import_rows_for_another_centre(client, editor, centre_a, centre_b):
    dataset = tablib.Dataset(headers=["kurzname", "name", "bezirk"])
    dataset.append(["zentrum-alpha", "Zentrum Alpha (neu)", "neukoelln"])
    dataset.append(["zentrum-beta", "Gekapert", "pankow"])
    dataset.append(["ganz-neu", "Ganz neu", "neukoelln"])
    summary = centres_import(dataset=dataset, user=editor)
    assert any(m.startswith("Zeile 2, Spalte „kurzname“") for m in summary.errors)
    assert any(m.startswith("Zeile 3, Spalte „kurzname“") for m in summary.errors)
    centre_a.refresh_from_db()
    assert centre_a.name == "Zentrum Alpha"  # the valid row was not written either
    assert Centre.objects.get(pk=centre_b.pk).name == "Zentrum Beta"


def test_editor_may_not_publish_by_import(editor, centre_a, make_offering):
    draft = make_offering(centre_a, title="Entwurf", slug="entwurf", status="draft")
    dataset = tablib.Dataset(headers=["kurzname", "zentrum", "titel", "art", "status"])
    dataset.append([draft.slug, "zentrum-alpha", "Entwurf", "kurs", "published"])
    summary = centres_import(dataset=dataset, user=editor)
    assert summary.errors == ["Zeile 1, Spalte „status“: Sie dürfen den Status nicht ändern."]


def test_import_centres_command(tmp_path, geography, capsys):
    good = tmp_path / "zentren.csv"
    good.write_text(
        "kurzname,name,bezirk,ortsteil,plz,sprachen\n"
        'kiezhaus-test,Kiezhaus Test,neukoelln,britz,12043,"de,tr"\n',
        encoding="utf-8",
    )
    call_command("import_centres", str(good))
    out = capsys.readouterr().out
    assert "1 neu, 0 geändert, 0 unverändert, 0 Fehler" in out
    centre = Centre.objects.get(slug="kiezhaus-test")
    assert sorted(centre.languages.values_list("code", flat=True)) == ["de", "tr"]
    assert centre.status == "draft"

    call_command("import_centres", str(good))
    assert "0 neu, 0 geändert, 1 unverändert" in capsys.readouterr().out

    bad = tmp_path / "kaputt.csv"
    bad.write_text("kurzname,name,bezirk,plz\nnoch-eins,Noch eins,neukoelln,1\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Nichts gespeichert"):
        call_command("import_centres", str(bad))
    assert "Zeile 1, Spalte „plz“" in capsys.readouterr().err
    assert not Centre.objects.filter(slug="noch-eins").exists()


def test_exported_coordinates_from_openstreetmap_carry_its_credit(client, team, centre_a):
    Site.objects.filter(centre=centre_a).update(
        latitude=Decimal("52.49297"), longitude=Decimal("13.40759"), coordinates_source="osm"
    )
    client.force_login(team)

    dataset = XLSX().create_dataset(_xlsx_export(client))
    summary = centres_import(dataset=dataset, user=team)

    assert dataset.dict[0]["koordinaten_quelle"] == "© OpenStreetMap-Mitwirkende (ODbL)"
    assert summary.ok and summary.unchanged == 1  # the credit is not read back in


@pytest.mark.parametrize("status", ["published", "draft", "archived"])
def test_an_import_does_not_tell_an_editor_which_other_centres_exist(
    editor, centre_a, centre_b, status
):
    Centre.objects.filter(pk=centre_b.pk).update(status=status)

    def errors_for(slug: str) -> list[str]:
        centres = tablib.Dataset(headers=["kurzname", "name", "bezirk"])
        centres.append([slug, "Gekapert", "pankow"])
        offerings = tablib.Dataset(headers=["kurzname", "zentrum", "titel", "art"])
        offerings.append(["neu-von-alice", slug, "Neu", "kurs"])
        found = []
        for dataset in (centres, offerings):
            summary = centres_import(dataset=dataset, user=editor)
            found += [error.replace(slug, "<slug>") for error in summary.errors]
        return found

    existing = errors_for("zentrum-beta")
    unknown = errors_for("gibt-es-nicht")

    assert existing == unknown
    assert existing[0] == (
        "Zeile 1, Spalte „kurzname“: „<slug>“ ist keines der Zentren, die Sie bearbeiten dürfen."
    )
