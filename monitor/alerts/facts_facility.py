"""Facility-level facts for the rules: deficiencies, inspections, ratings, statistics."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from monitor.alerts.base import pk
from monitor.alerts.facts import ACCEPTED, is_management_alert, single_subject_facilities
from monitor.models import (
    Document,
    DocumentFacility,
    FacilityStatSnapshot,
    Finding,
    Inspection,
    StatRelease,
)

PASSING = ("superior", "good", "acceptable", "meets", "pass")
FAILING = ("does not", "not meet", "deficient", "at-risk", "at risk", "fail")


def is_passing(rating: str | None) -> bool:
    """Whether an inspection rating says the facility passed."""
    text = (rating or "").strip().lower()
    if not text or any(word in text for word in FAILING):
        return False
    return any(text.startswith(word) for word in PASSING)


@dataclass(frozen=True)
class Deficiency:
    facility_id: int
    category: str
    found: date
    visit: str  # one inspection (or one document when no inspection row exists)
    document_id: int
    label: str


@dataclass(frozen=True)
class Visit:
    facility_id: int
    when: date
    rating: str | None
    deficiencies: int | None
    document_id: int | None


def deficiencies(*, session: Session, as_of: date) -> list[Deficiency]:
    """Accepted deficient findings at known facilities, dated, up to `as_of`."""
    doc_facility = single_subject_facilities(session=session)
    rows = session.exec(
        select(
            Finding,
            col(Inspection.facility_id),
            col(Inspection.end_date),
            col(Document.published_date),
        )
        .join(Document, col(Document.id) == col(Finding.document_id))
        .outerjoin(Inspection, col(Inspection.id) == col(Finding.inspection_id))
        .where(
            col(Finding.result) == "deficient",
            col(Finding.review_status) == ACCEPTED,
            col(Document.review_status) == ACCEPTED,
        )
    ).all()
    out = []
    for finding, insp_facility, insp_end, published in rows:
        facility = finding.facility_id or insp_facility or doc_facility.get(finding.document_id)
        found = finding.found_date or insp_end or published
        if facility is None or found is None or found > as_of:
            continue
        visit = f"i{finding.inspection_id}" if finding.inspection_id else f"d{finding.document_id}"
        out.append(
            Deficiency(
                facility, finding.category, found, visit, finding.document_id, finding.raw_label
            )
        )
    return out


def visits(*, session: Session, as_of: date) -> list[Visit]:
    """Accepted inspections at known facilities up to `as_of`, plus ratings the workbooks report."""
    rows = session.exec(
        select(Inspection).where(
            col(Inspection.review_status) == ACCEPTED, col(Inspection.facility_id).is_not(None)
        )
    ).all()
    out = []
    for insp in rows:
        when = insp.end_date or insp.start_date
        if when is not None and when <= as_of and insp.facility_id is not None:
            out.append(
                Visit(
                    insp.facility_id,
                    when,
                    insp.rating or insp.rating_raw,
                    insp.deficiency_count,
                    insp.document_id,
                )
            )
    seen = {(v.facility_id, v.when) for v in out}
    for snap, _release in snapshots(session=session, as_of=as_of):
        when = snap.last_inspection_date
        if when is not None and when <= as_of and (snap.facility_id, when) not in seen:
            seen.add((snap.facility_id, when))
            out.append(Visit(snap.facility_id, when, snap.last_inspection_rating, None, None))
    return out


def snapshots(*, session: Session, as_of: date) -> list[tuple[FacilityStatSnapshot, StatRelease]]:
    """Statistics rows of releases published by `as_of`, oldest release first."""
    rows = session.exec(
        select(FacilityStatSnapshot, StatRelease).join(
            StatRelease, col(StatRelease.id) == col(FacilityStatSnapshot.release_id)
        )
    ).all()
    kept = [(s, r) for s, r in rows if release_date(r) <= as_of]
    return sorted(kept, key=lambda pair: (release_date(pair[1]), pair[1].id or 0))


def release_date(release: StatRelease) -> date:
    """When a release became public (import date when the workbook does not say)."""
    return release.release_date or release.imported_at.date()


@dataclass(frozen=True)
class AlertDocument:
    document_id: int
    facility_id: int
    published: date
    report_number: str | None
    title: str


def management_alerts(*, session: Session, as_of: date) -> list[AlertDocument]:
    """Accepted OIG management alerts published by `as_of`, once per facility they name."""
    rows = session.exec(
        select(Document, col(DocumentFacility.facility_id))
        .join(DocumentFacility, col(DocumentFacility.document_id) == col(Document.id))
        .where(col(Document.review_status) == ACCEPTED)
    ).all()
    return [
        AlertDocument(pk(doc), facility_id, doc.published_date, doc.report_number, doc.title)
        for doc, facility_id in rows
        if doc.published_date is not None
        and doc.published_date <= as_of
        and is_management_alert(doc.report_type, doc.report_number, doc.title)
    ]
