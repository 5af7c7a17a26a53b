""" "Near me": the `nahe=<lat>,<lon>` filter of the centre list and its form field.

The field turns the text into a `NearPoint`; the filter sorts the centres by the distance from
it (`CentreQuerySet.by_distance_from()`). Anything that is not a point in or around Berlin is a
form error in words: the list names it and stays unsorted.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

# Berlin and the places around it from where a resident might look for a centre; wider than
# the box a site's coordinates must lie in (centres/models/sites.py).
NEAR_LATITUDE = (52.2, 52.85)
NEAR_LONGITUDE = (12.85, 14.0)
_NUMBER = r"[-+]?\d{1,3}(?:\.\d{1,12})?"
_POINT = re.compile(rf"^\s*({_NUMBER})\s*[,;]\s*({_NUMBER})\s*$")


@dataclass(frozen=True)
class NearPoint:
    latitude: float
    longitude: float
    raw: str

    def __str__(self) -> str:
        # The filter chip removes the value by its text in the address: keep it as it came.
        return self.raw

    @property
    def label(self) -> str:
        return f"{number_format(self.latitude, 4)}, {number_format(self.longitude, 4)}"


class NearMeWidget(forms.TextInput):
    """A text field for "Breite, Länge" and, once JavaScript runs, a button that fills it with
    the browser's position and sends the form (static/js/near-me.js)."""

    template_name = "centres/widgets/near_me.html"

    def __init__(self, attrs=None):
        super().__init__(
            {"inputmode": "decimal", "autocomplete": "off", "spellcheck": "false", **(attrs or {})}
        )

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        if widget_attrs.get("id"):
            widget_attrs["aria-describedby"] = f"{widget_attrs['id']}-hint"
        return context

    def format_value(self, value):
        return value.raw if isinstance(value, NearPoint) else super().format_value(value)


class NearField(forms.CharField):
    widget = NearMeWidget
    default_error_messages = {
        "invalid": _(
            "Bitte Breiten- und Längengrad als zwei Zahlen mit Komma dazwischen angeben, "
            "z. B. „52.4870,13.4249“."
        ),
        "range": _(
            "Dieser Ort liegt nicht in Berlin oder seiner Umgebung; die Zentren werden "
            "nicht nach Entfernung sortiert."
        ),
    }

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        match = _POINT.match(text[:100])
        if not match:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        latitude, longitude = float(match[1]), float(match[2])
        if not all(map(math.isfinite, (latitude, longitude))):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if not (
            NEAR_LATITUDE[0] <= latitude <= NEAR_LATITUDE[1]
            and NEAR_LONGITUDE[0] <= longitude <= NEAR_LONGITUDE[1]
        ):
            raise forms.ValidationError(self.error_messages["range"], code="range")
        return NearPoint(latitude, longitude, text.strip())


class NearFilter(django_filters.Filter):
    """Sorts by distance from the point, nearest first; annotates `distance_km`."""

    field_class = NearField

    def filter(self, qs: QuerySet, value: NearPoint | None) -> QuerySet:
        return qs.by_distance_from(value.latitude, value.longitude) if value else qs
