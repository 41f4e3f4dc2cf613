"""Read the accepted facts the rules need, as of a date, in a few bulk queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple, TypeVar

from sqlalchemy import String, func, or_, type_coerce
from sqlalchemy import select as sa_select
from sqlalchemy.orm import InstrumentedAttribute
from sqlmodel import Session, col, select

from monitor.alerts.base import RuleContext
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


class StatusStep(NamedTuple):
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


def doc_facilities(ctx: RuleContext) -> dict[int, int]:
    """The single-subject map, read once per pass (several loaders need it)."""
    return cached(ctx, "doc_facilities", lambda: single_subject_facilities(session=ctx.session))


def single_subject_facilities(*, session: Session) -> dict[int, int]:
    """Document id to facility id, for documents naming exactly one facility."""
    rows = session.exec(
        select(col(DocumentFacility.document_id), func.min(col(DocumentFacility.facility_id)))
        .group_by(col(DocumentFacility.document_id))
        .having(func.count(func.distinct(col(DocumentFacility.facility_id))) == 1)
    ).all()
    return {doc_id: fac_id for doc_id, fac_id in rows}


def columns(*attributes: Any) -> Any:
    """A core SELECT of model columns (any number of them)."""
    return sa_select(*[col(a) if isinstance(a, InstrumentedAttribute) else a for a in attributes])


def day_text(attribute: Any) -> Any:
    """A date column read as its stored text on SQLite (parsed by `as_day`, far faster)."""
    expression = col(attribute) if isinstance(attribute, InstrumentedAttribute) else attribute
    return type_coerce(expression, String)


def as_day(value: Any) -> date:
    """A date from a `day_text` column: PostgreSQL already gives dates, SQLite gives ISO text."""
    return value if isinstance(value, date) else date.fromisoformat(value[:10])


class Days(dict[Any, date]):
    """A memo of `as_day`: one fact set repeats the same few thousand dates many times."""

    def __missing__(self, value: Any) -> date:
        day = self[value] = as_day(value)
        return day


def maybe_day(value: Any) -> date | None:
    """`as_day` for a nullable column."""
    return None if value is None else as_day(value)


def rows_of(session: Session, stmt: Any) -> list[Any]:
    """Plain row tuples (no ORM objects: building 100,000 of those dominated a pass)."""
    return list(session.connection().execute(stmt).all())


def recommendation_states(
    *, session: Session, as_of: date, doc_facility: dict[int, int] | None = None
) -> list[RecState]:
    """Every recommendation of an accepted document issued by `as_of`, with its history."""
    if doc_facility is None:
        doc_facility = single_subject_facilities(session=session)
    states = _recommendations(session, as_of, doc_facility)
    day = Days()
    for rid, observed, concurrence, resolution, implementation, target in _status_events(
        session=session, as_of=as_of
    ):
        state = states.get(rid)
        if state is not None:
            target_day = None if target is None else day[target]
            step = StatusStep(day[observed], concurrence, resolution, implementation, target_day)
            state.steps.append(step)
    return list(states.values())


def _recommendations(
    session: Session, as_of: date, doc_facility: dict[int, int]
) -> dict[int, RecState]:
    """Recommendations issued by `as_of` (no history yet), by id."""
    rec = Recommendation
    rows = rows_of(
        session,
        columns(
            rec.id,
            rec.number,
            rec.document_id,
            rec.facility_id,
            rec.issued_date,
            rec.text,
            Document.published_date,
            Document.report_number,
            Document.report_type,
            Document.title,
        )
        .join(Document, col(Document.id) == col(rec.document_id))
        .where(col(Document.review_status) == ACCEPTED),
    )
    states: dict[int, RecState] = {}
    for rid, number, doc_id, facility_id, issued, text, published, report, rtype, title in rows:
        issued = issued or published
        if issued is None or issued <= as_of:
            states[rid] = RecState(
                id=rid,
                number=number,
                document_id=doc_id,
                facility_id=facility_id or doc_facility.get(doc_id),
                issued=issued,
                report_number=report,
                management_alert=is_management_alert(rtype, report, title),
                text=text,
            )
    return states


def _status_events(*, session: Session, as_of: date) -> list[Any]:
    rejected = columns(Document.id).where(col(Document.review_status) != ACCEPTED)
    event = RecommendationStatusEvent
    return rows_of(
        session,
        columns(
            event.recommendation_id,
            day_text(event.observed_date),
            event.concurrence,
            event.resolution,
            event.implementation,
            day_text(event.target_date),
        )
        .where(col(event.observed_date) <= as_of)
        .where(or_(col(event.document_id).is_(None), col(event.document_id).not_in(rejected)))
        .order_by(col(event.recommendation_id), col(event.observed_date), col(event.id)),
    )


def group_by(items: list[T], key: Callable[[T], Any]) -> dict[Any, list[T]]:
    """Group items into lists by a key, keeping their order."""
    out: dict[Any, list[T]] = defaultdict(list)
    for item in items:
        out[key(item)].append(item)
    return out
