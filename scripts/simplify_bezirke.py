"""Simplify the 12 Bezirk boundaries once, into the small file the start page's map draws.

    python scripts/simplify_bezirke.py [path/to/bezirke.geojson]

Reads the Bezirk polygons (CRS84, 1.1 MB; default: the team's shared copy,
../shared/data/berlin/geo/bezirke.geojson), projects them to SVG x/y, simplifies each ring
with Douglas–Peucker, rounds the coordinates and writes `fixtures/geo/bezirke-simplified.json`
(about 10 KB): per Bezirk number its name, an SVG path and a point for its label. The site
reads only that file, so a fresh clone needs neither the source nor this script. Plain Python,
no GIS library: the map is a picture of the Bezirke, not a survey.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT.parent / "shared" / "data" / "berlin" / "geo" / "bezirke.geojson"
TARGET = ROOT / "fixtures" / "geo" / "bezirke-simplified.json"

WIDTH = 600  # SVG user units across Berlin; the height follows from the projection
TOLERANCE = 0.9  # user units a simplified ring may stray from the original (≈ 70 m)
MIN_RING_AREA = 4.0  # square user units: smaller islands and slivers are left out
# Equirectangular at Berlin's latitude: longitude shrinks by cos(52.5°). Good to well under
# a pixel over the city's 40 km, and the same projection centres/geo.py uses for distances.
COS_LAT = math.cos(math.radians(52.5))

Point = tuple[float, float]


def douglas_peucker(points: list[Point], tolerance: float) -> list[Point]:
    """The points of `points` needed to stay within `tolerance` of the line (iterative)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        dx, dy = bx - ax, by - ay
        length = math.hypot(dx, dy)
        farthest, index = 0.0, None
        for i in range(first + 1, last):
            px, py = points[i]
            if length:
                distance = abs(dy * px - dx * py + bx * ay - by * ax) / length
            else:
                distance = math.hypot(px - ax, py - ay)
            if distance > farthest:
                farthest, index = distance, i
        if index is not None and farthest > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def simplify_ring(ring: list[Point], tolerance: float) -> list[Point]:
    """A closed ring, split at its point farthest from the start so both halves simplify."""
    ring = ring[:-1] if ring[0] == ring[-1] else ring
    far = max(range(len(ring)), key=lambda i: math.dist(ring[0], ring[i]))
    first = douglas_peucker(ring[: far + 1], tolerance)
    second = douglas_peucker([*ring[far:], ring[0]], tolerance)
    return first + second[1:-1]


def ring_area(ring: list[Point]) -> float:
    return (
        abs(
            sum(
                x1 * y2 - x2 * y1
                for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True)
            )
        )
        / 2
    )


def centroid(ring: list[Point]) -> Point:
    """The area centroid of a ring: where the Bezirk's label sits."""
    cx = cy = twice_area = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x1 * y2 - x2 * y1
        twice_area += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    return cx / (3 * twice_area), cy / (3 * twice_area)


def path_of(rings: list[list[Point]]) -> str:
    """An SVG path: absolute first point, then relative steps (shorter), all at 0.1 units."""

    def fmt(tenths: int) -> str:
        return f"{tenths / 10:.1f}".removesuffix(".0")

    parts = []
    for ring in rings:
        # Differences of rounded points, so the rounding never drifts along the ring.
        tenths = [(round(x * 10), round(y * 10)) for x, y in ring]
        (x0, y0), steps = tenths[0], []
        for (px, py), (x, y) in zip(tenths, tenths[1:], strict=False):
            steps.append(f"{fmt(x - px)} {fmt(y - py)}")
        parts.append(f"M{fmt(x0)} {fmt(y0)}l{' '.join(steps)}z")
    return "".join(parts)


def simplify(source: Path) -> dict:
    features = json.loads(source.read_text(encoding="utf-8"))["features"]
    rings_by_id = {}
    for feature in features:
        geometry = feature["geometry"]
        polygons = (
            geometry["coordinates"]
            if geometry["type"] == "MultiPolygon"
            else [geometry["coordinates"]]
        )
        rings_by_id[feature["properties"]["id"]] = (
            feature["properties"]["name"],
            [ring for polygon in polygons for ring in polygon],
        )
    lons = [lon for _, rings in rings_by_id.values() for ring in rings for lon, _ in ring]
    lats = [lat for _, rings in rings_by_id.values() for ring in rings for _, lat in ring]
    west, north = min(lons), max(lats)
    scale = WIDTH / ((max(lons) - west) * COS_LAT)
    height = math.ceil((north - min(lats)) * scale)

    def project(lon: float, lat: float) -> Point:
        return ((lon - west) * COS_LAT * scale, (north - lat) * scale)

    bezirke = {}
    for number, (name, rings) in sorted(rings_by_id.items()):
        projected = [[project(lon, lat) for lon, lat in ring] for ring in rings]
        simplified = [simplify_ring(ring, TOLERANCE) for ring in projected]
        kept = [ring for ring in simplified if len(ring) >= 3 and ring_area(ring) >= MIN_RING_AREA]
        label_x, label_y = centroid(max(kept, key=ring_area))
        bezirke[str(int(number))] = {
            "name": name,
            "path": path_of(kept),
            "label": [round(label_x), round(label_y)],
        }
    return {
        "source": "open-data-product-berlin-lor-geodata, berlin-lor-districts.geojson (CC BY 4.0)",
        "simplified_by": "scripts/simplify_bezirke.py",
        "tolerance": TOLERANCE,
        "width": WIDTH,
        "height": height,
        "bezirke": bezirke,
    }


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE
    result = simplify(source)
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{TARGET.relative_to(ROOT)}: {TARGET.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
