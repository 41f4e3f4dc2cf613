"""A small test-data builder for the web tests: Torrance's story in our own words, plus a neighbour.

Shaped like domain.md section 9 (OIG-22-31 management alert with one non-concurred
recommendation, OIG-22-75, ODO inspections, staffing at 54%, guaranteed minimum 714 -> 505).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from sqlmodel import Session

from monitor.models import (
    Alert,
    DeathRecord,
    Document,
    DocumentFacility,
    DocumentPage,
    DocumentVersion,
    Facility,
    FacilityAlias,
    FacilityOperator,
    FacilityStatSnapshot,
    Finding,
    Inspection,
    Recommendation,
    RecommendationStatusEvent,
    ScrapeRun,
    Source,
    StaffingObservation,
    StatRelease,
)

HOSTILE = '<script>alert("pwned")</script><img src=x onerror=alert(1)>'


@dataclass
class Built:
    ids: dict[str, int] = field(default_factory=dict)


def _add(session: Session, row):  # noqa: ANN001, ANN202
    session.add(row)
    session.flush()
    return row


def _document(
    session: Session,
    source: Source,
    external_id: str,
    title: str,
    pages: list[str],
    data_dir: Path | None = None,
    **fields: object,
) -> Document:
    doc = _add(
        session, Document(source_id=source.id, external_id=external_id, title=title, **fields)
    )  # type: ignore[arg-type]
    body = "\n\f".join(pages).encode()
    sha = hashlib.sha256(body).hexdigest()
    storage = f"objects/{sha[:2]}/{sha}.pdf"
    if data_dir is not None:
        (data_dir / storage).parent.mkdir(parents=True, exist_ok=True)
        (data_dir / storage).write_bytes(body)
    version = _add(
        session,
        DocumentVersion(
            document_id=doc.id,
            sha256=sha,
            size=len(body),
            content_type="application/pdf",
            request_url=f"https://www.oig.dhs.gov/sites/default/files/{external_id}.pdf",
            final_url=f"https://www.oig.dhs.gov/sites/default/files/assets/{external_id}.pdf",
            storage_path=storage,
            fetched_at=datetime(2024, 1, 5, 12, 0, tzinfo=UTC),
            page_count=len(pages),
        ),
    )
    for number, text in enumerate(pages, start=1):
        session.add(DocumentPage(version_id=version.id, page_number=number, text=text))
    doc.current_version_id = version.id
    session.flush()
    return doc


def _sources(session: Session) -> dict[str, Source]:
    return {
        "oig": _add(
            session,
            Source(
                key="oig",
                name="DHS Office of Inspector General",
                url="https://www.oig.dhs.gov/reports",
                expected_cadence_days=60,
                last_run_at=datetime(2024, 3, 1, tzinfo=UTC),
                last_success_at=datetime(2024, 3, 1, tzinfo=UTC),
                last_new_document_at=datetime(2022, 9, 28, tzinfo=UTC),
            ),
        ),
        "ice_stats": _add(
            session,
            Source(
                key="ice_stats",
                name="ICE detention statistics",
                url="https://www.ice.gov/detain/detention-management",
                expected_cadence_days=120,
                consecutive_failures=3,
                last_error="layout changed: no 'Name' header in sheet FY24",
            ),
        ),
        "ngo": _add(session, Source(key="ngo", name="NGO reports", url="https://www.aclu-nm.org")),
    }


def _torrance(session: Session) -> Facility:
    fac = _add(
        session,
        Facility(
            slug="torrance-county-detention-facility",
            name="Torrance County Detention Facility",
            detloc="TOORANM",
            address="209 County Road 49",
            city="Estancia",
            state="NM",
            zip="87016",
            aor="ELP",
            type_detailed="IGSA",
            capacity=910,
        ),
    )
    for alias in ("TORRANCE/ESTANCIA, NM", "Torrance County Detention Center", "TCDF"):
        session.add(FacilityAlias(facility_id=fac.id, alias=alias, normalized=alias.lower()))
    session.add(
        FacilityOperator(facility_id=fac.id, operator="CoreCivic", start_date=date(2019, 10, 1))
    )
    return fac


def _neighbour(session: Session) -> Facility:
    fac = _add(
        session,
        Facility(
            slug="otero-county-processing-center",
            name="Otero County Processing Center",
            city="Chaparral",
            state="NM",
            aor="ELP",
            type_detailed="DIGSA",
        ),
    )
    session.add(
        FacilityOperator(facility_id=fac.id, operator="Management and Training Corporation")
    )
    other = _add(
        session,
        Facility(
            slug="adelanto-ice-processing-center",
            name="Adelanto ICE Processing Center",
            city="Adelanto",
            state="CA",
            aor="LOS",
            type_detailed="CDF",
        ),
    )
    session.add(FacilityOperator(facility_id=other.id, operator="The GEO Group"))
    return fac


def _oig_alert(session: Session, src: Source, fac: Facility, data_dir: Path | None) -> Document:
    doc = _document(
        session,
        src,
        "OIG-22-31",
        "Management Alert - Immediate Removal of All Detainees from "
        "the Torrance County Detention Facility",
        [
            "Management alert about Torrance County. The facility had 54 percent of required staffing.",
            "Recommendation 1: relocate all detainees. ICE Response: Non-concur. Plumbing failed in "
            "83 of 157 cells.",
        ],
        data_dir,
        kind="report",
        report_type="Management Alert",
        report_number="OIG-22-31",
        published_date=date(2022, 3, 16),
        fiscal_year=2022,
        publisher="DHS OIG",
    )
    session.add(DocumentFacility(document_id=doc.id, facility_id=fac.id, raw_name="Torrance"))
    rec = _add(
        session,
        Recommendation(
            document_id=doc.id,
            facility_id=fac.id,
            number=1,
            issued_date=date(2022, 3, 16),
            page=2,
            text="Immediately relocate all detainees from the Torrance County Detention Facility and "
            "place no detainees there until staffing and conditions are adequate.",
            addressee_raw="Acting Director of ICE",
        ),
    )
    session.add(
        RecommendationStatusEvent(
            recommendation_id=rec.id,
            document_id=doc.id,
            observed_date=date(2022, 3, 16),
            concurrence="non_concur",
            resolution="unresolved",
            implementation="open",
            page=2,
        )
    )
    session.add(
        StaffingObservation(
            facility_id=fac.id,
            document_id=doc.id,
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
            document_id=doc.id,
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
            document_id=doc.id,
            facility_id=fac.id,
            category="ENV_HEALTH_SAFETY",
            result="deficient",
            raw_label="Plumbing failures in 83 of 157 cells",
            found_date=date(2022, 2, 3),
            page=2,
        )
    )
    return doc


def _oig_report(session: Session, src: Source, fac: Facility, data_dir: Path | None) -> Document:
    doc = _document(
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
    session.add(DocumentFacility(document_id=doc.id, facility_id=fac.id))
    for number, closed in ((1, False), (2, True)):
        rec = _add(
            session,
            Recommendation(
                document_id=doc.id,
                facility_id=fac.id,
                number=number,
                issued_date=date(2022, 9, 28),
                text=f"Recommendation {number} of the full report: ensure medical staffing.",
                page=2,
            ),
        )
        session.add(
            RecommendationStatusEvent(
                recommendation_id=rec.id,
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
                recommendation_id=rec.id,
                observed_date=date(2023, 4, 1),
                target_date=date(2023, 9, 30),
                implementation="closed" if closed else "open",
            )
        )
    return doc


def _inspections(session: Session, fac: Facility, src: Source) -> None:
    doc = _document(
        session,
        src,
        "ODO-2021-TORRANCE",
        "ODO compliance inspection, Torrance County Detention Facility",
        ["Complied with 18 of 26 standards."],
        kind="inspection",
    )
    session.add(DocumentFacility(document_id=doc.id, facility_id=fac.id))
    insp = _add(
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
            document_id=doc.id,
            facility_id=fac.id,
            inspection_id=insp.id,
            category="MEDICAL_CARE",
            result="deficient",
            raw_label="Medical Care",
            page=1,
            quote=HOSTILE,
        )
    )


def _statistics(session: Session, fac: Facility) -> None:
    for label, day, gmin, adp in (
        ("FY21", date(2021, 10, 15), 714, 402.0),
        ("FY22", date(2022, 10, 20), 505, 250.5),
    ):
        rel = _add(
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
                facility_id=fac.id,
                release_id=rel.id,
                raw_name=fac.name.upper(),
                guaranteed_minimum=gmin,
                adp_total=adp,
            )
        )


def build(session: Session, data_dir: Path | None = None) -> Built:
    """Insert the whole test story; returns the ids tests refer to."""
    sources = _sources(session)
    fac = _torrance(session)
    neighbour = _neighbour(session)
    alert_doc = _oig_alert(session, sources["oig"], fac, data_dir)
    report = _oig_report(session, sources["oig"], fac, data_dir)
    _inspections(session, fac, sources["oig"])
    _statistics(session, fac)
    ngo = _document(
        session,
        sources["ngo"],
        "aclu-nm-2022",
        f"Report on Torrance {HOSTILE}",
        [f"Detained people describe conditions. {HOSTILE}"],
        kind="ngo_report",
        published_date=date(2022, 11, 1),
        summary=HOSTILE,
    )
    session.add(DocumentFacility(document_id=ngo.id, facility_id=fac.id))
    hidden = _document(
        session,
        sources["ngo"],
        "private-1",
        "Unreviewed allegation Torrance",
        ["Torrance secret text"],
        kind="ngo_report",
        is_public=False,
    )
    session.add(DocumentFacility(document_id=hidden.id, facility_id=fac.id))
    session.add(
        DeathRecord(
            facility_id=fac.id,
            person_name="Kesley Vial",
            date_of_death=date(2022, 8, 15),
            opr_review_date=date(2022, 12, 8),
        )
    )
    session.add(
        Alert(
            rule="NON_CONCUR_OPEN",
            dedup_key="nco-1",
            facility_id=fac.id,
            subject="ICE did not concur with relocating detainees (OIG-22-31 #1)",
            severity="critical",
            since=date(2022, 3, 16),
            document_id=alert_doc.id,
        )
    )
    session.add(
        ScrapeRun(source_id=sources["ice_stats"].id, status="failed", error_kind="LayoutChanged")
    )
    session.flush()
    return Built(
        {
            "facility": fac.id or 0,
            "neighbour": neighbour.id or 0,
            "alert_doc": alert_doc.id or 0,
            "report": report.id or 0,
            "ngo": ngo.id or 0,
            "hidden": hidden.id or 0,
        }
    )
