"""Writers for the facts a document states: staffing, findings, and its page texts.

Registered into `monitor.ingest.writers.WRITERS` when that module loads. A document's staffing
and findings are replaced when a new version of it is parsed (or it is re-parsed), so a
parser fix corrects them; recommendation status, by contrast, is append-only history.
"""

from __future__ import annotations

from sqlmodel import Session, col, delete

from monitor.ingest.ocr_hold import finding_problems, hold_if_ocr, staffing_problems
from monitor.ingest.writers.base import WriteContext, facility_for, register
from monitor.models import DocumentPage, DocumentVersion, Finding, StaffingObservation
from scrapers._base import FindingRecord, StaffingRecord
from scrapers._scanned import DocumentText
from scrapers._staffing_math import check_staffing


@register("staffing")
def write_staffing(ctx: WriteContext, record: StaffingRecord) -> StaffingObservation:
    """Store a staffing observation as reported, with the computed values alongside."""
    check = check_staffing(
        required=record.required,
        filled=record.filled,
        vacancies=record.vacancies,
        pct_filled_reported=record.pct_filled_reported,
        pct_vacant_reported=record.pct_vacant_reported,
    )
    row = StaffingObservation(
        document_id=_doc_id(ctx),
        facility_id=facility_for(ctx, record.facility_name, subject="staffing"),
        as_of_date=record.as_of_date or ctx.observed_date,
        role_group=record.role_group,
        required=record.required,
        filled=record.filled,
        vacancies=record.vacancies,
        pct_filled_reported=record.pct_filled_reported,
        pct_vacant_reported=record.pct_vacant_reported,
        # Percent filled is computed once, here, by the one function every reader relies on.
        pct_filled=check.pct_filled if check.pct_filled is not None else record.pct_filled,
        arithmetic_ok=record.arithmetic_ok
        if record.arithmetic_ok is not None
        else check.arithmetic_ok,
        page=record.page,
        quote=record.quote,
    )
    ctx.session.add(row)
    hold_if_ocr(ctx, "staffing_observation", row, record,
                staffing_problems(record, arithmetic_ok=row.arithmetic_ok))  # fmt: skip
    return row


@register("finding")
def write_finding(ctx: WriteContext, record: FindingRecord) -> Finding:
    """Store one finding mapped to the taxonomy, with its raw heading, page and quote."""
    row = Finding(
        document_id=_doc_id(ctx),
        facility_id=facility_for(ctx, record.facility_name, subject="finding"),
        category=record.category,
        result=record.result,
        raw_label=record.raw_label[:500],
        summary=record.summary,
        found_date=record.found_date or ctx.observed_date,
        is_repeat=record.is_repeat,
        no_causation=record.no_causation,
        page=record.page,
        quote=record.quote,
    )
    ctx.session.add(row)
    hold_if_ocr(ctx, "finding", row, record, finding_problems(record))
    return row


def _doc_id(ctx: WriteContext) -> int:
    if ctx.document is None or ctx.document.id is None:
        raise RuntimeError("this record kind needs a captured document")
    return ctx.document.id


def clear_derived(session: Session, document_id: int) -> None:
    """Drop a document's parsed staffing and findings before re-writing them (reparse)."""
    session.exec(
        delete(StaffingObservation).where(  # type: ignore[call-overload]
            col(StaffingObservation.document_id) == document_id
        )
    )
    session.exec(delete(Finding).where(col(Finding.document_id) == document_id))  # type: ignore[call-overload]


def write_page_texts(
    session: Session, version: DocumentVersion, texts: list[str] | DocumentText
) -> int:
    """Store each page's text for search (once per version), OCR pages marked as such."""
    session.exec(
        delete(DocumentPage).where(  # type: ignore[call-overload]
            col(DocumentPage.version_id) == version.id
        )
    )
    document = texts if isinstance(texts, DocumentText) else DocumentText(list(texts))
    for number, text in enumerate(document.pages, start=1):
        read = document.ocr.get(number)
        session.add(DocumentPage(version_id=version.id or 0, page_number=number, text=text,
                                 ocr=read is not None,
                                 ocr_confidence=read.confidence if read else None))  # fmt: skip
    version.page_count = len(document.pages)
    session.add(version)
    return len(document.pages)
