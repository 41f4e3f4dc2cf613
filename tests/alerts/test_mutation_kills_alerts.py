"""Alert results that mutation testing showed no test pinned down: what a resolved alert
tells the notifier, and which facilities the alert filter menu offers."""

from __future__ import annotations

from datetime import date

from monitor.alerts import evaluate
from monitor.alerts.service import facilities_with_alerts

ISSUED = date(2022, 3, 16)


def _non_concur(build):  # noqa: ANN001, ANN202  (the alerts conftest's builder)
    facility = build.facility()
    doc = build.document(ISSUED, facilities=[facility], report_number="OIG-22-31")
    rec = build.recommendation(doc, text="Relocate all detainees.")
    build.status(
        rec, ISSUED, concurrence="non_concur", resolution="unresolved", implementation="open"
    )
    return facility, rec


def test_a_resolved_alert_reports_its_facility_and_status(db, build) -> None:  # noqa: ANN001
    facility, rec = _non_concur(build)
    evaluate(session=db, as_of=date(2022, 4, 1), rules=["NON_CONCUR_OPEN"])
    build.status(rec, date(2023, 1, 1), implementation="closed", resolution="resolved")
    [info] = evaluate(session=db, as_of=date(2023, 2, 1), rules=["NON_CONCUR_OPEN"]).resolved
    assert (info.rule, info.status, info.facility_id) == (
        "NON_CONCUR_OPEN",
        "resolved",
        facility.id,
    )
    assert info.recommendation_id == rec.id


def test_the_filter_menu_offers_facilities_with_active_alerts_only(db, build) -> None:  # noqa: ANN001
    facility, rec = _non_concur(build)
    build.facility("Otero County Processing Center")  # no alerts
    evaluate(session=db, as_of=date(2022, 4, 1), rules=["NON_CONCUR_OPEN"])
    db.flush()
    assert facilities_with_alerts(session=db) == [(facility.slug, facility.name)]
    build.status(rec, date(2023, 1, 1), implementation="closed", resolution="resolved")
    evaluate(session=db, as_of=date(2023, 2, 1), rules=["NON_CONCUR_OPEN"])
    db.flush()
    assert facilities_with_alerts(session=db) == []
