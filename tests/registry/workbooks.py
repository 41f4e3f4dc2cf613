"""Project-written statistics workbooks, modelled on the layout drift of ICE's real releases."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from openpyxl import Workbook

# The 2019-2022 layout (header on row 7) and the 2024+ layout with renamed columns.
OLD_HEADERS = [
    "Name", "Address", "City", "State", "Zip", "AOR", "Type Detailed", "Male/Female",
    "FY23 ALOS", "Level A", "Level B", "Level C", "Level D", "Mandatory", "Guaranteed Minimum",
    "Last Inspection Type", "Last Inspection Standard", "Last Inspection Rating - Final",
    "Last Inspection Date", "Second to Last Inspection Date",
]  # fmt: skip
NEW_HEADERS = [
    "Facility Name", "Address", "City", "State", "Zip Code", "AOR", "Type Detailed",
    "Male/Female", "FY26 ALOS", "Level A", "Level B", "Level C", "Level D", "Mandatory",
    "Guaranteed Minimum", "Last Inspection Type", "Last Inspection End Date",
    "Last Inspection Standard", "Last Final Rating",
]  # fmt: skip


@dataclass
class Row:
    """One facility row; values not given are left blank."""

    name: str
    address: str
    city: str
    state: str
    zip: Any
    aor: str = "ELP"
    type_detailed: str = "IGSA"
    gm: Any = None
    rating: str | None = "Pass"
    inspected: Any = None
    levels: tuple[float, float, float, float] = (10.0, 5.0, 2.0, 1.0)
    extra: dict[str, Any] = field(default_factory=dict)


def _values(row: Row, headers: Sequence[str]) -> list[Any]:
    known = {
        "Name": row.name, "Facility Name": row.name, "Address": row.address, "City": row.city,
        "State": row.state, "Zip": row.zip, "Zip Code": row.zip, "AOR": row.aor,
        "Type Detailed": row.type_detailed, "Male/Female": "Male", "FY23 ALOS": 30.5,
        "FY26 ALOS": 41.25, "Level A": row.levels[0], "Level B": row.levels[1],
        "Level C": row.levels[2], "Level D": row.levels[3], "Mandatory": 12.0,
        "Guaranteed Minimum": row.gm, "Last Inspection Type": "ODO",
        "Last Inspection Standard": "PBNDS 2011", "Last Inspection Rating - Final": row.rating,
        "Last Final Rating": row.rating, "Last Inspection Date": row.inspected,
        "Last Inspection End Date": row.inspected,
    }  # fmt: skip
    return [row.extra.get(h, known.get(h)) for h in headers]


def workbook_bytes(
    rows: Sequence[Row],
    *,
    headers: Sequence[str] = OLD_HEADERS,
    title: str = "ICE FACILITIES DATA, FY23",
    data_date: str = "09/30/2023",
    sheet: str = "Facilities FY23",
    blank_rows_before_header: int = 0,
    footnotes: Sequence[str] = ("[1] A footnote about the data.", "*Subject to change"),
    with_facilities_sheet: bool = True,
) -> bytes:
    """A workbook with a cover sheet, a detention sheet and the facilities sheet."""
    book = Workbook()
    cover = book.active
    if cover is None:
        raise RuntimeError("openpyxl made no sheet")
    cover.title = "Header"
    cover.append(["U.S. Immigration and Customs Enforcement"])
    book.create_sheet("Detention FY23").append(["Detention statistics", 1, 2, 3])
    if not with_facilities_sheet:
        return _save(book)
    ws = book.create_sheet(sheet)
    ws.append(["These statistics are made available to the public."])
    ws.append([])
    ws.append([title])
    ws.append(["ICE Enforcement and Removal Operations Data"])
    ws.append(["Facility Information", None, None, None, None, None, None, None, "ALOS"])
    ws.append([f"Source: ICE Integrated Decision Support (IIDS), {data_date}"])
    for _ in range(blank_rows_before_header):
        ws.append([])
    ws.append(list(headers))
    for row in rows:
        ws.append(_values(row, headers))
    for note in footnotes:
        ws.append([note])
    return _save(book)


def _save(book: Workbook) -> bytes:
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


TORRANCE = Row("TORRANCE COUNTY DETENTION FACILITY", "209 COUNTY ROAD 49", "ESTANCIA", "NM",
               87016, gm=714, rating="Meets Standard", inspected="10/1/2020")  # fmt: skip
TORRANCE_RENAMED = Row("TORRANCE/ESTANCIA, NM", "209 COUNTY ROAD 49", "ESTANCIA", "NM", "87016",
                       gm=505, rating="Pass", inspected=None)  # fmt: skip
