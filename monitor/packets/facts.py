"""Gather the facts a packet supports, each traced to a document, page and quote."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date

from sqlmodel import Session, col, select

from monitor.facilities.registry.naming import (
    AmbiguousFacility,
    FacilityNotFound,
    facility_named,
)
from monitor.models import (
    DeathRecord,
    Document,
    Facility,
    Finding,
    Inspection,
    Recommendation,
    RecommendationStatusEvent,
    StaffingObservation,
)
from monitor.packets.errors import UnknownFacility
from monitor.packets.selection import PacketRequest, parse_item
from monitor.queries.common import StatusEvent
from monitor.queries.described import NOT_STATED, Described, described_date
from monitor.queries.recommendations import component_response
from scrapers._taxonomy import CATEGORIES


@dataclass
class Fact:
    """One statement the packet makes, with its citation."""

    key: str
    kind: str
    when: date | None
    category: str | None
    heading: str
    summary: str
    document_id: int | None
    page: int | None
    quote: str | None
    pct_filled: float | None = None  # staffing only, for the chart
    role_group: str | None = None
    described: Described | None = None  # the date the fact describes, and its publication

    @property
    def date_label(self) -> str:
        """The described date, or "date not stated" beside the publication date."""
        if self.described is None:
            return self.when.isoformat() if self.when else NOT_STATED
        published = self.described.published
        if self.described.stated:
            return self.described.label()
        return f"{NOT_STATED} (published {published})" if published else NOT_STATED


def find_facility(*, session: Session, ident: str) -> Facility:
    """The facility named by `ident`: name, alias, DETLOC code or slug (one resolver)."""
    try:
        return facility_named(session=session, query=ident)
    except (FacilityNotFound, AmbiguousFacility) as exc:
        raise UnknownFacility(str(exc)) from exc


def gather_facts(*, session: Session, facility: Facility, request: PacketRequest) -> list[Fact]:
    """Every accepted fact about the facility that the request selects, in date order."""
    facts: list[Fact] = []
    for collect in _COLLECTORS:
        facts.extend(collect(session, facility.id or 0))
    if request.items:
        wanted = {parse_item(i) for i in request.items}
        facts = [f for f in facts if _split(f.key) in wanted]
    if request.categories:
        facts = [f for f in facts if f.category in request.categories]
    facts = [f for f in facts if _in_range(f.when, request)]
    _add_published(session, facts)
    # By the date each fact describes, then publication date; neither: at the end.
    return sorted(facts, key=lambda f: (*_sort_key(f), f.kind, f.key))


def _sort_key(fact: Fact) -> tuple[date, date]:
    if fact.described is None:
        return (fact.when or date.max, date.max)
    return fact.described.sort_key()


def _add_published(session: Session, facts: list[Fact]) -> None:
    """Give each fact's described date its document's publication date."""
    ids = {f.document_id for f in facts if f.document_id is not None}
    if not ids:
        return
    published = dict(
        session.exec(
            select(col(Document.id), col(Document.published_date)).where(col(Document.id).in_(ids))
        ).all()
    )
    for fact in facts:
        if fact.described is not None and fact.document_id in published:
            fact.described = replace(fact.described, published=published[fact.document_id])


def _split(key: str) -> tuple[str, int]:
    kind, _, ident = key.partition(":")
    return kind, int(ident)


def _in_range(when: date | None, request: PacketRequest) -> bool:
    """A fact without a date is kept only when no date range was asked for."""
    if request.date_from is None and request.date_to is None:
        return True
    if when is None:
        return False
    if request.date_from and when < request.date_from:
        return False
    return not (request.date_to and when > request.date_to)


def _findings(session: Session, facility_id: int) -> Iterable[Fact]:
    rows = session.exec(
        select(Finding).where(
            Finding.facility_id == facility_id, Finding.review_status == "accepted"
        )
    )
    for f in rows:
        label = CATEGORIES.get(f.category, f.category)
        yield Fact(
            key=f"finding:{f.id}",
            kind="finding",
            when=described_date(f).when,
            described=described_date(f),
            category=f.category,
            heading=f"{f.result.replace('_', ' ').capitalize()}: {label}",
            summary=_join(
                f.summary or f.raw_label,
                "repeat finding" if f.is_repeat else "",
                _NO_CAUSATION if f.no_causation else "",
            ),
            document_id=f.document_id,
            page=f.page,
            quote=f.quote,
        )


_NO_CAUSATION = "Listing a deficiency in a death review does not imply it caused the death."


def _inspections(session: Session, facility_id: int) -> Iterable[Fact]:
    rows = session.exec(
        select(Inspection).where(
            Inspection.facility_id == facility_id, Inspection.review_status == "accepted"
        )
    )
    for i in rows:
        counts = ""
        if i.standards_reviewed is not None and i.standards_compliant is not None:
            counts = f"complied with {i.standards_compliant} of {i.standards_reviewed} standards"
        deficiencies = (
            f"{i.deficiency_count} deficiencies" if i.deficiency_count is not None else ""
        )
        rating = f"rated {i.rating_raw or i.rating}" if (i.rating_raw or i.rating) else ""
        yield Fact(
            key=f"inspection:{i.id}",
            kind="inspection",
            when=i.end_date or i.start_date,
            described=described_date(i),
            category=None,
            heading=f"Inspection by {i.inspector}" + (f" ({i.standard})" if i.standard else ""),
            summary=_join(i.inspection_type or "", counts, deficiencies, rating) or "inspection",
            document_id=i.document_id,
            page=i.page,
            quote=i.quote,
        )


def _recommendations(session: Session, facility_id: int) -> Iterable[Fact]:
    rows = session.exec(select(Recommendation).where(Recommendation.facility_id == facility_id))
    for r in rows:
        status = _latest_status(session, r.id or 0)
        yield Fact(
            key=f"recommendation:{r.id}",
            kind="recommendation",
            when=r.issued_date,
            described=described_date(r),
            category=None,
            heading=f"Recommendation {r.number}"
            + (f" to {r.addressee_raw}" if r.addressee_raw else ""),
            summary=_join(r.text.rstrip("."), status, _response(session, r.id or 0)),
            document_id=r.document_id,
            page=r.page,
            quote=r.quote,
        )


def _latest_status(session: Session, recommendation_id: int) -> str:
    """The latest observed status in words, e.g. 'non concur, unresolved, open (as of ...)'."""
    event = session.exec(
        select(RecommendationStatusEvent)
        .where(RecommendationStatusEvent.recommendation_id == recommendation_id)
        .order_by(
            col(RecommendationStatusEvent.observed_date).desc(),
            col(RecommendationStatusEvent.id).desc(),
        )
    ).first()
    if event is None:
        return ""
    parts = [
        p.replace("_", " ")
        for p in (event.concurrence, event.resolution, event.implementation)
        if p
    ]
    return f"status: {', '.join(parts)} (as of {event.observed_date})" if parts else ""


def _response(session: Session, recommendation_id: int) -> str:
    """The component's response as the report quotes it, with its page."""
    events = session.exec(
        select(RecommendationStatusEvent)
        .where(RecommendationStatusEvent.recommendation_id == recommendation_id)
        .order_by(col(RecommendationStatusEvent.observed_date), col(RecommendationStatusEvent.id))
    ).all()
    found = component_response([_as_status_event(e) for e in events])
    if found is None:
        return ""
    page = f" (page {found.page})" if found.page else ""
    return f'response{page}: "{found.quote}"'


def _as_status_event(event: RecommendationStatusEvent) -> StatusEvent:
    return StatusEvent(
        observed_date=event.observed_date, concurrence=event.concurrence,
        resolution=event.resolution, implementation=event.implementation,
        target_date=event.target_date, document_id=event.document_id,
        page=event.page, quote=event.quote,
    )  # fmt: skip


def _staffing(session: Session, facility_id: int) -> Iterable[Fact]:
    rows = session.exec(
        select(StaffingObservation).where(
            StaffingObservation.facility_id == facility_id,
            StaffingObservation.review_status == "accepted",
        )
    )
    for s in rows:
        figures = []
        if s.filled is not None and s.required is not None:
            figures.append(f"{s.filled} of {s.required} positions filled")
        if s.vacancies is not None:
            figures.append(f"{s.vacancies} vacancies")
        pct = s.pct_filled  # computed once at ingest (scrapers/_staffing_math.py)
        if pct is not None:
            figures.append(f"{pct:g}% filled")
        yield Fact(
            key=f"staffing:{s.id}",
            kind="staffing",
            when=described_date(s).when,
            described=described_date(s),
            category="STAFFING",
            heading=f"Staffing ({s.role_group.replace('_', ' ')})",
            summary=_join(*figures) or "staffing reported",
            document_id=s.document_id,
            page=s.page,
            quote=s.quote,
            # On the chart only figures that state their date and are not repeats.
            pct_filled=pct if s.repeats_id is None else None,
            role_group=s.role_group,
        )


def _deaths(session: Session, facility_id: int) -> Iterable[Fact]:
    rows = session.exec(select(DeathRecord).where(DeathRecord.facility_id == facility_id))
    for d in rows:
        yield Fact(
            key=f"death:{d.id}",
            kind="death",
            when=d.date_of_death,
            described=described_date(d),
            category=None,
            heading=f"Death in custody: {d.person_name}",
            summary=_join(
                f"died {d.date_of_death}" if d.date_of_death else "date of death not recorded",
                f"death report published {d.death_report_date}" if d.death_report_date else "",
                f"OPR review {d.opr_review_date}" if d.opr_review_date else "",
            ),
            document_id=d.document_id,
            page=d.page,
            quote=d.quote,
        )


def _join(*parts: str) -> str:
    return "; ".join(p for p in parts if p)


_COLLECTORS: tuple[Callable[[Session, int], Iterable[Fact]], ...] = (
    _findings,
    _inspections,
    _recommendations,
    _staffing,
    _deaths,
)
