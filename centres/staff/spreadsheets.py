"""Reading the spreadsheets staff really have: CSV from German Excel, with German headers.

German Excel saves "CSV (Trennzeichen-getrennt)" in Windows-1252 with semicolons; "CSV UTF-8"
with a byte order mark; LibreOffice as asked. Files are decoded as UTF-8 (with or without BOM)
and else as Windows-1252, the delimiter (`;`, `,` or tab) is detected, and headers are matched
to the import's columns ignoring case, accents and punctuation ("Gültig ab" is `gueltig_ab`).
Rows whose first cell starts with "#" are notes (the template's example row) and are skipped.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable

import tablib
from django.utils.translation import gettext as _
from import_export.formats.base_formats import CSV

from centres.slugs import german_slugify

DELIMITERS = ";,\t"
COMMENT = "#"
# Headers people write for a column, besides its own name (after `column_key`).
ALIASES = {
    "e_mail": "email",
    "mail": "email",
    "postleitzahl": "plz",
    "telefonnummer": "telefon",
    "strasse_und_hausnummer": "strasse",
    "adresse": "strasse",
    "termine": "zeiten",
    "woechentliche_termine": "zeiten",
    "slug": "kurzname",
}


class ImportFileError(ValueError):
    """A file that cannot be read as a whole, said in a German sentence for the person."""


def text_decode(data: bytes | str) -> str:
    """UTF-8 (a byte order mark is dropped), else Windows-1252, as German Excel saves CSV."""
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def delimiter_detect(text: str) -> str:
    """The delimiter of a CSV text: `;`, `,` or tab, judged from its first lines."""
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        header = text.splitlines()[0] if text else ""
        return max(DELIMITERS, key=header.count)


def csv_dataset(data: bytes | str) -> tablib.Dataset:
    text = text_decode(data)
    if not text.strip():
        raise ImportFileError(_("Die Datei ist leer."))
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter_detect(text)))
    width = max(len(row) for row in rows)
    dataset = tablib.Dataset(headers=[*rows[0], *[""] * (width - len(rows[0]))])
    for row in rows[1:]:
        dataset.append([*row, *[""] * (width - len(row))])
    return dataset


class SpreadsheetCSV(CSV):
    """CSV for the import: read as bytes, decoded and split as `csv_dataset` does."""

    def is_binary(self):
        # Bytes through the admin's temporary storage: the encoding is decided by looking.
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        return csv_dataset(in_stream)


def column_key(header: object) -> str:
    """ "Gültig ab" → "gueltig_ab", "E-Mail" → "email": a header as the import names columns."""
    text = german_slugify(str(header or "").strip().lower())
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    key = re.sub(r"[^a-z0-9]+", "_", text).strip("_")
    return ALIASES.get(key, key)


def dataset_columns_match(
    dataset: tablib.Dataset, *, columns: Iterable[str], required: Iterable[str]
) -> None:
    """Rename the dataset's headers to the import's columns and drop note and empty rows.

    Raises ImportFileError naming the expected columns for an unknown or missing header.
    """
    columns = list(columns)
    headers = list(dataset.headers or [])
    keys = [column_key(header) for header in headers]
    known = set(columns)
    unknown = [
        str(header).strip() or _("(ohne Überschrift, Spalte %(number)d)") % {"number": n}
        for n, (header, key) in enumerate(zip(headers, keys, strict=True), 1)
        if key not in known and (key or any(str(v or "").strip() for v in dataset.get_col(n - 1)))
    ]
    missing = [column for column in required if column not in keys]
    expected = ", ".join(columns)
    if unknown:
        raise ImportFileError(
            _(
                "Diese Spalten kennt der Import nicht: %(unknown)s. Erwartet werden "
                "Spalten aus dieser Liste (Groß- und Kleinschreibung egal): %(expected)s. "
                "Am einfachsten beginnen Sie mit der Vorlage."
            )
            % {"unknown": ", ".join(f"„{name}“" for name in unknown), "expected": expected}
        )
    if missing:
        raise ImportFileError(
            _(
                "Es fehlt die Spalte %(missing)s. Erwartet werden Spalten aus dieser Liste: "
                "%(expected)s. Am einfachsten beginnen Sie mit der Vorlage."
            )
            % {"missing": ", ".join(f"„{name}“" for name in missing), "expected": expected}
        )
    kept = [n for n, key in enumerate(keys) if key]
    rows = [
        [row[n] for n in kept]
        for row in dataset
        if any(str(cell or "").strip() for cell in row)
        and not str(row[0] or "").strip().startswith(COMMENT)
    ]
    dataset.wipe()
    dataset.headers = [keys[n] for n in kept]
    for row in rows:
        dataset.append(row)
