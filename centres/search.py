"""Text search of the public lists: one module, so both lists and both databases agree.

A query is cut into folded words (`centres.models.search.words`: lower case, no accents, no
punctuation or operators); a row matches when every word matches its stored search document
(`search_text`, `search_vector`, written by `centres.services.search_documents`):

- on every database, the word's light stem ("beratungen" → "beratung") is contained in the
  folded text, which also holds transliterations ("koepenick");
- on PostgreSQL also German full-text search (`german_unaccent`: stemmed, accent-blind), served
  by GIN indexes like the containment; results are ranked by `ts_rank` (up to
  `SEARCH_RANK_LIMIT` matches; more keep the list's order, `is_broad()`). Words of five letters
  or more are also looked up, by pg_trgm similarity, in the small vocabulary of known names
  (`typo_corrections()`: one query), and the close names' words searched too ("kreutzberg"
  finds "kreuzberg").

`suggestion()` offers "Meinten Sie …?" when nothing matched; `matched_fields()` says why a card
matched, with the words marked.
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import F, Q, QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from centres.models import (
    Centre,
    District,
    Offering,
    OfferingKind,
    Ortsteil,
    Status,
    TargetGroup,
)
from centres.models.search import SEARCH_CONFIG, fold, transliterate, words

MAX_QUERY_LENGTH = 200
MAX_WORDS = 8
MAX_WORD_LENGTH = 60
TYPO_MIN_LENGTH = 5
TYPO_MIN_RATIO = 0.75
MAX_CORRECTIONS = 3
SUGGESTION_MIN_SIMILARITY = 0.4
HIGHLIGHT_MIN_RATIO = 0.8
_SUFFIXES = ("innen", "en", "er", "es", "e", "n", "s")


class SearchQueryField(forms.CharField):
    """The search box: at most `MAX_QUERY_LENGTH` characters, and at least one word in them."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", MAX_QUERY_LENGTH)
        super().__init__(**kwargs)
        self.error_messages["max_length"] = _(
            "Der Suchbegriff ist zu lang. Bitte verwenden Sie höchstens %(limit_value)d Zeichen."
        )

    def validate(self, value: str) -> None:
        super().validate(value)
        if value and not words(value):
            raise ValidationError(
                _("Bitte suchen Sie nach Wörtern oder Zahlen, nicht nur nach Satzzeichen."),
                code="no_words",
            )


def query_words(query: str) -> list[str]:
    """The words searched for: folded, at most `MAX_WORDS`, each at most `MAX_WORD_LENGTH`."""
    found = []
    for word in words(query):
        word = word[:MAX_WORD_LENGTH]
        if word not in found:
            found.append(word)
    return found[:MAX_WORDS]


def stem(word: str) -> str:
    """A light German stem for containment: "beratungen" → "beratung", "senioren" → "senior"."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def _word_matches(word: str) -> Q:
    matches = Q(search_text__contains=stem(word))
    if _is_postgresql():
        matches |= Q(search_vector=SearchQuery(word, config=SEARCH_CONFIG))
    return matches


def search(queryset: QuerySet, query: str) -> QuerySet:
    """The rows of `queryset` whose documents match every word, best first on PostgreSQL."""
    found = query_words(query)
    if not found:
        return queryset
    corrections = typo_corrections(found) if _is_postgresql() else {}
    for word in found:
        matches = _word_matches(word)
        for correction in corrections.get(word, []):
            matches |= _word_matches(correction)
        queryset = queryset.filter(matches)
    if not _is_postgresql() or is_broad(queryset):
        return queryset
    searched = [*found, *(c for word in found for c in corrections.get(word, []))]
    any_word = SearchQuery(searched[0], config=SEARCH_CONFIG)
    for word in searched[1:]:
        any_word |= SearchQuery(word, config=SEARCH_CONFIG)
    ordering = list(queryset.query.order_by or queryset.model._meta.ordering)
    # Real entries stay before demo ones (as everywhere); within each, the best match first.
    demo_first = [
        field
        for field in ordering[:1]
        if isinstance(field, str) and field.lstrip("-").endswith("is_demo")
    ]
    return queryset.annotate(search_rank=SearchRank(F("search_vector"), any_word)).order_by(
        *demo_first, "-search_rank", *ordering[len(demo_first) :]
    )


def is_broad(matches: QuerySet) -> bool:
    """Whether more rows match than are worth ranking (`SEARCH_RANK_LIMIT`): one query that
    stops after the limit. `ts_rank` reads every match's document, and a broad word ("sport",
    "beratung") matches tens of thousands of rows at country size (0.2 s); such a search keeps
    the list's own order, which an index serves, and the page says so (`is_ranked()`)."""
    limit = settings.SEARCH_RANK_LIMIT
    return matches.order_by().values("pk")[limit : limit + 1].exists()


def is_ranked(queryset: QuerySet) -> bool:
    """Whether `search()` ordered these rows by how well they match."""
    return "search_rank" in queryset.query.annotations


def typo_corrections(found: list[str]) -> dict[str, list[str]]:
    """PostgreSQL: for words of five letters or more, the words of known names (Bezirke,
    Ortsteile, kinds, target groups, centres) that pg_trgm finds similar: "kreutzberg" →
    ["kreuzberg"]. One query over a vocabulary of a few thousand names, not over the rows.
    """
    terms = [word for word in found if len(word) >= TYPO_MIN_LENGTH and not word.isdigit()]
    if not terms:
        return {}
    # The few hundred names of places, kinds and groups compared one by one; the centres'
    # names (10,000 at country size) through the trigram index of their folded names
    # (`centres_centre_pub_name_trgm`, `centres_fold` = lower(unaccent())).
    vocabulary, params = _vocabulary_sql(centres=False)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT t.term, lower(unaccent(v.name)) "  # noqa: S608
            f"FROM ({vocabulary}) AS v(name), unnest(%s::text[]) AS t(term) "
            "WHERE t.term <<%% lower(unaccent(v.name)) "
            "UNION "
            f"SELECT t.term, centres_fold(c.name) FROM {Centre._meta.db_table} AS c, "
            "unnest(%s::text[]) AS t(term) "
            "WHERE c.status = %s AND t.term <<%% centres_fold(c.name)",
            [*params, terms, terms, Status.PUBLISHED.value],
        )
        rows = cursor.fetchall()
    corrections: dict[str, set[str]] = {}
    for term, name in rows:
        for part in words(name):
            similar = difflib.SequenceMatcher(None, term, part).ratio() >= TYPO_MIN_RATIO
            if part != term and similar:
                corrections.setdefault(term, set()).add(part)
    return {term: sorted(parts)[:MAX_CORRECTIONS] for term, parts in corrections.items()}


def search_centres(queryset: QuerySet, query: str) -> QuerySet:
    return search(queryset, query)


def search_offerings(queryset: QuerySet, query: str) -> QuerySet:
    return search(queryset, query)


# "Meinten Sie …?"


def _vocabulary_sql(*, centres: bool = True) -> tuple[str, list]:
    """The known names: Bezirke, Ortsteile, target groups, kinds, and the published centres'
    (unless `centres=False`)."""
    kinds = [str(label) for label in OfferingKind.labels]
    parts = [
        f"SELECT name FROM {District._meta.db_table}",
        f"SELECT name FROM {Ortsteil._meta.db_table}",
        f"SELECT name FROM {TargetGroup._meta.db_table}",
        *([f"SELECT name FROM {Centre._meta.db_table} WHERE status = %s"] if centres else []),
        *["SELECT %s"] * len(kinds),
    ]
    return " UNION ".join(parts), [*([Status.PUBLISHED.value] if centres else []), *kinds]


def suggestion(query: str) -> str | None:
    """The Bezirk, Ortsteil, kind, target group or centre name closest to the query, if any.

    Only asked when nothing matched: one query over a vocabulary of a few thousand names.
    """
    terms = [word for word in query_words(query) if len(word) >= 3]
    if not terms:
        return None
    vocabulary, params = _vocabulary_sql()
    with connection.cursor() as cursor:
        if _is_postgresql():
            cursor.execute(
                "SELECT v.name, max(word_similarity(t.term, lower(unaccent(v.name)))) AS score "  # noqa: S608
                f"FROM ({vocabulary}) AS v(name), unnest(%s::text[]) AS t(term) "
                "GROUP BY v.name HAVING max(word_similarity(t.term, lower(unaccent(v.name)))) >= %s "
                "ORDER BY score DESC, length(v.name), v.name LIMIT 1",
                [*params, terms, SUGGESTION_MIN_SIMILARITY],
            )
            row = cursor.fetchone()
            return row[0] if row else None
        cursor.execute(vocabulary, params)
        names = [name for (name,) in cursor.fetchall()]
    best, best_score = None, 0.0
    for name in names:
        for part in words(name):
            for term in terms:
                score = difflib.SequenceMatcher(None, term, part).ratio()
                if score > best_score or (score == best_score and best and len(name) < len(best)):
                    best, best_score = name, score
    return best if best_score >= 0.75 else None


# Why a card matched


@dataclass(frozen=True)
class Match:
    label: str
    text: SafeString


def _word_hits(word: str, terms: list[str]) -> bool:
    return _word_hits_terms(word, tuple(terms))


@functools.lru_cache(maxsize=4096)
def _word_hits_terms(word: str, terms: tuple[str, ...]) -> bool:
    """Whether a word of a card matches a search term. Remembered: a page of cards repeats
    its words (places, kinds, the same descriptions), and each needs folding and comparing."""
    forms_ = {fold(word), transliterate(word)}
    for term in terms:
        needle = stem(term)
        if any(needle in form for form in forms_):
            return True
        if len(term) >= TYPO_MIN_LENGTH and any(
            _similar(term, form, HIGHLIGHT_MIN_RATIO) for form in forms_
        ):
            return True
    return False


def _similar(term: str, form: str, least: float) -> bool:
    """`SequenceMatcher(None, term, form).ratio() >= least`, without building the matcher when
    the lengths alone rule it out (the ratio, 2·matches / sum of lengths, is at most that with
    matches = the shorter length)."""
    if 2.0 * min(len(term), len(form)) / (len(term) + len(form)) < least:
        return False
    return difflib.SequenceMatcher(None, term, form).ratio() >= least


_TOKENS = re.compile(r"(\w+)")


def highlight(text: str, terms: list[str]) -> tuple[SafeString, bool]:
    """The text escaped, every word that matches a term in <mark>; and whether any did."""
    pieces, hit = [], False
    for index, token in enumerate(_TOKENS.split(text)):
        if index % 2 and _word_hits(token, terms):
            pieces.append(f"<mark>{escape(token)}</mark>")
            hit = True
        else:
            pieces.append(escape(token))
    return mark_safe("".join(pieces)), hit  # noqa: S308 - every piece is escaped


def snippet(text: str, terms: list[str], *, around: int = 8) -> SafeString | None:
    """A few words either side of the first match in a longer text, marked; None if none."""
    tokens = text.split()
    for position, token in enumerate(tokens):
        if _word_hits_any(token, terms):
            start, end = max(0, position - around), min(len(tokens), position + around + 1)
            marked, _hit = highlight(" ".join(tokens[start:end]), terms)
            before = "… " if start else ""
            after = " …" if end < len(tokens) else ""
            return mark_safe(f"{before}{marked}{after}")  # noqa: S308 - marked is escaped
    return None


def _word_hits_any(token: str, terms: list[str]) -> bool:
    return any(_word_hits(word, terms) for word in _TOKENS.findall(token))


def matched_fields(fields: list[tuple[str, str]], terms: list[str]) -> list[Match]:
    """Of these (label, text) pairs, those with a match, marked; long texts as a snippet."""
    matches = []
    for label, text in fields:
        if not text:
            continue
        if len(text) > 160:
            shown = snippet(text, terms)
            if shown:
                matches.append(Match(label, shown))
            continue
        marked, hit = highlight(text, terms)
        if hit:
            matches.append(Match(label, marked))
    return matches


def centre_fields(centre: Centre) -> list[tuple[str, str]]:
    """What a centre card can show of a centre, without another query (see `for_list()`)."""
    site = centre.main_site
    address = ", ".join(part for part in (site.street, site.postcode) if part) if site else ""
    return [
        (str(_("Name")), centre.name),
        (str(_("Ort")), centre.place),
        (str(_("Adresse")), address),
        (str(_("Träger")), centre.provider.name if centre.provider else ""),
        (str(_("Beschreibung")), centre.description),
        # The further sites, which the search document holds too: a search for a second
        # site's street or Ortsteil says where it found the centre.
        *(
            (str(_("Weiterer Standort")), ", ".join(part for part in _site_parts(other) if part))
            for other in centre.other_sites
        ),
    ]


def _site_parts(site) -> tuple[str, ...]:
    return (
        site.name,
        site.street,
        site.postcode,
        site.ortsteil.name if site.ortsteil_id else "",
    )


def offering_fields(offering: Offering) -> list[tuple[str, str]]:
    """What an offering card can show of an offering, without another query."""
    return [
        (str(_("Titel")), offering.title),
        (str(_("Art")), str(offering.get_kind_display())),
        (str(_("Für")), ", ".join(group.name for group in offering.target_groups.all())),
        (str(_("Sprachen")), ", ".join(language.name for language in offering.languages.all())),
        (str(_("Zentrum")), f"{offering.centre.name}, {offering.centre.district.name}"),
        (str(_("Beschreibung")), offering.description),
    ]
