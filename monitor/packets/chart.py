"""The packet's charts: the web app's SVG charts, fed from the packet's own selection.

The staffing chart plots only the staffing facts selected for the packet, so the chart and the
cited facts always agree; the population chart gives the statistics-release context.
"""

from __future__ import annotations

from markupsafe import Markup
from sqlmodel import Session

from monitor.charts import StaffingPoint, population_chart_svg, staffing_chart_svg
from monitor.packets.facts import Fact
from monitor.queries.timeline_stats import population_series


def staffing_svg(facts: list[Fact]) -> Markup | None:
    """Percent of positions filled over time for the selected staffing facts, or None."""
    points = [
        StaffingPoint(
            as_of=f.when,
            role_group=f.role_group or "all",
            pct_filled=f.pct_filled,
            document_id=f.document_id,
            page=f.page,
        )
        for f in facts
        if f.kind == "staffing" and f.when is not None and f.pct_filled is not None
    ]
    if not points:
        return None
    points.sort(key=lambda p: (p.as_of, p.role_group))
    return Markup(staffing_chart_svg(points, chart_id="packet-staffing"))


def population_svg(*, session: Session, facility_id: int) -> Markup | None:
    """Average daily population and guaranteed minimum per statistics release, or None."""
    series = population_series(session=session, facility_id=facility_id)
    if not series:
        return None
    return Markup(population_chart_svg(series, chart_id="packet-population"))
