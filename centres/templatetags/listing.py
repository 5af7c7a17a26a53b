"""Pieces of the public pages that read the same everywhere: yes/no facts, the breadcrumb trail."""

from __future__ import annotations

import datetime
from typing import Any

from django import template
from django.utils import dateformat, formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from centres.wording import yes_no_unknown as wording_yes_no_unknown

register = template.Library()


@register.filter
def yes_no_unknown(value: bool | None, answers: str = "") -> str:
    """A fact that may not be known: "ja", "nein" or "nicht bekannt".

    Where yes and no read better as a phrase, `answers` gives them as "yes text|no text"
    (`{{ centre.is_ifp_funded|yes_no_unknown:_("Gefördert|Nicht gefördert") }}`); what is not
    known still reads "nicht bekannt".
    """
    if value is None or not answers:
        return wording_yes_no_unknown(value)
    yes, no = answers.split("|")
    return yes if value else no


@register.inclusion_tag("includes/breadcrumbs.html")
def breadcrumb_trail(*links: str) -> dict[str, Any]:
    """The trail from the start page to the current page's parent.

    Give each step as a URL and its label: `{% breadcrumb_trail district_url district.name %}`.
    """
    if len(links) % 2:
        raise template.TemplateSyntaxError("breadcrumb_trail takes pairs of URL and label.")
    return {"trail": list(zip(links[::2], links[1::2], strict=True))}


@register.simple_tag
def when(
    starts: datetime.datetime, ends: datetime.datetime | None = None, date_format: str = ""
) -> str:
    """A date with its clock time as unbreakable pieces: the line may break between the date and
    the time, never inside either ("Samstag, 12. Dezember 2026, | 14:00 Uhr").

    `{% when offering.starts_at offering.ends_at %}` gives "Sa, 12. Dezember 2026, 14:00–20:00
    Uhr"; an end on another day repeats the date.
    """
    date_format = date_format or _("D, j. F Y")
    starts = _local(starts)
    date = _piece(starts.date().isoformat(), formats.date_format(starts, date_format))
    if ends is None:
        clock = _piece(_iso(starts), o_clock(formats.time_format(starts, "H:i")))
        return format_html("{}, {}", date, clock)
    ends = _local(ends)
    if ends.date() == starts.date():
        span = o_clock(format_html("{}–{}", _clock(starts), _clock(ends)))
        return format_html('{}, <span class="nowrap">{}</span>', date, span)
    end_date = _piece(ends.date().isoformat(), formats.date_format(ends, date_format))
    return format_html("{}, {} – {}, {}", date, _clock(starts), end_date, o_clock(_clock(ends)))


@register.filter
def o_clock(time: str) -> str:
    """A clock time as a sentence says it: "14:00 Uhr" in German, "14:00" in English.
    `{{ starts|time:"H:i"|o_clock }}`, or `{% filter o_clock %}…{% endfilter %}` around a span."""
    return format_html(_("{time} Uhr"), time=time)


def _local(value: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


def _iso(value: datetime.datetime) -> str:
    return dateformat.format(value, "c")


def _piece(machine: str, shown: str) -> str:
    return format_html('<time datetime="{}" class="nowrap">{}</time>', machine, shown)


def _clock(value: datetime.datetime) -> str:
    return _piece(_iso(value), formats.time_format(value, "H:i"))
