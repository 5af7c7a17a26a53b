"""Importing centres and offerings from CSV or XLSX files: all rows or none."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

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
    # utf-8-sig: spreadsheet programs often put a byte order mark before the header.
    return file_format.create_dataset(path.read_text(encoding="utf-8-sig"))


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
