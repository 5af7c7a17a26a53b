"""The read-only JSON API: centres and offerings with the same filters as the pages.

django-ninja rather than Django REST framework: the API has two read-only lists and no
writes, authentication or browsable pages, and ninja generates its OpenAPI description from
type hints with one small dependency tree (pydantic) instead of DRF plus drf-spectacular.

The filters are the pages' own FilterSets (`centres.filters`), given the request's query
string unchanged: the API cannot answer differently from `/zentren/` and `/angebote/`. Their
OpenAPI parameters are generated from the same FilterSets (`_filter_schema()`). Like every
export, the API leaves out drafts, archived entries and demo data (`real()`), and names its
licence and date.
"""

from __future__ import annotations

import datetime
from typing import Any

import django_filters
from django.core.paginator import Paginator
from django.http import HttpRequest
from ninja import Field, NinjaAPI, Query, Schema
from ninja.errors import HttpError
from pydantic import create_model

from centres import hours
from centres.filters import CentreFilter, OfferingFilter
from centres.models import Centre, Offering
from centres.opendata.licence import licence_fields

PER_PAGE = 50
MAX_PER_PAGE = 200

api = NinjaAPI(
    title="Stadtteilzentren Berlin",
    version="1",
    description=(
        "Öffentliche, nicht erfundene Einträge des Verzeichnisses, mit denselben Filtern wie "
        "die Seiten /zentren/ und /angebote/. Lizenz CC BY 4.0 (Koordinaten aus "
        "OpenStreetMap: ODbL 1.0), siehe /daten/."
    ),
    urls_namespace="api_v1",
    docs_url=None,  # Swagger UI would load scripts from a CDN, which the CSP forbids.
    openapi_url="/openapi.json",
)


def _filter_schema(filterset: type[django_filters.FilterSet], name: str) -> type[Schema]:
    """The FilterSet's parameters as a schema: several values where the filter takes several."""
    fields: dict[str, Any] = {}
    for filter_name, filter_ in filterset.base_filters.items():
        several = isinstance(
            filter_, django_filters.MultipleChoiceFilter | django_filters.ModelMultipleChoiceFilter
        )
        description = str(filter_.label or filter_name)
        if several:
            fields[filter_name] = (list[str], Field([], description=description))
        else:
            fields[filter_name] = (str | None, Field(None, description=description))
    return create_model(name, __base__=Schema, **fields)


CentreFilters = _filter_schema(CentreFilter, "CentreFilters")
OfferingFilters = _filter_schema(OfferingFilter, "OfferingFilters")


class Licence(Schema):
    name: str
    url: str
    namensnennung: str
    koordinaten: dict


class Place(Schema):
    standort: str
    hauptstandort: bool
    strasse: str
    postleitzahl: str
    ortsteil: str
    breitengrad: float | None
    laengengrad: float | None
    koordinaten_quelle: str
    telefon: str
    e_mail: str
    stufenloser_zugang: str


class CentreOut(Schema):
    id: int
    slug: str
    name: str
    url: str
    bezirk: str
    traeger: str
    website: str
    sprachen: list[str]
    standorte: list[Place]


class WeeklyTime(Schema):
    wochentag: int = Field(description="ISO-Wochentag, Montag = 1")
    von: str
    bis: str


class OfferingOut(Schema):
    id: int
    slug: str
    titel: str
    url: str
    art: str
    zentrum: str
    zentrum_slug: str
    bezirk: str
    zielgruppen: list[str]
    sprachen: list[str]
    kosten: str
    kostenlos: bool
    anmeldung_erforderlich: bool
    wochentermine: list[WeeklyTime]
    beginn: datetime.datetime | None
    ende: datetime.datetime | None
    gueltig_ab: datetime.date | None
    gueltig_bis: datetime.date | None


class Page(Schema):
    anzahl: int
    seite: int
    seiten: int
    lizenz: Licence
    stand: datetime.date


class CentrePage(Page):
    ergebnisse: list[CentreOut]


class OfferingPage(Page):
    ergebnisse: list[OfferingOut]


def _place(site) -> dict:
    return {
        "standort": site.name,
        "hauptstandort": site.is_main,
        "strasse": site.street,
        "postleitzahl": site.postcode,
        "ortsteil": site.ortsteil.name if site.ortsteil_id else "",
        "breitengrad": float(site.latitude) if site.has_coordinates else None,
        "laengengrad": float(site.longitude) if site.has_coordinates else None,
        "koordinaten_quelle": site.coordinates_credit,
        "telefon": site.phone,
        "e_mail": site.email,
        "stufenloser_zugang": str(site.get_step_free_access_display()),
    }


def centre_out(centre: Centre, request: HttpRequest) -> dict:
    return {
        "id": centre.pk,
        "slug": centre.slug,
        "name": centre.name,
        "url": request.build_absolute_uri(centre.get_absolute_url()),
        "bezirk": centre.district.slug,
        "traeger": centre.provider.name if centre.provider else "",
        "website": centre.website,
        "sprachen": [language.code for language in centre.languages.all()],
        "standorte": [_place(site) for site in centre.sites.all()],
    }


def offering_out(offering: Offering, request: HttpRequest) -> dict:
    return {
        "id": offering.pk,
        "slug": offering.slug,
        "titel": offering.title,
        "url": request.build_absolute_uri(offering.get_absolute_url()),
        "art": offering.kind,
        "zentrum": offering.centre.name,
        "zentrum_slug": offering.centre.slug,
        "bezirk": offering.centre.district.slug,
        "zielgruppen": [group.slug for group in offering.target_groups.all()],
        "sprachen": [language.code for language in offering.languages.all()],
        "kosten": offering.cost,
        "kostenlos": offering.is_free,
        "anmeldung_erforderlich": offering.registration_required,
        "wochentermine": [
            {
                "wochentag": slot.weekday,
                "von": hours.clock(slot.opens),
                "bis": hours.clock(slot.closes, closing=True),
            }
            for slot in offering.times.all()
        ],
        "beginn": offering.starts_at,
        "ende": offering.ends_at,
        "gueltig_ab": offering.valid_from,
        "gueltig_bis": offering.valid_until,
    }


def _page(queryset, request: HttpRequest, page: int, per_page: int, serialise) -> dict:
    paginator = Paginator(queryset, min(per_page, MAX_PER_PAGE))
    pages = max(paginator.num_pages, 1)
    if page > pages:
        raise HttpError(404, f"Es gibt {pages} Seiten.")
    rows = paginator.page(page).object_list if paginator.count else []
    return {
        "anzahl": paginator.count,
        "seite": page,
        "seiten": pages,
        **licence_fields(),
        "ergebnisse": [serialise(row, request) for row in rows],
    }


@api.get("/zentren", response=CentrePage, summary="Stadtteilzentren, gefiltert wie /zentren/")
def centres(
    request: HttpRequest,
    filters: Query[CentreFilters],  # type: ignore[valid-type]
    page: int = Query(1, ge=1),
    per_page: int = Query(PER_PAGE, ge=1, le=MAX_PER_PAGE),
):
    queryset = Centre.objects.published().real().for_list()
    filtered = CentreFilter(request.GET, queryset=queryset).qs
    return _page(filtered, request, page, per_page, centre_out)


@api.get("/angebote", response=OfferingPage, summary="Angebote, gefiltert wie /angebote/")
def offerings(
    request: HttpRequest,
    filters: Query[OfferingFilters],  # type: ignore[valid-type]
    page: int = Query(1, ge=1),
    per_page: int = Query(PER_PAGE, ge=1, le=MAX_PER_PAGE),
):
    queryset = Offering.objects.published().real().for_list().by_next_occurrence()
    filtered = OfferingFilter(request.GET, queryset=queryset).qs
    return _page(filtered, request, page, per_page, offering_out)
