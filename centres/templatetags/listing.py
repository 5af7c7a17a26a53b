"""Pieces of the public pages that read the same everywhere: yes/no facts, the breadcrumb trail."""

from __future__ import annotations

from typing import Any

from django import template

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
