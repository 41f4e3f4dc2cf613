"""The source contract shared by every scraper module, and the named error tree.

A source module exposes:
    SOURCE: SourceInfo            what it is, where it lives, how often it publishes
    fetch(client) -> Iterator[Page]   network side (uses monitor's fetcher)
    parse(page: Page) -> list[Record] pure: bytes in, typed records out, no database

Records are plain dataclasses with a `kind`; `to_dict()` gives the JSON shape used by
`monitor extract --json`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

# ---------------------------------------------------------------- errors


@dataclass
class Request:
    """A GET a source wants made, with how the capture should be labelled."""

    url: str
    kind_hint: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    conditional: bool = True


class SourceError(Exception):
    """Base of every error a source may raise; the ingest runner catches only these."""

    reason = "the source failed"

    def __init__(self, message: str, *, url: str | None = None) -> None:
        super().__init__(message)
        self.url = url

    def describe(self) -> str:
        """One line a person can read on the sources page."""
        where = f" ({self.url})" if self.url else ""
        return f"{self.reason}: {self}{where}"


class SourceUnavailable(SourceError):
    """The server could not be reached or kept failing after retries."""

    reason = "source unavailable"


class LayoutChanged(SourceError):
    """The page or file no longer has the labels or structure the parser expects."""

    reason = "layout changed"


class ColumnsUnmapped(LayoutChanged):
    """A release's columns drifted so that a field the import relies on cannot be mapped."""

    reason = "columns drifted"


class NotAllowed(SourceError):
    """A URL or redirect pointed outside the source's allowed hosts, or at a private address."""

    reason = "fetch refused"


class ResponseTooLarge(SourceError):
    """A response exceeded the size cap."""

    reason = "response too large"


class RobotsDisallowed(SourceError):
    """robots.txt forbids fetching this URL."""

    reason = "disallowed by robots.txt"


class ResourceLimitExceeded(SourceError):
    """Parsing a file would exceed a configured limit (size, pages, rows, time or memory)."""

    reason = "resource limit exceeded"


class BadDocument(SourceError):
    """A file is corrupt, truncated, encrypted, scanned without text, or not the expected kind."""

    reason = "unreadable document"


class NotAnInspection(BadDocument):
    """A readable document of another kind (a family residential center review, a notice)."""

    reason = "not an inspection document"


class OcrLimitExceeded(BadDocument):
    """Reading a scanned document would take more pages, time or memory than allowed."""

    reason = "OCR limit exceeded"


class OcrUnavailable(BadDocument):
    """A scanned document needs OCR but Tesseract is not installed."""

    reason = "OCR unavailable"


# ---------------------------------------------------------------- source description


@dataclass(frozen=True)
class SourceInfo:
    key: str
    name: str
    url: str
    allowed_hosts: tuple[str, ...]
    schedule: str  # cron expression, e.g. "0 6 * * *"
    expected_cadence_days: int
    publisher: str
    requests_per_second: float = 1.0
    description: str = ""


@dataclass
class Page:
    """Bytes fetched (or read from a file) plus what is known about where they came from."""

    url: str
    content: bytes
    content_type: str | None = None
    final_url: str | None = None
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    fetched_at: datetime | None = None
    kind_hint: str | None = None  # e.g. "listing", "detail", "pdf"
    meta: dict[str, Any] = field(default_factory=dict)


# ---------------------------------------------------------------- records


@dataclass
class Record:
    kind: str = field(init=False, default="record")

    def to_dict(self) -> dict[str, Any]:
        return {k: _jsonable(v) for k, v in dataclasses.asdict(self).items()}


def _jsonable(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value


@dataclass
class Cited(Record):
    """Every extracted fact carries page and quote."""

    page: int | None = None
    quote: str | None = None
    # Set when the fact was read by OCR from a scanned page: the page's mean word confidence.
    ocr_confidence: float | None = None


@dataclass
class DocumentRecord(Record):
    kind: str = field(init=False, default="document")
    external_id: str = ""
    title: str = ""
    url: str | None = None
    doc_kind: str = "report"
    report_number: str | None = None
    report_type: str | None = None
    published_date: date | None = None
    fiscal_year: int | None = None
    summary: str | None = None
    pdf_url: str | None = None
    detail_url: str | None = None
    facility_names: list[str] = field(default_factory=list)
    page_count: int | None = None


@dataclass
class RecommendationRecord(Cited):
    kind: str = field(init=False, default="recommendation")
    report_number: str | None = None
    number: int = 0
    text: str = ""
    addressee: str | None = None
    addressee_office: str | None = None
    concurrence: str | None = None
    resolution: str | None = None
    implementation: str | None = None
    target_date: date | None = None
    # Where the component answers this recommendation ("ICE Comments to Recommendation 1:
    # Non-concur. ..."); `page` and `quote` cite the recommendation itself.
    response_page: int | None = None
    response_quote: str | None = None


@dataclass
class StatusRecord(Cited):
    kind: str = field(init=False, default="status")
    report_number: str | None = None
    number: int = 0
    observed_date: date | None = None
    concurrence: str | None = None
    resolution: str | None = None
    implementation: str | None = None
    target_date: date | None = None


@dataclass
class StaffingRecord(Cited):
    kind: str = field(init=False, default="staffing")
    facility_name: str | None = None
    as_of_date: date | None = None
    # The date or period the figure describes (not the publication date): see
    # scrapers/_described_dates.py. Precision is "day", "month" or "year".
    observed_on: date | None = None
    observed_until: date | None = None
    observed_precision: str | None = None
    role_group: str = "all"
    required: int | None = None
    filled: int | None = None
    vacancies: int | None = None
    pct_filled_reported: float | None = None
    pct_vacant_reported: float | None = None
    pct_filled: float | None = None
    arithmetic_ok: bool | None = None


@dataclass
class FindingRecord(Cited):
    kind: str = field(init=False, default="finding")
    facility_name: str | None = None
    category: str = "OTHER"
    result: str = "deficient"
    raw_label: str = ""
    summary: str | None = None
    found_date: date | None = None
    is_repeat: bool = False
    no_causation: bool = False


@dataclass
class InspectionRecord(Cited):
    kind: str = field(init=False, default="inspection")
    facility_name: str | None = None
    city: str | None = None
    state: str | None = None
    inspector: str = ""
    inspection_type: str | None = None
    raw_title: str | None = None
    standard: str | None = None
    start_date: date | None = None
    end_date: date | None = None
    date_uncertain: bool = False
    remote: bool | None = None
    standards_reviewed: int | None = None
    standards_compliant: int | None = None
    standards_deficient: int | None = None
    deficiency_count: int | None = None
    repeat_deficiencies: int | None = None
    areas_of_concern: int | None = None
    corrective_action_plan: bool | None = None
    rating: str | None = None
    previous_date: date | None = None
    previous_rating: str | None = None
    operator: str | None = None
    facility_type: str | None = None
    incidents: dict[str, Any] = field(default_factory=dict)
    pdf_url: str | None = None
    # Values the document states that cannot be right, left empty: field name -> why.
    rejected: dict[str, str] = field(default_factory=dict)


@dataclass
class DeathRecordData(Cited):
    kind: str = field(init=False, default="death")
    person_name: str = ""
    facility_name: str | None = None
    date_of_death: date | None = None
    document_type: str = (
        "opr_review"  # press_release | death_report | opr_review | mortality_review
    )
    published_date: date | None = None
    pdf_url: str | None = None


@dataclass
class LinkRecord(Record):
    """A link found on a listing page that the fetcher should follow."""

    kind: str = field(init=False, default="link")
    url: str = ""
    link_kind: str = "detail"
    external_id: str | None = None
    title: str | None = None
    published_date: date | None = None
