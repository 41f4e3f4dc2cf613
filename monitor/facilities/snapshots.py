"""Per-row pieces of a statistics import: the snapshot a row becomes, the review it may need."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlmodel import Session

from monitor.capture.store import capture_bytes
from monitor.config import Settings
from monitor.facilities.registry import FacilityMatch, queue_for_review
from monitor.models import FacilityStatSnapshot, StatRelease
from scrapers.ice_stats import SOURCE, FacilityRowRecord

if TYPE_CHECKING:
    from monitor.facilities.workbook import Workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

ALIAS_SOURCE = "ice_stats"


def archive_workbook(
    *, session: Session, settings: Settings, workbook: Workbook, release: StatRelease
) -> int | None:
    """Keep the imported bytes in the capture store as a document of the ice_stats source."""
    result = capture_bytes(
        session=session,
        settings=settings,
        source_key=ALIAS_SOURCE,
        content=workbook.content,
        url=None,
        external_id=f"workbook:{workbook.sha256}",
        kind="workbook",
        title=f"ICE detention statistics, {release.label} ({workbook.file_name})",
        publisher=SOURCE.publisher,
        content_type=XLSX,
    )
    document = result.document
    document.published_date = document.published_date or release.release_date
    document.fiscal_year = document.fiscal_year or workbook.parsed.release.fiscal_year
    session.add(document)
    session.flush()
    return document.id


def _doubt(match: FacilityMatch) -> str:
    """Why the row is not attached, in the reviewer's words."""
    if match.method == "same_street":
        return "is at the street address of a known facility, under another name or town"
    return "resembles a known facility but not confidently"


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
        reason=f"'{row.name}' ({row.city}, {row.state}) in {release.label} {_doubt(match)}; "
        f"kept as a separate facility until reviewed",
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
        last_inspection_inspector=row.last_inspection_inspector,
        inspections=row.inspections or None,
        population=row.population or None,
        extra=row.extra or None,
    )
