"""Acceptance on ICE's six real statistics workbooks (skipped when ../shared/corpus is absent)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from flask import Flask
from sqlmodel import Session, func, select

from monitor.db import session_scope
from monitor.facilities.registry.lookup import facility_details, find_facilities
from monitor.facilities.registry.normalize import address_key, normalize_city
from monitor.facilities.statistics import ImportReport, import_workbook
from monitor.facilities.workbook import read_workbook, release_order
from monitor.models import Facility, FacilityAlias, FacilityStatSnapshot
from scrapers.ice_stats import parse_workbook
from tests.conftest import corpus_file

pytestmark = pytest.mark.corpus

WORKBOOKS = [
    "ice-fy2019-detention-stats.xlsx",
    "ice-fy2020-detention-stats.xlsx",
    "ice-fy2021-detention-stats-asof-2021-04-14.xlsx",
    "ice-fy2022-detention-stats.xlsx",
    "ice-fy2024-detention-stats.xlsx",
    "ice-fy2026-detention-stats-2026-04-09.xlsx",
]


def _import_corpus(session: Session) -> list[ImportReport]:
    paths = [corpus_file(name) for name in WORKBOOKS]
    books = sorted(
        (read_workbook(p.read_bytes(), file_name=p.name) for p in paths), key=release_order
    )
    return [import_workbook(session=session, workbook=b) for b in books]


def test_parser_finds_every_release_layout() -> None:
    headers = {}
    for name in WORKBOOKS:
        parsed = parse_workbook(corpus_file(name).read_bytes(), file_name=name)
        headers[name] = parsed.release.header_row
        assert len(parsed.rows) > 100
        assert all(r.name and r.city for r in parsed.rows)
        assert all(len(r.zip) == 5 and r.zip.isdigit() for r in parsed.rows if r.zip)
        # ICE left the state blank on a handful of rows; nearly all carry one.
        assert sum(1 for r in parsed.rows if r.state) >= 0.98 * len(parsed.rows)
    assert headers["ice-fy2019-detention-stats.xlsx"] == 7
    assert headers["ice-fy2026-detention-stats-2026-04-09.xlsx"] == 10


def test_torrance_is_one_facility_with_six_snapshots(db_app: Flask) -> None:
    with db_app.app_context(), session_scope(db_app) as session:
        reports = _import_corpus(session)
        (torrance,) = find_facilities(session=session, query="torrance")
        details = facility_details(session=session, facility=torrance)
    assert [r.skipped for r in reports] == [False] * 6
    assert len(details["snapshots"]) == 6
    assert {"TORRANCE COUNTY DETENTION FACILITY", "TORRANCE/ESTANCIA, NM"} <= set(
        details["aliases"]
    )
    minimums = [s["guaranteed_minimum"] for s in details["snapshots"]]
    assert minimums == [714, 714, 714, 505, 505, 505]
    assert details["snapshots"][-1]["last_inspection_rating"] == "Pass"


def test_no_distinct_facilities_merged_and_reimport_changes_nothing(db_app: Flask) -> None:
    with db_app.app_context(), session_scope(db_app) as session:
        reports = _import_corpus(session)
        facilities = session.exec(select(func.count()).select_from(Facility)).one()
        snapshots = session.exec(select(FacilityStatSnapshot)).all()
        karnes = session.exec(select(Facility).where(Facility.zip == "78118")).all()
        (webb,) = find_facilities(session=session, query="webb county detention center")
        (laredo,) = find_facilities(session=session, query="laredo processing center")
        shared_78046 = session.exec(select(Facility).where(Facility.zip == "78046")).all()
    with db_app.app_context(), session_scope(db_app) as session:
        aliases = session.exec(select(func.count()).select_from(FacilityAlias)).one()
        path: Path = corpus_file(WORKBOOKS[-1])
        again = import_workbook(
            session=session, workbook=read_workbook(path.read_bytes(), file_name=path.name)
        )
        aliases_after = session.exec(select(func.count()).select_from(FacilityAlias)).one()
    assert again.skipped and aliases == aliases_after  # re-importing changes nothing
    rows = sum(r.rows for r in reports)
    assert len(snapshots) == rows  # every row kept, one snapshot each
    largest = max(r.rows for r in reports)
    distinct_rows = {(s.raw_name, s.address) for s in snapshots}
    # At least as many facilities as the largest release lists, at most one per distinct row.
    assert largest <= facilities < len(distinct_rows)
    assert len({f.id for f in karnes}) >= 3  # three Karnes facilities share ZIP 78118
    assert webb.id != laredo.id
    assert len(shared_78046) >= 2  # Webb County shares its ZIP with another facility
    # A facility's snapshots never come from two different towns (what a wrong merge looks
    # like), unless the street and ZIP are the same: ICE respelt the city of one site
    # (Richwood Correctional Center: RICHWOOD in FY2019-FY2022, MONROE in FY2024).
    towns: dict[int, set[tuple[str, str | None]]] = defaultdict(set)
    for snap in snapshots:
        towns[snap.facility_id].add((normalize_city(snap.city), address_key(snap.address, "x",
                                     snap.state, snap.zip)))  # fmt: skip
    split_towns = {fid: places for fid, places in towns.items() if len({t for t, _ in places}) > 1}
    assert [fid for fid, places in split_towns.items() if len({k for _, k in places}) > 1] == []
    assert len(split_towns) == 1  # Richwood only
