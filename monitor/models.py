"""Every table of the monitor, declared in one place.

Conventions: timestamps are aware UTC (`utcnow()`); every extracted fact carries
`document_id`, `page` and `quote` so it traces to captured bytes; statuses that change
over time are append-only event rows, never overwritten columns.
"""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Column, Index, Text, UniqueConstraint, false
from sqlmodel import Field, SQLModel

from monitor.roles import ROLES
from scrapers._taxonomy import CATEGORIES, FINDING_RESULTS


def utcnow() -> datetime:
    """Aware UTC now: SQLModel's datetime columns (UTCDateTime) refuse naive values."""
    return datetime.now(UTC)


def _in(column: str, values: tuple[str, ...] | list[str], name: str) -> CheckConstraint:
    quoted = ", ".join(f"'{v}'" for v in values)
    return CheckConstraint(f"{column} IN ({quoted})", name=name)


def _json() -> Any:
    return Field(default=None, sa_column=Column(JSON))


def _text() -> Any:
    return Field(default=None, sa_column=Column(Text))


REVIEW_STATES = ("accepted", "pending", "rejected")
SEVERITIES = ("info", "warning", "high", "critical")
PRECISIONS = ("day", "month", "year")

# ---------------------------------------------------------------- facilities


class Facility(SQLModel, table=True):
    __tablename__ = "facility"
    __table_args__ = (Index("ix_facility_state_aor", "state", "aor"),)

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(unique=True, index=True)
    name: str
    detloc: str | None = Field(default=None, unique=True)
    address: str | None = None
    city: str | None = Field(default=None, index=True)
    state: str | None = None
    zip: str | None = None
    aor: str | None = None
    type_detailed: str | None = None
    capacity: int | None = None
    created_at: datetime = Field(default_factory=utcnow)


class FacilityAlias(SQLModel, table=True):
    """A name, address key or code under which a facility appears in some source."""

    __tablename__ = "facility_alias"
    __table_args__ = (
        UniqueConstraint("kind", "normalized", "facility_id", name="uq_alias_kind_norm_facility"),
        _in("kind", ("name", "address", "detloc", "abbreviation"), "ck_alias_kind"),
    )

    id: int | None = Field(default=None, primary_key=True)
    facility_id: int = Field(foreign_key="facility.id", index=True)
    kind: str = "name"
    alias: str
    normalized: str = Field(index=True)
    source: str | None = None
    created_at: datetime = Field(default_factory=utcnow)


class FacilityOperator(SQLModel, table=True):
    """Who ran a facility during a period, as a document states it."""

    __tablename__ = "facility_operator"

    id: int | None = Field(default=None, primary_key=True)
    facility_id: int = Field(foreign_key="facility.id", index=True)
    operator: str
    start_date: date | None = None
    end_date: date | None = None
    document_id: int | None = Field(default=None, foreign_key="document.id")
    page: int | None = None
    quote: str | None = _text()


class StatRelease(SQLModel, table=True):
    """One ICE detention-statistics workbook release."""

    __tablename__ = "stat_release"

    id: int | None = Field(default=None, primary_key=True)
    label: str = Field(unique=True)
    release_date: date | None = None
    file_name: str
    sha256: str = Field(unique=True)
    sheet_name: str | None = None
    header_row: int | None = None
    columns: list[str] | None = _json()
    drift: dict[str, Any] | None = _json()
    document_id: int | None = Field(default=None, foreign_key="document.id")
    imported_at: datetime = Field(default_factory=utcnow)


class FacilityStatSnapshot(SQLModel, table=True):
    """One facility's row in one statistics release; unknown columns kept raw in `extra`."""

    __tablename__ = "facility_stat_snapshot"
    __table_args__ = (
        UniqueConstraint("facility_id", "release_id", name="uq_snapshot_facility_release"),
        CheckConstraint(
            "guaranteed_minimum IS NULL OR guaranteed_minimum >= 0", name="ck_snapshot_gm"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    facility_id: int = Field(foreign_key="facility.id", index=True)
    release_id: int = Field(foreign_key="stat_release.id", index=True)
    row_number: int | None = None
    raw_name: str
    address: str | None = None
    city: str | None = None
    state: str | None = None
    zip: str | None = None
    aor: str | None = None
    type_detailed: str | None = None
    gender: str | None = None
    adp_total: float | None = None
    alos: float | None = None
    guaranteed_minimum: int | None = None
    last_inspection_type: str | None = None
    last_inspection_standard: str | None = None
    last_inspection_rating: str | None = None
    last_inspection_date: date | None = None
    # Who made the last inspection (ODO, Nakamoto...), when the release says so.
    last_inspection_inspector: str | None = None
    # Every inspection the row states, per inspector and rank (the last one included).
    inspections: list[dict[str, Any]] | None = _json()
    population: dict[str, Any] | None = _json()
    extra: dict[str, Any] | None = _json()


# ---------------------------------------------------------------- sources and captures


class Source(SQLModel, table=True):
    __tablename__ = "source"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True)
    name: str
    url: str
    schedule: str | None = None
    expected_cadence_days: int | None = None
    enabled: bool = True
    settings: dict[str, Any] | None = _json()
    consecutive_failures: int = 0
    last_run_at: datetime | None = None
    last_success_at: datetime | None = None
    last_new_document_at: datetime | None = None
    last_error: str | None = _text()


class ScrapeRun(SQLModel, table=True):
    __tablename__ = "scrape_run"
    __table_args__ = (
        _in("status", ("running", "success", "failed"), "ck_scrape_run_status"),
        Index("ix_scrape_run_source_started", "source_id", "started_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    source_id: int = Field(foreign_key="source.id")
    started_at: datetime = Field(default_factory=utcnow)
    finished_at: datetime | None = None
    status: str = "running"
    new_count: int = 0
    changed_count: int = 0
    unchanged_count: int = 0
    failed_count: int = 0
    bytes_downloaded: int = 0
    error_kind: str | None = None
    error_message: str | None = _text()


class FetchState(SQLModel, table=True):
    """Conditional-request memory per URL, so unchanged pages transfer no body."""

    __tablename__ = "fetch_state"

    id: int | None = Field(default=None, primary_key=True)
    url: str = Field(unique=True)
    etag: str | None = None
    last_modified: str | None = None
    sha256: str | None = None
    last_status: int | None = None
    last_fetched_at: datetime | None = None


class Document(SQLModel, table=True):
    """A published thing (report, page, PDF, workbook); its bytes live in DocumentVersion."""

    __tablename__ = "document"
    __table_args__ = (
        UniqueConstraint("source_id", "external_id", name="uq_document_source_external"),
        _in("review_status", REVIEW_STATES, "ck_document_review"),
        Index("ix_document_published", "published_date"),
        # Every fact shown publicly joins its document to check it is public and accepted:
        # this index answers that (and the date) without reading the document's wide row.
        Index("ix_document_public", "id", "is_public", "review_status", "published_date"),
    )

    id: int | None = Field(default=None, primary_key=True)
    source_id: int = Field(foreign_key="source.id", index=True)
    external_id: str
    kind: str
    title: str
    url: str | None = None
    publisher: str | None = None
    report_number: str | None = Field(default=None, index=True)
    report_type: str | None = None
    published_date: date | None = None
    fiscal_year: int | None = None
    summary: str | None = _text()
    is_public: bool = True
    # Written by `monitor demo`, not captured from a publisher: pages and packets say DEMO.
    is_demo: bool = False
    review_status: str = "accepted"
    current_version_id: int | None = None
    created_at: datetime = Field(default_factory=utcnow)


class DocumentVersion(SQLModel, table=True):
    """One distinct set of bytes of a document, content-addressed by SHA-256."""

    __tablename__ = "document_version"
    __table_args__ = (UniqueConstraint("document_id", "sha256", name="uq_version_document_sha"),)

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True)
    sha256: str = Field(index=True)
    size: int
    content_type: str | None = None
    request_url: str | None = None
    final_url: str | None = None
    status_code: int | None = None
    headers: dict[str, Any] | None = _json()
    etag: str | None = None
    last_modified: str | None = None
    fetched_at: datetime = Field(default_factory=utcnow)
    storage_path: str
    warc_path: str | None = None
    warc_record_id: str | None = None
    page_count: int | None = None
    parser_version: str | None = None
    parsed_at: datetime | None = None
    parse_error: str | None = _text()
    # A file uploaded for an already public document waits as "pending" until reviewed.
    review_status: str = "accepted"


ARCHIVE_STATES = ("pending", "archived", "failed")


class CaptureArchive(SQLModel, table=True):
    """A capture's independent copy in a web archive (Save Page Now or the deployment's own)."""

    __tablename__ = "capture_archive"
    __table_args__ = (_in("status", ARCHIVE_STATES, "ck_capture_archive_status"),)

    id: int | None = Field(default=None, primary_key=True)
    version_id: int = Field(foreign_key="document_version.id", unique=True)
    page_url: str
    endpoint: str
    status: str = Field(default="pending", index=True)
    attempts: int = 0
    last_error: str | None = _text()
    next_attempt_at: datetime = Field(default_factory=utcnow)
    archived_url: str | None = None
    archived_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)


class DocumentPage(SQLModel, table=True):
    """Extracted text of one page of a document version (the search index reads this)."""

    __tablename__ = "document_page"
    __table_args__ = (UniqueConstraint("version_id", "page_number", name="uq_page_version_number"),)

    id: int | None = Field(default=None, primary_key=True)
    version_id: int = Field(foreign_key="document_version.id", index=True)
    page_number: int
    text: str = Field(sa_column=Column(Text, nullable=False))
    # The page had no text layer: `text` is Tesseract's reading, shown and quoted as OCR.
    ocr: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    ocr_confidence: float | None = None  # mean word confidence, 0-100
    # How the text was obtained: text layer, OCR, image only, HTML, other (capture/pages.py).
    method: str = "text"


class SearchEntry(SQLModel, table=True):
    """One fact shown on the site (finding, recommendation, inspection, death...) as search text.

    Written beside the fact by monitor/ingest/search_entries.py; the full-text index over it
    is hand-written DDL (monitor/queries/search_index.py), like the page index.
    """

    __tablename__ = "search_entry"
    __table_args__ = (
        UniqueConstraint("ref_kind", "ref_id", name="uq_search_entry_ref"),
        Index("ix_search_entry_facility", "facility_id", "kind"),
    )

    id: int | None = Field(default=None, primary_key=True)
    ref_kind: str
    ref_id: int
    kind: str
    document_id: int | None = Field(default=None, foreign_key="document.id", index=True)
    facility_id: int | None = Field(default=None, foreign_key="facility.id")
    year: int | None = None
    title: str
    body: str = Field(sa_column=Column(Text, nullable=False))
    link: str
    page: int | None = None


class DocumentFacility(SQLModel, table=True):
    __tablename__ = "document_facility"
    __table_args__ = (
        UniqueConstraint("document_id", "facility_id", name="uq_docfac_doc_facility"),
        Index("ix_docfac_facility", "facility_id", "document_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id")
    facility_id: int = Field(foreign_key="facility.id")
    raw_name: str | None = None
    confidence: float | None = None
    role: str = "subject"


# ---------------------------------------------------------------- extracted facts


class Inspection(SQLModel, table=True):
    """One inspection; deficiency counts and the rating are kept apart on purpose."""

    __tablename__ = "inspection"
    __table_args__ = (
        Index("ix_inspection_facility_end", "facility_id", "end_date"),
        _in("review_status", REVIEW_STATES, "ck_inspection_review"),
        CheckConstraint(
            "standards_compliant IS NULL OR standards_reviewed IS NULL "
            "OR standards_compliant <= standards_reviewed",
            name="ck_inspection_standards",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    facility_id: int | None = Field(default=None, foreign_key="facility.id")
    document_id: int | None = Field(default=None, foreign_key="document.id", index=True)
    inspector: str
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
    rating_raw: str | None = None
    previous_date: date | None = None
    previous_rating: str | None = None
    operator: str | None = None
    facility_type: str | None = None
    incidents: dict[str, Any] | None = _json()
    page: int | None = None
    quote: str | None = _text()
    review_status: str = "accepted"


class Finding(SQLModel, table=True):
    __tablename__ = "finding"
    __table_args__ = (
        _in("category", list(CATEGORIES), "ck_finding_category"),
        _in("result", FINDING_RESULTS, "ck_finding_result"),
        _in("review_status", REVIEW_STATES, "ck_finding_review"),
        _in("observed_precision", PRECISIONS, "ck_finding_precision"),
        Index("ix_finding_facility_category", "facility_id", "category", "found_date"),
        # Lets the facility timeline read a busy facility's newest findings in index order
        # and stop after one page (busiest facilities hold ~10k findings).
        Index(
            "ix_finding_timeline",
            "facility_id",
            "review_status",
            "found_date",
            "category",
            "document_id",
            "inspection_id",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True)
    facility_id: int | None = Field(default=None, foreign_key="facility.id")
    inspection_id: int | None = Field(default=None, foreign_key="inspection.id", index=True)
    category: str
    result: str
    raw_label: str
    summary: str | None = _text()
    found_date: date | None = None
    # The date or period the fact describes, apart from its document's publication date
    # (None: the document does not state it). Precision: day, month or year.
    observed_on: date | None = None
    observed_until: date | None = None
    observed_precision: str | None = None
    is_repeat: bool = False
    no_causation: bool = False
    page: int | None = None
    quote: str | None = _text()
    review_status: str = "accepted"


class Recommendation(SQLModel, table=True):
    __tablename__ = "recommendation"
    __table_args__ = (
        UniqueConstraint("document_id", "number", name="uq_recommendation_doc_number"),
        CheckConstraint("number >= 1", name="ck_recommendation_number"),
        # The facility timeline reads a facility's newest recommendations in index order.
        Index("ix_recommendation_facility_issued", "facility_id", "issued_date"),
    )

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True)
    facility_id: int | None = Field(default=None, foreign_key="facility.id", index=True)
    number: int
    text: str = Field(sa_column=Column(Text, nullable=False))
    addressee_raw: str | None = None
    addressee_office: str | None = None
    significant: bool | None = None
    issued_date: date | None = None
    page: int | None = None
    quote: str | None = _text()


class RecommendationStatusEvent(SQLModel, table=True):
    """Append-only: each observation of a recommendation's status adds a row."""

    __tablename__ = "recommendation_status_event"
    __table_args__ = (
        _in("concurrence", ("concur", "non_concur", "partial"), "ck_status_concurrence"),
        _in("resolution", ("resolved", "unresolved"), "ck_status_resolution"),
        _in("implementation", ("open", "closed"), "ck_status_implementation"),
        Index("ix_status_rec_observed", "recommendation_id", "observed_date"),
    )

    id: int | None = Field(default=None, primary_key=True)
    recommendation_id: int = Field(foreign_key="recommendation.id")
    document_id: int | None = Field(default=None, foreign_key="document.id")
    observed_date: date
    concurrence: str | None = None
    resolution: str | None = None
    implementation: str | None = None
    target_date: date | None = None
    page: int | None = None
    quote: str | None = _text()
    recorded_at: datetime = Field(default_factory=utcnow)


class StaffingObservation(SQLModel, table=True):
    """Staffing as reported (kept verbatim) plus values computed alongside."""

    __tablename__ = "staffing_observation"
    __table_args__ = (
        _in("role_group", ("all", "security", "medical", "mental_health"), "ck_staffing_role"),
        Index("ix_staffing_facility_asof", "facility_id", "as_of_date"),
        _in("observed_precision", PRECISIONS, "ck_staffing_precision"),
    )

    id: int | None = Field(default=None, primary_key=True)
    facility_id: int | None = Field(default=None, foreign_key="facility.id")
    document_id: int = Field(foreign_key="document.id")
    as_of_date: date | None = None
    # The date or period the fact describes, apart from its document's publication date
    # (None: the document does not state it). Precision: day, month or year.
    observed_on: date | None = None
    observed_until: date | None = None
    observed_precision: str | None = None
    # Another document repeating this figure points at the original (not a new observation).
    repeats_id: int | None = Field(default=None, foreign_key="staffing_observation.id")
    role_group: str = "all"
    required: int | None = None
    filled: int | None = None
    vacancies: int | None = None
    pct_filled_reported: float | None = None
    pct_vacant_reported: float | None = None
    pct_filled: float | None = None
    arithmetic_ok: bool | None = None
    page: int | None = None
    quote: str | None = _text()
    review_status: str = "accepted"


class DeathRecord(SQLModel, table=True):
    __tablename__ = "death_record"
    __table_args__ = (
        UniqueConstraint("person_name", "date_of_death", name="uq_death_person_date"),
    )

    id: int | None = Field(default=None, primary_key=True)
    facility_id: int | None = Field(default=None, foreign_key="facility.id", index=True)
    person_name: str
    date_of_death: date | None = None
    press_release_date: date | None = None
    death_report_date: date | None = None
    opr_review_date: date | None = None
    mortality_review_date: date | None = None
    document_id: int | None = Field(default=None, foreign_key="document.id")
    page: int | None = None
    quote: str | None = _text()


class Alert(SQLModel, table=True):
    """A rule's finding; `dedup_key` makes re-evaluation idempotent."""

    __tablename__ = "alert"
    __table_args__ = (
        _in("severity", SEVERITIES, "ck_alert_severity"),
        _in("status", ("active", "resolved"), "ck_alert_status"),
        Index("ix_alert_facility_status", "facility_id", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    rule: str = Field(index=True)
    dedup_key: str = Field(unique=True)
    facility_id: int | None = Field(default=None, foreign_key="facility.id")
    recommendation_id: int | None = Field(default=None, foreign_key="recommendation.id")
    document_id: int | None = Field(default=None, foreign_key="document.id")
    source_id: int | None = Field(default=None, foreign_key="source.id")
    subject: str
    severity: str = "warning"
    since: date
    status: str = "active"
    first_seen_at: datetime = Field(default_factory=utcnow)
    last_seen_at: datetime = Field(default_factory=utcnow)
    resolved_at: datetime | None = None
    details: dict[str, Any] | None = _json()


class AlertEvent(SQLModel, table=True):
    """History of an alert: opened, severity changed, resolved, reopened."""

    __tablename__ = "alert_event"

    id: int | None = Field(default=None, primary_key=True)
    alert_id: int = Field(foreign_key="alert.id", index=True)
    at: datetime = Field(default_factory=utcnow)
    change: str
    severity: str | None = None


# ---------------------------------------------------------------- review and corrections


class ReviewItem(SQLModel, table=True):
    """Something that must not go public unseen (unmatched facility, low-confidence parse...)."""

    __tablename__ = "review_item"
    __table_args__ = (
        _in("status", REVIEW_STATES, "ck_review_status"),
        Index("ix_review_status_kind", "status", "kind"),
    )

    id: int | None = Field(default=None, primary_key=True)
    kind: str
    reason: str
    subject_table: str | None = None
    subject_id: int | None = None
    candidate_facility_id: int | None = Field(default=None, foreign_key="facility.id")
    confidence: float | None = None
    payload: dict[str, Any] | None = _json()
    status: str = "pending"
    created_at: datetime = Field(default_factory=utcnow)
    decided_by_id: int | None = Field(default=None, foreign_key="user_account.id")
    decided_at: datetime | None = None
    decision_note: str | None = _text()


class Correction(SQLModel, table=True):
    __tablename__ = "correction"

    id: int | None = Field(default=None, primary_key=True)
    table_name: str
    row_id: int
    field_name: str
    old_value: str | None = _text()
    new_value: str | None = _text()
    reason: str = Field(sa_column=Column(Text, nullable=False))
    user_id: int | None = Field(default=None, foreign_key="user_account.id")
    created_at: datetime = Field(default_factory=utcnow)


# ---------------------------------------------------------------- people and access


class UserAccount(SQLModel, table=True):
    __tablename__ = "user_account"
    __table_args__ = (_in("role", ROLES, "ck_user_role"),)

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(unique=True)
    password_hash: str
    role: str = "advocate"
    is_active: bool = True
    session_version: int = 1
    failed_logins: int = 0
    locked_until: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)


class UsedToken(SQLModel, table=True):
    """Single-use tokens (password reset) already spent."""

    __tablename__ = "used_token"

    id: int | None = Field(default=None, primary_key=True)
    token_id: str = Field(unique=True)
    used_at: datetime = Field(default_factory=utcnow)


class PrivateNote(SQLModel, table=True):
    __tablename__ = "private_note"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    facility_id: int = Field(foreign_key="facility.id", index=True)
    body: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)


class PrivateUpload(SQLModel, table=True):
    __tablename__ = "private_upload"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    facility_id: int = Field(foreign_key="facility.id", index=True)
    filename: str
    content_type: str | None = None
    sha256: str
    size: int
    created_at: datetime = Field(default_factory=utcnow)


class AuditLog(SQLModel, table=True):
    """Append-only, hash-chained record of every access to non-public data."""

    __tablename__ = "audit_log"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    actor_user_id: int | None = Field(default=None, foreign_key="user_account.id")
    actor_label: str | None = None
    action: str = Field(index=True)
    target_type: str | None = None
    target_id: str | None = None
    subject_hash: str | None = Field(default=None, index=True)
    purpose: str | None = _text()
    details: dict[str, Any] | None = _json()
    client_ip: str | None = None
    prev_hash: str
    entry_hash: str = Field(unique=True)


class ExportLog(SQLModel, table=True):
    __tablename__ = "export_log"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow)
    user_id: int | None = Field(default=None, foreign_key="user_account.id")
    actor_label: str | None = None
    facility_id: int | None = Field(default=None, foreign_key="facility.id")
    selection: dict[str, Any] | None = _json()
    sha256: str
    filename: str


# ---------------------------------------------------------------- subscriptions and mail


class Subscriber(SQLModel, table=True):
    """An email address and nothing more about the person."""

    __tablename__ = "subscriber"
    __table_args__ = (_in("language", ("en", "es"), "ck_subscriber_language"),)

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(unique=True)
    email_hash: str = Field(unique=True)
    created_at: datetime = Field(default_factory=utcnow)
    confirmed_at: datetime | None = None
    token_version: int = 1
    # The language their mail is written in (the site's language when they subscribed).
    language: str = Field(default="en", sa_column_kwargs={"server_default": "en"})
    # Signed into unsubscribe and manage links: a link never fits a later row with this id.
    nonce: str = Field(default_factory=lambda: secrets.token_urlsafe(12))


class Subscription(SQLModel, table=True):
    __tablename__ = "subscription"
    __table_args__ = (
        _in(
            "scope", ("facility", "recommendation", "state", "aor", "all"), "ck_subscription_scope"
        ),
        _in("frequency", ("immediate", "daily", "weekly"), "ck_subscription_frequency"),
        UniqueConstraint("subscriber_id", "scope", "target", name="uq_subscription_target"),
        Index("ix_subscription_scope_target", "scope", "target"),
    )

    id: int | None = Field(default=None, primary_key=True)
    subscriber_id: int = Field(foreign_key="subscriber.id", index=True)
    scope: str
    target: str = ""
    frequency: str = "immediate"
    confirmed: bool = False
    created_at: datetime = Field(default_factory=utcnow)
    # Carried by the confirmation link: a link for a deleted row never fits a new one.
    nonce: str = Field(default_factory=lambda: secrets.token_urlsafe(12))


class SuppressedAddress(SQLModel, table=True):
    """A keyed hash of an address that unsubscribed; the address itself is gone."""

    __tablename__ = "suppressed_address"

    id: int | None = Field(default=None, primary_key=True)
    email_hash: str = Field(unique=True)
    unsubscribed_at: datetime = Field(default_factory=utcnow)


class OutboxMessage(SQLModel, table=True):
    __tablename__ = "outbox_message"
    __table_args__ = (
        _in("status", ("pending", "sent", "failed"), "ck_outbox_status"),
        Index("ix_outbox_status_next", "status", "next_attempt_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    subscriber_id: int | None = Field(default=None, foreign_key="subscriber.id", index=True)
    alert_id: int | None = Field(default=None, foreign_key="alert.id")
    kind: str = "alert"
    to_addr: str
    subject: str
    message_id: str = Field(unique=True)
    body_text: str = Field(sa_column=Column(Text, nullable=False))
    body_html: str | None = _text()
    headers: dict[str, Any] | None = _json()
    status: str = "pending"
    attempts: int = 0
    created_at: datetime = Field(default_factory=utcnow)
    next_attempt_at: datetime = Field(default_factory=utcnow)
    sent_at: datetime | None = None
    last_error: str | None = _text()


# ---------------------------------------------------------------- scheduler


class SchedulerLease(SQLModel, table=True):
    """Leader lease for the scheduler on databases without advisory locks (SQLite)."""

    __tablename__ = "scheduler_lease"

    name: str = Field(primary_key=True)
    holder: str
    expires_at: datetime


class JobRun(SQLModel, table=True):
    __tablename__ = "job_run"

    id: int | None = Field(default=None, primary_key=True)
    job_id: str = Field(index=True)
    started_at: datetime = Field(default_factory=utcnow)
    finished_at: datetime | None = None
    status: str = "running"
    error: str | None = _text()


class RateLimitHit(SQLModel, table=True):
    """One counted request in a rate-limit window, shared by every web worker.

    The client is stored only as a keyed hash, never as an address.
    """

    __tablename__ = "rate_limit_hit"
    __table_args__ = (Index("ix_rate_limit_bucket_key_at", "bucket", "key_hash", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    bucket: str
    key_hash: str
    at: datetime = Field(default_factory=utcnow)


# ---------------------------------------------------------------- caching


class DataVersion(SQLModel, table=True):
    """One row whose `version` every write to published data bumps (database triggers, see
    monitor.data_version), so each web process knows when its rendered pages are stale."""

    __tablename__ = "data_version"

    id: int = Field(default=1, primary_key=True)
    version: int = 0
