"""Same street address, another spelling of the city or another name: match or queue, never a
silent second facility. Project-written workbooks modelled on the FY2022 -> FY2024 releases."""

from __future__ import annotations

from collections.abc import Sequence

from flask import Flask
from sqlmodel import Session, col, func, select

from monitor.db import session_scope
from monitor.facilities.registry import create_facility, resolve_facility
from monitor.facilities.registry.accuracy import street_audit
from monitor.facilities.registry.lookup import facility_details, find_facilities
from monitor.facilities.statistics import ImportReport, import_workbook
from monitor.facilities.workbook import read_workbook
from monitor.models import Facility, FacilityStatSnapshot, ReviewItem, StatRelease
from tests.registry.workbooks import NEW_HEADERS, Row, workbook_bytes

PINE = Row("PINE BAYOU CORRECTIONAL CENTER", "180 PINE BAYOU CIRCLE", "PINEWOOD", "LA", 71202)
PINE_RESPELT = Row("PINE BAYOU CORRECTIONAL CENTER", "180 PINE BAYOU CIR", "MONROE", "LA", "71202")
CEDAR = Row("CEDAR COUNTY DETENTION FACILITY", "301 SOUTH WALNUT STREET", "COTTONWOOD FALLS",
            "KS", 66845)  # fmt: skip
CEDAR_RENAMED = Row("CEDAR COUNTY JAIL", "301 S WALNUT ST", "COTTONWOOD FALL", "KS", 66845)
OTHER_ZIP = Row("PINE BAYOU CORRECTIONAL CENTER", "180 PINE BAYOU CIRCLE", "ALEXANDRIA", "LA",
                71303)  # fmt: skip
SAINTE = Row("LAKE COUNTY SSM", "325 COURT STREET", "SAULT SAINTE MARIE", "MI", 49783)
STE = Row("LAKE COUNTY SSM", "325 COURT STREET", "SAULT STE MARIE", "MI", 49783)


def _import(session: Session, rows: Sequence[Row], fy: int) -> ImportReport:
    content = workbook_bytes(rows, headers=NEW_HEADERS, title=f"ICE FACILITIES DATA, FY{fy % 100}",
                             data_date=f"09/30/{fy}")  # fmt: skip
    return import_workbook(session=session, workbook=read_workbook(content, file_name=f"{fy}.xlsx"))


def _facilities(session: Session) -> int:
    return session.exec(select(func.count()).select_from(Facility)).one()


def test_city_respelt_at_the_same_street_is_one_facility(db_app: Flask) -> None:
    with db_app.app_context(), session_scope(db_app) as session:
        _import(session, [PINE, SAINTE], 2022)
        second = _import(session, [PINE_RESPELT, STE], 2024)
        (pine,) = find_facilities(session=session, query="pine bayou")
        towns = [s["city"] for s in facility_details(session=session, facility=pine)["snapshots"]]
        count = _facilities(session)
    assert (second.matched, second.created, second.queued_for_review) == (2, 0, 0)
    assert (count, towns) == (2, ["PINEWOOD", "MONROE"])


def test_new_name_at_the_same_street_is_queued_with_the_earlier_facility(db_app: Flask) -> None:
    with db_app.app_context(), session_scope(db_app) as session:
        _import(session, [CEDAR], 2022)
        second = _import(session, [CEDAR_RENAMED], 2024)
        (item,) = session.exec(select(ReviewItem)).all()
        (earlier,) = find_facilities(session=session, query="cedar county detention")
        (later,) = find_facilities(session=session, query="cedar county jail")
    assert (second.created, second.queued_for_review) == (0, 1)
    assert (item.candidate_facility_id, item.subject_id) == (earlier.id, later.id)
    assert item.reason.startswith("'CEDAR COUNTY JAIL' (COTTONWOOD FALL, KS) in FY2024 as of "
                                  "2024-09-30 is at the street address of a known facility")  # fmt: skip


def test_same_street_text_in_another_zip_is_another_facility(db_app: Flask) -> None:
    with db_app.app_context(), session_scope(db_app) as session:
        _import(session, [PINE], 2022)
        match = resolve_facility(session=session, name=OTHER_ZIP.name, address=OTHER_ZIP.address,
                                 city=OTHER_ZIP.city, state="LA", zip=OTHER_ZIP.zip)  # fmt: skip
    # The name alone is known, but in another town: a reviewer decides; nothing is attached.
    assert match.facility_id is None
    assert match.method == "ambiguous"


def test_two_rows_of_one_release_at_one_street_stay_two(db_app: Flask) -> None:
    annex = Row("CEDAR COUNTY ANNEX", "301 SOUTH WALNUT STREET", "COTTONWOOD FALL", "KS", 66845)
    with db_app.app_context(), session_scope(db_app) as session:
        report = _import(session, [CEDAR, annex], 2022)
        count = _facilities(session)
    assert (report.created, count) == (2, 2)


def test_audit_flags_a_silent_split_and_not_a_queued_one(db_app: Flask) -> None:
    with db_app.app_context(), session_scope(db_app) as session:
        _import(session, [CEDAR], 2022)
        _import(session, [CEDAR_RENAMED], 2024)
        queued = street_audit(session=session)
        # The same rename made by hand, bypassing the matcher: nothing links the two.
        _import(session, [PINE], 2022)
        twin = create_facility(session=session, name="PINE BAYOU JAIL", address=PINE.address,
                               city="MONROE", state="LA", zip="71202")  # fmt: skip
        assert twin.id is not None
        snapshot = FacilityStatSnapshot(facility_id=twin.id, release_id=_release_id(session, 2024),
                                        raw_name="PINE BAYOU JAIL", address=PINE.address,
                                        city="MONROE", state="LA", zip="71202")  # fmt: skip
        session.add(snapshot)
        session.flush()
        (pine,) = find_facilities(session=session, query="pine bayou correctional")
        silent = street_audit(session=session)
    assert queued.silent_splits == []
    assert silent.silent_splits == [(twin.id, pine.id)]


def _release_id(session: Session, fy: int) -> int:
    release = session.exec(
        select(StatRelease).where(col(StatRelease.label).startswith(f"FY{fy}"))
    ).first()
    assert release is not None and release.id is not None
    return release.id
