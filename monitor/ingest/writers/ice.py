"""Writers for ICE inspections, deaths in custody and NGO items (registered into WRITERS).

Facilities always come through the registry (`facility_for`): an unconfident name goes to the
review queue and the row is kept without a facility, never attached to a guess.
"""

from __future__ import annotations

from dataclasses import fields
from datetime import date
from typing import Any

from sqlmodel import Session, col, func, select

from monitor.ingest.ocr_hold import hold_if_ocr, inspection_problems
from monitor.ingest.writers.base import WRITERS, WriteContext, facility_for, register
from monitor.ingest.writers.facts import clear_derived
from monitor.models import DeathRecord, Document, DocumentFacility, Finding, Inspection
from scrapers._base import DeathRecordData, InspectionRecord

CONTRACT_INSPECTORS = ("Nakamoto Group", "Creative Corrections", "ICE contract inspector")
# Record fields copied onto the Inspection row when the record states them.
_COPIED = {f.name for f in fields(InspectionRecord)} - {
    "kind",
    "facility_name",
    "city",
    "state",
    "pdf_url",
    "date_uncertain",  # decided after the merge, from both sides
    "ocr_confidence",  # decides review below, not stored on the row
    "rejected",  # values left empty, with why: reported by `monitor extract`, not stored
}
DEATH_DATE_FIELDS = {
    "press_release": "press_release_date",
    "death_report": "death_report_date",
    "opr_review": "opr_review_date",
    "mortality_review": "mortality_review_date",
}


def place(name: str | None, city: str | None, state: str | None) -> str | None:
    """'Name, City, ST' as the registry's `split_place` reads it."""
    if not name:
        return None
    return ", ".join(part for part in (name, city, state) if part) if state else name


# ---------------------------------------------------------------- inspections


@register("inspection")
def write_inspection(ctx: WriteContext, record: InspectionRecord) -> Inspection:
    """Create or complete the inspection (letter and form of one inspection merge)."""
    facility_id = facility_for(ctx, place(record.facility_name, record.city, record.state),
                               subject="inspection")  # fmt: skip
    row = find_inspection(ctx.session, record, facility_id, ctx.document)
    if row is None:
        row = Inspection(inspector=record.inspector, facility_id=facility_id)
    _merge(row, record)
    row.facility_id = row.facility_id or facility_id
    row.document_id = row.document_id or (ctx.document.id if ctx.document else None)
    row.review_status = "accepted" if row.facility_id else "pending"
    ctx.session.add(row)
    ctx.session.flush()
    hold_if_ocr(ctx, "inspection", row, record, inspection_problems(record, facility_id))
    _attach_findings(ctx, row)
    if facility_id and row.facility_id not in ctx.facility_ids:
        ctx.facility_ids.append(facility_id)
    return row


def find_inspection(
    session: Session, record: InspectionRecord, facility_id: int | None, document: Document | None
) -> Inspection | None:
    """The same inspection already stored: same facility, inspector family and end date."""
    query = select(Inspection)
    if record.end_date is None or facility_id is None:
        # Without a date or facility only the same document can be the same inspection.
        if document is None or document.id is None:
            return None
        query = query.where(Inspection.document_id == document.id,
                            Inspection.raw_title == record.raw_title)  # fmt: skip
        return session.exec(query).first()
    family = CONTRACT_INSPECTORS if record.inspector in CONTRACT_INSPECTORS else (record.inspector,)
    query = query.where(
        Inspection.facility_id == facility_id,
        Inspection.end_date == record.end_date,
        col(Inspection.inspector).in_(family),
    )
    return session.exec(query).first()


def _merge(row: Inspection, record: InspectionRecord) -> None:
    """Fill what the record states; a generic contractor name yields to a specific one."""
    for name in _COPIED:
        value = getattr(record, name)
        if name == "incidents" and not value:
            continue
        if name == "inspector":
            if row.inspector in (None, "", "ICE contract inspector"):
                row.inspector = value
            continue
        if value is not None and value != "" and (getattr(row, name, None) in (None, "", {})):
            setattr(row, name, value)
    if record.rating and not row.rating_raw:
        row.rating_raw = record.rating
    # uncertain while either side left a date unread and no other document supplied it
    undated = row.start_date is None or row.end_date is None
    row.date_uncertain = undated and (bool(row.date_uncertain) or record.date_uncertain)


def _attach_findings(ctx: WriteContext, row: Inspection) -> None:
    """Link this document's findings (written just before) to the inspection."""
    if ctx.document is None or ctx.document.id is None:
        return
    pending = ctx.session.exec(
        select(Finding).where(
            Finding.document_id == ctx.document.id, col(Finding.inspection_id).is_(None)
        )  # fmt: skip
    ).all()
    for finding in pending:
        finding.inspection_id = row.id
        # the inspection was matched with city and state too: its facility is the better answer
        finding.facility_id = row.facility_id or finding.facility_id
        ctx.session.add(finding)


# ---------------------------------------------------------------- deaths


@register("death")
def write_death(ctx: WriteContext, record: DeathRecordData) -> DeathRecord:
    """Upsert the death keyed by person and date; note each document's publication date."""
    facility_id = (
        facility_for(ctx, record.facility_name, subject="death") if record.facility_name else None
    )
    row = find_death(ctx.session, record)
    if row is None:
        row = DeathRecord(person_name=record.person_name)
    row.date_of_death = row.date_of_death or record.date_of_death
    row.facility_id = row.facility_id or facility_id
    column = DEATH_DATE_FIELDS.get(record.document_type)
    published = record.published_date or _known_by(ctx)
    if column and published and getattr(row, column) is None:
        setattr(row, column, published)
    if row.document_id is None and ctx.document is not None:
        row.document_id, row.page, row.quote = ctx.document.id, record.page, record.quote
    if ctx.document is not None and ctx.document.published_date is None:
        ctx.document.published_date = record.published_date
        ctx.session.add(ctx.document)
    ctx.session.add(row)
    ctx.session.flush()
    if row.facility_id and row.facility_id not in ctx.facility_ids:
        ctx.facility_ids.append(row.facility_id)
    return row


def _known_by(ctx: WriteContext) -> date | None:
    """When a document states no date of its own: its page's date, else the capture date
    (a bound: it was public by then), so an existing report is never counted as missing."""
    if ctx.document is not None and ctx.document.published_date:
        return ctx.document.published_date
    return ctx.version.fetched_at.date() if ctx.version is not None else None


def find_death(session: Session, record: DeathRecordData) -> DeathRecord | None:
    """The stored death of this person: same date, or one side not knowing the date yet."""
    rows = session.exec(
        select(DeathRecord).where(func.lower(DeathRecord.person_name) == record.person_name.lower())
    ).all()
    for row in rows:
        if row.date_of_death is None or record.date_of_death is None:
            return row
        if row.date_of_death == record.date_of_death:
            return row
    return None


# ---------------------------------------------------------------- NGO items


@register("ngo_item")
def write_ngo_item(ctx: WriteContext, record: Any) -> Document:
    """The item's own Document (kind ngo), its facilities, findings and staffing figures."""
    doc = _item_document(ctx, record)
    if doc is not ctx.document:
        if doc.current_version_id is not None:
            return doc  # the item's own captured page is the better source of its facts
        clear_derived(ctx.session, doc.id or 0)  # a changed feed re-states its items
    sub = WriteContext(session=ctx.session, settings=ctx.settings, source=ctx.source,
                       document=doc, observed_date=record.published_date)  # fmt: skip
    for raw in record.facility_names:
        facility_id = facility_for(sub, raw, subject="ngo_item")
        if facility_id is not None and facility_id not in sub.facility_ids:
            sub.facility_ids.append(facility_id)
            _link(ctx.session, doc, facility_id, raw)
    for fact in [*record.findings, *record.staffing]:
        WRITERS[fact.kind](sub, fact)
    return doc


def _item_document(ctx: WriteContext, record: Any) -> Document:
    """The captured article's document, or a document for a feed entry."""
    doc = ctx.document
    if doc is None or doc.external_id != record.external_id:
        doc = ctx.session.exec(
            select(Document).where(
                Document.source_id == ctx.source.id, Document.external_id == record.external_id
            )  # fmt: skip
        ).first()
    if doc is None:
        doc = Document(source_id=ctx.source.id or 0, external_id=record.external_id,
                       kind="ngo", title=record.title)  # fmt: skip
    doc.kind, doc.title = "ngo", record.title or doc.title
    doc.url = doc.url or record.url
    doc.publisher = record.organization or doc.publisher
    doc.published_date = doc.published_date or record.published_date
    doc.summary = doc.summary or record.summary
    ctx.session.add(doc)
    ctx.session.flush()
    return doc


def _link(session: Session, doc: Document, facility_id: int, raw: str) -> None:
    """Record that the document names the facility (once)."""
    exists = session.exec(
        select(DocumentFacility).where(
            DocumentFacility.document_id == doc.id, DocumentFacility.facility_id == facility_id
        )  # fmt: skip
    ).first()
    if exists is None:
        session.add(
            DocumentFacility(document_id=doc.id or 0, facility_id=facility_id, raw_name=raw)
        )
