"""Recommendations with their status history, days open and overdue (the tracker)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import and_
from sqlalchemy import select as sa_select
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
from monitor.queries.shapes import RecommendationJSON
from monitor.queries.status_sql import current_statuses


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

    @property
    def response(self) -> StatusEvent | None:
        """The component's response as the report quotes it (needs the history loaded)."""
        return component_response(self.history)

    def as_dict(self) -> RecommendationJSON:
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


def component_response(events: Sequence[StatusEvent]) -> StatusEvent | None:
    """The first observation (oldest first) that states a response and quotes where."""
    return next((e for e in events if e.concurrence and e.quote), None)


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _public_document() -> Any:
    return and_(col(Document.is_public).is_(True), col(Document.review_status) == "accepted")


_COLUMNS = (
    Recommendation.id,
    Recommendation.number,
    Recommendation.text,
    Recommendation.addressee_raw,
    Recommendation.addressee_office,
    Recommendation.issued_date,
    Recommendation.page,
    Document.id,
    Document.title,
    Document.report_number,
    Document.report_type,
    Document.published_date,
    Facility.slug,
    Facility.name,
)


def load_recommendations(
    *,
    session: Session,
    facility_id: int | None = None,
    ids: Sequence[int] | None = None,
    today: date | None = None,
    with_history: bool = True,
) -> list[RecommendationRow]:
    """Public recommendations (optionally of one facility or some ids) with their status.

    With `with_history=False` (list views) the status is computed in the database and
    `history` is left empty.
    """
    query = (
        sa_select(*(col(c) for c in _COLUMNS))
        .join(Document, col(Document.id) == Recommendation.document_id)
        .outerjoin(Facility, col(Facility.id) == Recommendation.facility_id)
        .where(_public_document())
    )
    if facility_id is not None:
        query = query.where(col(Recommendation.facility_id) == facility_id)
    if ids is not None:
        query = query.where(col(Recommendation.id).in_(list(ids)))
    found: list[Any] = list(session.connection().execute(query).all())
    when = today or today_utc()
    if not with_history:
        statuses = current_statuses(session=session)
        return [_row(values, [], when, statuses.get(values[0], StatusNow())) for values in found]
    history = _history(session=session, facility_id=facility_id, ids=ids)
    return [_row(values, history.get(values[0], []), when) for values in found]


def _history(
    *, session: Session, facility_id: int | None, ids: Sequence[int] | None
) -> dict[int, list[StatusEvent]]:
    """Status events (oldest first) of the selected recommendations, fetched as plain tuples."""
    E = RecommendationStatusEvent
    query = sa_select(
        *(
            col(c)
            for c in (
                E.recommendation_id,
                E.observed_date,
                E.concurrence,
                E.resolution,
                E.implementation,
                E.target_date,
                E.document_id,
                E.page,
                E.quote,
            )
        )
    ).order_by(col(E.recommendation_id), col(E.observed_date), col(E.id))
    if ids is not None:
        query = query.where(col(E.recommendation_id).in_(list(ids)))
    if facility_id is not None:
        of_facility = select(Recommendation.id).where(Recommendation.facility_id == facility_id)
        query = query.where(col(E.recommendation_id).in_(of_facility))
    out: dict[int, list[StatusEvent]] = defaultdict(list)
    rows: list[Any] = list(session.connection().execute(query))
    for values in rows:
        out[int(values[0])].append(StatusEvent(*values[1:]))
    return out


def _row(
    values: Sequence[Any], events: list[StatusEvent], today: date, status: StatusNow | None = None
) -> RecommendationRow:
    (
        rec_id,
        number,
        text,
        addressee,
        office,
        issued,
        page,
        doc_id,
        title,
        report_number,
        report_type,
        published,
        slug,
        name,
    ) = values
    status = status or fold_status(events)
    issued = issued or published
    return RecommendationRow(
        id=rec_id,
        number=number,
        text=text,
        addressee=addressee or office,
        issued_date=issued,
        page=page,
        document_id=doc_id,
        document_title=title,
        report_number=report_number,
        report_type=report_type,
        facility_slug=slug,
        facility_name=name,
        status=status,
        history=events,
        days_open=days_open(issued, status, today),
        days_overdue=days_overdue(status, today),
    )


def recommendation_detail(*, session: Session, rec_id: int) -> RecommendationRow | None:
    """One public recommendation with its full status history, or None."""
    rows = load_recommendations(session=session, ids=[rec_id])
    return rows[0] if rows else None
