"""The recommendation tracker: filter and sort every recommendation by each of its columns."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session

from monitor.queries.common import Paged, paginate
from monitor.queries.recommendations import RecommendationRow, load_recommendations

TRACKER_SORTS: dict[str, Any] = {
    "days_open": lambda r: (r.days_open is None, r.days_open or 0),
    "days_overdue": lambda r: r.days_overdue,
    "target_date": lambda r: (r.status.target_date is None, r.status.target_date or date.min),
    "issued": lambda r: (r.issued_date is None, r.issued_date or date.min),
    "facility": lambda r: ((r.facility_name or "~").lower(), r.number),
    "report": lambda r: (r.report_number or "~", r.number),
    "concurrence": lambda r: (r.status.concurrence or "~", r.number),
    "resolution": lambda r: (r.status.resolution or "~", r.number),
    "implementation": lambda r: (r.status.implementation or "open", r.number),
}
CONCURRENCES = ("concur", "non_concur", "partial", "none")
RESOLUTIONS = ("resolved", "unresolved", "none")
IMPLEMENTATIONS = ("open", "closed")


@dataclass(frozen=True)
class TrackerFilter:
    """What the tracker page and API accept (already validated by the view)."""

    facility: str | None = None
    report: str | None = None
    concurrence: str | None = None
    resolution: str | None = None
    implementation: str | None = None
    overdue: bool = False
    q: str | None = None
    sort: str = "days_open"
    descending: bool = True


def _matches(row: RecommendationRow, f: TrackerFilter) -> bool:
    s = row.status
    checks = [
        not f.facility or row.facility_slug == f.facility,
        not f.report or (row.report_number or "").upper() == f.report.upper(),
        not f.concurrence or (s.concurrence or "none") == f.concurrence,
        not f.resolution or (s.resolution or "none") == f.resolution,
        not f.implementation or (s.implementation or "open") == f.implementation,
        not f.overdue or row.days_overdue > 0,
        not f.q or f.q.lower() in f"{row.text} {row.addressee or ''}".lower(),
    ]
    return all(checks)


def tracker_rows(
    *, session: Session, filters: TrackerFilter, today: date | None = None
) -> list[RecommendationRow]:
    """Every public recommendation matching `filters`, sorted."""
    rows = [
        r
        for r in load_recommendations(session=session, today=today, with_history=False)
        if _matches(r, filters)
    ]
    rows.sort(key=lambda r: (r.report_number or "", r.number))
    rows.sort(key=TRACKER_SORTS[filters.sort], reverse=filters.descending)
    return rows


def tracker_page(
    *,
    session: Session,
    filters: TrackerFilter,
    page: int,
    per_page: int = 50,
    today: date | None = None,
) -> Paged[RecommendationRow]:
    """One page of the tracker."""
    return paginate(tracker_rows(session=session, filters=filters, today=today), page, per_page)
