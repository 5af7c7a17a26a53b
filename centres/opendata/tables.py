"""The CSV downloads: centres (one row per site) and offerings.

UTF-8 with a header row, comma-separated (RFC 4180), ISO dates: for programs and open-data
portals rather than for double-clicking in Excel (the overview's downloads are for that).
Text that a spreadsheet would run as a formula is neutralised (`centres.spreadsheets`).
Each row ends with its licence and the day of the data.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse

from centres.models import Centre, Offering
from centres.opendata.licence import LICENCE_CELL, stand, with_licence
from centres.spreadsheets import formula_neutralised
from centres.staff.resources import weekly_times_format
from centres.wording import yes_no_unknown

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


@dataclass(frozen=True)
class Column:
    name: str
    value: Callable


def _names(rows: Iterable) -> str:
    return "; ".join(str(row) for row in rows)


def _times(slots: Iterable) -> str:
    return weekly_times_format([(slot.weekday, slot.opens, slot.closes) for slot in slots])


def centre_columns(url: Callable[[str], str]) -> list[Column]:
    """Columns of a (centre, site) pair."""
    return [
        Column("zentrum_id", lambda c, s: c.pk),
        Column("zentrum", lambda c, s: c.name),
        Column("zentrum_url", lambda c, s: url(c.get_absolute_url())),
        Column("bezirk", lambda c, s: c.district.name),
        Column("traeger", lambda c, s: c.provider.name if c.provider else ""),
        Column("website", lambda c, s: c.website),
        Column("ifp_stz", lambda c, s: yes_no_unknown(c.is_ifp_funded)),
        Column("sprachen", lambda c, s: _names(c.languages.all())),
        Column("beschreibung", lambda c, s: c.description),
        Column("zuletzt_geprueft", lambda c, s: c.last_reviewed),
        Column("standort_id", lambda c, s: s.pk),
        Column("standort", lambda c, s: s.name),
        Column("hauptstandort", lambda c, s: yes_no_unknown(s.is_main)),
        Column("standort_art", lambda c, s: s.get_kind_display() if s.kind else ""),
        Column("strasse", lambda c, s: s.street),
        Column("postleitzahl", lambda c, s: s.postcode),
        Column("ortsteil", lambda c, s: s.ortsteil.name if s.ortsteil_id else ""),
        Column("telefon", lambda c, s: s.phone),
        Column("e_mail", lambda c, s: s.email),
        Column("breitengrad", lambda c, s: s.latitude),
        Column("laengengrad", lambda c, s: s.longitude),
        Column("koordinaten_quelle", lambda c, s: s.coordinates_credit),
        Column("stufenloser_zugang", lambda c, s: s.get_step_free_access_display()),
        Column("barrierefreies_wc", lambda c, s: yes_no_unknown(s.accessible_toilet)),
        Column("hinweise_barrierefreiheit", lambda c, s: s.accessibility_notes),
        Column("oeffnungszeiten", lambda c, s: _times(s.opening_hours.all())),
        Column("quellen", lambda c, s: "; ".join(c.source.split())),
    ]


def offering_columns(url: Callable[[str], str]) -> list[Column]:
    def venue_name(o: Offering) -> str:
        return o.venue.name if o.venue else ""

    def venue_address(o: Offering) -> str:
        return ", ".join(o.venue.address_lines) if o.venue else ""

    return [
        Column("angebot_id", lambda o: o.pk),
        Column("titel", lambda o: o.title),
        Column("angebot_url", lambda o: url(o.get_absolute_url())),
        Column("art", lambda o: o.get_kind_display()),
        Column("beschreibung", lambda o: o.description),
        Column("zentrum_id", lambda o: o.centre_id),
        Column("zentrum", lambda o: o.centre.name),
        Column("bezirk", lambda o: o.centre.district.name),
        Column("standort_id", lambda o: o.venue.pk if o.venue else ""),
        Column("standort", venue_name),
        Column("adresse", venue_address),
        Column("zielgruppen", lambda o: _names(o.target_groups.all())),
        Column("sprachen", lambda o: _names(o.languages.all())),
        Column("kosten", lambda o: o.get_cost_display()),
        Column("hinweis_kosten", lambda o: o.cost_note),
        Column("anmeldung_erforderlich", lambda o: yes_no_unknown(o.registration_required)),
        Column("telefon", lambda o: o.contact[0]),
        Column("e_mail", lambda o: o.contact[1]),
        Column("bitte_mitbringen", lambda o: o.what_to_bring),
        Column("wochentermine", lambda o: _times(o.times.all())),
        Column("beginn", lambda o: o.starts_at),
        Column("ende", lambda o: o.ends_at),
        Column("gueltig_ab", lambda o: o.valid_from),
        Column("gueltig_bis", lambda o: o.valid_until),
    ]


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return formula_neutralised(str(value))


def csv_download(columns: list[Column], rows: Iterable[tuple], *, filename: str) -> HttpResponse:
    """Rows (argument tuples for the columns' values) as a CSV file under the licence."""
    day = stand().isoformat()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([column.name for column in columns] + ["lizenz", "stand"])
    for row in rows:
        writer.writerow([_cell(column.value(*row)) for column in columns] + [LICENCE_CELL, day])
    response = HttpResponse(buffer.getvalue().encode("utf-8"), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return with_licence(response)


def centres_csv(request: HttpRequest, centres: Iterable[Centre]) -> HttpResponse:
    rows = ((centre, site) for centre in centres for site in centre.sites.all())
    return csv_download(
        centre_columns(request.build_absolute_uri), rows, filename="stadtteilzentren.csv"
    )


def offerings_csv(request: HttpRequest, offerings: Iterable[Offering]) -> HttpResponse:
    rows = ((offering,) for offering in offerings)
    return csv_download(offering_columns(request.build_absolute_uri), rows, filename="angebote.csv")
