"""Template side of the maps: the route links of a site (centres/maps.py)."""

from __future__ import annotations

from typing import Any

from django import template

from centres.maps import site_routes

register = template.Library()


@register.inclusion_tag("centres/_site_route.html")
def site_route(site) -> dict[str, Any]:
    return {"site": site, "routes": site_routes(site)}
