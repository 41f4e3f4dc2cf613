"""The staffing chart of the packet, as an SVG data URI WeasyPrint can embed.

A small private adapter: the web charts module draws for browsers; the packet only needs one
static chart of percent of positions filled over time, with the 80% and 60% alert thresholds.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape

from monitor.packets.facts import Fact

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 16, 48
_COLOURS = {
    "all": "#1f4e79",
    "security": "#b03a2e",
    "medical": "#1e8449",
    "mental_health": "#7d3c98",
}


@dataclass(frozen=True)
class StaffingPoint:
    when: date
    pct_filled: float
    role_group: str


def staffing_points(facts: list[Fact]) -> list[StaffingPoint]:
    """Dated staffing facts that have a percent filled, oldest first."""
    points = []
    for fact in facts:
        if fact.kind == "staffing" and fact.when is not None and fact.pct_filled is not None:
            points.append(StaffingPoint(fact.when, fact.pct_filled, fact.role_group or "all"))
    return sorted(points, key=lambda p: (p.when, p.role_group))


def staffing_chart_uri(points: list[StaffingPoint]) -> str | None:
    """The chart as a data: URI, or None when there is nothing to draw."""
    if not points:
        return None
    svg = staffing_chart_svg(points)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def staffing_chart_svg(points: list[StaffingPoint]) -> str:
    """Percent of positions filled over time, one marker per observation."""
    first, last = points[0].when.toordinal(), points[-1].when.toordinal()
    span = max(last - first, 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(d: date) -> float:
        return LEFT + (d.toordinal() - first) / span * plot_w if last > first else LEFT + plot_w / 2

    def y(pct: float) -> float:
        return TOP + plot_h * (1 - min(max(pct, 0.0), 100.0) / 100)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="DejaVu Sans" font-size="10">'
    ]
    for pct in (0, 20, 40, 60, 80, 100):
        dash = ' stroke-dasharray="4 3"' if pct in (60, 80) else ""
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(pct):.1f}" y2="{y(pct):.1f}" '
            f'stroke="#ccc"{dash}/><text x="{LEFT - 6}" y="{y(pct) + 3:.1f}" '
            f'text-anchor="end">{pct}%</text>'
        )
    for p in points:
        colour = _COLOURS.get(p.role_group, "#333")
        parts.append(
            f'<circle cx="{x(p.when):.1f}" cy="{y(p.pct_filled):.1f}" r="5" fill="{colour}"/>'
            f'<text x="{x(p.when):.1f}" y="{y(p.pct_filled) - 8:.1f}" text-anchor="middle">'
            f"{p.pct_filled:g}%</text>"
        )
    parts.append(f'<text x="{LEFT}" y="{HEIGHT - 20}">{escape(str(points[0].when))}</text>')
    parts.append(
        f'<text x="{WIDTH - RIGHT}" y="{HEIGHT - 20}" text-anchor="end">'
        f"{escape(str(points[-1].when))}</text>"
    )
    legend = " · ".join(sorted({p.role_group.replace("_", " ") for p in points}))
    parts.append(
        f'<text x="{LEFT}" y="{HEIGHT - 4}">Percent of positions filled ({escape(legend)}); '
        f"dashed lines: 80% and 60% thresholds</text></svg>"
    )
    return "".join(parts)
