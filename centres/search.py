"""Text search of the public lists: one module, so both lists and both databases agree.

Every word must match somewhere (name, description, a site's name, street, postcode or Ortsteil,
provider, offering titles). On
PostgreSQL, German full-text search is tried too, so "Beratungen" finds "Beratung".
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet

MAX_WORDS = 8
MAX_WORD_LENGTH = 60


def _words(query: str) -> list[str]:
    return [word[:MAX_WORD_LENGTH] for word in query.split()[:MAX_WORDS]]


def _full_text(queryset: QuerySet, query: str, *fields: str) -> Q:
    from django.contrib.postgres.search import SearchQuery, SearchVector

    vector = SearchVector(*fields, config="german")
    ids = queryset.annotate(_search=vector).filter(
        _search=SearchQuery(query, config="german", search_type="websearch")
    )
    return Q(pk__in=ids.values("pk"))


def search_centres(queryset: QuerySet, query: str) -> QuerySet:
    from centres.models import Offering, Site

    words = _words(query)
    if not words:
        return queryset
    matches = Q()
    for word in words:
        titles = Offering.objects.published().filter(centre=OuterRef("pk"), title__icontains=word)
        sites = Site.objects.filter(centre=OuterRef("pk")).filter(_site_matches(word))
        matches &= (
            Q(name__icontains=word)
            | Q(description__icontains=word)
            | Q(district__name__icontains=word)
            | Q(provider__name__icontains=word)
            | Exists(sites)
            | Exists(titles)
        )
    if connection.vendor == "postgresql":
        matches |= _full_text(queryset.model.objects.all(), query, "name", "description")
    return queryset.filter(matches)


def _site_matches(word: str) -> Q:
    """A site whose name, street, postcode or Ortsteil contains the word."""
    return (
        Q(name__icontains=word)
        | Q(street__icontains=word)
        | Q(postcode__startswith=word)
        | Q(ortsteil__name__icontains=word)
    )


def search_offerings(queryset: QuerySet, query: str) -> QuerySet:
    from centres.models import Site

    words = _words(query)
    if not words:
        return queryset
    matches = Q()
    for word in words:
        matches &= (
            Q(title__icontains=word)
            | Q(description__icontains=word)
            | Q(centre__name__icontains=word)
            | Q(centre__district__name__icontains=word)
            | Exists(Site.objects.filter(centre=OuterRef("centre")).filter(_site_matches(word)))
        )
    if connection.vendor == "postgresql":
        matches |= _full_text(queryset.model.objects.all(), query, "title", "description")
    return queryset.filter(matches)
