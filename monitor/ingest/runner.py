"""The ingest runner: fetch, capture raw bytes, parse, write; the one place errors are caught.

A run works inside a savepoint: when a named source error stops it, everything the run
wrote is rolled back (earlier data stays intact) and the reason is recorded, in words a
person can read, on the ScrapeRun and the Source. A single unreadable document (BadDocument,
or LayoutChanged inside one report) does not stop the run: it is counted as failed and its
reason is kept on the captured version.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from types import ModuleType
from typing import Any

import httpx
from sqlmodel import Session, col, select

from monitor.capture.client import Fetcher, FetchStats, Validators, policy_for
from monitor.capture.pages import ensure_pages
from monitor.capture.sources import ensure_source, load_module
from monitor.capture.store import CaptureResult, capture_page
from monitor.config import Settings
from monitor.ingest.described import settle_described_dates
from monitor.ingest.sandbox import parse_untrusted
from monitor.ingest.search_entries import refresh_entries
from monitor.ingest.writers import WriteContext, write_records
from monitor.ingest.writers.facts import clear_derived, write_page_texts
from monitor.models import (
    Document,
    DocumentVersion,
    FetchState,
    ScrapeRun,
    Source,
    utcnow,
)
from scrapers._base import BadDocument, LayoutChanged, Page, ResourceLimitExceeded, SourceError
from scrapers._ocr import OcrLimits, set_default_limits

# Errors that condemn one document, not the whole run (unless the page is a listing).
ITEM_ERRORS = (BadDocument, LayoutChanged, ResourceLimitExceeded)


@dataclass
class RunOptions:
    """How to run a source: `since` widens the walk; the rest lets tests and the demo aim it."""

    since: date | None = None
    start_url: str | None = None
    transport: httpx.BaseTransport | None = None
    fetch: dict[str, Any] = field(default_factory=dict)
    progress: Callable[[str], None] | None = None


@dataclass
class RunSummary:
    """What one run did, for the CLI summary and the tests."""

    source: str
    status: str = "running"
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    failed: int = 0
    parses: int = 0
    bytes_downloaded: int = 0
    records: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    run_id: int | None = None
    facility_cache: dict[str, int | None] = field(default_factory=dict, repr=False)

    @property
    def error(self) -> str | None:
        """All recorded problems in one line (None when there were none)."""
        return "; ".join(self.errors) or None


def run_source(
    *, session: Session, settings: Settings, key: str, options: RunOptions | None = None
) -> RunSummary:
    """Scrape one source end to end; returns the summary (errors are recorded, not raised)."""
    options = options or RunOptions()
    module = load_module(key)
    source = ensure_source(session=session, key=key)
    run = ScrapeRun(source_id=source.id or 0)
    session.add(run)
    session.flush()
    summary = RunSummary(source=key, run_id=run.id)
    try:
        with session.begin_nested():
            stats = _fetch_and_ingest(session, settings, module, source, options, summary)
    except SourceError as exc:
        summary.status = "failed"
        summary.errors.insert(0, exc.describe())
        _finish(session, run, source, summary, exc)
        return summary
    summary.bytes_downloaded = stats.body_bytes
    summary.unchanged += stats.not_modified
    summary.failed += len(stats.missing)
    summary.errors.extend(f"document missing: {what}" for what in stats.missing)
    summary.status = "success"
    _finish(session, run, source, summary, None)
    return summary


def _fetch_and_ingest(
    session: Session,
    settings: Settings,
    module: ModuleType,
    source: Source,
    options: RunOptions,
    summary: RunSummary,
) -> FetchStats:
    """Fetch pages, capturing each before it is parsed and written."""
    # Per-source operator overrides (source.settings["fetch"]), then the caller's.
    overrides = {**(source.settings or {}).get("fetch", {}), **options.fetch}
    policy = policy_for(settings, module.SOURCE, **overrides)
    known = _known_ids(session, source)
    hashes: dict[str, str] = {}
    with Fetcher(
        policy,
        validators=_validators(session),
        transport=options.transport,
        known=known,
        since=options.since,
        start_url=options.start_url,
    ) as client:
        for page in module.fetch(client):
            if page is None:
                continue
            if options.progress:
                options.progress(page.url)
            result = capture_page(
                session=session,
                settings=settings,
                source_key=source.key,
                page=page,
                publisher=module.SOURCE.publisher,
            )
            hashes[page.url] = result.version.sha256
            ingest_capture(session, settings, module, source, page, result, summary)
        _save_fetch_state(session, client.stats, hashes)
        return client.stats


def ingest_capture(
    session: Session,
    settings: Settings,
    module: ModuleType,
    source: Source,
    page: Page,
    result: CaptureResult,
    summary: RunSummary,
) -> None:
    """Parse and write a fresh capture; the same bytes seen again are just 'unchanged'."""
    if not result.is_new_version:
        summary.unchanged += 1
        return
    first = session.exec(
        select(DocumentVersion.id).where(DocumentVersion.document_id == result.document.id)
    ).all()
    if len(first) <= 1:
        summary.new += 1
    else:
        summary.changed += 1
    parse_and_write(
        session, settings, module, source, page, result.document, result.version, summary
    )


def parse_and_write(
    session: Session,
    settings: Settings,
    module: ModuleType,
    source: Source,
    page: Page,
    document: Document,
    version: DocumentVersion,
    summary: RunSummary,
) -> None:
    """Run the source's pure parse on one capture and store what it found."""
    summary.parses += 1
    set_default_limits(OcrLimits(**settings.ocr.limits()))  # scans parsed below obey them
    try:
        records, texts = parse_untrusted(settings, module, page)
    except ITEM_ERRORS as exc:
        if page.kind_hint == "listing":
            raise
        version.parse_error = exc.describe()
        session.add(version)
        summary.failed += 1
        summary.errors.append(exc.describe())
        return
    clear_derived(session, document.id or 0)
    ctx = WriteContext(
        session=session,
        settings=settings,
        source=source,
        document=document,
        version=version,
        facility_cache=summary.facility_cache,
    )
    for kind, count in write_records(ctx, records).items():
        summary.records[kind] = summary.records.get(kind, 0) + count
    if texts is not None:  # PDF text layer, or OCR of scanned pages (scrapers/_scanned.py)
        write_page_texts(session, version, texts)
    ensure_pages(session, version, page.content)  # other captures: HTML text, or a note
    settle_described_dates(session, document)
    refresh_entries(session.connection(), document.id)
    version.parse_error = None
    version.parsed_at = utcnow()
    version.parser_version = getattr(module, "PARSER_VERSION", "1")
    session.add(version)


def _known_ids(session: Session, source: Source) -> set[str]:
    """External ids of this source's documents that already have captured bytes."""
    rows = session.exec(
        select(Document.external_id).where(
            Document.source_id == source.id, col(Document.current_version_id).is_not(None)
        )
    ).all()
    return set(rows)


def _validators(session: Session) -> dict[str, Validators]:
    rows = session.exec(select(FetchState)).all()
    return {
        row.url: Validators(row.etag, row.last_modified)
        for row in rows
        if row.etag or row.last_modified
    }


def _save_fetch_state(session: Session, stats: FetchStats, hashes: dict[str, str]) -> None:
    """Remember validators per URL so the next run can ask 'has this changed?'."""
    for fetched in stats.fetched:
        row = session.exec(select(FetchState).where(FetchState.url == fetched.url)).first()
        if row is None:
            row = FetchState(url=fetched.url)
        if fetched.status != 304:
            row.etag, row.last_modified = fetched.etag, fetched.last_modified
            row.sha256 = hashes.get(fetched.url, row.sha256)
        row.last_status = fetched.status
        row.last_fetched_at = utcnow()
        session.add(row)


def _finish(
    session: Session, run: ScrapeRun, source: Source, summary: RunSummary, exc: SourceError | None
) -> None:
    now = utcnow()
    run.finished_at = now
    run.status = summary.status
    run.new_count, run.changed_count = summary.new, summary.changed
    run.unchanged_count, run.failed_count = summary.unchanged, summary.failed
    run.bytes_downloaded = summary.bytes_downloaded
    run.error_kind = type(exc).__name__ if exc else ("ItemErrors" if summary.failed else None)
    run.error_message = summary.error
    source.last_run_at = now
    source.last_error = summary.error
    if exc is None:
        source.last_success_at = now
        source.consecutive_failures = 0
        if summary.new:
            source.last_new_document_at = now
    else:
        source.consecutive_failures += 1
    session.add(run)
    session.add(source)
    session.flush()
