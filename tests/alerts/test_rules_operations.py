"""Source silence and facility identity rules."""

from __future__ import annotations

from datetime import UTC, date, datetime

from monitor.models import FacilityAlias, ReviewItem, Source
from tests.alerts.helpers import fired


def _source(db, **fields) -> Source:
    source = Source(
        key=fields.pop("key", "oig"),
        name="DHS OIG reports",
        url="https://oig.test",
        expected_cadence_days=30,
        **fields,
    )
    db.add(source)
    db.flush()
    return source


def test_source_silent_beyond_its_cadence(db) -> None:
    _source(
        db,
        last_run_at=datetime(2026, 11, 1, tzinfo=UTC),
        last_new_document_at=datetime(2026, 9, 1, tzinfo=UTC),
    )
    assert fired(db, "SOURCE_SILENT", date(2026, 10, 15)) == []
    [alert] = fired(db, "SOURCE_SILENT", date(2026, 11, 25))
    assert alert.since == date(2026, 10, 16) and "nothing new since 2026-09-01" in alert.subject


def test_source_failing_repeatedly(db) -> None:
    _source(
        db,
        key="ice",
        last_run_at=datetime(2026, 11, 24, tzinfo=UTC),
        last_new_document_at=datetime(2026, 11, 20, tzinfo=UTC),
        consecutive_failures=3,
        last_error="layout changed: no table",
    )
    [alert] = fired(db, "SOURCE_SILENT", date(2026, 11, 25))
    assert alert.severity == "high" and "failed 3 times running" in alert.subject
    assert fired(db, "SOURCE_SILENT", date(2026, 11, 25), source_failures=4) == []


def test_never_run_source_is_not_silent(db) -> None:
    _source(db)
    assert fired(db, "SOURCE_SILENT", date(2026, 11, 25)) == []


def test_unmatched_rows_raise_one_summary_alert(db) -> None:
    for n in range(3):
        db.add(
            ReviewItem(
                kind="unmatched_facility",
                reason=f"row {n}",
                created_at=datetime(2026, 1, n + 1, tzinfo=UTC),
            )
        )
    db.add(ReviewItem(kind="unmatched_facility", reason="done", status="accepted"))
    db.flush()
    [alert] = fired(db, "UNMATCHED_FACILITY", date(2026, 2, 1))
    assert alert.details["count"] == 3 and alert.since == date(2026, 1, 1)


def test_alias_collision(db, build) -> None:
    a, b = build.facility("Karnes County Residential Center"), build.facility("Karnes County Jail")
    for facility in (a, b):
        db.add(
            FacilityAlias(
                facility_id=facility.id, kind="address", alias="78118", normalized="78118"
            )
        )
    db.add(FacilityAlias(facility_id=a.id, kind="name", alias="KCRC", normalized="kcrc"))
    db.flush()
    [alert] = fired(db, "ALIAS_COLLISION", date(2026, 2, 1))
    assert alert.key == "alias:address:78118" and alert.details == {"facilities": 2}
