"""Where facilities are on the national map: state outlines and ZIP-code positions.

Outlines come from monitor/data/us_states.json (built by monitor.facilities.geo_build);
positions from the facility's ZIP code through the `zipcodes` package, which ships the US
ZIP centroids inside the wheel, so the map needs no network at run time.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache

import zipcodes

from monitor.facilities.projection import project
from monitor.resources import package_dir

Ring = list[tuple[float, float]]


@dataclass(frozen=True)
class State:
    code: str
    name: str
    rings: tuple[Ring, ...]
    path: str  # SVG path data


@cache
def states() -> dict[str, State]:
    """Every state (and DC and Puerto Rico) drawn on the map, by postal code."""
    raw = json.loads((package_dir("monitor") / "data" / "us_states.json").read_text())
    out = {}
    for code, entry in raw["states"].items():
        rings = tuple([(float(x), float(y)) for x, y in ring] for ring in entry["rings"])
        path = "".join("M" + "L".join(f"{x:g},{y:g}" for x, y in r) + "Z" for r in rings)
        out[code] = State(code, entry["name"], rings, path)
    return out


@cache
def _zip_centroids() -> dict[str, tuple[float, float, str]]:
    """ZIP -> (longitude, latitude, state), loaded once per process (about a second)."""
    out: dict[str, tuple[float, float, str]] = {}
    for row in zipcodes.list_all():
        try:
            out[row["zip_code"]] = (float(row["long"]), float(row["lat"]), row["state"])
        except (KeyError, TypeError, ValueError):
            continue  # a ZIP without coordinates cannot be placed
    return out


def zip_position(zip_code: str | None, state: str | None) -> tuple[float, float] | None:
    """Map coordinates of a ZIP code's centroid, or None when unknown or in another state.

    A ZIP that the dataset puts in a different state than the facility's is a data error;
    the facility is then left off the map (and listed in the table) rather than misplaced.
    """
    key = (zip_code or "").strip()[:5]
    found = _zip_centroids().get(key) if len(key) == 5 and key.isdigit() else None
    if found is None:
        return None
    lon, lat, zip_state = found
    if state and zip_state.upper() != state.upper():
        return None
    return project(zip_state, lon, lat)


def _inside_ring(x: float, y: float, ring: Ring) -> bool:
    """Ray casting: whether the point lies inside one ring."""
    inside = False
    j = len(ring) - 1
    for i, (xi, yi) in enumerate(ring):
        xj, yj = ring[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def state_at(x: float, y: float) -> str | None:
    """The state whose outline contains the map point (even-odd over its rings)."""
    for code, state in states().items():
        if sum(_inside_ring(x, y, ring) for ring in state.rings) % 2 == 1:
            return code
    return None
