"""CSV and XLSX downloads of the overview's tables, from the same rows and columns as the page.

CSV: UTF-8 with a byte order mark and `;` between fields, with decimal commas: what German Excel
and LibreOffice open correctly by double-click. XLSX: real numbers and dates, the header row
frozen. Both end every row with a "Stand" column (the day the figures were taken), so the date
survives copying rows elsewhere; the population's date is in its column header.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable
from decimal import Decimal

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

from centres.overview.figures import Column
from centres.overview.formatting import decimal1

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
STAND = "Stand"


def export_filename(stand: datetime.date, *parts: str, extension: str) -> str:
    return "-".join(["stadtteilzentren-uebersicht", *parts, stand.isoformat()]) + f".{extension}"


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _csv_cell(value) -> str | int:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return decimal1(value)
    if isinstance(value, datetime.date):
        return f"{value:%d.%m.%Y}"
    return value


def csv_response(
    columns: list[Column], rows: Iterable, *, stand: datetime.date, filename: str
) -> HttpResponse:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([column.label for column in columns] + [STAND])
    for row in rows:
        writer.writerow([_csv_cell(column.value(row)) for column in columns] + [_csv_cell(stand)])
    return _attachment(buffer.getvalue().encode("utf-8"), CSV_CONTENT_TYPE, filename)


def xlsx_response(
    columns: list[Column], rows: Iterable, *, stand: datetime.date, filename: str, title: str
) -> HttpResponse:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]  # Excel's limit for sheet names
    workbook.properties.title = title
    workbook.properties.creator = "Stadtteilzentren Berlin"
    workbook.properties.subject = f"Stand {stand:%d.%m.%Y}"
    sheet.append([column.label for column in columns] + [STAND])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([column.value(row) for column in columns] + [stand])
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            if isinstance(cell.value, Decimal):
                cell.number_format = "0.0"
            elif isinstance(cell.value, datetime.date):
                cell.number_format = "DD.MM.YYYY"
    sheet.freeze_panes = "B2"
    sheet.column_dimensions["A"].width = 36
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _attachment(buffer.getvalue(), XLSX_CONTENT_TYPE, filename)
