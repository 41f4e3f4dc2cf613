"""Recommendation tracker: every recommendation, filterable and sortable, and one page per recommendation."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template

from monitor.db import session_scope
from monitor.queries.recommendations import recommendation_detail
from monitor.queries.tracker import (
    CONCURRENCES,
    IMPLEMENTATIONS,
    RESOLUTIONS,
    TRACKER_SORTS,
    TrackerFilter,
    tracker_page,
    tracker_rows,
)
from monitor.web.export import csv_response
from monitor.web.params import bool_arg, choice_arg, int_arg, order_arg, text_arg

bp = Blueprint("tracker", __name__)
TRACKER_COLUMNS = [
    "id",
    "report_number",
    "number",
    "facility",
    "facility_name",
    "addressee",
    "text",
    "issued_date",
    "concurrence",
    "resolution",
    "implementation",
    "target_date",
    "closed_date",
    "days_open",
    "days_overdue",
    "document_id",
    "page",
]


def tracker_filter_from_args() -> TrackerFilter:
    """The tracker's filters from the query string (400 on bad values)."""
    sort = choice_arg("sort", TRACKER_SORTS, "days_open") or "days_open"
    return TrackerFilter(
        facility=text_arg("facility", 120),
        report=text_arg("report", 40),
        concurrence=choice_arg("concurrence", CONCURRENCES),
        resolution=choice_arg("resolution", RESOLUTIONS),
        implementation=choice_arg("implementation", IMPLEMENTATIONS),
        overdue=bool_arg("overdue"),
        q=text_arg("q"),
        sort=sort,
        descending=order_arg(sort in ("days_open", "days_overdue")),
    )


@bp.get("/tracker")
def index() -> str:
    """The tracker page."""
    filters = tracker_filter_from_args()
    page = int_arg("page", 1)
    with session_scope() as session:
        result = tracker_page(session=session, filters=filters, page=page)
    return render_template(
        "tracker/index.html",
        result=result,
        filters=filters,
        sorts=list(TRACKER_SORTS),
        concurrences=CONCURRENCES,
        resolutions=RESOLUTIONS,
        implementations=IMPLEMENTATIONS,
    )


@bp.get("/tracker.csv")
def index_csv() -> Response:
    """Every matching recommendation as CSV."""
    filters = tracker_filter_from_args()
    with session_scope() as session:
        rows = [r.as_dict() for r in tracker_rows(session=session, filters=filters)]
    return csv_response("recommendations.csv", TRACKER_COLUMNS, rows)


@bp.get("/recommendations/<int(max=2147483647):rec_id>")
def detail(rec_id: int) -> str:
    """One recommendation with its full status history."""
    with session_scope() as session:
        rec = recommendation_detail(session=session, rec_id=rec_id)
    if rec is None:
        abort(404, description=f"No published recommendation with the id {rec_id}.")
    return render_template("tracker/detail.html", rec=rec)
