"""Writers for recommendations and their status: history is appended, never overwritten.

A status event is added only when what a document states differs from the latest
observation; fields an observation does not state carry over from the latest one.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from monitor.ingest.writers.base import WriteContext, register, report_document
from monitor.models import Document, Recommendation, RecommendationStatusEvent
from scrapers._base import RecommendationRecord, StatusRecord

_STATUS_FIELDS = ("concurrence", "resolution", "implementation", "target_date")


@register("recommendation")
def write_recommendation(ctx: WriteContext, record: RecommendationRecord) -> Recommendation:
    """Create or refresh a recommendation, then append its status if it changed."""
    doc = report_document(ctx, record.report_number)
    rec = _recommendation(ctx.session, doc, record.number)
    if rec is None:
        rec = Recommendation(document_id=doc.id or 0, number=record.number, text=record.text)
    # Text and addressee are derived from the capture, so a parser fix may refresh them.
    rec.text = record.text or rec.text
    rec.addressee_raw = record.addressee or rec.addressee_raw
    rec.addressee_office = record.addressee_office or rec.addressee_office
    rec.facility_id = rec.facility_id or ctx.default_facility_id
    rec.issued_date = rec.issued_date or doc.published_date
    rec.page = record.page if rec.page is None or doc is ctx.document else rec.page
    rec.quote = record.quote if rec.quote is None or doc is ctx.document else rec.quote
    ctx.session.add(rec)
    ctx.session.flush()
    append_status(ctx, rec, record, observed=doc.published_date)
    return rec


@register("status")
def write_status(ctx: WriteContext, record: StatusRecord) -> RecommendationStatusEvent | None:
    """Append a status observation for an existing (or stub) recommendation."""
    doc = report_document(ctx, record.report_number)
    rec = _recommendation(ctx.session, doc, record.number)
    if rec is None:
        rec = Recommendation(
            document_id=doc.id or 0,
            number=record.number,
            text=record.quote or "",
            issued_date=doc.published_date,
        )
        ctx.session.add(rec)
        ctx.session.flush()
    return append_status(ctx, rec, record, observed=record.observed_date)


def _recommendation(session: Session, doc: Document, number: int) -> Recommendation | None:
    return session.exec(
        select(Recommendation).where(
            Recommendation.document_id == doc.id, Recommendation.number == number
        )
    ).first()


def latest_status(session: Session, rec_id: int) -> RecommendationStatusEvent | None:
    """The most recent status observation of a recommendation."""
    return session.exec(
        select(RecommendationStatusEvent)
        .where(RecommendationStatusEvent.recommendation_id == rec_id)
        .order_by(
            col(RecommendationStatusEvent.observed_date).desc(),
            col(RecommendationStatusEvent.id).desc(),
        )
    ).first()


def append_status(
    ctx: WriteContext, rec: Recommendation, record: Any, *, observed: date | None
) -> RecommendationStatusEvent | None:
    """Add a status event when the stated fields differ from the latest; never overwrite."""
    stated = {name: getattr(record, name, None) for name in _STATUS_FIELDS}
    if not any(value is not None for value in stated.values()):
        return None
    latest = latest_status(ctx.session, rec.id or 0)
    if latest is not None and all(
        value is None or getattr(latest, name) == value for name, value in stated.items()
    ):
        return None
    # Fields this observation does not state carry over from the latest one.
    merged: dict[str, Any] = {
        n: v if v is not None else getattr(latest, n, None) for n, v in stated.items()
    }
    cited_page, cited_quote = _status_citation(record)
    event = RecommendationStatusEvent(
        recommendation_id=rec.id or 0,
        document_id=ctx.document.id if ctx.document else None,
        observed_date=observed or ctx.observed_date or date.today(),
        page=cited_page,
        quote=cited_quote,
        concurrence=merged["concurrence"],
        resolution=merged["resolution"],
        implementation=merged["implementation"],
        target_date=merged["target_date"],
    )
    ctx.session.add(event)
    return event


def _status_citation(record: Any) -> tuple[int | None, str | None]:
    """Page and quote that state a status: a report's response section, else the record's own.

    A recommendation read from a report cites the recommendation itself; its status comes from
    the component's response, so the status event cites that (nothing when none was found).
    """
    if isinstance(record, RecommendationRecord):
        return record.response_page, record.response_quote
    return record.page, record.quote
