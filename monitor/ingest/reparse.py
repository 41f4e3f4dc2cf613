"""Re-parse a source's captures with the current parser: no network, history updated."""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import Session, col, select

from monitor.capture.sources import ensure_source, load_module
from monitor.capture.store import read_version
from monitor.config import Settings
from monitor.ingest.runner import RunSummary, parse_and_write
from monitor.models import Document, DocumentVersion
from scrapers._base import Page

# Captured document kinds whose parse needs a hint about what the bytes are.
_KIND_HINTS = {"listing": "listing", "web_page": "detail", "report": "pdf"}


def version_page(document: Document, version: DocumentVersion) -> Page:
    """A Page rebuilt from stored bytes and their HTTP metadata."""
    return Page(
        url=version.request_url or document.url or document.external_id,
        content=read_version(version),
        content_type=version.content_type,
        final_url=version.final_url,
        status=version.status_code or 200,
        headers=dict(version.headers or {}),
        fetched_at=version.fetched_at,
        kind_hint=_KIND_HINTS.get(document.kind),
        meta={"external_id": document.external_id},
    )


def reparse_source(
    *, session: Session, settings: Settings, key: str, progress: Callable[[str], None] | None = None
) -> RunSummary:
    """Parse every captured version of every document of `key`, oldest first."""
    module = load_module(key)
    source = ensure_source(session=session, key=key)
    summary = RunSummary(source=key)
    rows = session.exec(
        select(Document, DocumentVersion)
        .join(DocumentVersion, col(DocumentVersion.document_id) == col(Document.id))
        .where(Document.source_id == source.id)
        .order_by(col(DocumentVersion.fetched_at), col(DocumentVersion.id))
    ).all()
    for document, version in rows:
        if progress:
            progress(document.external_id)
        page = version_page(document, version)
        if page.kind_hint == "listing":
            page.kind_hint = None  # an old listing's layout must not abort the whole reparse
        parse_and_write(session, settings, module, source, page, document, version, summary)
        summary.changed += 1
    session.flush()
    summary.status = "success"
    return summary
