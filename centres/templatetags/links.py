"""Links to addresses stored in the database: only web, e-mail and phone links become `href`s."""

from __future__ import annotations

from urllib.parse import urlsplit

from django import template

register = template.Library()

SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})


def link_target(value: object) -> str:
    """The address if it is an http(s), mailto or tel link, else "".

    Forms and the import refuse `javascript:` and `data:` addresses, but a value stored another
    way (the shell, an old import, a database restore) would run when clicked. Browsers ignore
    tabs, newlines and leading control characters in a scheme (`java\\tscript:`), so any control
    character makes the address unsafe rather than being stripped.
    """
    url = str(value or "").strip()
    if not url or any(ord(character) < 0x20 or ord(character) == 0x7F for character in url):
        return ""
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    scheme = parts.scheme.lower()
    if scheme not in SAFE_SCHEMES:
        return ""
    if scheme in {"http", "https"} and not parts.netloc:
        return ""
    return url


@register.filter
def safe_link(value: object) -> str:
    """`{% with url=centre.website|safe_link %}{% if url %}<a href="{{ url }}">…`"""
    return link_target(value)
