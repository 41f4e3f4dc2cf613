"""A small test-data builder for the web tests: Torrance's story in our own words, plus neighbours.

Shaped like domain.md section 9 (OIG-22-31 management alert with one non-concurred
recommendation, OIG-22-75, an ODO inspection rated Superior, staffing at 54%, guaranteed
minimum 714 -> 505), with hostile markup in scraped text and one private document.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from sqlmodel import Session

from monitor.models import (
    Alert,
    DeathRecord,
    DocumentFacility,
    Facility,
    FacilityAlias,
    FacilityOperator,
    ScrapeRun,
    Source,
)
from tests.web.builder_oig import inspections, oig_alert, oig_report, statistics
from tests.web.builder_rows import HOSTILE, add, document

__all__ = ["HOSTILE", "Built", "build"]


@dataclass
class Built:
    ids: dict[str, int] = field(default_factory=dict)


def _sources(session: Session) -> dict[str, Source]:
    when = datetime(2024, 3, 1, tzinfo=UTC)
    return {
        "oig": add(session, Source(
            key="oig", name="DHS Office of Inspector General",
            url="https://www.oig.dhs.gov/reports", expected_cadence_days=60, last_run_at=when,
            last_success_at=when, last_new_document_at=datetime(2022, 9, 28, tzinfo=UTC))),
        "ice_stats": add(session, Source(
            key="ice_stats", name="ICE detention statistics",
            url="https://www.ice.gov/detain/detention-management", expected_cadence_days=120,
            consecutive_failures=3, last_error="layout changed: no 'Name' header in sheet FY24")),
        "ngo": add(session, Source(key="ngo", name="NGO reports", url="https://www.aclu-nm.org")),
    }  # fmt: skip


def _torrance(session: Session) -> Facility:
    fac = add(
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
        session.add(FacilityAlias(facility_id=fac.id or 0, alias=alias, normalized=alias.lower()))
    session.add(
        FacilityOperator(
            facility_id=fac.id or 0, operator="CoreCivic", start_date=date(2019, 10, 1)
        )
    )
    return fac


def _neighbours(session: Session) -> Facility:
    fac = add(
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
        FacilityOperator(facility_id=fac.id or 0, operator="Management and Training Corporation")
    )
    other = add(
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
    session.add(FacilityOperator(facility_id=other.id or 0, operator="The GEO Group"))
    return fac


def _ngo(session: Session, src: Source, fac: Facility) -> tuple[int, int]:
    """A public NGO report full of hostile markup, and a private one; returns their ids."""
    public = document(
        session,
        src,
        "aclu-nm-2022",
        f"Report on Torrance {HOSTILE}",
        [f"Detained people describe conditions. {HOSTILE}"],
        kind="ngo",
        published_date=date(2022, 11, 1),
        summary=HOSTILE,
    )
    hidden = document(
        session,
        src,
        "private-1",
        "Unreviewed allegation Torrance",
        ["Torrance secret text"],
        kind="ngo",
        is_public=False,
    )
    for doc in (public, hidden):
        session.add(DocumentFacility(document_id=doc.id or 0, facility_id=fac.id or 0))
    return public.id or 0, hidden.id or 0


def _death_and_alert(session: Session, fac: Facility, alert_doc: int, stats: Source) -> None:
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
            document_id=alert_doc,
        )
    )
    session.add(ScrapeRun(source_id=stats.id or 0, status="failed", error_kind="LayoutChanged"))


def build(session: Session, data_dir: Path | None = None) -> Built:
    """Insert the whole test story; returns the ids tests refer to."""
    sources = _sources(session)
    fac = _torrance(session)
    neighbour = _neighbours(session)
    alert_doc = oig_alert(session, sources["oig"], fac, data_dir)
    report = oig_report(session, sources["oig"], fac, data_dir)
    inspections(session, fac, sources["oig"])
    statistics(session, fac)
    ngo, hidden = _ngo(session, sources["ngo"], fac)
    _death_and_alert(session, fac, alert_doc.id or 0, sources["ice_stats"])
    session.flush()
    return Built(
        {
            "facility": fac.id or 0,
            "neighbour": neighbour.id or 0,
            "alert_doc": alert_doc.id or 0,
            "report": report.id or 0,
            "ngo": ngo,
            "hidden": hidden,
        }
    )
