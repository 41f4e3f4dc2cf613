"""Acceptance: the demo's ICE and NGO facts come out of project-written documents through the
real parsers and writers, on Torrance's timeline."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlmodel import select

from monitor.db import get_settings
from monitor.demo import facilities, ice
from monitor.models import (
    DeathRecord,
    Document,
    DocumentVersion,
    Facility,
    Finding,
    Inspection,
    StaffingObservation,
)
from scrapers._pdftext import is_pdf


@pytest.fixture
def loaded(app, session):
    settings = get_settings(app)
    facilities.load(session, settings)
    ice.load(session, settings)
    torrance = session.exec(
        select(Facility).where(Facility.slug == "torrance-county-detention-facility")
    ).one()
    return session, torrance


def _inspections(session, facility_id: int, inspector: str) -> list[Inspection]:
    rows = session.exec(
        select(Inspection).where(
            Inspection.facility_id == facility_id, Inspection.inspector == inspector
        )
    ).all()
    return sorted(rows, key=lambda r: r.end_date or date.min)


def test_torrance_odo_inspections_keep_counts_and_rating_apart(loaded) -> None:
    session, torrance = loaded
    odo = _inspections(session, torrance.id, "ODO")
    assert [str(r.end_date) for r in odo] == [
        "2020-07-30", "2021-11-18", "2022-10-27", "2024-02-29", "2024-10-24"
    ]  # fmt: skip
    july_2020, nov_2021 = odo[0], odo[1]
    assert july_2020.deficiency_count == 6 and july_2020.rating is None
    assert (nov_2021.standards_compliant, nov_2021.standards_reviewed) == (18, 26)
    assert (nov_2021.deficiency_count, nov_2021.rating) == (21, "Superior")
    assert [r.rating for r in odo[2:]] == ["Superior", "Pass", "Pass"]


def test_torrance_contract_inspections(loaded) -> None:
    session, torrance = loaded
    nakamoto = _inspections(session, torrance.id, "Nakamoto Group")
    # "during the period of July 2021": dated to that month, flagged as not a day range.
    july_2021 = next(r for r in nakamoto if r.start_date == date(2021, 7, 1))
    assert july_2021.end_date == date(2021, 7, 31)
    assert july_2021.rating == "Does Not Meet Standards" and july_2021.date_uncertain
    fall_2020 = next(r for r in nakamoto if r.end_date == date(2020, 10, 1))
    assert fall_2020.start_date == date(2020, 9, 29)
    assert (fall_2020.rating, fall_2020.previous_date) == ("Meets Standards", date(2019, 11, 21))
    assert (fall_2020.standard, fall_2020.facility_type) == ("PBNDS 2011", "IGSA")
    assert fall_2020.operator == "CoreCivic of Tennessee"  # letter and form merged
    security = session.exec(
        select(StaffingObservation).where(StaffingObservation.role_group == "security")
    ).one()
    assert security.pct_filled_reported == 50 and security.facility_id == torrance.id


def test_kesley_vial_death_review_and_ngo_reports(loaded) -> None:
    session, torrance = loaded
    death = session.exec(select(DeathRecord)).one()
    assert (death.person_name, death.facility_id) == ("Kesley Vial", torrance.id)
    assert death.opr_review_date == date(2022, 12, 8)
    assert death.date_of_death == date(2022, 8, 15)  # stated in the review, so the card shows it
    ngo_docs = session.exec(select(Document).where(Document.kind == "ngo")).all()
    assert {d.publisher for d in ngo_docs} == {
        "ACLU of New Mexico", "Detention Watch Network", "Innovation Law Lab"
    }  # fmt: skip
    aclu = next(d for d in ngo_docs if d.publisher == "ACLU of New Mexico")
    assert aclu.published_date == date(2022, 9, 30)
    figures = session.exec(
        select(StaffingObservation).where(StaffingObservation.document_id == aclu.id)
    ).all()
    assert {(f.pct_vacant_reported, f.vacancies) for f in figures} == {(54.0, None), (None, 59)}
    assert all(f.facility_id == torrance.id for f in figures)
    findings = session.exec(select(Finding).where(Finding.document_id == aclu.id)).all()
    assert findings and all(f.result in ("allegation", "observation") for f in findings)


def test_pdfs_are_real_and_reloading_changes_nothing(app, loaded) -> None:
    session, _ = loaded
    versions = session.exec(select(DocumentVersion)).all()
    assert any(is_pdf(Path(v.storage_path).read_bytes()) for v in versions)
    before = len(session.exec(select(Inspection)).all()), len(versions)
    ice.load(session, get_settings(app))
    after = (
        len(session.exec(select(Inspection)).all()),
        len(session.exec(select(DocumentVersion)).all()),
    )
    assert before == after
