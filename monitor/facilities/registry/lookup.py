"""Read-side queries of the registry: find facilities by text, describe one with its history."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import false
from sqlmodel import Session, col, or_, select

from monitor.facilities.registry.normalize import normalize_name
from monitor.models import (
    Facility,
    FacilityAlias,
    FacilityStatSnapshot,
    ReviewItem,
    StatRelease,
)

SNAPSHOT_FIELDS = (
    "raw_name",
    "address",
    "city",
    "state",
    "zip",
    "aor",
    "type_detailed",
    "gender",
    "adp_total",
    "alos",
    "guaranteed_minimum",
    "last_inspection_type",
    "last_inspection_standard",
    "last_inspection_rating",
    "last_inspection_date",
    "last_inspection_inspector",
    "inspections",
    "population",
    "extra",
)


def find_facilities(*, session: Session, query: str, limit: int = 50) -> list[Facility]:
    """Facilities whose slug, DETLOC or any name alias contains the query, by name."""
    text = query.strip()
    norm = normalize_name(text)
    alias_hits = select(FacilityAlias.facility_id).where(
        col(FacilityAlias.kind).in_(("name", "abbreviation")),
        col(FacilityAlias.normalized).contains(norm) if norm else false(),
    )
    statement = (
        select(Facility)
        .where(
            or_(
                Facility.slug == text.lower(),
                Facility.detloc == text.upper(),
                col(Facility.id).in_(alias_hits),
            )
        )
        .order_by(Facility.name)
        .limit(limit)
    )
    return list(session.exec(statement).all())


def facility_details(*, session: Session, facility: Facility) -> dict[str, Any]:
    """A facility with its aliases and its statistics snapshots, oldest release first."""
    aliases = session.exec(
        select(FacilityAlias.alias)
        .where(
            FacilityAlias.facility_id == facility.id,
            col(FacilityAlias.kind).in_(("name", "abbreviation")),
        )
        .order_by(col(FacilityAlias.id))
    ).all()
    return {
        "id": facility.id,
        "slug": facility.slug,
        "name": facility.name,
        "detloc": facility.detloc,
        "address": facility.address,
        "city": facility.city,
        "state": facility.state,
        "zip": facility.zip,
        "aor": facility.aor,
        "type_detailed": facility.type_detailed,
        "aliases": list(dict.fromkeys(aliases)),
        "snapshots": facility_snapshots(session=session, facility_id=facility.id or 0),
    }


def facility_snapshots(*, session: Session, facility_id: int) -> list[dict[str, Any]]:
    """One dict per statistics release that lists the facility, oldest first."""
    rows = session.exec(
        select(FacilityStatSnapshot, StatRelease)
        .join(StatRelease, col(StatRelease.id) == FacilityStatSnapshot.release_id)
        .where(FacilityStatSnapshot.facility_id == facility_id)
        .order_by(col(StatRelease.release_date), col(StatRelease.id))
    ).all()
    out = []
    for snapshot, release in rows:
        item: dict[str, Any] = {
            "release": release.label,
            "release_date": _iso(release.release_date),
        }
        for name in SNAPSHOT_FIELDS:
            item[name] = _iso(getattr(snapshot, name))
        out.append(item)
    return out


def pending_reviews(*, session: Session, kind: str | None = None) -> list[ReviewItem]:
    """Review items still waiting for a decision, oldest first."""
    statement = select(ReviewItem).where(ReviewItem.status == "pending")
    if kind:
        statement = statement.where(ReviewItem.kind == kind)
    return list(session.exec(statement.order_by(col(ReviewItem.id))).all())


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value
