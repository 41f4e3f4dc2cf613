"""JSON API under /api/ (read-only), described by /api/openapi.json."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from flask import Blueprint, Response, abort, jsonify

from monitor import i18n
from monitor.db import session_scope
from monitor.queries.documents import document_view
from monitor.queries.facilities import facility_header, search_facilities
from monitor.queries.recommendations import recommendation_detail
from monitor.queries.shapes import RecommendationDetailJSON
from monitor.queries.sources import source_statuses
from monitor.queries.timeline import timeline_page
from monitor.queries.timeline_stats import staffing_series
from monitor.queries.tracker import tracker_rows
from monitor.web.facilities import facility_filter_from_args, timeline_filter_from_args
from monitor.web.openapi import openapi_document
from monitor.web.params import int_arg
from monitor.web.search import run_search
from monitor.web.serialize import document_json, facility_json, history_json, response_json
from monitor.web.tracker import tracker_filter_from_args

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.before_request
def _answer_in_english() -> None:
    """The API is for programs: its text fields stay English whatever the visitor's cookie says."""
    i18n.write_in(i18n.DEFAULT_LANGUAGE)


def _paged(rows: Sequence[Mapping[str, Any]]) -> Response:
    page, per_page = int_arg("page", 1), int_arg("per_page", 100, maximum=1000)
    start = (page - 1) * per_page
    return jsonify(
        {
            "total": len(rows),
            "page": page,
            "per_page": per_page,
            "items": rows[start : start + per_page],
        }
    )


@bp.get("/openapi.json")
def openapi() -> Response:
    return jsonify(openapi_document())


@bp.get("/facilities")
def facilities() -> Response:
    filters = facility_filter_from_args()
    with session_scope() as session:
        return _paged([r.as_dict() for r in search_facilities(session=session, filters=filters)])


@bp.get("/facilities/<slug>")
def facility(slug: str) -> Response:
    with session_scope() as session:
        header = facility_header(session=session, slug=slug)
        if header is None or header.facility.id is None:
            abort(404, description=f"No facility with the id '{slug}'.")
        staffing = staffing_series(session=session, facility_id=header.facility.id)
        population = header.population
        return jsonify(facility_json(header, staffing, population))


@bp.get("/facilities/<slug>/timeline")
def timeline(slug: str) -> Response:
    filters = timeline_filter_from_args()
    with session_scope() as session:
        header = facility_header(session=session, slug=slug)
        if header is None or header.facility.id is None:
            abort(404, description=f"No facility with the id '{slug}'.")
        page, per_page = int_arg("page", 1), int_arg("per_page", 100, maximum=1000)
        result = timeline_page(
            session=session,
            facility_id=header.facility.id,
            filters=filters,
            page=page,
            per_page=per_page,
            count=True,
        )
        return jsonify(
            {
                "total": result.total,
                "page": page,
                "per_page": per_page,
                "items": [i.as_dict() for i in result.items],
            }
        )


@bp.get("/recommendations")
def recommendations() -> Response:
    filters = tracker_filter_from_args()
    with session_scope() as session:
        return _paged([r.as_dict() for r in tracker_rows(session=session, filters=filters)])


@bp.get("/recommendations/<int(max=2147483647):rec_id>")
def recommendation(rec_id: int) -> Response:
    with session_scope() as session:
        rec = recommendation_detail(session=session, rec_id=rec_id)
    if rec is None:
        abort(404, description=f"No published recommendation with the id {rec_id}.")
    detail: RecommendationDetailJSON = {
        **rec.as_dict(),
        "history": history_json(rec.history),
        "response": response_json(rec.response),
    }
    return jsonify(detail)


@bp.get("/documents/<int(max=2147483647):document_id>")
def document(document_id: int) -> Response:
    with session_scope() as session:
        view = document_view(session=session, document_id=document_id)
    if view is None:
        abort(404, description=f"No published document with the id {document_id}.")
    return jsonify(document_json(view))


@bp.get("/sources")
def sources() -> Response:
    with session_scope() as session:
        return jsonify({"items": [s.as_dict() for s in source_statuses(session=session)]})


@bp.get("/search")
def search() -> Response:
    results = run_search(per_page=int_arg("per_page", 20, maximum=100))
    if results is None:
        abort(400, description="Parameter 'q' is required.")
    return jsonify(
        {
            "query": results.query,
            "total": results.total,
            "page": results.page,
            "per_page": results.per_page,
            "items": [h.as_dict() for h in results.hits],
            "facets": {
                "facility": [f.__dict__ for f in results.facilities],
                "source": [f.__dict__ for f in results.sources],
            },
        }
    )
