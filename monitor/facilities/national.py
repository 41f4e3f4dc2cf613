"""The national view: facilities ranked by what needs attention, deaths by year, the trend of
open OIG recommendations. Read-only query functions for /national and /map."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from monitor.alerts.facts_facility import FAILING
from monitor.facilities.geo import zip_position
from monitor.facilities.glance import Death
from monitor.models import SEVERITIES, Alert, DeathRecord, Facility, Inspection
from monitor.queries.common import today_utc
from monitor.queries.facilities import FacilityFilter, search_facilities
from monitor.queries.recommendations import RecommendationRow, load_recommendations

# Attention levels, most urgent first: (code, words). The map colours dots by these.
ATTENTION = {
    "urgent": "Critical or high alert",
    "concern": "Warning alert",
    "open": "Open recommendations, no alert",
    "none": "Nothing active",
}


@dataclass
class NationalRow:
    slug: str
    name: str
    city: str | None
    state: str | None
    open_recommendations: int = 0
    oldest_open_days: int | None = None
    non_concur_open: int = 0
    failed_inspections: int = 0
    staffing_pct: float | None = None
    active_alerts: int = 0
    worst_severity: str | None = None
    position: tuple[float, float] | None = None

    @property
    def attention(self) -> str:
        if self.worst_severity in ("critical", "high"):
            return "urgent"
        if self.worst_severity == "warning":
            return "concern"
        return "open" if self.open_recommendations else "none"


def _failed_inspections(session: Session) -> dict[int, int]:
    rows = session.exec(
        select(Inspection.facility_id, Inspection.rating).where(
            col(Inspection.facility_id).is_not(None), Inspection.review_status == "accepted"
        )
    )
    out: dict[int, int] = defaultdict(int)
    for fid, rating in rows:
        if fid is not None and any(word in (rating or "").lower() for word in FAILING):
            out[fid] += 1
    return out


def _worst_severity(session: Session) -> dict[int, str]:
    rows = session.exec(
        select(Alert.facility_id, Alert.severity).where(
            Alert.status == "active", col(Alert.facility_id).is_not(None)
        )
    )
    worst: dict[int, str] = {}
    for fid, severity in rows:
        seen = worst.get(fid or 0)
        if fid is not None and (
            seen is None or SEVERITIES.index(severity) > SEVERITIES.index(seen)
        ):
            worst[fid] = severity
    return worst


def _recommendation_facts(rows: list[RecommendationRow]) -> dict[str, tuple[int, int]]:
    """{facility slug: (oldest open days, open non-concurred)}."""
    out: dict[str, tuple[int, int]] = {}
    for r in rows:
        if r.facility_slug and r.status.is_open:
            oldest, rejected = out.get(r.facility_slug, (0, 0))
            out[r.facility_slug] = (
                max(oldest, r.days_open or 0),
                rejected + (r.status.concurrence == "non_concur"),
            )
    return out


def national_rows(*, session: Session) -> list[NationalRow]:
    """Every facility with the figures the rankings and the map use (by name)."""
    base = search_facilities(session=session, filters=FacilityFilter())
    zips = dict(session.exec(select(Facility.id, Facility.zip)).all())
    failed, worst = _failed_inspections(session), _worst_severity(session)
    recs = _recommendation_facts(load_recommendations(session=session, with_history=False))
    out = []
    for f in base:
        oldest, rejected = recs.get(f.slug, (None, 0))
        out.append(
            NationalRow(
                f.slug,
                f.name,
                f.city,
                f.state,
                f.open_recommendations,
                oldest,
                rejected,
                failed.get(f.id, 0),
                f.staffing_pct,
                f.active_alerts,
                worst.get(f.id) if f.active_alerts else None,
                zip_position(zips.get(f.id), f.state),
            )  # fmt: skip
        )
    return out


def rankings(rows: list[NationalRow], limit: int = 10) -> dict[str, list[NationalRow]]:
    """The worst facilities by open recommendations, failed inspections and staffing."""
    by_recs = [r for r in rows if r.open_recommendations]
    by_failed = [r for r in rows if r.failed_inspections]
    by_staff = [r for r in rows if r.staffing_pct is not None]
    return {
        "recommendations": sorted(
            by_recs, key=lambda r: (-r.open_recommendations, -(r.oldest_open_days or 0))
        )[:limit],
        "inspections": sorted(by_failed, key=lambda r: -r.failed_inspections)[:limit],
        "staffing": sorted(by_staff, key=lambda r: r.staffing_pct or 0.0)[:limit],
    }


@dataclass(frozen=True)
class DeathRow:
    death: Death
    facility_name: str | None
    facility_slug: str | None


def deaths_by_year(*, session: Session) -> list[tuple[int | str, list[DeathRow]]]:
    """Deaths in custody grouped by year of death, newest first."""
    rows = session.exec(
        select(DeathRecord, Facility.name, Facility.slug)
        .outerjoin(Facility, col(Facility.id) == DeathRecord.facility_id)
        .order_by(col(DeathRecord.date_of_death).desc())
    ).all()
    years: dict[int | str, list[DeathRow]] = {}
    for d, name, slug in rows:
        death = Death(d.person_name, d.date_of_death, d.death_report_date, d.document_id)
        key: int | str = d.date_of_death.year if d.date_of_death else "Date unknown"
        years.setdefault(key, []).append(DeathRow(death, name, slug))
    return list(years.items())


def period_ends(first: date, today: date) -> list[date]:
    """OIG's semiannual period ends (31 March, 30 September) from `first` to today, and today."""
    ends = [
        day
        for year in range(first.year, today.year + 1)
        for day in (date(year, 3, 31), date(year, 9, 30))
        if first <= day < today
    ]
    return [*ends, today]


def open_trend(*, session: Session, today: date | None = None) -> list[tuple[date, int]]:
    """How many public recommendations were open at the end of each semiannual period."""
    today = today or today_utc()
    recs = [
        (r.issued_date, r.status.closed_date if not r.status.is_open else None)
        for r in load_recommendations(session=session, with_history=False)
        if r.issued_date
    ]
    if not recs:
        return []
    first = min(issued for issued, _ in recs)
    return [
        (
            day,
            sum(1 for issued, closed in recs if issued <= day and (closed is None or closed > day)),
        )
        for day in period_ends(first, today)
    ]
