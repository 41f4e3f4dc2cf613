"""Timeline items: what each kind of dated fact looks like on a facility's timeline."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from monitor import labels
from monitor.models import (
    Alert,
    Correction,
    DeathRecord,
    Document,
    Finding,
    Inspection,
    StaffingObservation,
)
from monitor.queries.common import label
from monitor.queries.described import Described, described_date
from monitor.queries.recommendations import RecommendationRow
from monitor.queries.shapes import CorrectionJSON, TimelineItemJSON
from monitor.record_kinds import LABELS

# Code -> label of every timeline kind, read live from the registry (monitor/record_kinds.py).
KINDS = LABELS


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
    corrections: list[Correction] = field(default_factory=list)
    described: Described | None = None  # the date the fact describes, with its publication

    def as_dict(self) -> TimelineItemJSON:
        """JSON/CSV shape: `date` is the described date (None when the document does not state it)."""
        d = self.described or Described(None, None, None)
        return {
            "key": self.key,
            "kind": self.kind,
            "date": self.when.isoformat() if self.when else None,
            "date_label": d.label() if self.described else None,
            "described_from": d.start.isoformat() if d.start else None,
            "described_until": d.end.isoformat() if d.end else None,
            "described_precision": d.precision,
            "date_stated": d.stated if self.described else None,
            "published_date": d.published.isoformat() if d.published else None,
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
            "corrections": [correction_json(c) for c in self.corrections],
        }

    def corrections_text(self) -> str:
        """The corrections in one line, for a CSV cell or a feed entry."""
        return " ".join(correction_sentence(c) for c in self.corrections)


def correction_json(c: Correction) -> CorrectionJSON:
    """A published correction as the API shows it: which value changed, from what, and why."""
    return {
        "field": c.field_name,
        "field_label": labels.field_label(c.field_name),
        "old_value": c.old_value,
        "new_value": c.new_value,
        "reason": c.reason,
        "corrected_on": c.created_at.date().isoformat(),
    }


def correction_sentence(c: Correction) -> str:
    """'Corrected on 2026-12-04: Deficiencies 21 -> 22 (Appendix B lists one more).'"""
    field_name = labels.field_label(c.field_name)
    change = f"{field_name} {c.old_value or 'empty'} -> {c.new_value or 'empty'}"
    return f"Corrected on {c.created_at.date().isoformat()}: {change} ({c.reason})."


def _num(value: object) -> str:
    return "" if value is None else str(value)


def inspection_item(i: Inspection) -> TimelineItem:
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
        described=described_date(i),
        title=f"{i.inspector} {i.inspection_type or 'inspection'}".strip(),
        summary=span or None,
        facts=[(k, v) for k, v in counts if v],
        document_id=i.document_id,
        page=i.page,
        quote=i.quote,
    )


def finding_item(f: Finding, fallback: date | None = None) -> TimelineItem:
    described = described_date(f)
    return TimelineItem(
        key=f"finding-{f.id}",
        kind="finding",
        when=described.when or fallback,
        described=described,
        title=f"{label(f.result).capitalize()}: {f.raw_label}",
        summary=f.summary,
        category=f.category,
        facts=[("Repeat", "yes")] if f.is_repeat else [],
        document_id=f.document_id,
        page=f.page,
        quote=f.quote,
    )


def staffing_item(s: StaffingObservation, fallback: date | None = None) -> TimelineItem:
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
    if s.repeats_id is not None:
        facts.append(("Repeats", f"an earlier figure (staffing-{s.repeats_id}); not a new count"))
    described = described_date(s)
    return TimelineItem(
        key=f"staffing-{s.id}",
        kind="staffing",
        when=described.when or fallback,
        described=described,
        title=f"Staffing ({label(s.role_group)}): {pct or 'figures reported'}",
        category="STAFFING",
        facts=[(k, v) for k, v in facts if v],
        document_id=s.document_id,
        page=s.page,
        quote=s.quote,
    )


def death_item(d: DeathRecord) -> TimelineItem:
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
        described=described_date(d),
        title=f"Death in custody: {d.person_name}",
        facts=[(k, v) for k, v in facts if v],
        document_id=d.document_id,
        page=d.page,
        quote=d.quote,
    )


def alert_item(a: Alert) -> TimelineItem:
    return TimelineItem(
        key=f"alert-{a.id}",
        kind="alert",
        when=a.since,
        title=a.subject,
        summary=f"{labels.label('rule', a.rule)}: {labels.explain('rule', a.rule)}",
        severity=a.severity,
        facts=[
            ("Alert", labels.label("rule", a.rule)),
            ("Status", "still active" if a.status == "active" else "resolved"),
            ("Severity", labels.label("severity", a.severity)),
        ],
        document_id=a.document_id,
    )


def recommendation_item(r: RecommendationRow) -> TimelineItem:
    return TimelineItem(
        key=f"recommendation-{r.id}",
        kind="recommendation",
        when=r.issued_date,
        described=Described(r.issued_date, r.issued_date, "day" if r.issued_date else None),
        title=f"{r.report_number or r.document_title}: recommendation {r.number}",
        summary=r.text,
        document_id=r.document_id,
        page=r.page,
        recommendation=r,
    )


def document_item(doc: Document, kind: str) -> TimelineItem:
    number = f"{doc.report_number}: " if doc.report_number else ""
    return TimelineItem(
        key=f"document-{doc.id}",
        kind=kind,
        when=doc.published_date,
        described=described_date(doc),
        title=f"{number}{doc.title}",
        summary=doc.summary,
        facts=[("Publisher", doc.publisher or "")] if doc.publisher else [],
        document_id=doc.id,
        document_title=doc.title,
    )
