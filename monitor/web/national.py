"""The national picture: a map of every facility, rankings, deaths by year, and the trend of
open OIG recommendations. Server-rendered, so it works offline and inside packets."""

from __future__ import annotations

from flask import Blueprint, render_template
from markupsafe import Markup

from monitor.db import session_scope
from monitor.facilities.map_svg import map_svg, swatch, trend_svg
from monitor.facilities.national import (
    ATTENTION,
    deaths_by_year,
    national_rows,
    open_trend,
    rankings,
    recommendation_facts,
)
from monitor.queries.common import today_utc

bp = Blueprint("national", __name__)


@bp.get("/national")
def index() -> str:
    """Map, rankings, deaths in custody and the open-recommendation trend."""
    with session_scope() as session:
        recs = recommendation_facts(session=session)
        rows = national_rows(session=session, recs=recs)
        deaths = deaths_by_year(session=session)
    trend = open_trend(recs, today_utc())
    return render_template(
        "national/index.html",
        rows=sorted(rows, key=lambda r: (list(ATTENTION).index(r.attention), r.name.lower())),
        ranked=rankings(rows),
        deaths=deaths,
        trend=trend,
        map_svg=Markup(map_svg(rows)),
        trend_svg=Markup(trend_svg(trend)) if trend else None,
        attention=ATTENTION,
        swatches={level: Markup(swatch(level)) for level in ATTENTION},
        today=today_utc(),
    )
