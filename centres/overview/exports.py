"""CSV and XLSX downloads of the overview's tables, from the same rows and columns as the page.

CSV: UTF-8 with a byte order mark and `;` between fields, with decimal commas: what German Excel
and LibreOffice open correctly by double-click. XLSX: real numbers and dates, the header row
frozen. Both end every row with a "Stand" column (the day the figures were taken), so the date
survives copying rows elsewhere; the population's date is in its column header. Files that
count the demo data say so in a last column "Hinweis" on every row, and the XLSX also in its
sheet title and document title.

No cell is ever a formula (centres/spreadsheets.py): text that a spreadsheet would run gets a
leading apostrophe in the CSV and is written as an explicit text cell in the XLSX.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font

from centres.overview.figures import DemoData
from centres.overview.formatting import decimal1, demo_included
from centres.overview.tables import Column, Row, Table, Value
from centres.spreadsheets import formula_neutralised

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
STAND = gettext_lazy("Stand")
NOTE = gettext_lazy("Hinweis")
SHEET_TITLE_LENGTH = 31


def export_filename(stand: datetime.date, *parts: str, extension: str) -> str:
    return "-".join(["stadtteilzentren-uebersicht", *parts, stand.isoformat()]) + f".{extension}"


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _header(columns: list[Column], note: str) -> list[str]:
    return [str(column.label) for column in columns] + [str(STAND)] + ([str(NOTE)] if note else [])


def _trailer(stand: Value, note: str) -> list[Value]:
    """The cells after the columns: the day, and the note where there is one."""
    return [stand, note] if note else [stand]


def _csv_cell(value: Value) -> str | int:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return decimal1(value)
    if isinstance(value, datetime.date):
        return f"{value:%d.%m.%Y}"
    return formula_neutralised(value)


def csv_response(
    columns: list[Column],
    rows: Iterable[Row],
    *,
    stand: datetime.date,
    filename: str,
    note: str = "",
) -> HttpResponse:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(_header(columns, note))
    for row in rows:
        writer.writerow(
            [_csv_cell(column.value(row)) for column in columns]
            + [_csv_cell(cell) for cell in _trailer(stand, note)]
        )
    return _attachment(buffer.getvalue().encode("utf-8"), CSV_CONTENT_TYPE, filename)


def xlsx_response(
    columns: list[Column],
    rows: Iterable[Row],
    *,
    stand: datetime.date,
    filename: str,
    title: str,
    sheet_title: str = "",
    note: str = "",
) -> HttpResponse:
    workbook = Workbook()
    sheet = workbook.active
    # Excel's limit for sheet names; the document title keeps the whole.
    sheet.title = (sheet_title or title)[:SHEET_TITLE_LENGTH]
    workbook.properties.title = f"{title} ({note})" if note else title
    workbook.properties.creator = _("Stadtteilzentren Berlin")
    workbook.properties.subject = _("Stand %(date)s") % {"date": f"{stand:%d.%m.%Y}"}
    sheet.append(_header(columns, note))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([column.value(row) for column in columns] + _trailer(stand, note))
    for cells in sheet.iter_rows():
        for cell in cells:
            if cell.data_type == "f":
                # openpyxl turns any text starting with "=" into a formula; ours are all text.
                cell.data_type = "s"
            elif isinstance(cell.value, Decimal):
                cell.number_format = "0.0"
            elif isinstance(cell.value, datetime.date):
                cell.number_format = "DD.MM.YYYY"
    sheet.freeze_panes = "B2"
    sheet.column_dimensions["A"].width = 36
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _attachment(buffer.getvalue(), XLSX_CONTENT_TYPE, filename)


def table_response(
    table: Table,
    export_format: str,
    *,
    title: str,
    filename_parts: Iterable[str] = (),
    demo: DemoData | None = None,
) -> HttpResponse:
    """The table's columns and rows (Berlin's last) as a CSV or XLSX download, dated today;
    where the demo data is counted, the file's name, every row and the sheet's title say so."""
    stand = timezone.localdate()
    note = ""
    if demo and demo.included:
        note = _("gezählt %(demo)s") % {"demo": demo_included(demo.centres)}
        filename_parts = [*filename_parts, "mit-demo"]
    filename = export_filename(stand, *filename_parts, extension=export_format)
    if export_format == "xlsx":
        return xlsx_response(
            table.columns,
            table.export_rows,
            stand=stand,
            filename=filename,
            title=title,
            sheet_title=_("Mit Demo – %(title)s") % {"title": title} if note else "",
            note=note,
        )
    return csv_response(table.columns, table.export_rows, stand=stand, filename=filename, note=note)
