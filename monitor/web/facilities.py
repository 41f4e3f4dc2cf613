"""Facility list (search, filter, sort, CSV) and facility pages with timeline and charts."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from flask import Blueprint, Response, abort, render_template
from markupsafe import Markup
from sqlmodel import Session

from monitor.charts import (
    PopulationPoint,
    StaffingPoint,
    population_chart_svg,
    population_table_html,
    staffing_chart_svg,
    staffing_table_html,
)
from monitor.db import session_scope
from monitor.facilities.glance import facility_glance
from monitor.queries.data_version import data_version
from monitor.queries.facilities import (
    FACILITY_SORTS,
    FacilityFilter,
    FacilityHeader,
    facility_header,
    facility_page,
    filter_options,
    search_facilities,
)
from monitor.queries.timeline import KINDS, TimelineFilter, facility_timeline, timeline_page
from monitor.queries.timeline_stats import staffing_series
from monitor.record_kinds import page_codes
from monitor.web.export import csv_response
from monitor.web.page_pieces import PagePieces, kept, page_pieces
from monitor.web.params import bad, choice_arg, date_arg, int_arg, list_arg, order_arg, text_arg
from scrapers._taxonomy import CATEGORIES

bp = Blueprint("facilities", __name__)
TIMELINE_PAGE = 25  # items per timeline page (the summary above it carries the headlines)
FACILITY_COLUMNS = [
    "slug",
    "name",
    "city",
    "state",
    "aor",
    "type_detailed",
    "operator",
    "open_recommendations",
    "days_overdue",
    "last_inspection",
    "staffing_pct",
    "active_alerts",
]
# Rendered parts of the facility page kept per process ({name: whether it reads the query
# string}); the header and facts above them are read for every request.
PIECES = {"glance": False, "charts": False, "timeline": True}
TIMELINE_COLUMNS = [
    "date",
    "kind",
    "category",
    "title",
    "summary",
    "document_id",
    "document_title",
    "page",
    "quote",
    "severity",
    "corrections",
]


def facility_filter_from_args() -> FacilityFilter:
    """The facility list's filters from the query string (400 on bad values)."""
    sort = choice_arg("sort", FACILITY_SORTS, "name") or "name"
    return FacilityFilter(
        q=text_arg("q"),
        state=text_arg("state", 2),
        aor=text_arg("aor", 8),
        type_detailed=text_arg("type", 20),
        operator=text_arg("operator"),
        sort=sort,
        descending=order_arg(sort != "name"),
    )


def timeline_filter_from_args() -> TimelineFilter:
    """The timeline's filters from the query string (400 on bad values)."""
    start, end = date_arg("from"), date_arg("to")
    if start and end and start > end:
        raise bad("Parameter 'from' must not be after 'to'.")
    return TimelineFilter(
        kinds=list_arg("kind", KINDS),
        category=choice_arg("category", CATEGORIES),
        date_from=start,
        date_to=end,
    )


@bp.get("/facilities")
def index() -> str:
    """Search, filter and sort facilities."""
    filters = facility_filter_from_args()
    page = int_arg("page", 1)
    with session_scope() as session:
        result = facility_page(session=session, filters=filters, page=page)
        options = filter_options(session=session)
    return render_template(
        "facilities/index.html",
        result=result,
        filters=filters,
        options=options,
        sorts=FACILITY_SORTS,
    )


@bp.get("/facilities.csv")
def index_csv() -> Response:
    """The facility list as CSV (same filters and sort as the page, every row)."""
    filters = facility_filter_from_args()
    with session_scope() as session:
        rows = [r.as_dict() for r in search_facilities(session=session, filters=filters)]
    return csv_response("facilities.csv", FACILITY_COLUMNS, rows)


@bp.get("/facilities/<slug>")
def detail(slug: str) -> str:
    """One facility: header facts, charts and the filterable timeline."""
    filters = timeline_filter_from_args()
    page = int_arg("page", 1)
    with session_scope() as session:
        version = data_version(session=session)  # before the data it stamps
        header = kept(
            "facility-headers", slug, version, lambda: facility_header(session=session, slug=slug)
        )
        if header is None or header.facility.id is None:
            abort(404, description=f"No facility with the id '{slug}'.")
        pieces = page_pieces(page=f"facility-{header.facility.id}", version=version, pieces=PIECES)
        shown = filters if filters.kinds else replace(filters, kinds=frozenset(page_codes()))
        data = _missing_pieces_data(session, header, pieces, shown, page)
    return render_template(
        "facilities/detail.html",
        header=header,
        filters=filters,
        timeline_kinds=page_codes(),
        pieces=pieces,
        **data,
    )


def _missing_pieces_data(
    session: Session, header: FacilityHeader, pieces: PagePieces, shown: TimelineFilter, page: int
) -> dict[str, Any]:
    """What the pieces not already rendered need (None for those that are)."""
    fid = header.facility.id or 0
    timeline = at_a_glance = charts = None
    if pieces.missing("timeline"):
        timeline = timeline_page(
            session=session, facility_id=fid, filters=shown, page=page, per_page=TIMELINE_PAGE
        )
    if pieces.missing("glance"):
        at_a_glance = facility_glance(session=session, facility_id=fid, slug=header.facility.slug)
    if pieces.missing("charts"):
        charts = _charts(staffing_series(session=session, facility_id=fid), header.population)
    return {"timeline": timeline, "at_a_glance": at_a_glance, "charts": charts}


def _charts(staffing: list[StaffingPoint], population: list[PopulationPoint]) -> dict[str, Any]:
    return {
        "staffing": Markup(staffing_chart_svg(staffing)) if staffing else None,
        "staffing_table": Markup(staffing_table_html(staffing)),
        "population": Markup(population_chart_svg(population)) if population else None,
        "population_table": Markup(population_table_html(population)),
    }


@bp.get("/facilities/<slug>/timeline.csv")
def timeline_csv(slug: str) -> Response:
    """The facility's (filtered) timeline as CSV."""
    filters = timeline_filter_from_args()
    with session_scope() as session:
        header = facility_header(session=session, slug=slug)
        if header is None or header.facility.id is None:
            abort(404, description=f"No facility with the id '{slug}'.")
        items = facility_timeline(session=session, facility_id=header.facility.id, filters=filters)
    rows = [{**i.as_dict(), "corrections": i.corrections_text()} for i in items]
    return csv_response(f"{slug}-timeline.csv", TIMELINE_COLUMNS, rows)
