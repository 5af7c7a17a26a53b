"""Pages of a list that do not exist (`?page=999`, `?page=abc`) answer with a page that says
how many there are and links to the last one, with status 404: the address is wrong, but the
resident should not have to guess which page is the last."""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import InvalidPage, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import cached_property
from django.utils.text import Truncator

from centres import pagecache

logger = logging.getLogger(__name__)

# A page "number" longer than this is shortened in the message (`?page=` followed by an essay).
SHOWN_PAGE_LENGTH = 12


class MissingPage(Exception):
    """The page asked for is not one of the list's pages."""

    def __init__(self, asked: str, paginator: Paginator):
        super().__init__(asked)
        self.asked = asked
        self.paginator = paginator


def count_key(request: HttpRequest, *, ignore: tuple[str, ...] = ("page",)) -> str | None:
    """Where a list's total is cached: per data version, clock slot (counts may depend on the
    time: what is open, what has ended), path and normalised query without the page number.
    None when the page cache is off: without a shared cache the data version is per process,
    and a count cached by one worker would outlive a write made through another."""
    if not settings.PAGE_CACHE_ENABLED:
        return None
    query = request.GET.copy()
    for name in ignore:
        query.pop(name, None)
    address = hashlib.sha256(
        f"{request.path}?{pagecache.normalised_query(query.urlencode())}".encode()
    ).hexdigest()
    try:
        version = pagecache.data_version()
    except Exception:
        logger.exception("Count cache unavailable")
        return None
    return f"count:{version}:{pagecache.clock_bucket()}:{address}"


class CachedCountPaginator(Paginator):
    """A paginator that counts a filter's rows once per data version (`count_key`), not on
    every page of it: the count repeats the whole filtered query."""

    def __init__(self, *args: Any, count_key: str | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.count_key = count_key

    @cached_property
    def count(self) -> int:
        if self.count_key is None:
            return super().count
        try:
            count = cache.get(self.count_key)
        except Exception:
            logger.exception("Count cache unavailable")
            return super().count
        if count is None:
            count = super().count
            try:
                cache.set(self.count_key, count, timeout=settings.PAGE_CACHE_SECONDS)
            except Exception:
                logger.exception("Count cache unavailable")
        return count


class FriendlyPagesMixin:
    """For a `MultipleObjectMixin` view: a missing page is a 404 page that says what exists."""

    missing_page_template = "centres/page_not_found.html"
    paginator_class = CachedCountPaginator

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kwargs):
        return self.paginator_class(
            queryset,
            per_page,
            orphans=orphans,
            allow_empty_first_page=allow_empty_first_page,
            count_key=count_key(self.request),
            **kwargs,
        )

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(
            queryset,
            page_size,
            orphans=self.get_paginate_orphans(),
            allow_empty_first_page=self.get_allow_empty(),
        )
        asked = self.kwargs.get(self.page_kwarg) or self.request.GET.get(self.page_kwarg) or "1"
        try:
            number = paginator.num_pages if asked == "last" else int(asked)
            page = paginator.page(number)
        except (ValueError, InvalidPage):
            raise MissingPage(asked, paginator) from None
        return paginator, page, page.object_list, page.has_other_pages()

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return super().get(request, *args, **kwargs)
        except MissingPage as missing:
            return missing_page_response(request, missing, self.missing_page_template)


def missing_page_response(
    request: HttpRequest, missing: MissingPage, template: str
) -> HttpResponse:
    last = missing.paginator.num_pages
    query = request.GET.copy()
    query.pop("page", None)
    first_url = f"{request.path}?{query.urlencode()}" if query else request.path
    if last > 1:
        query["page"] = str(last)
    last_url = f"{request.path}?{query.urlencode()}" if query else request.path
    asked = missing.asked
    return render(
        request,
        template,
        {
            "asked": Truncator(asked).chars(SHOWN_PAGE_LENGTH),
            "asked_is_number": asked.lstrip("-").isdigit() and len(asked) <= SHOWN_PAGE_LENGTH,
            "page_count": last,
            "last_url": last_url,
            "first_url": first_url,
        },
        status=404,
    )
