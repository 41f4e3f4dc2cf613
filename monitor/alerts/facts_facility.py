"""Facility-level facts for the rules: deficiencies, inspections, ratings, statistics."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import NamedTuple

from sqlalchemy import func
from sqlmodel import Session, col

from monitor.alerts.base import RuleContext
from monitor.alerts.facts import (
    ACCEPTED,
    Days,
    cached,
    columns,
    day_text,
    doc_facilities,
    is_management_alert,
    rows_of,
    single_subject_facilities,
)
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


@lru_cache(maxsize=256)
def is_passing(rating: str | None) -> bool:
    """Whether an inspection rating says the facility passed."""
    text = (rating or "").strip().lower()
    if not text or any(word in text for word in FAILING):
        return False
    return any(text.startswith(word) for word in PASSING)


class Deficiency(NamedTuple):
    facility_id: int
    category: str
    found: date
    visit: str  # one inspection (or one document when no inspection row exists)
    document_id: int
    label: str


class Visit(NamedTuple):
    facility_id: int
    when: date
    rating: str | None
    deficiencies: int | None
    document_id: int | None


class Snapshot(NamedTuple):
    """One facility row of one statistics release, with the release's identity."""

    facility_id: int
    release_id: int
    release_label: str
    released: date
    guaranteed_minimum: int | None
    adp_total: float | None


def deficiencies(
    *, session: Session, as_of: date, doc_facility: dict[int, int] | None = None
) -> list[Deficiency]:
    """Accepted deficient findings at known facilities, dated, up to `as_of`."""
    if doc_facility is None:
        doc_facility = single_subject_facilities(session=session)
    found_on = func.coalesce(
        col(Finding.found_date), col(Inspection.end_date), col(Document.published_date)
    )
    rows = rows_of(
        session,
        columns(
            func.coalesce(col(Finding.facility_id), col(Inspection.facility_id)),
            Finding.category,
            day_text(found_on),
            Finding.inspection_id,
            Finding.document_id,
            Finding.raw_label,
        )
        .join(Document, col(Document.id) == col(Finding.document_id))
        .outerjoin(Inspection, col(Inspection.id) == col(Finding.inspection_id))
        .where(
            col(Finding.result) == "deficient",
            col(Finding.review_status) == ACCEPTED,
            col(Document.review_status) == ACCEPTED,
            found_on.is_not(None),
        ),
    )
    out = []
    day = Days()
    for fac, category, found_text, insp_id, doc_id, label in rows:
        facility = fac or doc_facility.get(doc_id)
        found = day[found_text]
        if facility is None or found > as_of:
            continue
        visit = f"i{insp_id}" if insp_id else f"d{doc_id}"
        out.append(Deficiency(facility, category, found, visit, doc_id, label))
    return out


def deficiencies_of(ctx: RuleContext) -> list[Deficiency]:
    """The pass's deficiencies, read once."""
    return cached(
        ctx,
        "deficiencies",
        lambda: deficiencies(
            session=ctx.session, as_of=ctx.as_of, doc_facility=doc_facilities(ctx)
        ),
    )


def visits(ctx: RuleContext) -> list[Visit]:
    """Accepted inspections up to the evaluation date, plus ratings the workbooks report."""
    rows = rows_of(
        ctx.session,
        columns(
            Inspection.facility_id,
            Inspection.end_date,
            Inspection.start_date,
            Inspection.rating,
            Inspection.rating_raw,
            Inspection.deficiency_count,
            Inspection.document_id,
        ).where(
            col(Inspection.review_status) == ACCEPTED, col(Inspection.facility_id).is_not(None)
        ),
    )
    out = []
    for facility_id, end, start, rating, raw, count, doc_id in rows:
        when = end or start
        if when is not None and when <= ctx.as_of:
            out.append(Visit(facility_id, when, rating or raw, count, doc_id))
    seen = {(v.facility_id, v.when) for v in out}
    for visit in workbook_inspections(ctx):
        if visit.when <= ctx.as_of and (visit.facility_id, visit.when) not in seen:
            seen.add((visit.facility_id, visit.when))
            out.append(visit)
    return out


def releases(ctx: RuleContext) -> dict[int, tuple[str, date]]:
    """Statistics releases published by the evaluation date: id to (label, date)."""
    return cached(ctx, "releases", lambda: _load_releases(ctx.session, ctx.as_of))


def _load_releases(session: Session, as_of: date) -> dict[int, tuple[str, date]]:
    rows = rows_of(
        session,
        columns(
            StatRelease.id, StatRelease.label, StatRelease.release_date, StatRelease.imported_at
        ),
    )
    out = {}
    for release_id, label, released, imported in rows:
        # When the workbook does not say when it was released, its import date stands in.
        released = released or imported.date()
        if released <= as_of:
            out[release_id] = (label, released)
    return out


def snapshots(ctx: RuleContext) -> list[Snapshot]:
    """Statistics rows of releases published by the evaluation date, oldest release first."""
    return cached(ctx, "snapshots", lambda: _load_snapshots(ctx))


def _load_snapshots(ctx: RuleContext) -> list[Snapshot]:
    """Every statistics row of a published release, oldest release first."""
    known = releases(ctx)
    snap = FacilityStatSnapshot
    rows = rows_of(
        ctx.session,
        columns(snap.facility_id, snap.release_id, snap.guaranteed_minimum, snap.adp_total),
    )
    # Bucket by release, then lay the buckets end to end oldest first: the same order as a
    # stable sort on (released, release_id), without a key tuple per row.
    buckets: dict[int, list[Snapshot]] = {rel: [] for rel in known}
    for fac, rel, gm, adp in rows:
        bucket = buckets.get(rel)
        if bucket is not None:
            label, released = known[rel]
            bucket.append(Snapshot(fac, rel, label, released, gm, adp))
    order = sorted(known, key=lambda rel: (known[rel][1], rel))
    return [snap for rel in order for snap in buckets[rel]]


def latest_snapshots(ctx: RuleContext) -> list[Snapshot]:
    """The rows of the newest release published by the evaluation date."""
    known = releases(ctx)
    if not known:
        return []
    newest = max(known, key=lambda rid: (known[rid][1], rid))
    snap = FacilityStatSnapshot
    rows = rows_of(
        ctx.session,
        columns(snap.facility_id, snap.guaranteed_minimum, snap.adp_total).where(
            col(snap.release_id) == newest
        ),
    )
    return [Snapshot(fac, newest, *known[newest], gm, adp) for fac, gm, adp in rows]


def workbook_inspections(ctx: RuleContext) -> list[Visit]:
    """Last inspections (date and rating) as the published workbooks state them."""
    snap = FacilityStatSnapshot
    rows = rows_of(
        ctx.session,
        columns(
            snap.facility_id,
            day_text(snap.last_inspection_date),
            snap.last_inspection_rating,
        )
        .where(
            col(snap.release_id).in_(list(releases(ctx))),
            col(snap.last_inspection_date).is_not(None),
        )
        .distinct(),
    )
    day = Days()
    return [Visit(fac, day[when], rating, None, None) for fac, when, rating in rows]


class AlertDocument(NamedTuple):
    document_id: int
    facility_id: int
    published: date
    report_number: str | None
    title: str


def management_alerts(*, session: Session, as_of: date) -> list[AlertDocument]:
    """Accepted OIG management alerts published by `as_of`, once per facility they name."""
    rows = rows_of(
        session,
        columns(
            Document.id,
            DocumentFacility.facility_id,
            Document.published_date,
            Document.report_number,
            Document.title,
            Document.report_type,
        )
        .join(DocumentFacility, col(DocumentFacility.document_id) == col(Document.id))
        .where(col(Document.review_status) == ACCEPTED),
    )
    return [
        AlertDocument(doc_id, facility_id, published, number, title)
        for doc_id, facility_id, published, number, title, rtype in rows
        if published is not None
        and published <= as_of
        and is_management_alert(rtype, number, title)
    ]
