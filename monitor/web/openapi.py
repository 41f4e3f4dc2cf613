"""The OpenAPI 3.1 description of /api/ (a test fails when a route is missing from it).

Response schemas are generated from the TypedDicts the serializers are declared to return
(monitor/queries/shapes.py), so what the document promises is what mypy checks they send.
"""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

from pydantic import TypeAdapter
from typing_extensions import TypedDict

from monitor.labels import describe_enum, terms
from monitor.queries import shapes
from monitor.queries.facilities import FACILITY_SORTS
from monitor.queries.timeline import KINDS
from monitor.queries.tracker import CONCURRENCES, IMPLEMENTATIONS, RESOLUTIONS, TRACKER_SORTS
from monitor.version import __version__
from monitor.web.params import MAX_TEXT
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
    _q("page", "Page number (1-based).", {"type": "integer", "minimum": 1, "maximum": 10_000}),
    _q("per_page", "Items per page.", {"type": "integer", "minimum": 1, "maximum": 1000}),
]
ORDER = _q("order", "Sort direction.", {"type": "string", "enum": ["asc", "desc"]})
ERRORS = {
    "400": {
        "description": "A query parameter is invalid; `error.message` says which and why.",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorJSON"}}},
    },
}
NOT_FOUND = {
    "404": {
        "description": "Unknown id.",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorJSON"}}},
    }
}


def _op(
    summary: str, params: list[dict[str, Any]], shape: type, not_found: bool = False
) -> dict[str, Any]:
    ref = {"$ref": f"#/components/schemas/{shape.__name__}"}
    responses: dict[str, Any] = {
        "200": {"description": "OK", "content": {"application/json": {"schema": ref}}},
        **ERRORS,
    }
    if not_found:
        responses.update(NOT_FOUND)
    return {"get": {"summary": summary, "parameters": params, "responses": responses}}


def _enum(values: Any) -> dict[str, Any]:
    return {"type": "string", "enum": list(values)}


def _text(name: str, description: str, max_length: int = MAX_TEXT, **kw: Any) -> dict[str, Any]:
    """A text parameter with the length limit the API enforces (monitor/web/params.py)."""
    return _q(name, description, {"type": "string", "maxLength": max_length}, **kw)


def _facility_filters() -> list[dict[str, Any]]:
    return [
        _text("q", "Name, alias or city contains."), _text("state", "Two-letter state.", 2),
        _text("aor", "ERO field office code.", 8),
        _text("type", "Type detailed: " + describe_enum("facility_type", list(terms("facility_type"))), 20),
        _text("operator", "Operator name contains."),
        _q("sort", "Sort key.", _enum(FACILITY_SORTS)), ORDER,
    ]  # fmt: skip


def _timeline_filters() -> list[dict[str, Any]]:
    return [
        _q(
            "kind",
            "Item kind (repeatable): " + describe_enum("timeline_kind", list(KINDS)),
            _enum(KINDS),
        ),
        _q(
            "category",
            "Finding category: " + describe_enum("category", list(CATEGORIES)),
            _enum(CATEGORIES),
        ),
        _q("from", "Earliest date.", {"type": "string", "format": "date"}),
        _q("to", "Latest date.", {"type": "string", "format": "date"}),
    ]


def _tracker_filters() -> list[dict[str, Any]]:
    return [
        _text("facility", "Facility slug.", 120), _text("report", "Report number, e.g. OIG-22-31.", 40),
        _q("concurrence", "Component response: " + describe_enum("concurrence", CONCURRENCES),
           _enum(CONCURRENCES)),
        _q("resolution", "OIG resolution axis: " + describe_enum("resolution", RESOLUTIONS),
           _enum(RESOLUTIONS)),
        _q("implementation",
           "OIG implementation axis: " + describe_enum("implementation", IMPLEMENTATIONS),
           _enum(IMPLEMENTATIONS)),
        _q("overdue", "Only open recommendations past their target date.", _enum(["0", "1"])),
        _text("q", "Text contains."), _q("sort", "Sort key.", _enum(TRACKER_SORTS)), ORDER,
    ]  # fmt: skip


def _path_id(name: str, what: str) -> dict[str, Any]:
    return _q(name, what, {"type": "integer"}, "path")


def _paths() -> dict[str, Any]:
    slug = _q("slug", "Facility id (slug).", where="path")
    search = [
        _q(
            "q",
            'Words or "quoted phrases" (at least one letter or digit).',
            {"type": "string", "maxLength": MAX_TEXT, "pattern": "[A-Za-z0-9]"},
            required=True,
        ),
        _text("facility", "Facility slug facet.", 120),
        _text("source", "Source key facet.", 60),
        _q("page", "Page number (1-based).", {"type": "integer", "minimum": 1, "maximum": 500}),
        _q("per_page", "Documents per page.", {"type": "integer", "minimum": 1, "maximum": 100}),
    ]
    return {
        "/api/openapi.json": _op("This OpenAPI document.", [], OpenAPIDocument),
        "/api/facilities": _op("Search, filter and sort facilities.",
                               _facility_filters() + PAGING, shapes.FacilityPageJSON),
        "/api/facilities/{slug}": _op("Facility header facts and chart series.", [slug],
                                      shapes.FacilityJSON, True),
        "/api/facilities/{slug}/timeline": _op("Everything dated about a facility, newest first.",
                                               [slug, *_timeline_filters(), *PAGING],
                                               shapes.TimelinePageJSON, True),
        "/api/recommendations": _op("The recommendation tracker.", _tracker_filters() + PAGING,
                                    shapes.RecommendationPageJSON),
        "/api/recommendations/{rec_id}": _op("One recommendation with its status history.",
                                             [_path_id("rec_id", "Recommendation id.")],
                                             shapes.RecommendationDetailJSON, True),
        "/api/documents/{document_id}": _op(
            "Document metadata, provenance, versions and extracted facts.",
            [_path_id("document_id", "Document id.")], shapes.DocumentJSON, True),
        "/api/sources": _op("Health of every source.", [], shapes.SourcesJSON),
        "/api/search": _op("Full-text search with facility and source facets.", search,
                           shapes.SearchJSON),
    }  # fmt: skip


class OpenAPIDocument(TypedDict):
    """This document itself (its own schema is the OpenAPI 3.1 specification's)."""

    openapi: str
    info: dict[str, Any]
    paths: dict[str, Any]
    components: dict[str, Any]


RESPONSE_SHAPES: tuple[type, ...] = (
    OpenAPIDocument,
    shapes.FacilityPageJSON,
    shapes.FacilityJSON,
    shapes.TimelinePageJSON,
    shapes.RecommendationPageJSON,
    shapes.RecommendationDetailJSON,
    shapes.DocumentJSON,
    shapes.SourcesJSON,
    shapes.SearchJSON,
    shapes.ErrorJSON,
)


@cache  # the shapes are fixed at import: generate their schemas once per process, not per request
def component_schemas() -> dict[str, Any]:
    """JSON Schemas of every response shape, generated from the serializers' declared types."""
    _, definitions = TypeAdapter.json_schemas(
        [(shape.__name__, "serialization", TypeAdapter(shape)) for shape in RESPONSE_SHAPES],
        ref_template="#/components/schemas/{model}",
    )
    return dict(definitions.get("$defs", {}))


def openapi_document() -> dict[str, Any]:
    """The whole OpenAPI 3.1 document."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Detention Conditions Monitor API",
            "version": __version__,
            "description": "Read-only public data: facilities, timelines, OIG "
            "recommendations and their status, documents with provenance, sources, search.",
            "license": {"name": "AGPL-3.0-or-later", "identifier": "AGPL-3.0-or-later"},
        },
        "paths": _paths(),
        "components": {"schemas": copy.deepcopy(component_schemas())},
    }
