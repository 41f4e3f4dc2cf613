"""Everything dated about one facility, as one filterable timeline."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
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
from monitor.queries.recommendations import load_recommendations
from monitor.queries.timeline_corrections import corrections_by_item_key
from monitor.queries.timeline_index import (
    TimelineQuery,
    TimelineRef,
    timeline_count,
    timeline_refs,
)
from monitor.queries.timeline_items import (
    KINDS,
    TimelineItem,
    alert_item,
    death_item,
    document_item,
    finding_item,
    inspection_item,
    recommendation_item,
    staffing_item,
)
from monitor.queries.timeline_stats import statistics_items
from monitor.record_kinds import document_codes

__all__ = [
    "KINDS",
    "TimelineFilter",
    "TimelineItem",
    "TimelinePage",
    "facility_timeline",
    "timeline_page",
]


@dataclass(frozen=True)
class TimelineFilter:
    kinds: frozenset[str] = frozenset()
    category: str | None = None
    date_from: date | None = None
    date_to: date | None = None


def _visible_ids(session: Session, ids: set[int]) -> dict[int, tuple[str, date | None]]:
    """Titles and publication dates of the public, accepted documents among `ids`."""
    if not ids:
        return {}
    rows = session.exec(
        select(col(Document.id), Document.title, col(Document.published_date)).where(
            col(Document.id).in_(ids),
            col(Document.is_public).is_(True),
            Document.review_status == "accepted",
        )
    )
    return {doc_id: (title, day) for doc_id, title, day in rows if doc_id is not None}


def _rows(session: Session, model: Any, ids: list[int]) -> list[Any]:
    return list(session.exec(select(model).where(col(model.id).in_(ids)))) if ids else []


def _build(session: Session, refs: list[TimelineRef]) -> dict[str, TimelineItem]:
    """Items for the given references, keyed by their `key`."""
    ids: dict[str, list[int]] = defaultdict(list)
    documents = set(document_codes())
    for ref in refs:
        ids["document" if ref.kind in documents else ref.kind].append(ref.id)
    doc_kinds = {r.id: r.kind for r in refs if r.kind in documents}
    items = [inspection_item(i) for i in _rows(session, Inspection, ids["inspection"])]
    items += [finding_item(f, None) for f in _rows(session, Finding, ids["finding"])]
    items += [staffing_item(s, None) for s in _rows(session, StaffingObservation, ids["staffing"])]
    items += [death_item(d) for d in _rows(session, DeathRecord, ids["death"])]
    items += [alert_item(a) for a in _rows(session, Alert, ids["alert"])]
    items += [document_item(d, doc_kinds[d.id]) for d in _rows(session, Document, ids["document"])]
    if ids["recommendation"]:
        recs = load_recommendations(session=session, ids=ids["recommendation"])
        items += [recommendation_item(r) for r in recs]
    items += statistics_items(session=session, ids=ids["statistics"])
    return {item.key: item for item in items}


def _items(session: Session, refs: list[TimelineRef]) -> list[TimelineItem]:
    """Items in the order of `refs`, dated by what they describe, linked to public documents."""
    built = _build(session, refs)
    documents = set(document_codes())
    ordered = []
    for ref in refs:
        key = f"{'document' if ref.kind in documents else ref.kind}-{ref.id}"
        item = built.get(key)
        if item is not None:
            item.when = ref.day if item.described is None else item.described.when
            ordered.append(item)
    docs = _visible_ids(session, {i.document_id for i in ordered if i.document_id})
    notes = corrections_by_item_key(session=session, keys=[i.key for i in ordered])
    for item in ordered:
        item.corrections = notes.get(item.key, [])
        if item.document_id not in docs:
            item.document_id = None  # an alert may cite a document that is not public
        title, published = docs.get(item.document_id or 0, (item.document_title, None))
        item.document_title = title
        if item.described is not None and item.described.published is None:
            item.described = replace(item.described, published=published)
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
    items = newest_first(_items(session, refs[:per_page]))
    return TimelinePage(items, page, per_page, len(refs) > per_page, total)


def newest_first(items: list[TimelineItem]) -> list[TimelineItem]:
    """A page ordered by the dates its facts describe (the index orders by the date it stores,
    which a described date may move within the page); facts with no date stated go last."""
    return sorted(items, key=lambda i: (i.when is None, -(i.when.toordinal() if i.when else 0)))


def facility_timeline(
    *,
    session: Session,
    facility_id: int,
    filters: TimelineFilter | None = None,
    limit: int | None = None,
) -> list[TimelineItem]:
    """The whole (filtered) timeline, or its newest `limit` items."""
    query = _query(facility_id, filters or TimelineFilter())
    return newest_first(_items(session, timeline_refs(session=session, query=query, limit=limit)))
