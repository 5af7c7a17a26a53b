"""GeoJSON (RFC 7946) of the public centres' sites that have coordinates: one point each."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from centres.models import Site
from centres.opendata.licence import licence_fields


def site_feature(site: Site, url: Callable[[str], str]) -> dict:
    centre = site.centre
    return {
        "type": "Feature",
        "id": f"standort-{site.pk}",
        # RFC 7946: longitude first, WGS 84.
        "geometry": {"type": "Point", "coordinates": [float(site.longitude), float(site.latitude)]},
        "properties": {
            "zentrum_id": centre.pk,
            "zentrum": centre.name,
            "zentrum_url": url(centre.get_absolute_url()),
            "standort_id": site.pk,
            "standort": site.name,
            "hauptstandort": site.is_main,
            "standort_art": str(site.get_kind_display()) if site.kind else "",
            "bezirk": centre.district.name,
            "ortsteil": site.ortsteil.name if site.ortsteil_id else "",
            "strasse": site.street,
            "postleitzahl": site.postcode,
            "telefon": site.phone,
            "e_mail": site.email,
            "website": centre.website,
            "stufenloser_zugang": str(site.get_step_free_access_display()),
            "koordinaten_quelle": site.coordinates_credit,
        },
    }


def sites_collection(sites: Iterable[Site], url: Callable[[str], str]) -> dict:
    return {
        "type": "FeatureCollection",
        "name": "Stadtteilzentren Berlin",
        **licence_fields(),
        "features": [site_feature(site, url) for site in sites if site.has_coordinates],
    }
