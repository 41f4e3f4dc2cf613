"""Facility rules: repeats, critical categories, management alerts, ratings, inspection gaps."""

from __future__ import annotations

from datetime import date

from tests.alerts.helpers import fired


def test_repeat_category_in_two_inspections_within_24_months(db, build) -> None:
    facility = build.facility()
    first = build.inspection(facility, date(2020, 7, 20))
    second = build.inspection(facility, date(2021, 11, 18))
    build.finding(facility, "FOOD_SERVICE", date(2020, 7, 20), inspection=first)
    build.finding(facility, "FOOD_SERVICE", date(2020, 7, 20), inspection=first)  # same visit
    assert fired(db, "REPEAT_CATEGORY", date(2021, 1, 1)) == []
    build.finding(facility, "FOOD_SERVICE", date(2021, 11, 18), inspection=second)
    [alert] = fired(db, "REPEAT_CATEGORY", date(2022, 1, 1))
    assert alert.since == date(2021, 11, 18) and alert.facility_id == facility.id
    assert "Food service deficient in 2 inspections" in alert.subject
    assert (
        fired(db, "REPEAT_CATEGORY", date(2023, 1, 1)) == []
    )  # first one now older than 24 months


def test_compliant_findings_do_not_repeat(db, build) -> None:
    facility = build.facility()
    build.finding(facility, "FOOD_SERVICE", date(2021, 1, 1), result="compliant")
    build.finding(facility, "FOOD_SERVICE", date(2021, 6, 1))
    assert fired(db, "REPEAT_CATEGORY", date(2021, 7, 1)) == []


def test_critical_category_is_new_for_a_year(db, build) -> None:
    facility = build.facility()
    build.finding(
        facility, "MEDICAL_CARE", date(2022, 2, 3), raw_label="Medical care: sick calls ignored"
    )
    build.finding(facility, "FOOD_SERVICE", date(2022, 2, 3))
    [alert] = fired(db, "CRITICAL_CATEGORY", date(2022, 3, 1))
    assert alert.severity == "high" and "New deficiency in Medical care" in alert.subject
    assert fired(db, "CRITICAL_CATEGORY", date(2023, 3, 1)) == []
    assert len(fired(db, "CRITICAL_CATEGORY", date(2023, 3, 1), critical_new_days=400)) == 1


def test_pending_findings_are_ignored(db, build) -> None:
    facility = build.facility()
    build.finding(facility, "USE_OF_FORCE", date(2022, 2, 3), review_status="pending")
    assert fired(db, "CRITICAL_CATEGORY", date(2022, 3, 1)) == []


def test_management_alert_stays_while_its_recommendation_is_open(db, build) -> None:
    facility = build.facility()
    doc = build.document(
        date(2022, 3, 16),
        facilities=[facility],
        report_number="OIG-22-31-MA",
        title="Immediate Removal of All Detainees",
    )
    rec = build.recommendation(doc)
    [alert] = fired(db, "MANAGEMENT_ALERT", date(2022, 4, 1))
    assert alert.since == date(2022, 3, 16) and alert.severity == "high"
    assert "OIG-22-31-MA" in alert.subject
    assert len(fired(db, "MANAGEMENT_ALERT", date(2026, 11, 25))) == 1
    build.status(rec, date(2024, 1, 1), implementation="closed")
    assert fired(db, "MANAGEMENT_ALERT", date(2026, 11, 25)) == []
    assert fired(db, "MANAGEMENT_ALERT", date(2022, 3, 1)) == []  # not yet published


def test_ordinary_report_is_no_management_alert(db, build) -> None:
    facility = build.facility()
    build.document(
        date(2022, 9, 28),
        facilities=[facility],
        report_number="OIG-22-75",
        title="Violations of Detention Standards",
    )
    assert fired(db, "MANAGEMENT_ALERT", date(2022, 10, 1)) == []


def test_rating_contradiction_superior_before_a_management_alert(db, build) -> None:
    facility = build.facility()
    build.inspection(facility, date(2021, 11, 18), rating="Superior", deficiency_count=3)
    build.document(
        date(2022, 3, 16),
        facilities=[facility],
        report_type="management_alert",
        report_number="OIG-22-31",
    )
    [alert] = fired(db, "RATING_CONTRADICTION", date(2022, 4, 1))
    assert alert.since == date(2022, 3, 16) and alert.severity == "high"
    assert "Rated Superior on 2021-11-18" in alert.subject
    assert fired(db, "RATING_CONTRADICTION", date(2022, 4, 1), contradiction_window_days=90) == []


def test_rating_contradiction_with_many_deficiencies(db, build) -> None:
    facility = build.facility()
    build.inspection(facility, date(2021, 11, 18), rating="Superior", deficiency_count=21)
    [alert] = fired(db, "RATING_CONTRADICTION", date(2021, 12, 1))
    assert "21 deficiencies" in alert.subject
    assert fired(db, "RATING_CONTRADICTION", date(2021, 12, 1), many_deficiencies=25) == []


def test_failing_rating_is_no_contradiction(db, build) -> None:
    facility = build.facility()
    build.inspection(
        facility, date(2021, 7, 1), rating="Does Not Meet Standards", deficiency_count=30
    )
    assert fired(db, "RATING_CONTRADICTION", date(2021, 8, 1)) == []


def test_inspection_gap_for_populated_facility(db, build) -> None:
    busy, small = build.facility(), build.facility("Tiny Hold Room", state="TX", aor="HOU")
    release = build.release("FY24", date(2024, 6, 1))
    build.snapshot(busy, release, adp_total=150.0, last_inspection_date=date(2023, 5, 1))
    build.snapshot(small, release, adp_total=2.0)
    [alert] = fired(db, "INSPECTION_GAP", date(2024, 7, 1))
    assert alert.facility_id == busy.id and alert.since == date(2024, 5, 1)
    build.inspection(busy, date(2024, 6, 20))
    assert fired(db, "INSPECTION_GAP", date(2024, 7, 1)) == []


def test_rating_contradiction_with_two_kinds_of_evidence_on_one_day(db, build) -> None:
    """A failing count and a management alert dated the same day: both cited, none lost."""
    facility = build.facility()
    build.inspection(facility, date(2021, 11, 18), rating="Superior", deficiency_count=3)
    for number in ("OIG-22-31", "OIG-22-32"):
        build.document(
            date(2022, 3, 16),
            facilities=[facility],
            report_type="management_alert",
            report_number=number,
        )
    [alert] = fired(db, "RATING_CONTRADICTION", date(2022, 4, 1))
    assert alert.severity == "high" and "management alert OIG-22-3" in alert.subject
    assert len(alert.details["evidence"]) == 2
