"""Acceptance: the demo's OIG records come out of fixture documents through the real parsers."""

from __future__ import annotations

from sqlmodel import select

from monitor.db import get_settings
from monitor.demo import facilities, oig
from monitor.models import (
    Document,
    DocumentFacility,
    DocumentPage,
    Facility,
    Recommendation,
    RecommendationStatusEvent,
    StaffingObservation,
)


def _load(app, session):
    settings = get_settings(app)
    facilities.load(session, settings)
    return oig.load(session, settings)


def _doc(session, number: str) -> Document:
    return session.exec(select(Document).where(Document.report_number == number)).one()


def test_torrance_management_alert_has_one_non_concurred_recommendation(app, session) -> None:
    _load(app, session)
    alert = _doc(session, "OIG-22-31")
    recs = session.exec(select(Recommendation).where(Recommendation.document_id == alert.id)).all()
    assert alert.report_type == "management_alert"
    assert str(alert.published_date) == "2022-03-16"
    assert len(recs) == 1
    assert "relocate all detainees" in recs[0].text
    assert recs[0].addressee_office == "ICE Director"
    status = session.exec(
        select(RecommendationStatusEvent).where(
            RecommendationStatusEvent.recommendation_id == recs[0].id
        )
    ).one()
    assert (status.concurrence, status.resolution, status.implementation) == (
        "non_concur",
        "unresolved",
        "open",
    )


def test_torrance_staffing_is_54_percent_with_checked_arithmetic(app, session) -> None:
    _load(app, session)
    alert = _doc(session, "OIG-22-31")
    torrance = session.exec(select(Facility).where(Facility.name.contains("Torrance"))).one()
    rows = session.exec(
        select(StaffingObservation).where(StaffingObservation.document_id == alert.id)
    ).all()
    overall = next(r for r in rows if r.role_group == "all")
    security = next(r for r in rows if r.role_group == "security")
    assert (overall.required, overall.filled, overall.vacancies) == (245, 133, 112)
    assert overall.pct_filled_reported == 54.0 and overall.arithmetic_ok is True
    assert security.vacancies == 94
    assert overall.facility_id == torrance.id


def test_reports_are_linked_to_demo_facilities_and_indexed(app, session) -> None:
    _load(app, session)
    full = _doc(session, "OIG-22-75")
    links = session.exec(
        select(DocumentFacility).where(DocumentFacility.document_id == full.id)
    ).all()
    pages = session.exec(select(DocumentPage)).all()
    assert len(links) == 1
    assert any("Recommendation 1" in p.text for p in pages)
    recs = session.exec(select(Recommendation).where(Recommendation.document_id == full.id)).all()
    assert [r.number for r in recs] == [1, 2, 3]


def test_reloading_the_demo_changes_nothing(app, session) -> None:
    _load(app, session)
    before = len(session.exec(select(RecommendationStatusEvent)).all())
    again = oig.load(session, get_settings(app))
    assert again.new == 0 and again.parses == 0
    assert len(session.exec(select(RecommendationStatusEvent)).all()) == before
