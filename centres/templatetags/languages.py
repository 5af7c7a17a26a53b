"""The page in the other language, and German content inside English pages (docs/languages.md)."""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from centres.languages import language_paths

register = template.Library()


@dataclass(frozen=True)
class LanguageVersion:
    code: str
    name: str
    path: str
    current: bool


@register.simple_tag(takes_context=True)
def language_versions(context: template.Context) -> list[LanguageVersion]:
    """Every language's version of this page: `{% language_versions as versions %}`."""
    request = context.get("request")
    if request is None:
        return []
    current = translation.get_language()
    paths = language_paths(request)
    return [
        LanguageVersion(code=code, name=name, path=paths[code], current=code == current)
        for code, name in settings.LANGUAGES
    ]


@register.simple_tag
def content_lang() -> SafeString:
    """` lang="de"` on an element showing what staff wrote in German, inside a page in another
    language, so screen readers pronounce a centre's name and description as German."""
    if translation.get_language() == settings.LANGUAGE_CODE:
        return mark_safe("")
    return mark_safe(f' lang="{settings.LANGUAGE_CODE}"')
