"""Timeline items: what each kind of dated fact looks like on a facility's timeline."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from monitor import labels
from monitor.alerts.base import said
from monitor.i18n import N_, Text, Words, lazy, shown
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
    title: Text
    summary: Text | None = None
    category: str | None = None
    facts: list[tuple[Text, Text]] = field(default_factory=list)
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
            "title": str(self.title),
            "summary": None if self.summary is None else str(self.summary),
            "category": self.category,
            "facts": {str(k): str(v) for k, v in self.facts},
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
        return " ".join(str(correction_sentence(c)) for c in self.corrections)


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


def correction_sentence(c: Correction) -> Words:
    """'Corrected on 2026-12-04: Deficiencies 21 -> 22 (Appendix B lists one more).'"""
    empty = lazy("empty")
    return lazy(
        "Corrected on %(day)s: %(field)s %(old)s -> %(new)s (%(reason)s).",
        day=c.created_at.date(),
        field=labels.lazy_field(c.field_name),
        old=c.old_value or empty,
        new=c.new_value or empty,
        reason=c.reason,
    )


def _num(value: object) -> Text:
    """A count or measure written per locale when shown ('' when not reported)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return shown(value)
    return "" if value is None else str(value)


def _day(value: date | None) -> Text:
    return "" if value is None else shown(value)


# Finding results and staff groups as they read inside a title ('Deficient: ...').
RESULTS = {
    "deficient": N_("Deficient"),
    "compliant": N_("Compliant"),
    "area_of_concern": N_("Area of concern"),
    "observation": N_("Observation"),
    "allegation": N_("Allegation"),
}
GROUPS = {
    "all": N_("all"),
    "security": N_("security"),
    "medical": N_("medical"),
    "mental_health": N_("mental health"),
}


# Inspection titles by the type a parser records; other types keep their own words.
INSPECTION_TITLES = {
    "compliance": N_("%(inspector)s compliance inspection"),
    "contract annual": N_("%(inspector)s annual contract inspection"),
    "": N_("%(inspector)s inspection"),
}


def inspection_title(inspector: str, inspection_type: str | None) -> Words:
    """'ODO compliance inspection' in the reader's language."""
    message = INSPECTION_TITLES.get(inspection_type or "")
    if message is None:
        return lazy(
            "%(inspector)s inspection (%(type)s)", inspector=inspector, type=inspection_type
        )
    return lazy(message, inspector=inspector)


def inspection_item(i: Inspection) -> TimelineItem:
    counts: list[tuple[Text, Text]] = [
        (lazy("Standards reviewed"), _num(i.standards_reviewed)),
        (lazy("Standards compliant"), _num(i.standards_compliant)),
        (lazy("Standards deficient"), _num(i.standards_deficient)),
        (lazy("Deficiencies"), _num(i.deficiency_count)),
        (lazy("Repeat deficiencies"), _num(i.repeat_deficiencies)),
        (lazy("Areas of concern"), _num(i.areas_of_concern)),
        (lazy("Rating"), i.rating_raw or i.rating or ""),
        (lazy("Standard"), i.standard or ""),
        (lazy("Operator"), i.operator or ""),
    ]
    # A one-day visit is its date, already shown beside the title; a longer one its span.
    several = i.start_date and i.end_date and i.start_date != i.end_date
    span = lazy("%(start)s to %(end)s", start=i.start_date, end=i.end_date) if several else None
    return TimelineItem(
        key=f"inspection-{i.id}",
        kind="inspection",
        when=i.end_date or i.start_date,
        described=described_date(i),
        title=inspection_title(i.inspector, i.inspection_type),
        summary=span,
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
        title=lazy(
            "%(result)s: %(heading)s",
            result=lazy(RESULTS.get(f.result, f.result)),
            heading=f.raw_label,
        ),
        summary=f.summary,
        category=f.category,
        facts=[(lazy("Repeat"), lazy("yes"))] if f.is_repeat else [],
        document_id=f.document_id,
        page=f.page,
        quote=f.quote,
    )


def staffing_title(role_group: str, pct_filled: float | None) -> Words:
    """'Staffing (all): 54% of required positions filled' in the reader's language."""
    group = lazy(GROUPS.get(role_group, label(role_group)))
    if pct_filled is None:
        return lazy("Staffing (%(group)s): figures reported", group=group)
    return lazy(
        "Staffing (%(group)s): %(pct)s%% of required positions filled",
        group=group,
        pct=round(pct_filled),
    )


def staffing_item(s: StaffingObservation, fallback: date | None = None) -> TimelineItem:
    facts: list[tuple[Text, Text]] = [
        (lazy("Role group"), lazy(GROUPS.get(s.role_group, label(s.role_group)))),
        (lazy("Required"), _num(s.required)),
        (lazy("Filled"), _num(s.filled)),
        (lazy("Vacancies"), _num(s.vacancies)),
        (lazy("Percent filled (reported)"), _num(s.pct_filled_reported)),
        (lazy("Percent vacant (reported)"), _num(s.pct_vacant_reported)),
    ]
    if s.arithmetic_ok is False:
        facts.append((lazy("Arithmetic"), lazy("reported figures do not add up")))
    if s.repeats_id is not None:
        facts.append(
            (
                lazy("Repeats"),
                lazy("an earlier figure (staffing-%(id)s); not a new count", id=str(s.repeats_id)),
            )
        )
    described = described_date(s)
    return TimelineItem(
        key=f"staffing-{s.id}",
        kind="staffing",
        when=described.when or fallback,
        described=described,
        title=staffing_title(s.role_group, s.pct_filled),
        category="STAFFING",
        facts=[(k, v) for k, v in facts if v],
        document_id=s.document_id,
        page=s.page,
        quote=s.quote,
    )


def death_item(d: DeathRecord) -> TimelineItem:
    facts: list[tuple[Text, Text]] = [
        (lazy("Press release"), _day(d.press_release_date)),
        (lazy("Detainee death report"), _day(d.death_report_date)),
        (lazy("OPR death review"), _day(d.opr_review_date)),
        (lazy("Mortality review"), _day(d.mortality_review_date)),
    ]
    return TimelineItem(
        key=f"death-{d.id}",
        kind="death",
        when=d.date_of_death,
        described=described_date(d),
        title=lazy("Death in custody: %(name)s", name=d.person_name),
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
        title=said(a.subject, a.details),
        summary=lazy(
            "%(rule)s: %(why)s",
            rule=labels.lazy_label("rule", a.rule),
            why=labels.lazy_explain("rule", a.rule),
        ),
        severity=a.severity,
        facts=[
            (lazy("Alert"), labels.lazy_label("rule", a.rule)),
            (lazy("Status"), lazy("still active") if a.status == "active" else lazy("resolved")),
            (lazy("Severity"), labels.lazy_label("severity", a.severity)),
        ],
        document_id=a.document_id,
    )


def recommendation_item(r: RecommendationRow) -> TimelineItem:
    return TimelineItem(
        key=f"recommendation-{r.id}",
        kind="recommendation",
        when=r.issued_date,
        described=Described(r.issued_date, r.issued_date, "day" if r.issued_date else None),
        title=lazy(
            "%(report)s: recommendation %(number)s",
            report=r.report_number or r.document_title,
            number=str(r.number),
        ),
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
        facts=[(lazy("Publisher"), doc.publisher)] if doc.publisher else [],
        document_id=doc.id,
        document_title=doc.title,
    )
