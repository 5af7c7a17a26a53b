"""The stored search document of centres and offerings: its columns and its German folding.

Each searchable row keeps two columns, written by `centres.services.search_documents` (never
by hand, never per row at query time):

- `search_text`: the row's words lower-cased and folded (ä→a, ß→ss), each word with an umlaut
  also transliterated (ö→oe), so plain containment finds "Köpenick" from "Kopenick",
  "Koepenick" or "köpenick" on every database; on PostgreSQL a trigram GIN index serves it.
- `search_vector`: on PostgreSQL a weighted `tsvector` in the `german_unaccent` configuration
  (German stemming after `unaccent`), with a GIN index. Elsewhere the column is plain text and
  stays empty: there is no full-text search on SQLite.
"""

from __future__ import annotations

import re
import unicodedata

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

SEARCH_CONFIG = "german_unaccent"

# What `unaccent` does not take apart by decomposition; the rest is NFKD minus the marks.
_SPECIAL = str.maketrans({"ß": "ss", "ẞ": "ss", "æ": "ae", "ø": "o", "œ": "oe", "ł": "l", "đ": "d"})
_TRANSLITERATE = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue"})
_WORD = re.compile(r"\w+")


def fold(text: str) -> str:
    """Lower case without accents, as `unaccent` does it: "Köpenick Straße" → "kopenick strasse"."""
    decomposed = unicodedata.normalize("NFKD", text.lower().translate(_SPECIAL))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def transliterate(text: str) -> str:
    """German transliteration, lower case: "Köpenick" → "koepenick"."""
    return fold(text.lower().translate(_TRANSLITERATE))


def words(text: str) -> list[str]:
    """The folded words of a text; punctuation, operators and control characters drop out."""
    return _WORD.findall(fold(text))


def folded_document(*texts: str) -> str:
    """The `search_text` of these texts: folded, plus the transliteration of umlaut words."""
    folded = []
    for text in texts:
        if not text:
            continue
        folded.append(fold(text))
        extra = [transliterate(word) for word in re.findall(r"\w*[äöüÄÖÜ]\w*", text)]
        folded.extend(extra)
    return " ".join(" ".join(folded).split())


def with_transliterations(text: str) -> str:
    """A text followed by the transliterated copies of its umlaut words, for `to_tsvector`."""
    extra = {transliterate(word) for word in re.findall(r"\w*[äöüÄÖÜ]\w*", text)}
    return " ".join([text, *sorted(extra)]) if extra else text


class SearchDocumentField(SearchVectorField):
    """A `tsvector` on PostgreSQL, an (always empty) text column elsewhere.

    So one migration serves both databases and SQLite never sees a type it does not know.
    """

    def db_type(self, connection) -> str:
        return "tsvector" if connection.vendor == "postgresql" else "text"


class Searchable(models.Model):
    """A row with a stored search document (see the module docstring)."""

    search_text = models.TextField(_("Suchtext"), blank=True, default="", editable=False)
    search_vector = SearchDocumentField(_("Suchindex"), null=True, blank=True, editable=False)

    class Meta:
        abstract = True


# Not versioned in the history: derived from the other fields, and rewritten on every refresh.
SEARCH_FIELDS = ["search_text", "search_vector"]
