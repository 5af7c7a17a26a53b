"""How the funders' overview writes values for people: the page's cells and the CSV's decimals.

Plain functions, so the page (through the `overview` template filters), the table columns and
the exports format a number the same way.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils.formats import date_format, number_format

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
    return MISSING if value is None else date_format(value, "j.n.Y")


def text(value: object) -> str:
    """Any other value as it is; an en dash where it is missing or empty."""
    return MISSING if value is None or value == "" else str(value)
