"""Statistics-release rows of a facility as timeline items, and the chart series."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlmodel import Session, col, select

from monitor.charts import PopulationPoint, StaffingPoint
from monitor.models import (
    Document,
    FacilityStatSnapshot,
    StaffingObservation,
    StatRelease,
)

if TYPE_CHECKING:
    from monitor.queries.timeline import TimelineItem


def _snapshots(
    session: Session, facility_id: int
) -> list[tuple[FacilityStatSnapshot, StatRelease]]:
    rows = session.exec(
        select(FacilityStatSnapshot, StatRelease)
        .join(StatRelease, col(StatRelease.id) == FacilityStatSnapshot.release_id)
        .where(FacilityStatSnapshot.facility_id == facility_id)
        .order_by(col(StatRelease.release_date), col(StatRelease.id))
    )
    return [(s, r) for s, r in rows]


def statistics_items(*, session: Session, facility_id: int) -> list[TimelineItem]:
    """One item per statistics release listing the facility."""
    from monitor.queries.timeline import TimelineItem

    items = []
    for snap, release in _snapshots(session, facility_id):
        facts = [
            ("Average daily population", "" if snap.adp_total is None else f"{snap.adp_total:g}"),
            (
                "Guaranteed minimum",
                "" if snap.guaranteed_minimum is None else str(snap.guaranteed_minimum),
            ),
            (
                "Last inspection",
                " ".join(
                    str(v)
                    for v in (
                        snap.last_inspection_type,
                        snap.last_inspection_date,
                        snap.last_inspection_rating,
                    )
                    if v
                ),
            ),
            ("Listed as", snap.raw_name),
        ]
        items.append(
            TimelineItem(
                key=f"statistics-{snap.id}",
                kind="statistics",
                when=release.release_date,
                title=f"ICE detention statistics {release.label}",
                facts=[(k, v) for k, v in facts if v],
                document_id=release.document_id,
            )
        )
    return items


def population_series(*, session: Session, facility_id: int) -> list[PopulationPoint]:
    """Average daily population and guaranteed minimum per statistics release."""
    return [
        PopulationPoint(r.label, r.release_date, s.adp_total, s.guaranteed_minimum)
        for s, r in _snapshots(session, facility_id)
    ]


def staffing_series(*, session: Session, facility_id: int) -> list[StaffingPoint]:
    """Percent of required positions filled over time, by role group (accepted, dated rows)."""
    rows = session.exec(
        select(StaffingObservation, col(Document.published_date))
        .join(Document, col(Document.id) == StaffingObservation.document_id)
        .where(
            StaffingObservation.facility_id == facility_id,
            StaffingObservation.review_status == "accepted",
            col(StaffingObservation.pct_filled).is_not(None),
            col(Document.is_public).is_(True),
            Document.review_status == "accepted",
        )
    )
    points = [
        StaffingPoint(
            obs.as_of_date or published,  # type: ignore[arg-type]  # filtered below
            obs.role_group,
            float(obs.pct_filled or 0),
            obs.document_id,
            obs.page,
        )
        for obs, published in rows
        if (obs.as_of_date or published)
    ]
    return sorted(points, key=lambda p: (p.as_of, p.role_group))
