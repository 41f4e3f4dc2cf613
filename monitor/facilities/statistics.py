"""Import ICE statistics workbooks: one release, one snapshot per facility, matched by the registry.

The caller owns the transaction (`session_scope`), so a failing import writes nothing.
Re-importing identical bytes is skipped by content hash.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlmodel import Session, col, delete, select

from monitor.config import Settings
from monitor.facilities.drift import column_drift, drift_warnings
from monitor.facilities.registry import (
    FacilityMatch,
    add_address_alias,
    add_alias,
    create_facility,
    resolve_facility,
)
from monitor.facilities.snapshots import (
    ALIAS_SOURCE,
    archive_workbook,
    queue_row,
    snapshot_for,
)
from monitor.facilities.workbook import Workbook
from monitor.models import FacilityStatSnapshot, StatRelease
from scrapers.ice_stats import FacilityRowRecord

# Demo releases carry no workbook; their hash starts with this (see monitor/demo/facilities.py).
DEMO_HASH_PREFIX = "demo-"
# Exact identifiers go first so that a looser match never takes a facility another row
# of the same release names exactly.
FIRST_PASS_METHODS = ("detloc", "exact_name")

Progress = Callable[[int], None]


@dataclass
class ImportReport:
    """What one workbook import did, in the shape `--json` prints."""

    file: str
    release: str
    rows: int = 0
    matched: int = 0
    created: int = 0
    queued_for_review: int = 0
    drift: dict[str, Any] = field(default_factory=dict)
    skipped: bool = False
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "release": self.release,
            "rows": self.rows,
            "matched": self.matched,
            "created": self.created,
            "queued_for_review": self.queued_for_review,
            "drift": self.drift,
            "skipped": self.skipped,
            "warnings": self.warnings,
        }


def import_workbook(
    *,
    session: Session,
    workbook: Workbook,
    release_date: date | None = None,
    progress: Progress | None = None,
    settings: Settings | None = None,
) -> ImportReport:
    """Write the release and one snapshot per facility row; skip bytes already imported.

    With `settings`, the workbook's bytes are archived in the capture store first and the
    release points at that document (the ingest runner archives before parsing itself).
    """
    known = session.exec(select(StatRelease).where(StatRelease.sha256 == workbook.sha256)).first()
    if known is not None:
        rows = session.exec(
            select(FacilityStatSnapshot.id).where(FacilityStatSnapshot.release_id == known.id)
        ).all()
        if progress:
            progress(len(workbook.parsed.rows))
        return ImportReport(workbook.file_name, known.label, rows=len(rows), skipped=True)
    release = _new_release(session, workbook, release_date)
    report = ImportReport(workbook.file_name, release.label, rows=len(workbook.parsed.rows))
    report.drift = release.drift or {}
    report.warnings = drift_warnings(report.drift)
    if settings is not None and workbook.content:
        release.document_id = archive_workbook(
            session=session, settings=settings, workbook=workbook, release=release
        )
    _import_rows(session, release, workbook.parsed.rows, report, progress)
    return report


def _new_release(session: Session, workbook: Workbook, release_date: date | None) -> StatRelease:
    parsed = workbook.parsed.release
    when = release_date or parsed.data_date
    previous = _previous_release(session, when)
    release = _placeholder(session, parsed.label) or StatRelease(
        label=_free_label(session, parsed.label), file_name="", sha256=""
    )
    release.release_date = when
    release.file_name = workbook.file_name
    release.sha256 = workbook.sha256
    release.sheet_name = parsed.sheet_name
    release.header_row = parsed.header_row
    release.columns = parsed.columns
    release.drift = column_drift(previous, parsed.columns)
    session.add(release)
    session.flush()
    return release


def _placeholder(session: Session, label: str) -> StatRelease | None:
    """The demo's stand-in for this release, emptied so the real workbook replaces it."""
    found = session.exec(
        select(StatRelease).where(
            StatRelease.label == label, col(StatRelease.sha256).startswith(DEMO_HASH_PREFIX)
        )
    ).first()
    if found is not None:
        session.exec(
            delete(FacilityStatSnapshot).where(col(FacilityStatSnapshot.release_id) == found.id)
        )  # type: ignore[call-overload]
    return found


def _previous_release(session: Session, when: date | None) -> StatRelease | None:
    """The latest imported release dated before `when` (or the last imported when undated).

    Releases without a column list (the demo's, which have no workbook) are passed over.
    """
    query = select(StatRelease)
    if when is not None:
        query = query.where(col(StatRelease.release_date) < when).order_by(
            col(StatRelease.release_date).desc()
        )
    else:
        query = query.order_by(col(StatRelease.imported_at).desc(), col(StatRelease.id).desc())
    return next((r for r in session.exec(query.limit(50)) if r.columns), None)


def _free_label(session: Session, label: str) -> str:
    """The label, or 'label (revision N)' when a different file already used it."""
    taken = set(
        session.exec(select(StatRelease.label).where(col(StatRelease.label).startswith(label)))
    )
    candidate, number = label, 2
    while candidate in taken:
        candidate, number = f"{label} (revision {number})", number + 1
    return candidate


def _import_rows(
    session: Session,
    release: StatRelease,
    rows: Sequence[FacilityRowRecord],
    report: ImportReport,
    progress: Progress | None,
) -> None:
    claimed: set[int] = set()
    deferred: list[FacilityRowRecord] = []
    # One flush per row instead of one before every registry query: each row's writes are
    # visible to the next row's matching, and imports stay fast.
    with session.no_autoflush:
        for row in rows:
            match = _resolve(session, row, claimed, exact_only=True)
            if match.facility_id is not None and match.method in FIRST_PASS_METHODS:
                _attach(session, release, row, match.facility_id, claimed)
                report.matched += 1
                _row_done(session, progress)
            else:
                deferred.append(row)
        for row in deferred:
            _place_row(session, release, row, claimed, report)
            _row_done(session, progress)


def _row_done(session: Session, progress: Progress | None) -> None:
    session.flush()
    if progress:
        progress(1)


def _resolve(
    session: Session, row: FacilityRowRecord, claimed: set[int], *, exact_only: bool = False
) -> FacilityMatch:
    return resolve_facility(
        exact_only=exact_only,
        session=session,
        name=row.name,
        address=row.address,
        city=row.city,
        state=row.state,
        zip=row.zip,
        exclude=claimed,
    )


def _place_row(
    session: Session,
    release: StatRelease,
    row: FacilityRowRecord,
    claimed: set[int],
    report: ImportReport,
) -> None:
    """Attach a row matched loosely, or create its facility (queued when a candidate exists)."""
    match = _resolve(session, row, claimed)
    if match.facility_id is not None:
        _attach(session, release, row, match.facility_id, claimed)
        report.matched += 1
        return
    facility = create_facility(
        session=session,
        name=row.name,
        address=row.address,
        city=row.city,
        state=row.state,
        zip=row.zip,
        aor=row.aor,
        type_detailed=row.type_detailed,
        source=f"{ALIAS_SOURCE}:{release.label}",
    )
    if facility.id is None:
        raise RuntimeError("the database did not assign a facility id")
    _attach(session, release, row, facility.id, claimed)
    if match.candidates:
        queue_row(session, release, row, match, facility.id)
        report.queued_for_review += 1
    else:
        report.created += 1


def _attach(
    session: Session,
    release: StatRelease,
    row: FacilityRowRecord,
    facility_id: int,
    claimed: set[int],
) -> None:
    """Record the row's names and address as aliases and write its snapshot."""
    claimed.add(facility_id)
    source = f"{ALIAS_SOURCE}:{release.label}"
    add_alias(session=session, facility_id=facility_id, alias=row.name, source=source)
    add_address_alias(
        session=session,
        facility_id=facility_id,
        address=row.address,
        city=row.city,
        state=row.state,
        zip=row.zip,
        source=source,
    )
    if release.id is None:
        raise RuntimeError("the release was not flushed")
    session.add(snapshot_for(row, facility_id, release.id))
