"""The national picture: a map of every facility, rankings, deaths by year, and the trend of
open OIG recommendations. Server-rendered, so it works offline and inside packets."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template
from markupsafe import Markup
from sqlmodel import Session

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
from monitor.queries.data_version import data_version
from monitor.web.page_pieces import page_pieces

bp = Blueprint("national", __name__)


# The whole page is one piece: it reads no query string, and every table it shows bumps the
# data version, so a worker renders it once per write (about 0.8 s at scale) and per language.
PIECES = {"body": False}


@bp.get("/national")
def index() -> str:
    """Map, rankings, deaths in custody and the open-recommendation trend."""
    with session_scope() as session:
        version = data_version(session=session)  # before the data it stamps
        pieces = page_pieces(page="national", version=version, pieces=PIECES)
        data = _page_data(session) if pieces.missing("body") else {}
    return render_template("national/index.html", pieces=pieces, **data)


def _page_data(session: Session) -> dict[str, Any]:
    recs = recommendation_facts(session=session)
    rows = national_rows(session=session, recs=recs)
    deaths = deaths_by_year(session=session)
    trend = open_trend(recs, today_utc())
    return {
        "rows": sorted(rows, key=lambda r: (list(ATTENTION).index(r.attention), r.name.lower())),
        "ranked": rankings(rows),
        "deaths": deaths,
        "trend": trend,
        "map_svg": Markup(map_svg(rows)),
        "trend_svg": Markup(trend_svg(trend)) if trend else None,
        "attention": ATTENTION,
        "swatches": {level: Markup(swatch(level)) for level in ATTENTION},
        "today": today_utc(),
    }
