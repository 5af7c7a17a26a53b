"""Importing centres and offerings from CSV or XLSX files: all rows or none."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import tablib
from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import gettext as _
from import_export.formats.base_formats import CSV, XLSX
from import_export.results import Result
from tablib import Dataset

from centres.staff.resources import (
    CentreResource,
    ListingResource,
    OfferingResource,
    SiteResource,
)
from centres.staff.spreadsheets import COMMENT, column_key, csv_dataset


@dataclass
class ImportSummary:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def import_dataset_read(*, path: Path) -> Dataset:
    """A tablib Dataset from a .csv or .xlsx file, chosen by the file's extension."""
    formats = {".csv": CSV, ".xlsx": XLSX}
    try:
        file_format = formats[path.suffix.lower()]()
    except KeyError:
        message = _(
            "Unbekanntes Dateiformat „%(suffix)s“: Bitte wählen Sie eine .csv- oder .xlsx-Datei."
        ) % {"suffix": path.suffix}
        raise ValueError(message) from None
    if file_format.is_binary():
        return file_format.create_dataset(path.read_bytes())
    # As German Excel saves it: UTF-8 or Windows-1252, semicolons, commas or tabs.
    return csv_dataset(path.read_bytes())


def import_errors(*, result: Result) -> list[str]:
    """German messages naming the row (first data row = 1) and the column of each error."""
    messages = []
    for number, errors in result.row_errors():
        messages += [
            _("Zeile %(row)s: %(error)s") % {"row": number, "error": error.error}
            for error in errors
        ]
    for invalid in result.invalid_rows:
        for column, problems in invalid.field_specific_errors.items():
            messages += [
                _("Zeile %(row)s, Spalte „%(column)s“: %(error)s")
                % {"row": invalid.number, "column": column, "error": problem}
                for problem in problems
            ]
        messages += [
            _("Zeile %(row)s: %(error)s") % {"row": invalid.number, "error": problem}
            for problem in invalid.non_field_specific_errors
        ]
    for error in result.base_errors:
        messages.append(_("Datei: %(error)s") % {"error": error.error})
    return messages


def resource_for(headers: list[str]) -> type[ListingResource]:
    """Sites name a "standort", offerings a "zentrum"; anything else is a file of centres."""
    headers = [column_key(header) for header in headers]
    if "standort" in headers:
        return SiteResource
    if "zentrum" in headers:
        return OfferingResource
    return CentreResource


def centres_import(
    *,
    dataset: Dataset,
    resource_class: type[ListingResource] | None = None,
    user: AbstractBaseUser | None = None,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportSummary:
    """Import centres or offerings from a dataset: all rows or none.

    Sites and offerings are recognised by their columns (`resource_for`). Rows are validated and saved in one
    transaction; any row error rolls the whole import back. Without a `user` (the management
    command) no rights are checked. `progress` is called with each row's number.
    """
    if resource_class is None:
        resource_class = resource_for(dataset.headers or [])
    result = resource_class().import_data(
        dataset,
        dry_run=dry_run,
        raise_errors=False,
        use_transactions=True,
        collect_failed_rows=True,
        rollback_on_validation_errors=True,
        user=user,
        progress=progress,
    )
    totals = result.totals
    return ImportSummary(
        new=totals.get("new", 0),
        updated=totals.get("update", 0),
        unchanged=totals.get("skip", 0),
        errors=import_errors(result=result),
    )


def import_template(*, resource_class: type[ListingResource], file_format: str) -> bytes:
    """A file to start from: the columns, an example row (skipped by the import: its first cell
    starts with "#") and a note per column; XLSX with the notes on a second sheet "Hinweise",
    CSV as German Excel opens it (UTF-8 with BOM, semicolons) with the notes as "#" rows."""
    columns = resource_class.import_columns()
    example = [resource_class.example.get(column, "") for column in columns]
    example[0] = f"{COMMENT}{example[0]}"
    notes = [(column, resource_class.notes.get(column, "")) for column in columns]
    intro = _(
        "Eine Zeile je Eintrag. Zeilen, deren erste Zelle mit # beginnt, werden nicht "
        "importiert – so auch die Beispielzeile. Leere Spalten dürfen fehlen."
    )
    data = tablib.Dataset(example, headers=columns, title=_("Daten"))
    if file_format == "xlsx":
        hints = tablib.Dataset(*notes, headers=[_("Spalte"), _("Bedeutung")], title=_("Hinweise"))
        hints.insert(0, ["", intro])
        return tablib.Databook([data, hints]).export("xlsx")
    output = io.StringIO()
    writer = csv.writer(output, delimiter=";", lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerow(example)
    writer.writerow([f"{COMMENT} {intro}"])
    for column, note in notes:
        writer.writerow([f"{COMMENT} {column}: {note}"])
    return ("\ufeff" + output.getvalue()).encode("utf-8")
