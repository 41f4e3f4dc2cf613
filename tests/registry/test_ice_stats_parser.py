"""The pure workbook parser: sheet, header and columns found by content; typed values."""

from __future__ import annotations

from datetime import date, datetime
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import Workbook

from scrapers._base import BadDocument, LayoutChanged, Page
from scrapers.ice_stats import SOURCE, FacilityRowRecord, parse, parse_workbook, workbook_links
from tests.registry.workbooks import NEW_HEADERS, TORRANCE, Row, workbook_bytes


def _parse(content: bytes) -> tuple:
    parsed = parse_workbook(content, file_name="stats.xlsx")
    return parsed.release, parsed.rows


def test_old_layout_header_on_row_seven() -> None:
    release, rows = _parse(workbook_bytes([TORRANCE]))
    assert (release.sheet_name, release.header_row) == ("Facilities FY23", 7)
    assert release.label == "FY2023 as of 2023-09-30"
    assert (release.fiscal_year, release.data_date) == (2023, date(2023, 9, 30))
    (row,) = rows
    assert row.name == "TORRANCE COUNTY DETENTION FACILITY"
    assert row.guaranteed_minimum == 714
    assert row.last_inspection_rating == "Meets Standard"


def test_new_layout_header_lower_down_with_renamed_columns() -> None:
    content = workbook_bytes(
        [Row("OTERO COUNTY PROCESSING CENTER", "26 MCGREGOR RANGE ROAD", "CHAPARRAL", "NM",
             "88081", gm=500, rating="Pass", inspected=datetime(2024, 11, 7))],
        headers=NEW_HEADERS, title="ICE Facilities Data, FY26", data_date="04/02/2026",
        sheet="Facilities FY26", blank_rows_before_header=3,
    )  # fmt: skip
    release, (row,) = _parse(content)
    assert release.header_row == 10
    assert release.label == "FY2026 as of 2026-04-02"
    assert release.column_fields["Last Inspection End Date"] == "last_inspection_date"
    assert release.column_fields["Last Final Rating"] == "last_inspection_rating"
    assert release.column_fields["Facility Name"] == "name"
    assert (row.last_inspection_date, row.last_inspection_rating) == (date(2024, 11, 7), "Pass")
    assert row.alos == 41.25


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("10/1/2020", date(2020, 10, 1)), ("2021-03-31", date(2021, 3, 31)),
     (datetime(2019, 11, 21), date(2019, 11, 21)), (44651, date(2022, 3, 31)),
     ("N/A", None), (None, None)],
)  # fmt: skip
def test_dates_from_excel_text_and_serial_numbers(cell: object, expected: date | None) -> None:
    row = Row("A COUNTY JAIL", "1 MAIN ST", "TOWN", "TX", 75001, inspected=cell)
    _, (parsed,) = _parse(workbook_bytes([row]))
    assert parsed.last_inspection_date == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (2134, "02134"),
        ("02134", "02134"),
        (87016, "87016"),
        ("87016-1234", "87016"),
        (870161234, "87016"),
    ],
)
def test_numeric_and_text_zip_codes(cell: object, expected: str) -> None:
    _, (parsed,) = _parse(
        workbook_bytes([Row("PLYMOUTH JAIL", "26 LONG POND RD", "PLYMOUTH", "MA", cell)])
    )
    assert parsed.zip == expected


def test_unknown_columns_kept_raw_and_population_summed() -> None:
    headers = [*NEW_HEADERS, "Pending FY27 Inspection"]
    row = Row("A COUNTY JAIL", "1 MAIN ST", "TOWN", "TX", 75001, gm="1,600",
              extra={"Pending FY27 Inspection": "Yes"})  # fmt: skip
    _, (parsed,) = _parse(workbook_bytes([row], headers=headers))
    assert parsed.extra == {"Pending FY27 Inspection": "Yes"}
    assert parsed.population["Level A"] == 10.0
    assert parsed.adp_total == 18.0
    assert parsed.guaranteed_minimum == 1600


def test_footnote_rows_skipped_and_footnote_marks_removed_from_names() -> None:
    row = Row("KARNES COUNTY RESIDENTIAL CENTER2", "409 FM 1144", "KARNES CITY", "TX", 78118)
    _, rows = _parse(workbook_bytes([row, TORRANCE]))
    assert [r.name for r in rows] == ["KARNES COUNTY RESIDENTIAL CENTER", TORRANCE.name]
    assert rows[0].raw_name == "KARNES COUNTY RESIDENTIAL CENTER2"
    assert [r.row_number for r in rows] == [8, 9]


def test_facilities_sheet_found_by_content_when_its_title_changes() -> None:
    release, rows = _parse(workbook_bytes([TORRANCE], sheet="Detention Sites"))
    assert release.sheet_name == "Detention Sites"
    assert len(rows) == 1


def test_no_facilities_sheet_is_a_named_error() -> None:
    with pytest.raises(LayoutChanged, match="no facilities sheet"):
        _parse(workbook_bytes([], with_facilities_sheet=False))


def test_header_not_found_is_a_named_error() -> None:
    with pytest.raises(LayoutChanged, match="header row not found"):
        _parse(workbook_bytes([TORRANCE], headers=["Facility", "Somewhere", "Count"]))


def test_not_a_workbook_and_truncated_file_are_bad_documents() -> None:
    with pytest.raises(BadDocument, match="not an Excel workbook"):
        _parse(b"Name,City\nTorrance,Estancia\n")
    with pytest.raises(BadDocument, match="old-style .xls or encrypted"):
        _parse(bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 512)
    content = workbook_bytes([TORRANCE])
    with pytest.raises(BadDocument, match="truncated or corrupt"):
        _parse(content[: len(content) // 2])


def test_parse_page_gives_release_then_rows_and_listing_gives_links() -> None:
    page = Page(url="https://www.ice.gov/doclib/detention/FY23_detentionStats.xlsx",
                content=workbook_bytes([TORRANCE]))  # fmt: skip
    records = parse(page)
    assert [r.kind for r in records] == ["stat_release", "facility_row"]
    assert records[0].to_dict()["file_name"] == "FY23_detentionStats.xlsx"
    assert isinstance(records[1], FacilityRowRecord)
    listing = Page(
        url=SOURCE.url,
        content=b'<html><a href="/doclib/detention/FY24_detentionStats.xlsx">FY24</a>'
        b'<a href="/doclib/other.pdf">x</a></html>',
    )
    assert parse(listing) == []
    assert workbook_links(listing) == [
        "https://www.ice.gov/doclib/detention/FY24_detentionStats.xlsx"
    ]


# ---------------------------------------------------------------- recorded fixtures

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ice_stats"


def test_listing_fixture_gives_each_statistics_workbook_once() -> None:
    page = Page(url=SOURCE.url, content=(FIXTURES / "detention-management.html").read_bytes())
    assert workbook_links(page) == [
        "https://www.ice.gov/doclib/detention/FY26_detentionStats_04092026.xlsx",
        "https://www.ice.gov/doclib/detention/FY24_detentionStats.xlsx",
        "https://www.ice.gov/doclib/detention/FY22-detentionStats.xlsx?v=2",
    ]


@pytest.fixture(scope="module")
def fy24() -> dict[str, FacilityRowRecord]:
    parsed = parse_workbook((FIXTURES / "fy24-facilities.xlsx").read_bytes(), file_name="fy24.xlsx")
    assert (parsed.release.label, parsed.release.header_row) == ("FY2024 as of 2024-10-07", 10)
    return {r.name: r for r in parsed.rows}


def test_fixture_renamed_facility_row(fy24: dict[str, FacilityRowRecord]) -> None:
    row = fy24["TORRANCE/ESTANCIA, NM"]
    assert (row.city, row.state, row.zip, row.guaranteed_minimum) == (
        "ESTANCIA",
        "NM",
        "87016",
        505,
    )


def test_fixture_zip_with_leading_zero_and_serial_date(fy24: dict[str, FacilityRowRecord]) -> None:
    row = fy24["PLYMOUTH COUNTY CORRECTIONAL FACILITY"]
    assert row.zip == "02360"
    assert row.last_inspection_date == date(2024, 7, 27)
    assert row.guaranteed_minimum is None


def test_fixture_text_date_and_footnote_mark(fy24: dict[str, FacilityRowRecord]) -> None:
    assert fy24["FOLKSTON ANNEX IPC"].last_inspection_date == date(2024, 7, 11)
    assert fy24["SOUTH TEXAS FAMILY RESIDENTIAL CENTER"].raw_name.endswith("CENTER3")
    assert fy24["KARNES COUNTY CORRECTIONAL CENTER"].last_inspection_rating is None


def test_listing_served_as_xml_still_gives_links() -> None:
    xhtml = (b'<?xml version="1.0" encoding="utf-8"?><page>'
             b'<a href="/doclib/detention/FY25_detentionStats.xlsx">FY25</a></page>')  # fmt: skip
    page = Page(url=SOURCE.url, content=xhtml)
    assert workbook_links(page) == ["https://www.ice.gov/doclib/detention/FY25_detentionStats.xlsx"]


def test_layout_not_seen_before_still_imports() -> None:
    """Header on the first row, other names for the columns, a total ADP column."""
    headers = ["Detention Facility Name", "Street Address", "City", "State/Territory", "ZIP",
               "Field Office", "Facility Type", "Total ADP", "Guaranteed Min", "Date of Last Inspection",
               "Last Inspection Result", "Contract Number"]  # fmt: skip
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "Facility List"
    ws.append(headers)
    ws.append(["ELOY FEDERAL CONTRACT FACILITY", "1705 EAST HANNA RD.", "ELOY", "AZ", 85131, "PHO",
               "DIGSA", 1418.5, 900, "5/23/2024", "Pass", "ABC-123"])  # fmt: skip
    buffer = BytesIO()
    book.save(buffer)
    release, (row,) = _parse(buffer.getvalue())
    assert (release.header_row, release.sheet_name) == (1, "Facility List")
    assert (row.name, row.address, row.state, row.zip, row.aor) == (
        "ELOY FEDERAL CONTRACT FACILITY",
        "1705 EAST HANNA RD.",
        "AZ",
        "85131",
        "PHO",
    )
    assert (row.type_detailed, row.adp_total, row.guaranteed_minimum) == ("DIGSA", 1418.5, 900)
    assert (row.last_inspection_date, row.last_inspection_rating) == (date(2024, 5, 23), "Pass")
    assert row.extra == {"Contract Number": "ABC-123"}
