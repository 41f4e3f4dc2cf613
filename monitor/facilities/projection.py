"""Longitude/latitude to the map's SVG coordinates: Albers equal-area, with inset boxes.

One function places both the state outlines (at build time, monitor.facilities.geo_build) and
the facility dots (at request time), so a dot always lands where its state was drawn.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

WIDTH, HEIGHT = 960, 600


@dataclass(frozen=True)
class Albers:
    """An Albers equal-area conic projection, scaled and moved into its box on the map."""

    lon0: float
    lat0: float
    phi1: float
    phi2: float
    scale: float
    dx: float
    dy: float

    def project(self, lon: float, lat: float) -> tuple[float, float]:
        """Map coordinates (x to the right, y down) of a position in degrees."""
        p1, p2, p0 = (math.radians(v) for v in (self.phi1, self.phi2, self.lat0))
        n = (math.sin(p1) + math.sin(p2)) / 2
        c = math.cos(p1) ** 2 + 2 * n * math.sin(p1)
        rho0 = math.sqrt(c - 2 * n * math.sin(p0)) / n
        rho = math.sqrt(max(c - 2 * n * math.sin(math.radians(lat)), 0.0)) / n
        theta = n * math.radians(lon - self.lon0)
        x = rho * math.sin(theta)
        y = rho0 - rho * math.cos(theta)
        return round(self.dx + self.scale * x, 1), round(self.dy - self.scale * y, 1)


LOWER_48 = Albers(-96.0, 38.0, 29.5, 45.5, 1150.0, 480.0, 290.0)
# Alaska and Hawaii sit in the lower left, Puerto Rico in the lower right, as US maps do.
ALASKA = Albers(-152.0, 60.0, 55.0, 65.0, 400.0, 150.0, 500.0)
HAWAII = Albers(-157.0, 20.0, 8.0, 18.0, 1150.0, 300.0, 540.0)
PUERTO_RICO = Albers(-66.4, 18.2, 8.0, 18.0, 1800.0, 860.0, 560.0)
INSETS = {"AK": ALASKA, "HI": HAWAII, "PR": PUERTO_RICO}


def projection_for(state: str | None) -> Albers:
    """The projection of the box a state is drawn in."""
    return INSETS.get((state or "").upper(), LOWER_48)


def project(state: str | None, lon: float, lat: float) -> tuple[float, float]:
    """Where a position in `state` falls on the map."""
    if state and state.upper() == "AK" and lon > 0:
        lon -= 360  # the Aleutians cross the antimeridian
    return projection_for(state).project(lon, lat)
