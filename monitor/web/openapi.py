"""The OpenAPI 3 description of /api/ (a test fails when a route is missing from it)."""

from __future__ import annotations

from typing import Any

from monitor import __version__
from monitor.queries.facilities import FACILITY_SORTS
from monitor.queries.timeline import KINDS
from monitor.queries.tracker import CONCURRENCES, IMPLEMENTATIONS, RESOLUTIONS, TRACKER_SORTS
from monitor.taxonomy import CATEGORIES


def _q(
    name: str,
    description: str,
    schema: dict[str, Any] | None = None,
    where: str = "query",
    required: bool = False,
) -> dict[str, Any]:
    return {
        "name": name,
        "in": where,
        "required": required or where == "path",
        "description": description,
        "schema": schema or {"type": "string"},
    }


PAGING = [
    _q("page", "Page number (1-based).", {"type": "integer", "minimum": 1}),
    _q("per_page", "Items per page.", {"type": "integer", "minimum": 1, "maximum": 1000}),
]
ORDER = _q("order", "Sort direction.", {"type": "string", "enum": ["asc", "desc"]})
ERRORS = {
    "400": {
        "description": "A query parameter is invalid; `error.message` says which and why.",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    },
}
NOT_FOUND = {
    "404": {
        "description": "Unknown id.",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }
}


def _op(summary: str, params: list[dict[str, Any]], not_found: bool = False) -> dict[str, Any]:
    responses: dict[str, Any] = {
        "200": {
            "description": "OK",
            "content": {"application/json": {"schema": {"type": "object"}}},
        },
        **ERRORS,
    }
    if not_found:
        responses.update(NOT_FOUND)
    return {"get": {"summary": summary, "parameters": params, "responses": responses}}


def _paths() -> dict[str, Any]:
    slug = _q("slug", "Facility id (slug).", where="path")
    facility_filters = [
        _q("q", "Name, alias or city contains."),
        _q("state", "Two-letter state."),
        _q("aor", "ERO field office code."),
        _q("type", "Type detailed (IGSA, CDF, SPC...)."),
        _q("operator", "Operator name contains."),
        _q("sort", "Sort key.", {"type": "string", "enum": list(FACILITY_SORTS)}),
        ORDER,
    ]
    timeline_filters = [
        _q("kind", "Item kind (repeatable).", {"type": "string", "enum": list(KINDS)}),
        _q("category", "Finding category.", {"type": "string", "enum": list(CATEGORIES)}),
        _q("from", "Earliest date.", {"type": "string", "format": "date"}),
        _q("to", "Latest date.", {"type": "string", "format": "date"}),
    ]
    tracker_filters = [
        _q("facility", "Facility slug."),
        _q("report", "Report number, e.g. OIG-22-31."),
        _q("concurrence", "Component response.", {"type": "string", "enum": list(CONCURRENCES)}),
        _q("resolution", "OIG resolution axis.", {"type": "string", "enum": list(RESOLUTIONS)}),
        _q(
            "implementation",
            "OIG implementation axis.",
            {"type": "string", "enum": list(IMPLEMENTATIONS)},
        ),
        _q(
            "overdue",
            "Only open recommendations past their target date.",
            {"type": "string", "enum": ["0", "1"]},
        ),
        _q("q", "Text contains."),
        _q("sort", "Sort key.", {"type": "string", "enum": list(TRACKER_SORTS)}),
        ORDER,
    ]
    return {
        "/api/openapi.json": _op("This OpenAPI document.", []),
        "/api/facilities": _op("Search, filter and sort facilities.", facility_filters + PAGING),
        "/api/facilities/{slug}": _op("Facility header facts and chart series.", [slug], True),
        "/api/facilities/{slug}/timeline": _op(
            "Everything dated about a facility, newest first.",
            [slug, *timeline_filters, *PAGING],
            True,
        ),
        "/api/recommendations": _op("The recommendation tracker.", tracker_filters + PAGING),
        "/api/recommendations/{rec_id}": _op(
            "One recommendation with its status history.",
            [_q("rec_id", "Recommendation id.", {"type": "integer"}, "path")],
            True,
        ),
        "/api/documents/{document_id}": _op(
            "Document metadata, provenance, versions and extracted facts.",
            [_q("document_id", "Document id.", {"type": "integer"}, "path")],
            True,
        ),
        "/api/sources": _op("Health of every source.", []),
        "/api/search": _op(
            "Full-text search with facility and source facets.",
            [
                _q("q", 'Words or "quoted phrases".', required=True),
                _q("facility", "Facility slug facet."),
                _q("source", "Source key facet."),
                *PAGING,
            ],
        ),
    }


def openapi_document() -> dict[str, Any]:
    """The whole OpenAPI 3.0 document."""
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Detention Conditions Monitor API",
            "version": __version__,
            "description": "Read-only public data: facilities, timelines, OIG "
            "recommendations and their status, documents with provenance, sources, search.",
            "license": {"name": "AGPL-3.0-or-later"},
        },
        "paths": _paths(),
        "components": {
            "schemas": {
                "Error": {
                    "type": "object",
                    "properties": {
                        "error": {
                            "type": "object",
                            "properties": {
                                "status": {"type": "integer"},
                                "message": {"type": "string"},
                            },
                        }
                    },
                }
            }
        },
    }
