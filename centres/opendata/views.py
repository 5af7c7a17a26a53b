"""/daten/ and its downloads; the HSDS endpoints under /api/hsds/ (docs/opendata.md).

Every answer is read from `records` (published, real, no personal data) in a fixed number
of queries, whatever the number of rows, and carries its licence and the day of its data.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView

from centres.opendata import hsds
from centres.opendata.geojson import sites_collection
from centres.opendata.licence import (
    CREDIT,
    LICENCE_NAME,
    LICENCE_URL,
    ODBL_NAME,
    ODBL_URL,
    licence_fields,
    stand,
    with_licence,
)
from centres.opendata.records import export_centres, export_offerings, export_sites
from centres.opendata.tables import centre_columns, centres_csv, offering_columns, offerings_csv

HSDS_SCHEMA_DIR = Path(__file__).resolve().parent / "hsds_schema"
PER_PAGE = 50
MAX_PER_PAGE = 500
JSON_CONTENT_TYPE = "application/json; charset=utf-8"


def json_response(data: dict, *, status: int = 200) -> JsonResponse:
    response = JsonResponse(
        data,
        status=status,
        content_type=JSON_CONTENT_TYPE,
        json_dumps_params={"ensure_ascii": False},
    )
    return with_licence(response)


def json_error(message: str, *, status: int) -> JsonResponse:
    return json_response({"error": message, **licence_fields()}, status=status)


class OpenDataView(TemplateView):
    """/daten/: what can be downloaded, under which licence, with which fields, as of when."""

    template_name = "opendata/index.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            stand=stand(),
            centre_count=export_centres().count(),
            offering_count=export_offerings().count(),
            licence_name=LICENCE_NAME,
            licence_url=LICENCE_URL,
            credit=CREDIT,
            odbl_name=ODBL_NAME,
            odbl_url=ODBL_URL,
            centre_fields=[column.name for column in centre_columns(str)] + ["lizenz", "stand"],
            offering_fields=[column.name for column in offering_columns(str)] + ["lizenz", "stand"],
            **kwargs,
        )


def centres_csv_view(request: HttpRequest) -> HttpResponse:
    return centres_csv(request, export_centres())


def offerings_csv_view(request: HttpRequest) -> HttpResponse:
    return offerings_csv(request, export_offerings())


def sites_geojson_view(request: HttpRequest) -> HttpResponse:
    sites = export_sites().filter(latitude__isnull=False, longitude__isnull=False)
    response = json_response(sites_collection(sites, request.build_absolute_uri))
    response["Content-Type"] = "application/geo+json; charset=utf-8"
    response["Content-Disposition"] = 'inline; filename="stadtteilzentren.geojson"'
    return response


# --- HSDS -------------------------------------------------------------------------------------


def hsds_root(request: HttpRequest) -> HttpResponse:
    """HSDS' "/" endpoint: which version this API speaks, and where its description is."""
    return json_response(
        {
            "version": hsds.HSDS_VERSION,
            "openapi_url": request.build_absolute_uri(reverse("centres:hsds_openapi")),
            **licence_fields(),
        }
    )


def hsds_openapi(request: HttpRequest) -> HttpResponse:
    """HSDS' own OpenAPI description (CC BY-SA 4.0, Open Referral), unchanged. Read whole
    (21 KB) rather than streamed, so the page cache can keep it."""
    return HttpResponse(
        (HSDS_SCHEMA_DIR / "openapi.json").read_bytes(), content_type=JSON_CONTENT_TYPE
    )


def _positive(value: str | None, default: int) -> int:
    if value in (None, ""):
        return default
    number = int(value)  # ValueError for text: a 400
    if number < 1:
        raise ValueError(value)
    return number


class HsdsListView(View):
    """A paginated HSDS list: `page` (from 1) and `per_page` (up to 500), as HSDS' API."""

    queryset: Callable[[], QuerySet]
    serialise: Callable[[Any, Callable[[str], str]], dict]

    def get(self, request: HttpRequest) -> HttpResponse:
        try:
            number = _positive(request.GET.get("page"), 1)
            per_page = min(_positive(request.GET.get("per_page"), PER_PAGE), MAX_PER_PAGE)
        except ValueError:
            return json_error("page und per_page sind ganze Zahlen ab 1.", status=400)
        paginator = Paginator(type(self).queryset(), per_page)
        total_pages = max(paginator.num_pages, 1)
        if number > total_pages:
            return json_error(f"Es gibt {total_pages} Seiten.", status=404)
        page = paginator.page(number) if paginator.count else None
        rows = list(page.object_list) if page else []
        url = request.build_absolute_uri
        return json_response(
            {
                "total_items": paginator.count,
                "total_pages": total_pages,
                "page_number": number,
                "size": len(rows),
                "first_page": number == 1,
                "last_page": number == total_pages,
                "empty": not rows,
                **licence_fields(),
                "contents": [type(self).serialise(row, url) for row in rows],
            }
        )


class HsdsDetailView(View):
    """One HSDS object by its identifier; 404 for any identifier that names no public row."""

    kind: str
    queryset: Callable[[], QuerySet]
    serialise: Callable[[Any, Callable[[str], str]], dict]

    def get(self, request: HttpRequest, id: str) -> HttpResponse:
        pk = hsds.hsds_pk(self.kind, id)
        row = type(self).queryset().filter(pk=pk).first() if pk is not None else None
        if row is None:
            return json_error("Nicht gefunden.", status=404)
        return json_response(
            {**type(self).serialise(row, request.build_absolute_uri), **licence_fields()}
        )


def _service_at_location(offering, url) -> dict:
    record = hsds.service_at_location(offering)
    if record is None:  # a centre without sites: nothing to place the service at
        raise Http404
    return record


def _offerings_with_venue() -> QuerySet:
    return export_offerings().filter(centre__sites__isnull=False).distinct()


def hsds_views() -> dict[str, tuple[type[View], type[View]]]:
    """Per HSDS path: its list view and its single-object view."""

    def pair(kind: str, queryset, serialise) -> tuple[type[View], type[View]]:
        attrs = {"queryset": staticmethod(queryset), "serialise": staticmethod(serialise)}
        listing = type(f"Hsds{kind.title()}List", (HsdsListView,), attrs)
        single = type(f"Hsds{kind.title()}Detail", (HsdsDetailView,), {"kind": kind, **attrs})
        return listing, single

    return {
        "organizations": pair("organization", export_centres, hsds.organization),
        "locations": pair("location", export_sites, hsds.location),
        "services": pair("service", export_offerings, hsds.service),
        "service_at_locations": pair(
            "service_at_location", _offerings_with_venue, _service_at_location
        ),
    }
