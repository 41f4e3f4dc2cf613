"""Staffing, guaranteed minimum and death-report rules."""

from __future__ import annotations

from datetime import date

from tests.alerts.helpers import fired


def test_staffing_54_percent_is_critical(db, build) -> None:
    facility = build.facility()
    build.staffing(facility, date(2022, 2, 1), 54.3, required=245, filled=133)
    [alert] = fired(db, "STAFFING_BELOW_THRESHOLD", date(2022, 3, 1))
    assert alert.severity == "critical" and "54%" in alert.subject


def test_staffing_thresholds_per_role(db, build) -> None:
    facility = build.facility()
    build.staffing(facility, date(2022, 2, 1), 75.0, role="security")
    build.staffing(facility, date(2022, 2, 1), 75.0, role="medical")
    [alert] = fired(db, "STAFFING_BELOW_THRESHOLD", date(2022, 3, 1))
    assert alert.key.endswith(":security") and alert.severity == "warning"
    assert (
        len(fired(db, "STAFFING_BELOW_THRESHOLD", date(2022, 3, 1), staffing_medical_pct=80)) == 2
    )


def test_staffing_recovers(db, build) -> None:
    facility = build.facility()
    build.staffing(facility, date(2022, 2, 1), 54.0)
    build.staffing(facility, date(2023, 2, 1), 91.0)
    assert fired(db, "STAFFING_BELOW_THRESHOLD", date(2023, 3, 1)) == []
    assert len(fired(db, "STAFFING_BELOW_THRESHOLD", date(2022, 12, 1))) == 1


def test_staffing_from_vacancy_rate(db, build) -> None:
    facility = build.facility()
    build.staffing(facility, date(2022, 1, 31), None, pct_vacant_reported=54.0)
    [alert] = fired(db, "STAFFING_BELOW_THRESHOLD", date(2022, 3, 1))
    assert alert.severity == "critical" and "46%" in alert.subject


def test_staffing_persistent_across_documents_90_days_apart(db, build) -> None:
    facility = build.facility()
    build.staffing(facility, date(2021, 7, 15), 50.0, role="security")
    build.staffing(facility, date(2021, 9, 1), 55.0)
    assert fired(db, "STAFFING_PERSISTENT", date(2021, 10, 1)) == []
    build.finding(facility, "STAFFING", date(2022, 2, 3))
    [alert] = fired(db, "STAFFING_PERSISTENT", date(2022, 3, 1))
    assert alert.since == date(2022, 2, 3) and alert.severity == "high"
    build.staffing(facility, date(2023, 1, 1), 95.0)
    assert fired(db, "STAFFING_PERSISTENT", date(2023, 2, 1)) == []


def test_guaranteed_minimum_cut_714_to_505(db, build) -> None:
    facility = build.facility()
    fy21, fy22 = build.release("FY21", date(2021, 4, 14)), build.release("FY22", date(2022, 10, 1))
    build.snapshot(facility, fy21, guaranteed_minimum=714)
    build.snapshot(facility, fy22, guaranteed_minimum=505)
    assert fired(db, "GUARANTEED_MIN_CUT", date(2022, 9, 1)) == []
    [alert] = fired(db, "GUARANTEED_MIN_CUT", date(2022, 11, 1))
    assert "714 to 505" in alert.subject and "29%" in alert.subject
    assert alert.since == date(2022, 10, 1)
    assert fired(db, "GUARANTEED_MIN_CUT", date(2022, 11, 1), guaranteed_min_cut_pct=30) == []
    fy23 = build.release("FY23", date(2023, 10, 1))
    build.snapshot(facility, fy23, guaranteed_minimum=700)
    assert fired(db, "GUARANTEED_MIN_CUT", date(2023, 11, 1)) == []  # restored


def test_death_report_late(db, build) -> None:
    facility = build.facility()
    build.death(facility, "A. Person", date(2022, 1, 1))
    assert fired(db, "DEATH_REPORT_LATE", date(2022, 4, 1)) == []
    [alert] = fired(db, "DEATH_REPORT_LATE", date(2022, 4, 2))
    assert alert.since == date(2022, 4, 1) and "A. Person" in alert.subject


def test_death_report_published_clears(db, build) -> None:
    facility = build.facility()
    build.death(facility, "B. Person", date(2022, 1, 1), report=date(2022, 5, 1))
    assert len(fired(db, "DEATH_REPORT_LATE", date(2022, 4, 30))) == 1
    assert fired(db, "DEATH_REPORT_LATE", date(2022, 5, 2)) == []


def test_death_from_an_unreviewed_document_waits(db, build) -> None:
    facility = build.facility()
    death = build.death(facility, "C. Person", date(2022, 1, 1))
    death.document_id = build.document(date(2022, 1, 3), review="pending").id
    db.add(death)
    db.flush()
    assert fired(db, "DEATH_REPORT_LATE", date(2022, 6, 1)) == []
