"""Build monitor/data/us_states.json from the us-atlas package's states-10m.json (build time).

us-atlas (npm, ISC licence, from the Census Bureau's cartographic boundary files) ships
TopoJSON in longitude and latitude. This decodes it, projects each ring with
`monitor.facilities.projection`, drops points closer than a pixel, and writes rings in map
coordinates. Run after updating the package:

    npm pack us-atlas@3 && tar xzf us-atlas-*.tgz
    python -m monitor.facilities.geo_build package/states-10m.json monitor/data/us_states.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from monitor.facilities.projection import HEIGHT, WIDTH, project
from scrapers._states import US_STATES

SKIPPED = {"GU", "MP", "VI", "AS"}  # Pacific and Caribbean territories without ICE facilities
MIN_STEP = 1.5  # pixels: closer points add bytes, not shape


def decode_arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """Absolute longitude/latitude points of every arc (TopoJSON arcs are delta-encoded)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring_points(
    ring: list[int], arcs: list[list[tuple[float, float]]]
) -> list[tuple[float, float]]:
    """The points of one ring; a negative index ~i means arc i reversed."""
    points: list[tuple[float, float]] = []
    for index in ring:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return points


def thin(points: list[tuple[float, float]]) -> list[list[float]]:
    """Points at least MIN_STEP apart (the first and last kept so the ring closes)."""
    kept = [points[0]]
    for x, y in points[1:-1]:
        if abs(x - kept[-1][0]) + abs(y - kept[-1][1]) >= MIN_STEP:
            kept.append((x, y))
    kept.append(points[-1])
    return [[x, y] for x, y in kept]


def state_rings(geometry: dict[str, Any], arcs: list, code: str) -> list[list[list[float]]]:
    polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
    rings = []
    for polygon in polygons:
        for ring in polygon:
            projected = [project(code, lon, lat) for lon, lat in ring_points(ring, arcs)]
            if len(projected) >= 4:
                rings.append(thin(projected))
    return rings


def build(topology: dict[str, Any]) -> dict[str, Any]:
    arcs = decode_arcs(topology)
    states = {}
    for geometry in topology["objects"]["states"]["geometries"]:
        name = geometry["properties"]["name"]
        code = US_STATES.get(name.lower())
        if code is None or code in SKIPPED:
            continue
        states[code] = {"name": name, "rings": state_rings(geometry, arcs, code)}
    return {
        "source": "us-atlas 3 (states-10m.json), US Census Bureau cartographic boundaries",
        "width": WIDTH,
        "height": HEIGHT,
        "states": dict(sorted(states.items())),
    }


def main(argv: list[str]) -> None:
    source, target = Path(argv[0]), Path(argv[1])
    data = build(json.loads(source.read_text()))
    target.write_text(json.dumps(data, separators=(",", ":")))


if __name__ == "__main__":
    main(sys.argv[1:])
