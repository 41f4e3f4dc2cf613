"""OIG reports, inspections and statistics for the web test story (our own words)."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

from sqlmodel import Session

from monitor.models import (
    Document,
    DocumentFacility,
    Facility,
    FacilityStatSnapshot,
    Finding,
    Inspection,
    Recommendation,
    RecommendationStatusEvent,
    Source,
    StaffingObservation,
    StatRelease,
)
from tests.web.builder_rows import HOSTILE, add, document

ALERT_PAGES = [
    "Management alert about Torrance County. The facility had 54 percent of required staffing.",
    "Recommendation 1: relocate all detainees. ICE Response: Non-concur. Plumbing failed in "
    "83 of 157 cells.",
]
ALERT_RESPONSE = "ICE Response: Non-concur."
RELOCATE = (
    "Immediately relocate all detainees from the Torrance County Detention Facility and "
    "place no detainees there until staffing and conditions are adequate."
)


def oig_alert(session: Session, src: Source, fac: Facility, data_dir: Path | None) -> Document:
    """OIG-22-31: the management alert with its one non-concurred recommendation."""
    doc = document(
        session,
        src,
        "OIG-22-31",
        "Management Alert - Immediate Removal of All "
        "Detainees from the Torrance County Detention Facility",
        ALERT_PAGES,
        data_dir,
        kind="report",
        report_type="management_alert",
        report_number="OIG-22-31",
        published_date=date(2022, 3, 16),
        fiscal_year=2022,
        publisher="DHS OIG",
    )
    session.add(
        DocumentFacility(document_id=doc.id or 0, facility_id=fac.id or 0, raw_name="Torrance")
    )
    rec = add(
        session,
        Recommendation(
            document_id=doc.id or 0,
            facility_id=fac.id,
            number=1,
            issued_date=date(2022, 3, 16),
            page=2,
            text=RELOCATE,
            quote="Recommendation 1: relocate all detainees.",
            addressee_raw="Acting Director of ICE",
        ),
    )
    session.add(
        RecommendationStatusEvent(
            recommendation_id=rec.id or 0,
            document_id=doc.id,
            observed_date=date(2022, 3, 16),
            concurrence="non_concur",
            resolution="unresolved",
            implementation="open",
            page=2,
            quote=ALERT_RESPONSE,
        )
    )
    _alert_facts(session, doc, fac)
    return doc


def _alert_facts(session: Session, doc: Document, fac: Facility) -> None:
    """Staffing (54% overall, 45% security) and the plumbing finding of OIG-22-31."""
    session.add(
        StaffingObservation(
            facility_id=fac.id,
            document_id=doc.id or 0,
            as_of_date=date(2022, 2, 1),
            role_group="all",
            required=245,
            filled=133,
            vacancies=112,
            pct_filled_reported=54,
            pct_filled=54.3,
            arithmetic_ok=True,
            page=1,
            quote="54 percent of required staffing",
        )
    )
    session.add(
        StaffingObservation(
            facility_id=fac.id,
            document_id=doc.id or 0,
            as_of_date=date(2022, 2, 1),
            role_group="security",
            required=170,
            filled=76,
            vacancies=94,
            pct_filled=44.7,
            page=1,
        )
    )
    session.add(
        Finding(
            document_id=doc.id or 0,
            facility_id=fac.id,
            category="ENV_HEALTH_SAFETY",
            result="deficient",
            raw_label="Plumbing failures in 83 of 157 cells",
            found_date=date(2022, 2, 3),
            page=2,
        )
    )


def oig_report(session: Session, src: Source, fac: Facility, data_dir: Path | None) -> Document:
    """OIG-22-75 with two concurred recommendations: one still open, one closed."""
    doc = document(
        session,
        src,
        "OIG-22-75",
        "Violations of Detention Standards at ICE's Torrance County Detention Facility",
        [
            "Torrance staffing remained critically low.",
            "Recommendation 2: ensure medical staffing. ICE concurred.",
        ],
        data_dir,
        kind="report",
        report_type="Inspection",
        report_number="OIG-22-75",
        published_date=date(2022, 9, 28),
        fiscal_year=2022,
        publisher="DHS OIG",
    )
    session.add(DocumentFacility(document_id=doc.id or 0, facility_id=fac.id or 0))
    for number, closed in ((1, False), (2, True)):
        rec = add(
            session,
            Recommendation(
                document_id=doc.id or 0,
                facility_id=fac.id,
                number=number,
                issued_date=date(2022, 9, 28),
                page=2,
                text=f"Recommendation {number} of the full report: ensure medical staffing.",
            ),
        )
        session.add(
            RecommendationStatusEvent(
                recommendation_id=rec.id or 0,
                document_id=doc.id,
                observed_date=date(2022, 9, 28),
                concurrence="concur",
                resolution="resolved",
                implementation="open",
                target_date=date(2023, 3, 31),
                page=2,
            )
        )
        session.add(
            RecommendationStatusEvent(
                recommendation_id=rec.id or 0,
                observed_date=date(2023, 4, 1),
                target_date=date(2023, 9, 30),
                implementation="closed" if closed else "open",
            )
        )
    return doc


def inspections(session: Session, fac: Facility, src: Source) -> None:
    """The November 2021 ODO inspection: 21 deficiencies, rated Superior."""
    doc = document(
        session,
        src,
        "ODO-2021-TORRANCE",
        "ODO compliance inspection, Torrance County Detention Facility",
        ["Complied with 18 of 26 standards."],
        kind="inspection",
    )
    session.add(DocumentFacility(document_id=doc.id or 0, facility_id=fac.id or 0))
    insp = add(
        session,
        Inspection(
            facility_id=fac.id,
            document_id=doc.id,
            inspector="ODO",
            inspection_type="compliance",
            start_date=date(2021, 11, 16),
            end_date=date(2021, 11, 18),
            standards_reviewed=26,
            standards_compliant=18,
            standards_deficient=8,
            deficiency_count=21,
            rating="Superior",
            standard="PBNDS 2011",
            page=1,
        ),
    )
    session.add(
        Finding(
            document_id=doc.id or 0,
            facility_id=fac.id,
            inspection_id=insp.id,
            category="MEDICAL_CARE",
            result="deficient",
            raw_label="Medical Care",
            page=1,
            quote=HOSTILE,
        )
    )


def statistics(session: Session, fac: Facility) -> None:
    """Two statistics releases: guaranteed minimum 714, then 505."""
    for label, day, gmin, adp in (
        ("FY21", date(2021, 10, 15), 714, 402.0),
        ("FY22", date(2022, 10, 20), 505, 250.5),
    ):
        rel = add(
            session,
            StatRelease(
                label=label,
                release_date=day,
                file_name=f"{label}.xlsx",
                sha256=hashlib.sha256(label.encode()).hexdigest(),
            ),
        )
        session.add(
            FacilityStatSnapshot(
                facility_id=fac.id or 0,
                release_id=rel.id or 0,
                raw_name=fac.name.upper(),
                guaranteed_minimum=gmin,
                adp_total=adp,
            )
        )
