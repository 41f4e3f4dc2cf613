"""Record writers: one function per record kind, registered in WRITERS.

A writer takes a `WriteContext` (session, source, the captured document and version) and one
record from a source's `parse`, and writes it. Other modules add kinds with
`@register("kind")`; `monitor.ingest.writers.ice` (inspection, death) is loaded at the end
of this module when present. Status history is append-only: a status row is added only when
it differs from the latest one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from monitor.capture.sources import ensure_source
from monitor.config import Settings
from monitor.models import (
    Document,
    DocumentFacility,
    DocumentVersion,
    Source,
)
from scrapers._base import (
    DocumentRecord,
    LinkRecord,
    Record,
)

# The source whose documents own recommendations when another source reports on them.
REPORT_SOURCE = "dhs_oig"


@dataclass
class WriteContext:
    """Where records land: the session, the source and the captured document/version."""

    session: Session
    settings: Settings
    source: Source
    document: Document | None = None
    version: DocumentVersion | None = None
    observed_date: date | None = None
    facility_ids: list[int] = field(default_factory=list)
    written: dict[str, int] = field(default_factory=dict)
    # Shared by every page of a run: each raw facility name is resolved (or queued) once.
    facility_cache: dict[str, int | None] = field(default_factory=dict)

    def count(self, kind: str) -> None:
        """Tally one written record of this kind."""
        self.written[kind] = self.written.get(kind, 0) + 1

    @property
    def default_facility_id(self) -> int | None:
        """The facility a fact belongs to when it names none: the document's only facility."""
        return self.facility_ids[0] if len(self.facility_ids) == 1 else None


Writer = Callable[[WriteContext, Any], object]
WRITERS: dict[str, Writer] = {}


def register(kind: str) -> Callable[[Writer], Writer]:
    """Decorator: make `fn` the writer for records of `kind`."""

    def wrap(fn: Writer) -> Writer:
        WRITERS[kind] = fn
        return fn

    return wrap


class UnknownRecordKind(LookupError):
    """A parser produced a record kind no writer handles."""


def write_records(ctx: WriteContext, records: list[Record]) -> dict[str, int]:
    """Write every record through its writer; returns counts per kind."""
    for record in records:
        writer = WRITERS.get(record.kind)
        if writer is None:
            raise UnknownRecordKind(f"no writer for record kind {record.kind!r}")
        if writer(ctx, record) is not None:
            ctx.count(record.kind)
    ctx.session.flush()
    return ctx.written


# ---------------------------------------------------------------- facilities


def facility_for(ctx: WriteContext, raw: str | None, *, subject: str) -> int | None:
    """Resolve a facility name through the registry; unconfident names go to review."""
    if not raw:
        return ctx.default_facility_id
    if raw in ctx.facility_cache:
        return ctx.facility_cache[raw]
    ctx.facility_cache[raw] = found = _resolve(ctx, raw, subject)
    return found


def _resolve(ctx: WriteContext, raw: str, subject: str) -> int | None:
    from monitor.facilities.registry import queue_for_review, resolve_facility

    name, city, state = split_place(raw)
    match = resolve_facility(session=ctx.session, name=name, city=city, state=state)
    if match.facility_id is not None:
        return match.facility_id
    queue_for_review(
        session=ctx.session,
        kind="unmatched_facility",
        reason=f"{ctx.source.name}: no confident facility match for {raw!r}",
        payload={
            "raw_name": raw,
            "source": ctx.source.key,
            "subject": subject,
            "document_id": ctx.document.id if ctx.document else None,
        },
        match=match,
    )
    return None


def split_place(raw: str) -> tuple[str, str | None, str | None]:
    """'Name, City, ST' -> (name, city, state); fewer parts leave city/state empty."""
    parts = [p.strip() for p in raw.split(",") if p.strip()]
    if len(parts) >= 3:
        return ", ".join(parts[:-2]), parts[-2], parts[-1]
    if len(parts) == 2:
        return parts[0], None, parts[1]
    return raw.strip(), None, None


# ---------------------------------------------------------------- documents


def report_document(ctx: WriteContext, report_number: str | None) -> Document:
    """The document a fact about `report_number` belongs to (a stub if not captured yet)."""
    doc = ctx.document
    if doc is not None and (not report_number or doc.report_number == report_number):
        return doc
    rows = ctx.session.exec(
        select(Document, Source.key)
        .join(Source, col(Source.id) == col(Document.source_id))
        .where(Document.report_number == report_number)
    ).all()
    if rows:
        return sorted(rows, key=lambda r: r[1] != REPORT_SOURCE)[0][0]
    owner = ensure_source(session=ctx.session, key=REPORT_SOURCE)
    stub = _get_or_create(ctx.session, owner, report_number or "unknown", title=report_number or "")
    # A stub until the report itself is captured; the number lets later facts find it.
    stub.report_number = stub.report_number or report_number
    ctx.session.add(stub)
    return stub


def _get_or_create(session: Session, source: Source, external_id: str, *, title: str) -> Document:
    doc = session.exec(
        select(Document).where(Document.source_id == source.id, Document.external_id == external_id)
    ).first()
    if doc is None:
        doc = Document(
            source_id=source.id or 0,
            external_id=external_id,
            kind="report",
            title=title or external_id,
            report_number=None,
        )
        session.add(doc)
        session.flush()
    return doc


@register("document")
def write_document(ctx: WriteContext, record: DocumentRecord) -> Document:
    """Fill in a document's metadata (never blanking known values) and link its facilities."""
    doc = ctx.document
    if doc is None or (record.external_id and record.external_id != doc.external_id):
        doc = _get_or_create(ctx.session, ctx.source, record.external_id, title=record.title)
    values = {
        "title": record.title,
        "url": record.detail_url or record.url,
        "report_number": record.report_number,
        "report_type": record.report_type,
        "published_date": record.published_date,
        "fiscal_year": record.fiscal_year,
        "summary": record.summary,
        "kind": record.doc_kind,
    }
    for name, value in values.items():
        if value:
            setattr(doc, name, value)
    ctx.session.add(doc)
    if doc is ctx.document:
        ctx.observed_date = ctx.observed_date or record.published_date
        for raw in record.facility_names:
            _link_facility(ctx, doc, raw)
    return doc


def _link_facility(ctx: WriteContext, doc: Document, raw: str) -> None:
    facility_id = facility_for(ctx, raw, subject="document")
    if facility_id is None or facility_id in ctx.facility_ids:
        return
    ctx.facility_ids.append(facility_id)
    exists = ctx.session.exec(
        select(DocumentFacility).where(
            DocumentFacility.document_id == doc.id, DocumentFacility.facility_id == facility_id
        )
    ).first()
    if exists is None:
        ctx.session.add(
            DocumentFacility(document_id=doc.id or 0, facility_id=facility_id, raw_name=raw)
        )


@register("link")
def write_link(ctx: WriteContext, record: LinkRecord) -> None:
    """Links are followed by the source's fetch; nothing to store."""
    return None
