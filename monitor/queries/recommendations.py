"""Recommendations with their status history, days open and overdue (the tracker)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import and_
from sqlmodel import Session, col, select

from monitor.models import Document, Facility, Recommendation, RecommendationStatusEvent
from monitor.queries.common import (
    StatusEvent,
    StatusNow,
    days_open,
    days_overdue,
    fold_status,
    today_utc,
)


@dataclass
class RecommendationRow:
    """A recommendation as the tracker, timeline and API show it."""

    id: int
    number: int
    text: str
    addressee: str | None
    issued_date: date | None
    page: int | None
    document_id: int
    document_title: str
    report_number: str | None
    report_type: str | None
    facility_slug: str | None
    facility_name: str | None
    status: StatusNow
    history: list[StatusEvent] = field(default_factory=list)
    days_open: int | None = None
    days_overdue: int = 0

    def as_dict(self) -> dict[str, Any]:
        """JSON/CSV shape."""
        return {
            "id": self.id,
            "report_number": self.report_number,
            "number": self.number,
            "text": self.text,
            "addressee": self.addressee,
            "facility": self.facility_slug,
            "facility_name": self.facility_name,
            "document_id": self.document_id,
            "page": self.page,
            "issued_date": _iso(self.issued_date),
            "concurrence": self.status.concurrence,
            "resolution": self.status.resolution,
            "implementation": self.status.implementation or "open",
            "target_date": _iso(self.status.target_date),
            "closed_date": _iso(self.status.closed_date),
            "days_open": self.days_open,
            "days_overdue": self.days_overdue,
        }


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _public_document() -> Any:
    return and_(col(Document.is_public).is_(True), col(Document.review_status) == "accepted")


def load_recommendations(
    *,
    session: Session,
    facility_id: int | None = None,
    ids: Sequence[int] | None = None,
    today: date | None = None,
) -> list[RecommendationRow]:
    """Public recommendations (optionally of one facility or some ids) with folded status."""
    query = (
        select(Recommendation, Document, Facility)
        .join(Document, col(Document.id) == Recommendation.document_id)
        .outerjoin(Facility, col(Facility.id) == Recommendation.facility_id)
        .where(_public_document())
    )
    if facility_id is not None:
        query = query.where(Recommendation.facility_id == facility_id)
    if ids is not None:
        query = query.where(col(Recommendation.id).in_(list(ids)))
    found = session.exec(query).all()
    history = _history(session=session, ids=[r.id for r, _, _ in found if r.id is not None])
    when = today or today_utc()
    return [_row(rec, doc, fac, history.get(rec.id or 0, []), when) for rec, doc, fac in found]


def _history(*, session: Session, ids: list[int]) -> dict[int, list[StatusEvent]]:
    """Status events of the given recommendations, oldest first."""
    out: dict[int, list[StatusEvent]] = defaultdict(list)
    if not ids:
        return out
    E = RecommendationStatusEvent
    query = select(E).order_by(col(E.recommendation_id), col(E.observed_date), col(E.id))
    if len(ids) < 500:
        query = query.where(col(E.recommendation_id).in_(ids))
    for ev in session.exec(query):
        out[ev.recommendation_id].append(
            StatusEvent(
                ev.observed_date,
                ev.concurrence,
                ev.resolution,
                ev.implementation,
                ev.target_date,
                ev.document_id,
                ev.page,
                ev.quote,
            )
        )
    return out


def _row(
    rec: Recommendation, doc: Document, fac: Facility | None, events: list[StatusEvent], today: date
) -> RecommendationRow:
    status = fold_status(events)
    issued = rec.issued_date or doc.published_date
    return RecommendationRow(
        id=rec.id or 0,
        number=rec.number,
        text=rec.text,
        addressee=rec.addressee_raw or rec.addressee_office,
        issued_date=issued,
        page=rec.page,
        document_id=doc.id or 0,
        document_title=doc.title,
        report_number=doc.report_number,
        report_type=doc.report_type,
        facility_slug=fac.slug if fac else None,
        facility_name=fac.name if fac else None,
        status=status,
        history=events,
        days_open=days_open(issued, status, today),
        days_overdue=days_overdue(status, today),
    )


def recommendation_detail(*, session: Session, rec_id: int) -> RecommendationRow | None:
    """One public recommendation with its full status history, or None."""
    rows = load_recommendations(session=session, ids=[rec_id])
    return rows[0] if rows else None
