"""The import service on both database backends: matching across releases, traps, skip, drift."""

from __future__ import annotations

from collections.abc import Sequence

from flask import Flask
from sqlmodel import Session, func, select

from monitor.db import session_scope
from monitor.facilities.registry.lookup import facility_details, find_facilities
from monitor.facilities.statistics import ImportReport, import_workbook
from monitor.facilities.workbook import read_workbook
from monitor.models import Facility, FacilityStatSnapshot, ReviewItem, StatRelease
from tests.registry.workbooks import (
    NEW_HEADERS,
    TORRANCE,
    TORRANCE_RENAMED,
    Row,
    workbook_bytes,
)

KARNES_RESIDENTIAL = Row(
    "KARNES COUNTY RESIDENTIAL CENTER", "409 FM 1144", "KARNES CITY", "TX", 78118
)
KARNES_CORRECTIONAL = Row(
    "KARNES COUNTY CORRECTIONAL CENTER", "810 COMMERCE STREET", "KARNES CITY", "TX", 78118
)
KARNES_CIVIL = Row(
    "KARNES COUNTY CIVIL DETENTION CENTER", "FM 1144 AT US HIGHWAY 181", "KARNES CITY", "TX", 78118
)
WEBB = Row("WEBB COUNTY DETENTION CENTER (CCA)", "9998 SOUTH HIGHWAY 83", "LAREDO", "TX", 78046)
LAREDO = Row("LAREDO PROCESSING CENTER", "4702 EAST SAUNDERS STREET", "LAREDO", "TX", 78041)
MAIN = Row("MAIN - FOLKSTON IPC (D RAY JAMES)", "3026 HIGHWAY 252 EAST", "FOLKSTON", "GA", 31537)
ANNEX = Row("ANNEX - FOLKSTON IPC", "3424 HIGHWAY 252 EAST", "FOLKSTON", "GA", 31537)
ANNEX_RENAMED = Row("FOLKSTON ANNEX IPC", "3424 HWY 252 EAST", "FOLKSTON", "GA", "31537")
STAGING = Row("FLORENCE STAGING FACILITY", "3250 NORTH PINAL PARKWAY", "FLORENCE", "AZ", 85132)
SPC = Row("FLORENCE SERVICE PROCESSING CENTER", "3250 NORTH PINAL PARKWAY", "FLORENCE", "AZ", 85132)  # fmt: skip


def _import(session: Session, rows: Sequence[Row], *, fy: int, **kwargs: object) -> ImportReport:
    content = workbook_bytes(
        rows,
        title=f"ICE FACILITIES DATA, FY{fy % 100}",
        data_date=f"09/30/{fy}",
        **kwargs,  # type: ignore[arg-type]
    )
    workbook = read_workbook(content, file_name=f"fy{fy}.xlsx")
    return import_workbook(session=session, workbook=workbook)


def _count(session: Session, model: type) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def test_renamed_facility_is_one_facility_with_both_aliases(db_app: Flask) -> None:
    with db_app.app_context(), session_scope(db_app) as session:
        first = _import(session, [TORRANCE, WEBB], fy=2021)
        second = _import(session, [TORRANCE_RENAMED, WEBB], fy=2022, headers=NEW_HEADERS)
        (torrance,) = find_facilities(session=session, query="Torrance")
        details = facility_details(session=session, facility=torrance)
    assert (first.created, first.matched) == (2, 0)
    assert (second.created, second.matched, second.queued_for_review) == (0, 2, 0)
    assert details["aliases"] == ["TORRANCE COUNTY DETENTION FACILITY", "TORRANCE/ESTANCIA, NM"]
    assert [s["guaranteed_minimum"] for s in details["snapshots"]] == [714, 505]
    assert [s["release"] for s in details["snapshots"]] == [
        "FY2021 as of 2021-09-30",
        "FY2022 as of 2022-09-30",
    ]


def test_facilities_sharing_a_zip_stay_distinct(db_app: Flask) -> None:
    with db_app.app_context(), session_scope(db_app) as session:
        _import(session, [KARNES_RESIDENTIAL, KARNES_CIVIL, WEBB], fy=2019)
        _import(session, [KARNES_CORRECTIONAL, LAREDO], fy=2020)
        report = _import(
            session, [KARNES_CIVIL, KARNES_CORRECTIONAL, KARNES_RESIDENTIAL, WEBB, LAREDO], fy=2021
        )
        facilities = _count(session, Facility)
    assert facilities == 5
    assert (report.matched, report.created) == (5, 0)


def test_main_and_annex_never_merge(db_app: Flask) -> None:
    with db_app.app_context(), session_scope(db_app) as session:
        _import(session, [MAIN, ANNEX], fy=2019)
        only_annex = _import(session, [ANNEX_RENAMED], fy=2024)
        facilities = {f.slug: f.id for f in session.exec(select(Facility)).all()}
        annex_snapshots = session.exec(
            select(func.count()).where(
                FacilityStatSnapshot.facility_id == facilities["annex-folkston-ipc"]
            )
        ).one()
    assert (only_annex.matched, only_annex.created) == (1, 0)
    assert annex_snapshots == 2


def test_unit_at_the_same_address_goes_to_review_and_creates_nothing_merged(db_app: Flask) -> None:
    with db_app.app_context(), session_scope(db_app) as session:
        _import(session, [SPC], fy=2019)
        report = _import(session, [STAGING], fy=2020)
        items = session.exec(select(ReviewItem)).all()
        facilities = _count(session, Facility)
    assert (report.matched, report.created, report.queued_for_review) == (0, 0, 1)
    assert facilities == 2
    (item,) = items
    assert item.kind == "facility_match"
    assert "FLORENCE STAGING FACILITY" in item.reason
    assert item.payload is not None and item.payload["release"] == "FY2020 as of 2020-09-30"


def test_unchanged_workbook_is_skipped(db_app: Flask) -> None:
    content = workbook_bytes([TORRANCE, WEBB])
    with db_app.app_context(), session_scope(db_app) as session:
        import_workbook(session=session, workbook=read_workbook(content, file_name="a.xlsx"))
    with db_app.app_context(), session_scope(db_app) as session:
        again = import_workbook(
            session=session, workbook=read_workbook(content, file_name="b.xlsx")
        )
        counts = (_count(session, StatRelease), _count(session, FacilityStatSnapshot))
    assert again.skipped
    assert (again.rows, again.matched, again.created) == (2, 0, 0)
    assert counts == (1, 2)


def test_column_drift_is_reported_as_warning(db_app: Flask) -> None:
    with db_app.app_context(), session_scope(db_app) as session:
        _import(session, [TORRANCE], fy=2022)
        report = _import(session, [TORRANCE_RENAMED], fy=2024, headers=NEW_HEADERS)
    renamed = {(r["from"], r["to"]) for r in report.drift["renamed"]}
    # "FY23 ALOS" -> "FY26 ALOS" is the same column a year on, not a renaming.
    assert renamed == {
        ("Name", "Facility Name"),
        ("Zip", "Zip Code"),
        ("Last Inspection Date", "Last Inspection End Date"),
        ("Last Inspection Rating - Final", "Last Final Rating"),
    }
    assert report.drift["dropped"] == ["Second to Last Inspection Date"]
    assert report.drift["added"] == []
    assert any("renamed" in w and "Last Final Rating" in w for w in report.warnings)


def test_two_rows_of_one_release_never_share_a_facility(db_app: Flask) -> None:
    twin = Row("TORRANCE COUNTY DETENTION FACILITY", "1 OTHER ROAD", "ESTANCIA", "NM", 87016)
    with db_app.app_context(), session_scope(db_app) as session:
        _import(session, [TORRANCE], fy=2021)
        report = _import(session, [TORRANCE, twin], fy=2022)
        facilities = _count(session, Facility)
    assert report.matched == 1
    assert report.matched + report.created + report.queued_for_review == 2
    assert facilities == 2
