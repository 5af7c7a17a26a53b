"""Search on the cards and lists: why a card matched, and "Meinten Sie …?" when nothing did."""

from __future__ import annotations

from typing import Any

from django import template

from centres.models import Centre, Offering
from centres.search import (
    centre_fields,
    matched_fields,
    offering_fields,
    query_words,
    suggestion,
)

register = template.Library()

SHOWN_MATCHES = 3


def _query(context: template.Context) -> str:
    """The valid search text of the list's filter, or ""."""
    filterset = context.get("filter")
    form = getattr(filterset, "form", None)
    if form is None or not form.is_bound or not form.is_valid():
        return ""
    return form.cleaned_data.get("q") or ""


@register.inclusion_tag("centres/_search_match.html", takes_context=True)
def search_match(context: template.Context, item: Centre | Offering) -> dict[str, Any]:
    """The fields of this card that the search words matched, marked (nothing without a search)."""
    terms = query_words(_query(context))
    if not terms:
        return {"searched": False}
    fields = centre_fields(item) if isinstance(item, Centre) else offering_fields(item)
    return {
        "searched": True,
        "is_centre": isinstance(item, Centre),
        "matches": matched_fields(fields, terms)[:SHOWN_MATCHES],
    }


@register.inclusion_tag("centres/_did_you_mean.html", takes_context=True)
def did_you_mean(context: template.Context) -> dict[str, Any]:
    """The closest known name as a new search, when a search found nothing."""
    query = _query(context)
    if not query:
        return {}
    proposal = suggestion(query)
    if not proposal:
        return {}
    params = context["request"].GET.copy()
    params["q"] = proposal
    params.pop("page", None)
    return {"proposal": proposal, "url": f"?{params.urlencode()}"}
