"""For search engines: canonical links and schema.org JSON-LD (built in `centres.seo`)."""

from __future__ import annotations

from django import template
from django.utils.html import format_html, json_script

register = template.Library()


@register.simple_tag(takes_context=True)
def canonical_link(context: template.Context, path: str = "") -> str:
    """`<link rel="canonical">` to `path` (default: this page's path), absolute and without
    the query string: filters, previews and tracking parameters name no page of their own."""
    request = context["request"]
    return format_html(
        '<link rel="canonical" href="{}">', request.build_absolute_uri(path or request.path)
    )


@register.simple_tag
def json_ld(data: dict | None) -> str:
    """A `<script type="application/ld+json">` data block. Browsers never run it, so the
    Content-Security-Policy's script-src does not concern it; `json_script`'s escaping keeps a
    `</script>` inside a name from ending the block."""
    if not data:
        return ""
    return json_script(data).replace(
        '<script type="application/json">', '<script type="application/ld+json">', 1
    )
