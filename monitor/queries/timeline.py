"""Everything dated about one facility, as one filterable timeline."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from monitor.models import (
    Alert,
    DeathRecord,
    Document,
    Finding,
    Inspection,
    StaffingObservation,
)
from monitor.queries.common import label
from monitor.queries.recommendations import RecommendationRow, load_recommendations
from monitor.queries.timeline_index import (
    DOCUMENT_KINDS,
    TimelineQuery,
    TimelineRef,
    timeline_count,
    timeline_refs,
)
from monitor.queries.timeline_stats import statistics_items

KINDS: dict[str, str] = {
    "inspection": "Inspection",
    "finding": "Finding",
    "report": "Report",
    "management_alert": "Management alert",
    "recommendation": "Recommendation",
    "staffing": "Staffing",
    "statistics": "Statistics release",
    "death": "Death in custody",
    "ngo": "NGO report",
    "alert": "Alert",
}


@dataclass
class TimelineItem:
    """One dated thing on a facility timeline, traced to its document and page."""

    key: str
    kind: str
    when: date | None
    title: str
    summary: str | None = None
    category: str | None = None
    facts: list[tuple[str, str]] = field(default_factory=list)
    document_id: int | None = None
    document_title: str | None = None
    page: int | None = None
    quote: str | None = None
    recommendation: RecommendationRow | None = None
    severity: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """JSON/CSV shape."""
        return {
            "key": self.key,
            "kind": self.kind,
            "date": self.when.isoformat() if self.when else None,
            "title": self.title,
            "summary": self.summary,
            "category": self.category,
            "facts": dict(self.facts),
            "document_id": self.document_id,
            "document_title": self.document_title,
            "page": self.page,
            "quote": self.quote,
            "severity": self.severity,
            "recommendation": self.recommendation.as_dict() if self.recommendation else None,
        }


@dataclass(frozen=True)
class TimelineFilter:
    kinds: frozenset[str] = frozenset()
    category: str | None = None
    date_from: date | None = None
    date_to: date | None = None


def _num(value: object) -> str:
    return "" if value is None else str(value)


def _inspection_item(i: Inspection) -> TimelineItem:
    counts = [
        ("Standards reviewed", _num(i.standards_reviewed)),
        ("Standards compliant", _num(i.standards_compliant)),
        ("Standards deficient", _num(i.standards_deficient)),
        ("Deficiencies", _num(i.deficiency_count)),
        ("Repeat deficiencies", _num(i.repeat_deficiencies)),
        ("Areas of concern", _num(i.areas_of_concern)),
        ("Rating", i.rating_raw or i.rating or ""),
        ("Standard", i.standard or ""),
        ("Operator", i.operator or ""),
    ]
    span = f"{i.start_date} to {i.end_date}" if i.start_date and i.end_date else ""
    return TimelineItem(
        key=f"inspection-{i.id}",
        kind="inspection",
        when=i.end_date or i.start_date,
        title=f"{i.inspector} {i.inspection_type or 'inspection'}".strip(),
        summary=span or None,
        facts=[(k, v) for k, v in counts if v],
        document_id=i.document_id,
        page=i.page,
        quote=i.quote,
    )


def _finding_item(f: Finding, fallback: date | None) -> TimelineItem:
    return TimelineItem(
        key=f"finding-{f.id}",
        kind="finding",
        when=f.found_date or fallback,
        title=f"{label(f.result).capitalize()}: {f.raw_label}",
        summary=f.summary,
        category=f.category,
        facts=[("Repeat", "yes")] if f.is_repeat else [],
        document_id=f.document_id,
        page=f.page,
        quote=f.quote,
    )


def _staffing_item(s: StaffingObservation, fallback: date | None) -> TimelineItem:
    pct = f"{s.pct_filled:.0f}% of required positions filled" if s.pct_filled is not None else ""
    facts = [
        ("Role group", label(s.role_group)),
        ("Required", _num(s.required)),
        ("Filled", _num(s.filled)),
        ("Vacancies", _num(s.vacancies)),
        ("Percent filled (reported)", _num(s.pct_filled_reported)),
        ("Percent vacant (reported)", _num(s.pct_vacant_reported)),
    ]
    if s.arithmetic_ok is False:
        facts.append(("Arithmetic", "reported figures do not add up"))
    return TimelineItem(
        key=f"staffing-{s.id}",
        kind="staffing",
        when=s.as_of_date or fallback,
        title=f"Staffing ({label(s.role_group)}): {pct or 'figures reported'}",
        category="STAFFING",
        facts=[(k, v) for k, v in facts if v],
        document_id=s.document_id,
        page=s.page,
        quote=s.quote,
    )


def _death_item(d: DeathRecord) -> TimelineItem:
    facts = [
        ("Press release", _num(d.press_release_date)),
        ("Detainee death report", _num(d.death_report_date)),
        ("OPR death review", _num(d.opr_review_date)),
        ("Mortality review", _num(d.mortality_review_date)),
    ]
    return TimelineItem(
        key=f"death-{d.id}",
        kind="death",
        when=d.date_of_death,
        title=f"Death in custody: {d.person_name}",
        facts=[(k, v) for k, v in facts if v],
        document_id=d.document_id,
        page=d.page,
        quote=d.quote,
    )


def _alert_item(a: Alert) -> TimelineItem:
    return TimelineItem(
        key=f"alert-{a.id}",
        kind="alert",
        when=a.since,
        title=a.subject,
        summary=f"{a.rule} ({a.status})",
        severity=a.severity,
        facts=[("Rule", a.rule), ("Status", a.status), ("Severity", a.severity)],
        document_id=a.document_id,
    )


def _recommendation_item(r: RecommendationRow) -> TimelineItem:
    return TimelineItem(
        key=f"recommendation-{r.id}",
        kind="recommendation",
        when=r.issued_date,
        title=f"{r.report_number or r.document_title}: recommendation {r.number}",
        summary=r.text,
        document_id=r.document_id,
        page=r.page,
        recommendation=r,
    )


def _document_item(doc: Document, kind: str) -> TimelineItem:
    number = f"{doc.report_number}: " if doc.report_number else ""
    return TimelineItem(
        key=f"document-{doc.id}",
        kind=kind,
        when=doc.published_date,
        title=f"{number}{doc.title}",
        summary=doc.summary,
        facts=[("Publisher", doc.publisher or "")] if doc.publisher else [],
        document_id=doc.id,
        document_title=doc.title,
    )


def _visible_ids(session: Session, ids: set[int]) -> dict[int, str]:
    """Titles of the public, accepted documents among `ids`."""
    if not ids:
        return {}
    rows = session.exec(
        select(Document.id, Document.title).where(
            col(Document.id).in_(ids),
            col(Document.is_public).is_(True),
            Document.review_status == "accepted",
        )
    )
    return {doc_id: title for doc_id, title in rows if doc_id is not None}


def _rows(session: Session, model: Any, ids: list[int]) -> list[Any]:
    return list(session.exec(select(model).where(col(model.id).in_(ids)))) if ids else []


def _build(session: Session, refs: list[TimelineRef]) -> dict[str, TimelineItem]:
    """Items for the given references, keyed by their `key`."""
    ids: dict[str, list[int]] = defaultdict(list)
    for ref in refs:
        ids["document" if ref.kind in DOCUMENT_KINDS else ref.kind].append(ref.id)
    doc_kinds = {r.id: r.kind for r in refs if r.kind in DOCUMENT_KINDS}
    items = [_inspection_item(i) for i in _rows(session, Inspection, ids["inspection"])]
    items += [_finding_item(f, None) for f in _rows(session, Finding, ids["finding"])]
    items += [_staffing_item(s, None) for s in _rows(session, StaffingObservation, ids["staffing"])]
    items += [_death_item(d) for d in _rows(session, DeathRecord, ids["death"])]
    items += [_alert_item(a) for a in _rows(session, Alert, ids["alert"])]
    items += [_document_item(d, doc_kinds[d.id]) for d in _rows(session, Document, ids["document"])]
    if ids["recommendation"]:
        recs = load_recommendations(session=session, ids=ids["recommendation"])
        items += [_recommendation_item(r) for r in recs]
    items += statistics_items(session=session, ids=ids["statistics"])
    return {item.key: item for item in items}


def _items(session: Session, refs: list[TimelineRef]) -> list[TimelineItem]:
    """Items in the order of `refs`, dated as the index dated them, linked to public documents."""
    built = _build(session, refs)
    ordered = []
    for ref in refs:
        key = f"{'document' if ref.kind in DOCUMENT_KINDS else ref.kind}-{ref.id}"
        item = built.get(key)
        if item is not None:
            item.when = ref.day
            ordered.append(item)
    titles = _visible_ids(session, {i.document_id for i in ordered if i.document_id})
    for item in ordered:
        if item.document_id not in titles:
            item.document_id = None  # an alert may cite a document that is not public
        item.document_title = titles.get(item.document_id or 0, item.document_title)
    return ordered


@dataclass
class TimelinePage:
    """One page of a timeline; `total` is only counted when asked for (it costs a scan)."""

    items: list[TimelineItem]
    page: int
    per_page: int
    has_next: bool
    total: int | None = None


def _query(facility_id: int, f: TimelineFilter) -> TimelineQuery:
    return TimelineQuery(facility_id, f.kinds, f.category, f.date_from, f.date_to)


def timeline_page(
    *,
    session: Session,
    facility_id: int,
    filters: TimelineFilter | None = None,
    page: int = 1,
    per_page: int = 100,
    count: bool = False,
) -> TimelinePage:
    """One page of the facility's timeline, newest first (undated items last)."""
    query = _query(facility_id, filters or TimelineFilter())
    refs = timeline_refs(
        session=session, query=query, limit=per_page + 1, offset=(page - 1) * per_page
    )
    total = timeline_count(session=session, query=query) if count else None
    return TimelinePage(
        _items(session, refs[:per_page]), page, per_page, len(refs) > per_page, total
    )


def facility_timeline(
    *,
    session: Session,
    facility_id: int,
    filters: TimelineFilter | None = None,
    limit: int | None = None,
) -> list[TimelineItem]:
    """The whole (filtered) timeline, or its newest `limit` items."""
    query = _query(facility_id, filters or TimelineFilter())
    return _items(session, timeline_refs(session=session, query=query, limit=limit))
