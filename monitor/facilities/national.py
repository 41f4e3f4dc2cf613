"""The national view: facilities ranked by what needs attention, deaths by year, the trend of
open OIG recommendations. Read-only query functions for /national and /map."""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import String, cast, func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from monitor.alerts.facts_facility import FAILING
from monitor.facilities.geo import zip_position
from monitor.facilities.glance import Death
from monitor.i18n import N_, Text, lazy
from monitor.models import (
    SEVERITIES,
    Alert,
    DeathRecord,
    Document,
    Facility,
    Inspection,
    Recommendation,
)
from monitor.queries.common import StatusNow, today_utc
from monitor.queries.facilities import FacilityFilter, search_facilities
from monitor.queries.status_sql import current_statuses

# Attention levels, most urgent first: (code, words). The map colours dots by these.
ATTENTION = {
    "urgent": N_("Critical or high alert"),
    "concern": N_("Warning alert"),
    "open": N_("Open recommendations, no alert"),
    "none": N_("Nothing active"),
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


@dataclass(frozen=True)
class RecFact:
    """One public recommendation, reduced to what the national figures need."""

    facility_id: int | None
    start: date | None
    status: StatusNow


def recommendation_facts(*, session: Session) -> list[RecFact]:
    """Every public recommendation's facility, start date and current status, as light rows.

    The national page reads all of them (20,000 on the scale data): plain tuples and ISO text
    dates, with the statuses computed once by `current_statuses`.
    """
    start = cast(func.coalesce(Recommendation.issued_date, Document.published_date), String)
    rows: list[Any] = list(
        session.connection().execute(
            sa_select(col(Recommendation.id), col(Recommendation.facility_id), start)
            .join(Document, col(Document.id) == Recommendation.document_id)
            .where(col(Document.is_public).is_(True), col(Document.review_status) == "accepted")
        )
    )
    statuses = current_statuses(session=session)
    return [
        RecFact(fid, date.fromisoformat(day[:10]) if day else None, statuses.get(rid, StatusNow()))
        for rid, fid, day in rows
    ]


def _open_by_facility(recs: list[RecFact], today: date) -> dict[int, tuple[int, int]]:
    """{facility id: (days the oldest open one has been open, open ones ICE rejected)}."""
    out: dict[int, tuple[int, int]] = {}
    for r in recs:
        if r.facility_id is not None and r.status.is_open:
            oldest, rejected = out.get(r.facility_id, (0, 0))
            age = (today - r.start).days if r.start else 0
            out[r.facility_id] = (
                max(oldest, age),
                rejected + (r.status.concurrence == "non_concur"),
            )
    return out


def national_rows(*, session: Session, recs: list[RecFact]) -> list[NationalRow]:
    """Every facility with the figures the rankings and the map use (by name)."""
    base = search_facilities(session=session, filters=FacilityFilter())
    zips = dict(session.exec(select(Facility.id, Facility.zip)).all())
    failed, worst = _failed_inspections(session), _worst_severity(session)
    by_facility = _open_by_facility(recs, today_utc())
    out = []
    for f in base:
        oldest, rejected = by_facility.get(f.id, (None, 0))
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


def deaths_by_year(*, session: Session) -> list[tuple[int | Text, list[DeathRow]]]:
    """Deaths in custody grouped by year of death, newest first."""
    rows = session.exec(
        select(DeathRecord, Facility.name, Facility.slug)
        .outerjoin(Facility, col(Facility.id) == DeathRecord.facility_id)
        .order_by(col(DeathRecord.date_of_death).desc())
    ).all()
    years: dict[int | Text, list[DeathRow]] = {}
    for d, name, slug in rows:
        death = Death(d.person_name, d.date_of_death, d.death_report_date, d.document_id)
        key: int | Text = d.date_of_death.year if d.date_of_death else lazy("Date unknown")
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


def open_trend(recs: list[RecFact], today: date) -> list[tuple[date, int]]:
    """How many public recommendations were open at the end of each semiannual period."""
    spans = [
        (r.start, r.status.closed_date if not r.status.is_open else None) for r in recs if r.start
    ]
    if not spans:
        return []
    starts = sorted(start for start, _ in spans)
    ends = sorted(end for _, end in spans if end is not None)
    # Open on `day`: started on or before it, minus those closed on or before it.
    return [
        (day, bisect_right(starts, day) - bisect_right(ends, day))
        for day in period_ends(starts[0], today)
    ]
