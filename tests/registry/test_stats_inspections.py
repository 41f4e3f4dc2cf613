"""Releases that give the last inspection per inspector: the snapshot takes the latest, keeps all.

Workbooks are project-written (openpyxl), modelled on the FY2023 layout, where ODO and the
contract inspector (Nakamoto) each have their own date, standard and rating columns.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from hypothesis import given
from hypothesis import strategies as st
from sqlmodel import func, select

from monitor.cli import cli
from monitor.db import session_scope
from monitor.facilities.registry.lookup import facility_details, find_facilities
from monitor.facilities.statistics import import_workbook
from monitor.facilities.workbook import read_workbook
from monitor.models import FacilityStatSnapshot, StatRelease
from scrapers._base import ColumnsUnmapped, LayoutChanged
from scrapers._stats_inspections import Slot, read_header
from scrapers.ice_stats import FacilityRowRecord, parse_workbook
from tests.registry.workbooks import Row, workbook_bytes

CORE = ["Name", "Address", "City", "State", "Zip", "AOR", "Type Detailed", "Male/Female",
        "FY23 ALOS", "Level A", "Level B", "Level C", "Level D", "Mandatory", "Guaranteed Minimum"]  # fmt: skip
SPLIT = [
    "ODO Inspection End Date", "ODO Last Inspection Standard", "ODO Final Rating",
    "Last Nakamoto Inspection End Date", "Last Nakamoto Inspection Standard",
    "Last Nakamoto Final Rating", "Second to Last Nakamoto Inspection End Date",
    "Second to Last Nakamoto Inspection Standard", "Second to Last Nakamoto Final Rating",
]  # fmt: skip


def _split_row(name: str, odo: tuple, nakamoto: tuple, earlier: tuple = (None,) * 3) -> Row:
    values = dict(zip(SPLIT, [*odo, *nakamoto, *earlier], strict=True))
    return Row(name, "1 MAIN ST", "ESTANCIA", "NM", 87016, rating=None, extra=values)


TORRANCE = _split_row(
    "TORRANCE COUNTY DETENTION FACILITY",
    ("10/27/2022", "PBNDS 2011 - 2016 Revisions", "Superior"),
    ("7/15/2021", "PBNDS 2011", "Does Not Meet Standards"),
    ("10/1/2020", "PBNDS 2011", "Meets Standard"),
)
OTERO = Row("OTERO COUNTY PROCESSING CENTER", "26 MCGREGOR RANGE RD", "CHAPARRAL", "NM", 88081,
            rating=None, extra=dict(zip(SPLIT, [
                "11/3/2022", "PBNDS 2011", "Pass", "2/1/2023", "PBNDS 2011 - 2016 Revisions",
                "Meets Standard", None, None, None], strict=True)))  # fmt: skip
NEVER = _split_row("NEW COUNTY JAIL", (None,) * 3, (None,) * 3)


def _parse(headers: list[str], rows: list[Row]) -> dict[str, FacilityRowRecord]:
    content = workbook_bytes(rows, headers=headers)
    return {r.name: r for r in parse_workbook(content, file_name="fy23.xlsx").rows}


def test_latest_inspection_wins_whoever_made_it() -> None:
    rows = _parse(CORE + SPLIT, [TORRANCE, OTERO, NEVER])
    torrance, otero = rows["TORRANCE COUNTY DETENTION FACILITY"], rows[OTERO.name]
    assert (torrance.last_inspection_inspector, torrance.last_inspection_date) == (
        "ODO",
        date(2022, 10, 27),
    )
    assert (torrance.last_inspection_rating, torrance.last_inspection_standard) == (
        "Superior",
        "PBNDS 2011 - 2016 Revisions",
    )
    assert (otero.last_inspection_inspector, otero.last_inspection_rating) == (
        "Nakamoto",
        "Meets Standard",
    )
    assert otero.last_inspection_date == date(2023, 2, 1)


def test_the_other_inspections_are_kept_with_inspector_and_rank() -> None:
    torrance = _parse(CORE + SPLIT, [TORRANCE])["TORRANCE COUNTY DETENTION FACILITY"]
    shown = [(i["inspector"], i["rank"], i["date"], i["rating"]) for i in torrance.inspections]
    assert shown == [
        ("ODO", 1, "2022-10-27", "Superior"),
        ("Nakamoto", 1, "2021-07-15", "Does Not Meet Standards"),
        ("Nakamoto", 2, "2020-10-01", "Meets Standard"),
    ]
    assert not any(h in torrance.extra for h in SPLIT)  # mapped, not left raw


def test_row_without_any_inspection_has_none() -> None:
    row = _parse(CORE + SPLIT, [NEVER])["NEW COUNTY JAIL"]
    assert (row.inspections, row.last_inspection_date, row.last_inspection_inspector) == (
        [],
        None,
        None,
    )


def test_text_in_a_date_cell_is_kept_not_dropped() -> None:
    headers = [*CORE, "Last Inspection Type", "Last Inspection End Date", "Last Final Rating"]
    row = Row("A JAIL", "1 MAIN ST", "TOWN", "TX", 75001, rating=None,
              extra={"Last Inspection End Date": "Scheduled FY26"})  # fmt: skip
    (parsed,) = _parse(headers, [row]).values()
    assert parsed.last_inspection_date is None
    assert parsed.inspections[0]["date_text"] == "Scheduled FY26"
    assert (parsed.last_inspection_inspector, parsed.last_inspection_type) == ("ODO", "ODO")


def test_start_and_end_dates_are_both_kept() -> None:
    headers = [*CORE, "ODO Inspection Start Date", *SPLIT]
    row = _split_row("A JAIL", ("3/3/2023", "NDS 2019", "Pass"), ("1/5/2023", "NDS 2019", "Pass"))
    row.extra["ODO Inspection Start Date"] = "3/1/2023"
    (parsed,) = _parse(headers, [row]).values()
    odo = parsed.inspections[0]
    assert (odo["start_date"], odo["date"]) == ("2023-03-01", "2023-03-03")
    assert parsed.last_inspection_date == date(2023, 3, 3)


def test_a_lone_type_column_types_the_latest_inspection() -> None:
    headers = [*CORE, "Last Inspection Type", *SPLIT, "Pending FY24 Inspection"]
    row = _split_row("A JAIL", ("3/1/2023", "NDS 2019", "Pass"), ("1/5/2023", "NDS 2019", "Pass"))
    row.extra["Last Inspection Type"] = "ODO"
    (parsed,) = _parse(headers, [row]).values()
    assert (parsed.last_inspection_inspector, parsed.last_inspection_type) == ("ODO", "ODO")
    assert [i["inspector"] for i in parsed.inspections] == ["ODO", "Nakamoto"]
    assert parsed.extra == {}  # the pending column is blank here; nothing left unmapped


@pytest.mark.parametrize(
    ("header", "slot", "attribute"),
    [
        ("Last Inspection Rating - Final", Slot(None, 1), "rating"),
        ("Second to Last Inspection Date", Slot(None, 2), "date"),
        ("Second to Last Insepction Date", Slot(None, 2), "date"),
        ("Date of Last Inspection", Slot(None, 1), "date"),
        ("Last Inspection Result", Slot(None, 1), "rating"),
        ("Performance Standards", Slot(None, 1), "standard"),
        ("ODO Inspection End Date", Slot("ODO", 1), "date"),
        ("ODO Inspection Start Date", Slot("ODO", 1), "start"),
        ("ODO Final Rating", Slot("ODO", 1), "rating"),
        ("ODO Rating (FY23)", Slot("ODO", 1), "rating"),
        ("Second to Last Nakamoto Final Rating", Slot("Nakamoto", 2), "rating"),
        ("Last Creative Corrections Inspection Standard", Slot("Creative Corrections", 1), "standard"),
        ("Previous Contract Inspection Date", Slot("Contract inspector", 2), "date"),
    ],
)  # fmt: skip
def test_headers_read_as_rank_inspector_attribute(header: str, slot: Slot, attribute: str) -> None:
    assert read_header(header) == (slot, attribute)


@pytest.mark.parametrize(
    "header", ["Pending FY25 Inspection", "Guaranteed Minimum", "Type Detailed"]
)
def test_headers_that_are_no_inspection(header: str) -> None:
    assert read_header(header) is None


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        ([*SPLIT, "Health Inspection Score"], "'Health Inspection Score' cannot be mapped"),
        ([*SPLIT, "ODO Rating"], "'ODO Final Rating' and 'ODO Rating' both give the rating"),
        (SPLIT[1:], "without a date column: ODO Final Rating, ODO Last Inspection Standard"),
        ([], "no inspection columns found"),
    ],
)
def test_unmappable_inspection_columns_stop_the_release(headers: list[str], message: str) -> None:
    content = workbook_bytes([TORRANCE], headers=CORE + headers)
    with pytest.raises(ColumnsUnmapped, match=message) as raised:
        parse_workbook(content, file_name="fy23.xlsx")
    assert isinstance(raised.value, LayoutChanged)
    assert raised.value.describe().startswith("columns drifted: ")


def test_import_stores_the_inspector_and_every_inspection(db_app: Flask) -> None:
    content = workbook_bytes([TORRANCE, OTERO], headers=CORE + SPLIT)
    with db_app.app_context(), session_scope(db_app) as session:
        import_workbook(session=session, workbook=read_workbook(content, file_name="fy23.xlsx"))
        (torrance,) = find_facilities(session=session, query="torrance")
        (snapshot,) = facility_details(session=session, facility=torrance)["snapshots"]
    assert snapshot["last_inspection_inspector"] == "ODO"
    assert snapshot["last_inspection_date"] == "2022-10-27"
    assert [(i["inspector"], i["date"]) for i in snapshot["inspections"]] == [
        ("ODO", "2022-10-27"),
        ("Nakamoto", "2021-07-15"),
        ("Nakamoto", "2020-10-01"),
    ]


def test_cli_refuses_a_drifted_release_and_writes_nothing(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    good = tmp_path / "fy23.xlsx"
    good.write_bytes(workbook_bytes([TORRANCE], headers=CORE + SPLIT))
    drifted = tmp_path / "fy25.xlsx"
    drifted.write_bytes(workbook_bytes([OTERO], headers=[*CORE, *SPLIT, "ORSA Inspection Score"]))
    result = runner.invoke(cli, ["facilities", "import", str(good), str(drifted)])
    assert result.exit_code == 1
    assert "columns drifted: inspection column 'ORSA Inspection Score' cannot be mapped" in (
        result.output
    )
    with app.app_context(), session_scope(app) as session:
        counts = [
            session.exec(select(func.count()).select_from(m)).one()
            for m in (StatRelease, FacilityStatSnapshot)
        ]
    assert counts == [0, 0]  # the good file of the same command is not imported either


def test_show_names_the_inspector_and_lists_the_other_inspections(
    runner: FlaskCliRunner, tmp_path: Path
) -> None:
    book = tmp_path / "fy23.xlsx"
    book.write_bytes(workbook_bytes([TORRANCE], headers=CORE + SPLIT))
    assert runner.invoke(cli, ["facilities", "import", str(book)]).exit_code == 0
    shown = runner.invoke(cli, ["facilities", "show", "torrance"]).output
    assert "last inspection 2022-10-27 Superior (ODO)" in shown
    assert "also: Nakamoto 2021-07-15 Does Not Meet Standards" in shown
    assert "also: Nakamoto 2020-10-01 Meets Standard" in shown
    assert "also: ODO" not in shown


_RANK_WORDS = {1: ["Last", "Most Recent", ""], 2: ["Second to Last", "Previous", "Prior"]}
_INSPECTOR_WORDS = {"ODO": ["ODO"], "Nakamoto": ["Nakamoto"], None: [""]}
_ATTRIBUTE_HEADERS = {
    "date": ["Inspection Date", "Inspection End Date", "Inspection Completed"],
    "rating": ["Final Rating", "Inspection Rating - Final", "Inspection Result"],
    "standard": ["Inspection Standard", "Inspection Standards"],
    "type": ["Inspection Type"],
}


@given(
    st.sampled_from([1, 2]),
    st.sampled_from(["ODO", "Nakamoto", None]),
    st.sampled_from(sorted(_ATTRIBUTE_HEADERS)),
    st.data(),
)
def test_any_spelling_of_rank_inspector_and_attribute_reads_back(
    rank: int, inspector: str | None, attribute: str, data: st.DataObject
) -> None:
    words = [
        data.draw(st.sampled_from(_RANK_WORDS[rank])),
        data.draw(st.sampled_from(_INSPECTOR_WORDS[inspector])),
        data.draw(st.sampled_from(_ATTRIBUTE_HEADERS[attribute])),
    ]
    order = data.draw(st.permutations([0, 1]))  # "ODO Last ..." and "Last ODO ..."
    header = " ".join(w for w in [words[order[0]], words[order[1]], words[2]] if w)
    assert read_header(header) == (Slot(inspector, rank), attribute)
