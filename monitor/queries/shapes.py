"""The JSON shapes the API returns, declared once.

Each serializer (`as_dict`, `facility_json` ...) is annotated to return one of these, so mypy
checks every key and value it writes; the OpenAPI document's response schemas are generated
from the same declarations (monitor/web/openapi.py), so the two cannot drift apart.
Dates are ISO 8601 strings.
"""

from __future__ import annotations

from typing_extensions import TypedDict  # pydantic reads these on Python 3.11


class FacilityRowJSON(TypedDict):
    slug: str
    name: str
    city: str | None
    state: str | None
    aor: str | None
    type_detailed: str | None
    operator: str | None
    open_recommendations: int
    days_overdue: int
    last_inspection: str | None
    staffing_pct: float | None
    active_alerts: int


class RecommendationJSON(TypedDict):
    id: int
    report_number: str | None
    number: int
    text: str
    addressee: str | None
    facility: str | None
    facility_name: str | None
    document_id: int
    page: int | None
    issued_date: str | None
    concurrence: str | None
    resolution: str | None
    implementation: str
    target_date: str | None
    closed_date: str | None
    days_open: int | None
    days_overdue: int


class StatusEventJSON(TypedDict):
    observed_date: str | None
    concurrence: str | None
    resolution: str | None
    implementation: str | None
    target_date: str | None
    document_id: int | None
    page: int | None
    quote: str | None


class ResponseJSON(TypedDict):
    """The component's response to a recommendation, with the page and quote stating it."""

    concurrence: str
    observed_date: str | None
    document_id: int | None
    page: int | None
    quote: str


class RecommendationDetailJSON(RecommendationJSON):
    history: list[StatusEventJSON]
    response: ResponseJSON | None


class CorrectionJSON(TypedDict):
    """A reviewer's correction of a published value."""

    field: str
    field_label: str
    old_value: str | None
    new_value: str | None
    reason: str
    corrected_on: str


class TimelineItemJSON(TypedDict):
    key: str
    kind: str
    date: str | None
    title: str
    summary: str | None
    category: str | None
    facts: dict[str, str]
    document_id: int | None
    document_title: str | None
    page: int | None
    quote: str | None
    severity: str | None
    recommendation: RecommendationJSON | None
    corrections: list[CorrectionJSON]
    # `date` is the date the fact describes; when the document does not state it, `date` is
    # null, `date_stated` false and `date_label` "date not stated" beside `published_date`.
    date_label: str | None
    described_from: str | None
    described_until: str | None
    described_precision: str | None
    date_stated: bool | None
    published_date: str | None


class SourceStatusJSON(TypedDict):
    key: str
    name: str
    url: str
    enabled: bool
    expected_cadence_days: int | None
    last_run_at: str | None
    last_run_status: str | None
    last_success_at: str | None
    last_new_document_at: str | None
    consecutive_failures: int
    last_error: str | None
    document_count: int
    days_since_new: int | None
    stale: bool


class SearchHitJSON(TypedDict):
    document_id: int
    title: str
    report_number: str | None
    published_date: str | None
    source: str
    pages_matched: int
    best_page: int | None
    snippet: str


class OperatorJSON(TypedDict):
    operator: str
    start_date: str | None
    end_date: str | None
    document_id: int | None
    page: int | None


class StaffingPointJSON(TypedDict):
    as_of: str | None
    role_group: str
    pct_filled: float
    document_id: int | None
    page: int | None


class PopulationPointJSON(TypedDict):
    release: str
    release_date: str | None
    adp: float | None
    guaranteed_minimum: int | None


class FacilityJSON(TypedDict):
    slug: str
    name: str
    aliases: list[str]
    detloc: str | None
    address: str | None
    city: str | None
    state: str | None
    zip: str | None
    aor: str | None
    type_detailed: str | None
    capacity: int | None
    guaranteed_minimum: int | None
    adp: float | None
    statistics_release: str | None
    operators: list[OperatorJSON]
    staffing: list[StaffingPointJSON]
    population: list[PopulationPointJSON]


class VersionJSON(TypedDict):
    id: int | None
    sha256: str
    size: int
    content_type: str | None
    request_url: str | None
    final_url: str | None
    fetched_at: str | None
    current: bool


class DocumentFacilityJSON(TypedDict):
    slug: str
    name: str
    raw_name: str | None
    role: str | None


class DocumentFactJSON(TypedDict):
    kind: str
    text: str
    page: int | None
    quote: str | None


class DocumentJSON(TypedDict):
    id: int | None
    title: str
    kind: str
    report_number: str | None
    report_type: str | None
    publisher: str | None
    url: str | None
    published_date: str | None
    fiscal_year: int | None
    summary: str | None
    source: str
    versions: list[VersionJSON]
    facilities: list[DocumentFacilityJSON]
    facts: list[DocumentFactJSON]
    pages: list[int]


class PagedJSON(TypedDict):
    total: int | None
    page: int
    per_page: int


class FacilityPageJSON(PagedJSON):
    items: list[FacilityRowJSON]


class RecommendationPageJSON(PagedJSON):
    items: list[RecommendationJSON]


class TimelinePageJSON(PagedJSON):
    items: list[TimelineItemJSON]


class SourcesJSON(TypedDict):
    items: list[SourceStatusJSON]


class FacetJSON(TypedDict):
    key: str
    label: str
    count: int


class FacetsJSON(TypedDict):
    facility: list[FacetJSON]
    source: list[FacetJSON]


class SearchJSON(PagedJSON):
    query: str
    items: list[SearchHitJSON]
    facets: FacetsJSON


class ErrorBodyJSON(TypedDict):
    status: int
    message: str


class ErrorJSON(TypedDict):
    error: ErrorBodyJSON
