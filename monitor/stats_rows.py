"""Per-row pieces of a statistics import: the snapshot a row becomes, the review it may need."""

from __future__ import annotations

from sqlmodel import Session

from monitor.models import FacilityStatSnapshot, StatRelease
from monitor.registry import FacilityMatch, queue_for_review
from scrapers.ice_stats import FacilityRowRecord

ALIAS_SOURCE = "ice_stats"


def queue_row(
    session: Session,
    release: StatRelease,
    row: FacilityRowRecord,
    match: FacilityMatch,
    new_facility_id: int,
) -> None:
    """Ask a person whether the new facility is one the registry already knows."""
    item = queue_for_review(
        session=session,
        kind="facility_match",
        reason=f"'{row.name}' ({row.city}, {row.state}) in {release.label} resembles a known "
        f"facility but not confidently; kept as a separate facility until reviewed",
        payload={
            "source": ALIAS_SOURCE,
            "release": release.label,
            "row_number": row.row_number,
            "name": row.name,
            "address": row.address,
            "city": row.city,
            "state": row.state,
            "zip": row.zip,
        },
        match=match,
    )
    item.subject_table = "facility"
    item.subject_id = new_facility_id


def snapshot_for(row: FacilityRowRecord, facility_id: int, release_id: int) -> FacilityStatSnapshot:
    """The snapshot row of one facility in one release."""
    return FacilityStatSnapshot(
        facility_id=facility_id,
        release_id=release_id,
        row_number=row.row_number,
        raw_name=row.raw_name,
        address=row.address,
        city=row.city,
        state=row.state,
        zip=row.zip,
        aor=row.aor,
        type_detailed=row.type_detailed,
        gender=row.gender,
        adp_total=row.adp_total,
        alos=row.alos,
        guaranteed_minimum=row.guaranteed_minimum,
        last_inspection_type=row.last_inspection_type,
        last_inspection_standard=row.last_inspection_standard,
        last_inspection_rating=row.last_inspection_rating,
        last_inspection_date=row.last_inspection_date,
        population=row.population or None,
        extra=row.extra or None,
    )
