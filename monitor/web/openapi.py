"""The OpenAPI 3 description of /api/ (a test fails when a route is missing from it)."""

from __future__ import annotations

from typing import Any

from monitor.queries.facilities import FACILITY_SORTS
from monitor.queries.timeline import KINDS
from monitor.queries.tracker import CONCURRENCES, IMPLEMENTATIONS, RESOLUTIONS, TRACKER_SORTS
from monitor.version import __version__
from scrapers._taxonomy import CATEGORIES


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


def _enum(values: Any) -> dict[str, Any]:
    return {"type": "string", "enum": list(values)}


def _facility_filters() -> list[dict[str, Any]]:
    return [
        _q("q", "Name, alias or city contains."), _q("state", "Two-letter state."),
        _q("aor", "ERO field office code."), _q("type", "Type detailed (IGSA, CDF, SPC...)."),
        _q("operator", "Operator name contains."), _q("sort", "Sort key.", _enum(FACILITY_SORTS)),
        ORDER,
    ]  # fmt: skip


def _timeline_filters() -> list[dict[str, Any]]:
    return [
        _q("kind", "Item kind (repeatable).", _enum(KINDS)),
        _q("category", "Finding category.", _enum(CATEGORIES)),
        _q("from", "Earliest date.", {"type": "string", "format": "date"}),
        _q("to", "Latest date.", {"type": "string", "format": "date"}),
    ]


def _tracker_filters() -> list[dict[str, Any]]:
    return [
        _q("facility", "Facility slug."), _q("report", "Report number, e.g. OIG-22-31."),
        _q("concurrence", "Component response.", _enum(CONCURRENCES)),
        _q("resolution", "OIG resolution axis.", _enum(RESOLUTIONS)),
        _q("implementation", "OIG implementation axis.", _enum(IMPLEMENTATIONS)),
        _q("overdue", "Only open recommendations past their target date.", _enum(["0", "1"])),
        _q("q", "Text contains."), _q("sort", "Sort key.", _enum(TRACKER_SORTS)), ORDER,
    ]  # fmt: skip


def _path_id(name: str, what: str) -> dict[str, Any]:
    return _q(name, what, {"type": "integer"}, "path")


def _paths() -> dict[str, Any]:
    slug = _q("slug", "Facility id (slug).", where="path")
    search = [
        _q("q", 'Words or "quoted phrases".', required=True),
        _q("facility", "Facility slug facet."),
        _q("source", "Source key facet."),
        PAGING[0],
        _q("per_page", "Documents per page.", {"type": "integer", "minimum": 1, "maximum": 100}),
    ]
    return {
        "/api/openapi.json": _op("This OpenAPI document.", []),
        "/api/facilities": _op("Search, filter and sort facilities.", _facility_filters() + PAGING),
        "/api/facilities/{slug}": _op("Facility header facts and chart series.", [slug], True),
        "/api/facilities/{slug}/timeline": _op("Everything dated about a facility, newest first.",
                                               [slug, *_timeline_filters(), *PAGING], True),
        "/api/recommendations": _op("The recommendation tracker.", _tracker_filters() + PAGING),
        "/api/recommendations/{rec_id}": _op("One recommendation with its status history.",
                                             [_path_id("rec_id", "Recommendation id.")], True),
        "/api/documents/{document_id}": _op(
            "Document metadata, provenance, versions and extracted facts.",
            [_path_id("document_id", "Document id.")], True),
        "/api/sources": _op("Health of every source.", []),
        "/api/search": _op("Full-text search with facility and source facets.", search),
    }  # fmt: skip


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
