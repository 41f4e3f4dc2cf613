"""Everything dated about one facility, as one filterable timeline."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from monitor.models import (
    Alert,
    DeathRecord,
    Document,
    DocumentFacility,
    Finding,
    Inspection,
    Source,
    StaffingObservation,
)
from monitor.queries.common import label
from monitor.queries.recommendations import RecommendationRow, load_recommendations
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


def document_kind(doc: Document, source_key: str | None) -> str:
    """Timeline kind of a document: management alert, NGO report or report."""
    text = f"{doc.kind} {doc.report_type or ''}".lower()
    if "alert" in text or (doc.report_number or "").upper().endswith("-MA"):
        return "management_alert"
    if "ngo" in text or "ngo" in (source_key or ""):
        return "ngo"
    return "report"


def _document_item(doc: Document, source_key: str | None) -> TimelineItem:
    kind = document_kind(doc, source_key)
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


def _public_docs(session: Session, facility_id: int) -> dict[int, tuple[Document, str | None]]:
    """Public documents naming the facility, with their source keys."""
    rows = session.exec(
        select(Document, Source.key)
        .join(DocumentFacility, col(DocumentFacility.document_id) == Document.id)
        .join(Source, col(Source.id) == Document.source_id)
        .where(
            DocumentFacility.facility_id == facility_id,
            col(Document.is_public).is_(True),
            Document.review_status == "accepted",
        )
    )
    return {doc.id: (doc, key) for doc, key in rows if doc.id is not None}


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


def _collect(session: Session, facility_id: int) -> list[TimelineItem]:
    docs = _public_docs(session, facility_id)
    inspections = session.exec(
        select(Inspection).where(
            Inspection.facility_id == facility_id, Inspection.review_status == "accepted"
        )
    ).all()
    insp_end = {i.id: i.end_date or i.start_date for i in inspections}
    items = [_inspection_item(i) for i in inspections]
    for f in session.exec(
        select(Finding).where(
            Finding.facility_id == facility_id, Finding.review_status == "accepted"
        )
    ):
        fallback = insp_end.get(f.inspection_id) if f.inspection_id else None
        doc = docs.get(f.document_id)
        items.append(_finding_item(f, fallback or (doc[0].published_date if doc else None)))
    for s in session.exec(
        select(StaffingObservation).where(
            StaffingObservation.facility_id == facility_id,
            StaffingObservation.review_status == "accepted",
        )
    ):
        doc = docs.get(s.document_id)
        items.append(_staffing_item(s, doc[0].published_date if doc else None))
    items += [
        _death_item(d)
        for d in session.exec(select(DeathRecord).where(DeathRecord.facility_id == facility_id))
    ]
    items += [
        _alert_item(a) for a in session.exec(select(Alert).where(Alert.facility_id == facility_id))
    ]
    items += [
        _recommendation_item(r)
        for r in load_recommendations(session=session, facility_id=facility_id)
    ]
    items += statistics_items(session=session, facility_id=facility_id)
    cited = {i.document_id for i in items if i.document_id and i.kind in ("inspection", "death")}
    items += [_document_item(d, k) for did, (d, k) in docs.items() if did not in cited]
    return items


def _keep(item: TimelineItem, f: TimelineFilter) -> bool:
    if f.kinds and item.kind not in f.kinds:
        return False
    if f.category and item.category != f.category:
        return False
    if (f.date_from or f.date_to) and item.when is None:
        return False
    if f.date_from and item.when and item.when < f.date_from:
        return False
    return not (f.date_to and item.when and item.when > f.date_to)


def facility_timeline(
    *, session: Session, facility_id: int, filters: TimelineFilter | None = None
) -> list[TimelineItem]:
    """The facility's timeline, newest first, hiding items whose document is not public."""
    items = _collect(session, facility_id)
    titles = _visible_ids(session, {i.document_id for i in items if i.document_id})
    shown = []
    for item in items:
        if item.document_id is not None and item.document_id not in titles:
            if item.kind != "alert":
                continue  # extracted from a document that is private or awaiting review
            item.document_id = None
        item.document_title = titles.get(item.document_id or 0)
        if _keep(item, filters or TimelineFilter()):
            shown.append(item)
    shown.sort(key=lambda i: (i.when is not None, i.when or date.min, i.key), reverse=True)
    return shown
