"""Recommendation rules, each on its own small history."""

from __future__ import annotations

from datetime import date

from tests.alerts.helpers import fired

ISSUED = date(2022, 3, 16)


def test_no_response_fires_after_90_days_and_clears_with_a_response(db, build) -> None:
    rec = build.recommendation(build.document(ISSUED, report_number="OIG-22-31"))
    assert fired(db, "NO_RESPONSE_90D", date(2022, 6, 14)) == []
    [alert] = fired(db, "NO_RESPONSE_90D", date(2022, 6, 15))
    assert alert.since == date(2022, 6, 14)
    assert alert.subject.startswith("OIG-22-31 recommendation 1")
    build.status(rec, date(2022, 7, 1), concurrence="concur", target_date=date(2023, 1, 1))
    assert fired(db, "NO_RESPONSE_90D", date(2022, 7, 2)) == []
    assert len(fired(db, "NO_RESPONSE_90D", date(2022, 6, 30))) == 1  # as of before the answer


def test_unresolved_after_six_months(db, build) -> None:
    rec = build.recommendation(build.document(ISSUED))
    build.status(rec, ISSUED, concurrence="concur", resolution="unresolved", implementation="open")
    assert fired(db, "UNRESOLVED_6MO", date(2022, 9, 15)) == []
    [alert] = fired(db, "UNRESOLVED_6MO", date(2022, 9, 16))
    assert alert.severity == "warning"
    build.status(rec, date(2022, 10, 1), resolution="resolved")
    assert fired(db, "UNRESOLVED_6MO", date(2022, 10, 2)) == []


def test_non_concur_open_is_high_for_a_management_alert(db, build) -> None:
    facility = build.facility()
    doc = build.document(
        ISSUED, facilities=[facility], report_number="OIG-22-31", report_type="Management Alert"
    )
    rec = build.recommendation(doc, text="Relocate all detainees and place none there.")
    build.status(
        rec, ISSUED, concurrence="non_concur", resolution="unresolved", implementation="open"
    )
    [alert] = fired(db, "NON_CONCUR_OPEN", date(2022, 4, 1))
    assert (alert.severity, alert.facility_id, alert.since) == ("high", facility.id, ISSUED)
    build.status(rec, date(2023, 1, 1), implementation="closed")
    assert fired(db, "NON_CONCUR_OPEN", date(2023, 2, 1)) == []


def test_non_concur_on_paperwork_is_a_warning(db, build) -> None:
    rec = build.recommendation(build.document(ISSUED), text="Update the filing index.")
    build.status(rec, ISSUED, concurrence="non_concur", implementation="open")
    assert [a.severity for a in fired(db, "NON_CONCUR_OPEN", date(2022, 4, 1))] == ["warning"]


def test_open_past_ecd_severity_grows_with_overdue_days(db, build) -> None:
    rec = build.recommendation(build.document(ISSUED))
    build.status(
        rec,
        ISSUED,
        concurrence="concur",
        resolution="resolved",
        implementation="open",
        target_date=date(2022, 12, 31),
    )
    assert fired(db, "OPEN_PAST_ECD", date(2022, 12, 31)) == []
    assert [a.severity for a in fired(db, "OPEN_PAST_ECD", date(2023, 1, 1))] == ["warning"]
    assert [a.severity for a in fired(db, "OPEN_PAST_ECD", date(2023, 6, 30))] == ["high"]
    assert [a.severity for a in fired(db, "OPEN_PAST_ECD", date(2024, 1, 1))] == ["critical"]


def test_unresolved_recommendation_is_not_past_ecd(db, build) -> None:
    rec = build.recommendation(build.document(ISSUED))
    build.status(
        rec, ISSUED, resolution="unresolved", implementation="open", target_date=date(2022, 6, 1)
    )
    assert fired(db, "OPEN_PAST_ECD", date(2023, 1, 1)) == []


def test_ecd_slipped_needs_two_later_moves(db, build) -> None:
    rec = build.recommendation(build.document(ISSUED))
    build.status(rec, ISSUED, target_date=date(2022, 9, 30))
    build.status(rec, date(2022, 10, 1), target_date=date(2023, 3, 31))
    assert fired(db, "ECD_SLIPPED", date(2023, 1, 1)) == []
    build.status(rec, date(2023, 4, 1), target_date=date(2023, 12, 31))
    [alert] = fired(db, "ECD_SLIPPED", date(2023, 5, 1))
    assert alert.since == date(2023, 4, 1) and alert.details["slips"] == 2
    assert fired(db, "ECD_SLIPPED", date(2023, 5, 1), ecd_slips=3) == []


def test_open_age_warning_then_high(db, build) -> None:
    build.recommendation(build.document(ISSUED))
    assert fired(db, "OPEN_AGE", date(2023, 3, 16)) == []
    [warning] = fired(db, "OPEN_AGE", date(2023, 3, 17))
    assert warning.severity == "warning"
    [high] = fired(db, "OPEN_AGE", date(2024, 3, 20))
    assert high.severity == "high" and high.key == warning.key
    assert fired(db, "OPEN_AGE", date(2024, 3, 20), open_age_warning_days=1000) == []


def test_closed_recommendation_has_no_age_alert(db, build) -> None:
    rec = build.recommendation(build.document(ISSUED))
    build.status(rec, date(2022, 12, 1), resolution="resolved", implementation="closed")
    assert fired(db, "OPEN_AGE", date(2025, 1, 1)) == []


def test_status_regression_closed_back_to_open(db, build) -> None:
    rec = build.recommendation(build.document(ISSUED))
    build.status(rec, date(2022, 6, 1), resolution="resolved", implementation="closed")
    build.status(rec, date(2022, 12, 1), implementation="open")
    [alert] = fired(db, "STATUS_REGRESSION", date(2023, 1, 1))
    assert "closed back to open" in alert.subject and alert.since == date(2022, 12, 1)
    build.status(rec, date(2023, 6, 1), implementation="closed")
    assert fired(db, "STATUS_REGRESSION", date(2023, 7, 1)) == []


def test_status_regression_on_contradicting_sources(db, build) -> None:
    rec = build.recommendation(build.document(ISSUED))
    build.status(rec, date(2022, 6, 1), implementation="open")
    build.status(rec, date(2022, 6, 1), implementation="closed")
    [alert] = fired(db, "STATUS_REGRESSION", date(2022, 7, 1))
    assert "disagree" in alert.subject


def test_rejected_documents_feed_no_alert(db, build) -> None:
    build.recommendation(build.document(ISSUED, review="pending"))
    assert fired(db, "OPEN_AGE", date(2025, 1, 1)) == []


def test_status_regression_resolved_back_to_unresolved(db, build) -> None:
    rec = build.recommendation(build.document(ISSUED))
    build.status(rec, date(2022, 6, 1), resolution="resolved", implementation="open")
    build.status(rec, date(2022, 12, 1), resolution="unresolved")
    [alert] = fired(db, "STATUS_REGRESSION", date(2023, 1, 1))
    assert "resolved back to unresolved" in alert.subject
    build.status(rec, date(2023, 3, 1), resolution="resolved")
    assert fired(db, "STATUS_REGRESSION", date(2023, 4, 1)) == []


def test_moving_the_target_date_later_ends_past_ecd(db, build) -> None:
    rec = build.recommendation(build.document(ISSUED))
    build.status(
        rec, ISSUED, resolution="resolved", implementation="open", target_date=date(2022, 12, 31)
    )
    assert len(fired(db, "OPEN_PAST_ECD", date(2023, 2, 1))) == 1
    build.status(rec, date(2023, 1, 15), target_date=date(2023, 12, 31))
    assert fired(db, "OPEN_PAST_ECD", date(2023, 2, 1)) == []
