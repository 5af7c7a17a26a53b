"""Addresses residents type by hand: `/bezirke/NEUKOELLN/` is the same page as
`/bezirke/neukoelln/`, so it redirects there for good (301) instead of answering 404."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.urls import reverse


class LowercaseSlugMixin:
    """For a view whose URL has a `slug`: an upper-case slug redirects to the lower-case URL."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        slug = kwargs.get("slug", "")
        if slug != slug.lower():
            match = request.resolver_match
            url = reverse(
                f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name,
                args=args,
                kwargs={**kwargs, "slug": slug.lower()},
            )
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)
        return super().get(request, *args, **kwargs)
