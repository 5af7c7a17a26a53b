"""For search engines: canonical links and schema.org JSON-LD (built in `centres.seo`)."""

from __future__ import annotations

from django import template
from django.http import QueryDict
from django.utils.html import format_html, json_script
from django.utils.safestring import mark_safe

from centres import seo

register = template.Library()


@register.simple_tag(takes_context=True)
def canonical_link(context: template.Context, path: str = "", keep: str = "") -> str:
    """`<link rel="canonical">` to `path` (default: this page's path), absolute and without
    the query string: filters, previews and tracking parameters name no page of their own.
    `keep` names a parameter that does (a list's `page` past the first)."""
    request = context["request"]
    url = request.build_absolute_uri(path or request.path)
    if keep and request.GET.get(keep) not in (None, "", "1"):
        query = QueryDict(mutable=True)
        query[keep] = request.GET[keep]
        url = f"{url}?{query.urlencode()}"
    return format_html('<link rel="canonical" href="{}">', url)


def _data_block(data: dict | None) -> str:
    """A `<script type="application/ld+json">` data block. Browsers never run it, so the
    Content-Security-Policy's script-src does not concern it; `json_script`'s escaping keeps a
    `</script>` inside a name from ending the block."""
    if not data:
        return ""
    block = json_script(data).replace(
        '<script type="application/json">', '<script type="application/ld+json">', 1
    )
    return mark_safe(block)  # json_script's escaped output, the opening tag's type changed


@register.simple_tag(takes_context=True)
def centre_json_ld(context: template.Context, centre) -> str:
    return _data_block(seo.centre_json_ld(centre, context["request"].build_absolute_uri))


@register.simple_tag(takes_context=True)
def offering_json_ld(context: template.Context, offering, next_occurrences=()) -> str:
    upcoming = next_occurrences[0].starts if next_occurrences else None
    return _data_block(
        seo.offering_json_ld(offering, context["request"].build_absolute_uri, upcoming)
    )
