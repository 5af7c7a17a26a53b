"""What the public maps draw: the start page's Bezirk map (server-rendered SVG) and the markers
of the interactive maps (Leaflet, fed as JSON through `json_script`).

Nothing here queries the database: the views pass rows they have already loaded (the Bezirke
with their counts, the centres with their prefetched sites), so a map never adds a query.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from functools import cache
from pathlib import Path
from urllib.parse import quote, urlencode

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from centres.models import OSM_CREDIT, Centre, District

# Simplified once from the Bezirk boundaries by scripts/simplify_bezirke.py (fixtures/SOURCES.md).
BEZIRKE_FILE = Path(settings.BASE_DIR) / "fixtures" / "geo" / "bezirke-simplified.json"
# Shades of the Bezirk map, lightest first: "no centre" and four steps up to the highest rate.
# The same blues as the overview's grids (centres/overview/charts.py, `.shade-N` in site.css).
SHADE_LEVELS = 4
PER_INHABITANTS = 100_000
STEP_FLOOR = Decimal("0.1")


@cache
def bezirk_shapes() -> dict:
    return json.loads(BEZIRKE_FILE.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class BezirkShape:
    district: District
    path: str
    label_x: int
    label_y: int
    rate: Decimal | None  # published centres per 100,000 inhabitants; None without population
    level: int

    @property
    def rate_display(self) -> str:
        return number_format(self.rate, 1) if self.rate is not None else ""


@dataclass(frozen=True)
class LegendStep:
    level: int
    label: str


@dataclass(frozen=True)
class BezirkMap:
    width: int
    height: int
    shapes: list[BezirkShape]
    legend: list[LegendStep]


def centres_per_inhabitants(district: District) -> Decimal | None:
    if not district.population:
        return None
    rate = Decimal(district.centre_count) * PER_INHABITANTS / district.population
    return rate.quantize(Decimal("0.1"))


def shade_step(highest: Decimal) -> Decimal:
    """How much of the rate each shade spans: a quarter of the highest rate, rounded up to a
    tenth (at least 0.1), so the legend reads in the numbers the labels show."""
    return max(STEP_FLOOR, (highest / SHADE_LEVELS).quantize(STEP_FLOOR, rounding=ROUND_CEILING))


def shade_level(rate: Decimal | None, step: Decimal) -> int:
    """0 for no centre (or no population), else 1–4: the step of the scale the rate is in."""
    if not rate:
        return 0
    return min(SHADE_LEVELS, max(1, math.ceil(rate / step)))


def _legend(step: Decimal) -> list[LegendStep]:
    steps = [LegendStep(0, _("kein Zentrum"))]
    for level in range(1, SHADE_LEVELS + 1):
        low, high = step * (level - 1), step * level
        label = _("bis %(high)s") if level == 1 else "%(low)s–%(high)s"
        steps.append(
            LegendStep(
                level, label % {"low": number_format(low, 1), "high": number_format(high, 1)}
            )
        )
    return steps


def bezirk_map(districts: Iterable[District]) -> BezirkMap:
    """The Bezirke, annotated `with_counts()`, as shaded shapes with a legend."""
    data = bezirk_shapes()
    districts = list(districts)
    rates = {district.pk: centres_per_inhabitants(district) for district in districts}
    step = shade_step(max((rate for rate in rates.values() if rate), default=Decimal(0)))
    shapes = []
    for district in districts:
        shape = data["bezirke"].get(str(district.number))
        if shape is None:
            continue
        rate = rates[district.pk]
        shapes.append(
            BezirkShape(
                district=district,
                path=shape["path"],
                label_x=shape["label"][0],
                label_y=shape["label"][1],
                rate=rate,
                level=shade_level(rate, step),
            )
        )
    return BezirkMap(
        width=data["width"], height=data["height"], shapes=shapes, legend=_legend(step)
    )


# --- Interactive maps ------------------------------------------------------------------------


def tile_settings() -> dict[str, str]:
    return {"url": settings.MAP_TILE_URL, "attribution": settings.MAP_TILE_ATTRIBUTION}


def centre_markers(centres: Iterable[Centre], *, all_sites: bool = True) -> dict:
    """The markers of every site of these centres that has coordinates (only each centre's
    main site, else its first placed one, with `all_sites=False`), and the credit they need.
    Each marker names its centre (and the site, where it is not the main house, whose name is
    the centre's), so a further site is shown as belonging to its centre. Reads only the
    prefetched `sites`: no query."""
    markers = []
    osm = False
    for centre in centres:
        sites = [site for site in centre.sites.all() if site.has_coordinates]
        if not all_sites:
            sites = ([site for site in sites if site.is_main] or sites)[:1]
        for site in sites:
            osm = osm or site.coordinates_from_openstreetmap
            markers.append(
                {
                    "lat": float(site.latitude),
                    "lon": float(site.longitude),
                    "centre": centre.name,
                    "site": site.name if site.name != centre.name else "",
                    "address": ", ".join(site.address_lines),
                    "url": centre.get_absolute_url(),
                }
            )
    return {
        "markers": markers,
        "tiles": tile_settings(),
        "credit": OSM_CREDIT if osm else "",
        "labels": {
            "cluster": _("Zentren hier – zum Vergrößern auswählen"),
            "origin": _("Der Ort, von dem aus die Entfernungen gemessen sind"),
        },
    }


# --- Getting there ---------------------------------------------------------------------------

OSM_DIRECTIONS = "https://www.openstreetmap.org/directions"
# The BVG's journey planner takes the destination as free text (`Z`); the start is left to the
# resident. VBB's Fahrinfo has no documented link of this kind (docs/maps.md).
BVG_JOURNEY_PLANNER = "https://www.bvg.de/de/verbindungen/verbindungssuche"


def site_routes(site) -> dict[str, str]:
    """Links to plan a route to a site: by its coordinates and by its address, and a geo: URI."""
    address = ", ".join(site.address_lines) if site.street else ""
    links = {}
    if site.has_coordinates:
        point = f"{site.latitude:f},{site.longitude:f}"
        links["osm"] = f"{OSM_DIRECTIONS}?{urlencode({'to': point})}"
        # RFC 5870 with the address as the query, which phones' map apps show as the label.
        query = f"?q={quote(address)}" if address else ""
        links["geo"] = f"geo:{point}{query}"
    elif address:
        links["geo"] = f"geo:0,0?q={quote(address)}"
    if address:
        links["transit"] = f"{BVG_JOURNEY_PLANNER}?{urlencode({'Z': address})}"
    return links


def room_markers(rooms: Iterable) -> dict:
    """The markers of these rooms' sites (one per room, at its site), as `centre_markers()`:
    the room names the marker and links it, its centre and site say where. No query: the rooms
    come with their site and centre (`RoomQuerySet.for_list()`)."""
    markers = []
    osm = False
    for room in rooms:
        site = room.site
        if not site.has_coordinates:
            continue
        osm = osm or site.coordinates_from_openstreetmap
        where = (
            room.centre.name
            if site.name == room.centre.name
            else f"{room.centre.name}, {site.name}"
        )
        markers.append(
            {
                "lat": float(site.latitude),
                "lon": float(site.longitude),
                "centre": room.name,
                "site": where,
                "address": ", ".join(site.address_lines),
                "url": room.get_absolute_url(),
            }
        )
    return {
        "markers": markers,
        "tiles": tile_settings(),
        "credit": OSM_CREDIT if osm else "",
        "labels": {
            "cluster": _("Räume hier – zum Vergrößern auswählen"),
            "origin": "",
        },
    }
