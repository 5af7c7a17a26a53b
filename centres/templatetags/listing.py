"""Pieces of the public pages that read the same everywhere: the breadcrumb trail."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("includes/breadcrumbs.html")
def breadcrumb_trail(*links: str) -> dict[str, Any]:
    """The trail from the start page to the current page's parent.

    Give each step as a URL and its label: `{% breadcrumb_trail district_url district.name %}`.
    """
    if len(links) % 2:
        raise template.TemplateSyntaxError("breadcrumb_trail takes pairs of URL and label.")
    return {"trail": list(zip(links[::2], links[1::2], strict=True))}
