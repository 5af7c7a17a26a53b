"""Formatting for the funders' overview: the page and the CSV write numbers the same way."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.formats import number_format

from centres.overview.charts import shade_level

register = template.Library()

MISSING = "–"


@register.filter
def decimal1(value: Decimal | None) -> str:
    """One decimal in the active locale (2,5 in German); an en dash where there is no value."""
    return MISSING if value is None else number_format(value, 1)


@register.filter
def percent(value: Decimal | None) -> str:
    return MISSING if value is None else f"{number_format(value, 1)}\u00a0%"


@register.filter
def shade(count: int, maximum: int) -> str:
    """The CSS class that shades a grid cell by its count."""
    return f"shade-{shade_level(count, maximum)}"


@register.filter
def whole(value: int | None) -> str:
    """A whole number with thousands separators (385.692); an en dash where there is none."""
    return MISSING if value is None else number_format(value, 0, force_grouping=True)
