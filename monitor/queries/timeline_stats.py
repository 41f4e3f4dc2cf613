"""Statistics-release rows of a facility as timeline items, and the chart series."""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from monitor.charts import PopulationPoint, StaffingPoint
from monitor.i18n import Text, Words, lazy, shown
from monitor.labels import release_name
from monitor.models import (
    Document,
    FacilityStatSnapshot,
    StaffingObservation,
    StatRelease,
)
from monitor.queries.described import observed
from monitor.queries.timeline_items import TimelineItem


def statistics_items(*, session: Session, ids: list[int]) -> list[TimelineItem]:
    """Timeline items for the given statistics snapshots."""
    if not ids:
        return []
    rows = session.exec(
        select(FacilityStatSnapshot, StatRelease)
        .join(StatRelease, col(StatRelease.id) == FacilityStatSnapshot.release_id)
        .where(col(FacilityStatSnapshot.id).in_(ids))
    )
    items = []
    for snap, release in rows:
        items.append(
            TimelineItem(
                key=f"statistics-{snap.id}",
                kind="statistics",
                when=release.release_date,
                title=lazy(
                    "ICE detention statistics %(release)s", release=release_name(release.label)
                ),
                facts=_snapshot_facts(snap),
                document_id=release.document_id,
            )
        )
    return items


def _last_inspection(snap: FacilityStatSnapshot) -> Text:
    """'ODO 24 oct 2024 Pass': the workbook's own words around a date written per locale."""
    kind, day, rating = (
        snap.last_inspection_type,
        snap.last_inspection_date,
        snap.last_inspection_rating,
    )
    if day is None:
        return " ".join(v for v in (kind, rating) if v)
    before, after = (f"{kind} " if kind else ""), (f" {rating}" if rating else "")
    return Words("%(before)s%(day)s%(after)s", before=before, day=day, after=after)


def _snapshot_facts(snap: FacilityStatSnapshot) -> list[tuple[Text, Text]]:
    last = _last_inspection(snap)
    adp, gmin = snap.adp_total, snap.guaranteed_minimum
    facts: list[tuple[Text, Text]] = [
        (lazy("Average daily population"), "" if adp is None else shown(adp)),
        (lazy("Guaranteed minimum"), "" if gmin is None else shown(gmin)),
        (lazy("Last inspection"), last),
        (lazy("Listed as"), snap.raw_name),
    ]
    return [(k, v) for k, v in facts if v]


def population_series(*, session: Session, facility_id: int) -> list[PopulationPoint]:
    """Average daily population and guaranteed minimum per statistics release, oldest first."""
    S, R = FacilityStatSnapshot, StatRelease
    rows: list[Any] = list(
        session.connection().execute(
            sa_select(
                col(R.label), col(R.release_date), col(S.adp_total), col(S.guaranteed_minimum)
            )
            .join(R, col(R.id) == S.release_id)
            .where(col(S.facility_id) == facility_id)
            .order_by(col(R.release_date), col(R.id))
        )
    )
    return [PopulationPoint(label, day, adp, gmin) for label, day, adp, gmin in rows]


def staffing_series(*, session: Session, facility_id: int) -> list[StaffingPoint]:
    """Percent of required positions filled over time, by role group (accepted, dated rows)."""
    S = StaffingObservation
    rows: list[Any] = list(
        session.connection().execute(
            sa_select(
                *(
                    col(c)
                    for c in (
                        S.observed_on,
                        S.observed_until,
                        S.as_of_date,
                        S.role_group,
                        S.pct_filled,
                        S.document_id,
                        S.page,
                    )
                )
            )
            .join(Document, col(Document.id) == S.document_id)
            .where(
                col(S.facility_id) == facility_id,
                col(S.review_status) == "accepted",
                col(S.pct_filled).is_not(None),
                # On a time axis only what states its date, and no repeated figures.
                or_(col(S.observed_on).is_not(None), col(S.as_of_date).is_not(None)),
                col(S.repeats_id).is_(None),
                col(Document.is_public).is_(True),
                col(Document.review_status) == "accepted",
            )
        )
    )
    points = []
    for on, until, as_of_date, role, pct, doc_id, page in rows:
        when = observed(on, until, None, None, as_of_date).when
        if when is not None:
            points.append(StaffingPoint(when, role, float(pct), doc_id, page))
    return sorted(points, key=lambda p: (p.as_of, p.role_group))
