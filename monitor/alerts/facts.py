"""Read the accepted facts the rules need, as of a date, in a few bulk queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from monitor.alerts.base import RuleContext, pk
from monitor.models import (
    Document,
    DocumentFacility,
    Recommendation,
    RecommendationStatusEvent,
)

ACCEPTED = "accepted"
T = TypeVar("T")


def cached(ctx: RuleContext, name: str, loader: Callable[[], T]) -> T:
    """Load a fact set once per evaluation pass (several rules read the same rows)."""
    store: dict[str, Any] = ctx.cache
    if name not in store:
        store[name] = loader()
    return store[name]


def is_management_alert(
    report_type: str | None, report_number: str | None, title: str | None
) -> bool:
    """Whether a document is an OIG management alert, however the source labels it."""
    kind = (report_type or "").lower().replace("_", " ")
    if "management alert" in kind:
        return True
    if (report_number or "").upper().endswith("-MA"):
        return True
    return "management alert" in (title or "").lower()


@dataclass
class StatusStep:
    observed: date
    concurrence: str | None
    resolution: str | None
    implementation: str | None
    target_date: date | None


@dataclass
class RecState:
    """A recommendation and the status events observed up to the evaluation date."""

    id: int
    number: int
    document_id: int
    facility_id: int | None
    issued: date | None
    report_number: str | None
    management_alert: bool
    text: str
    steps: list[StatusStep] = field(default_factory=list)

    def latest(self, axis: str) -> Any:
        """The most recent non-empty value of one status axis."""
        for step in reversed(self.steps):
            value = getattr(step, axis)
            if value is not None:
                return value
        return None

    @property
    def is_open(self) -> bool:
        return self.latest("implementation") != "closed"

    @property
    def is_resolved(self) -> bool:
        # A closed recommendation has necessarily been resolved first.
        return self.latest("resolution") == "resolved" or not self.is_open

    @property
    def label(self) -> str:
        return (
            f"{self.report_number or f'document {self.document_id}'} recommendation {self.number}"
        )


def single_subject_facilities(*, session: Session) -> dict[int, int]:
    """Document id to facility id, for documents naming exactly one facility."""
    rows = session.exec(
        select(col(DocumentFacility.document_id), func.min(col(DocumentFacility.facility_id)))
        .group_by(col(DocumentFacility.document_id))
        .having(func.count(func.distinct(col(DocumentFacility.facility_id))) == 1)
    ).all()
    return {doc_id: fac_id for doc_id, fac_id in rows}


def recommendation_states(*, session: Session, as_of: date) -> list[RecState]:
    """Every recommendation of an accepted document issued by `as_of`, with its history."""
    doc_facility = single_subject_facilities(session=session)
    rows = session.exec(
        select(Recommendation, Document)
        .join(Document, col(Document.id) == col(Recommendation.document_id))
        .where(col(Document.review_status) == ACCEPTED)
    ).all()
    states: dict[int, RecState] = {}
    for rec, doc in rows:
        number = doc.report_number
        issued = rec.issued_date or doc.published_date
        if issued is not None and issued > as_of:
            continue
        states[pk(rec)] = RecState(
            id=pk(rec),
            number=rec.number,
            document_id=rec.document_id,
            facility_id=rec.facility_id or doc_facility.get(rec.document_id),
            issued=issued,
            report_number=number,
            management_alert=is_management_alert(doc.report_type, number, doc.title),
            text=rec.text,
        )
    for event in _status_events(session=session, as_of=as_of):
        state = states.get(event.recommendation_id)
        if state is not None:
            state.steps.append(
                StatusStep(
                    event.observed_date,
                    event.concurrence,
                    event.resolution,
                    event.implementation,
                    event.target_date,
                )
            )
    return list(states.values())


def _status_events(*, session: Session, as_of: date) -> list[RecommendationStatusEvent]:
    rejected = select(col(Document.id)).where(col(Document.review_status) != ACCEPTED)
    return list(
        session.exec(
            select(RecommendationStatusEvent)
            .where(col(RecommendationStatusEvent.observed_date) <= as_of)
            .where(
                or_(
                    col(RecommendationStatusEvent.document_id).is_(None),
                    col(RecommendationStatusEvent.document_id).not_in(rejected),
                )
            )
            .order_by(
                col(RecommendationStatusEvent.recommendation_id),
                col(RecommendationStatusEvent.observed_date),
                col(RecommendationStatusEvent.id),
            )
        ).all()
    )


def group_by(items: list[T], key: Callable[[T], Any]) -> dict[Any, list[T]]:
    """Group items into lists by a key, keeping their order."""
    out: dict[Any, list[T]] = defaultdict(list)
    for item in items:
        out[key(item)].append(item)
    return out
