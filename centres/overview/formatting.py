"""How the funders' overview writes values for people: the page's cells and the CSV's decimals.

Plain functions, so the page (through the `overview` template filters), the table columns and
the exports format a number the same way.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils.formats import date_format, number_format
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext

MISSING = "–"


def decimal1(value: Decimal | None) -> str:
    """One decimal in the active locale (2,5 in German); an en dash where there is no value."""
    return MISSING if value is None else number_format(value, 1)


def percent(value: Decimal | None) -> str:
    """A share with one decimal and a non-breaking space before the sign (66,7 %)."""
    return MISSING if value is None else f"{number_format(value, 1)}\u00a0%"


def whole(value: int | None) -> str:
    """A whole number with thousands separators (385.692); an en dash where there is none."""
    return MISSING if value is None else number_format(value, 0, force_grouping=True)


def day(value: datetime.date | None) -> str:
    """A date as the pages write it (5.3.2026); an en dash where there is none."""
    return MISSING if value is None else date_format(value, gettext("j.n.Y"))


def text(value: object) -> str:
    """Any other value as it is; an en dash where it is missing or empty."""
    return MISSING if value is None or value == "" else str(value)


def known_among(known: int, total: int) -> str:
    """How many centres a fact is known for, where it is not known for all: "bei 5 von 8
    Zentren bekannt"; "" where it is known for every centre (or there is none)."""
    if known == total:
        return ""
    if not known:
        return ngettext(
            "bei keinem Zentrum bekannt", "bei keinem der %(total)d Zentren bekannt", total
        ) % {"total": total}
    return gettext("bei %(known)d von %(total)d Zentren bekannt") % {
        "known": known,
        "total": total,
    }


def with_known(figure: str, known: int, total: int, *, in_table: bool = False) -> str:
    """A figure and, where the fact is not known for every centre, for how many it is:
    "40,0 % · bei 5 von 8 Zentren bekannt", or "– · bei keinem der 3 Zentren bekannt"."""
    note = known_among(known, total)
    if not note:
        return figure
    if not in_table:
        return f"{figure} · {note}"
    # In a table cell the note is a quieter second line under the figure (site.css .known-note).
    return format_html('{} <span class="known-note">· {}</span>', figure, note)


def demo_included(centres: int) -> str:
    """What a page or file counts beyond the real entries: "einschließlich 3 erfundener
    Demo-Zentren"."""
    return ngettext(
        "einschließlich %(count)s erfundenen Demo-Zentrums",
        "einschließlich %(count)s erfundener Demo-Zentren",
        centres,
    ) % {"count": whole(centres)}


def demo_counts(centres: int, offerings: int) -> str:
    """The demo data in numbers: "3 erfundene Demo-Zentren mit 12 Demo-Angeboten"."""
    centres_text = ngettext(
        "%(count)s erfundenes Demo-Zentrum", "%(count)s erfundene Demo-Zentren", centres
    ) % {"count": whole(centres)}
    offerings_text = ngettext("%(count)s Demo-Angebot", "%(count)s Demo-Angeboten", offerings) % {
        "count": whole(offerings)
    }
    return gettext("%(centres)s mit %(offerings)s") % {
        "centres": centres_text,
        "offerings": offerings_text,
    }
