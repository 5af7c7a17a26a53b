"""German and English: the URL alone decides (docs/languages.md).

German pages live at their own addresses, English ones under /en/ (i18n_patterns with
prefix_default_language=False in stadtteilzentren/urls.py), so a page's counterpart is the same
path and query string with the prefix added or taken away: filters are German slugs in both
languages and survive a switch.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.urls import get_script_prefix
from django.utils import translation
from django.utils.http import split_header_value

# Real filters fit easily (all twelve Bezirke and a search are ~400 characters); a longer query
# string is junk or an attack, and is not copied into every link of the page.
MAX_QUERY_LENGTH = 1000


class UrlLanguageMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware without `Vary: Accept-Language`.

    With prefix_default_language=False every address outside /en/ is German whatever the browser
    asks for, so the header is not true here; left in, it would split every cached page (and the
    page cache keyed by language) by each browser's list of languages.
    """

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        response = super().process_response(request, response)
        if response.has_header("Vary"):
            kept = [
                field
                for field in split_header_value(response["Vary"])
                if field and field.lower() != "accept-language"
            ]
            if kept:
                response["Vary"] = ", ".join(kept)
            else:
                del response["Vary"]
        return response


def language_paths(request: HttpRequest) -> dict[str, str]:
    """The current page's path with its query string in every language of LANGUAGES."""
    prefix = get_script_prefix()
    full_path = request.get_full_path()
    if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_LENGTH:
        full_path = request.path
    rest = full_path.removeprefix(prefix)
    prefixed = translation.get_language_from_path(request.path_info)
    if prefixed:
        rest = rest.removeprefix(prefixed).removeprefix("/")
    return {
        code: prefix + rest if code == settings.LANGUAGE_CODE else f"{prefix}{code}/{rest}"
        for code, _name in settings.LANGUAGES
    }
