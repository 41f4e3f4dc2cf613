"""The "DHS/ICE Detention Standards Review Summary Report" table of the older G-324A forms.

One row per standard, one ticked box per row. The header line names the columns, and the
two revisions number them differently:
    Rev. 9/3/08: 1 Meets Standards, 2 Does Not Meet Standards, 3 Repeat Finding, 4 N/A
    Rev. 7/9/07: 1 Acceptable, 2 Deficient, 3 At Risk, 4 Repeat Finding, 5 N/A
so the meaning of each column is read from the header, not assumed from the revision.
"""

from __future__ import annotations

import re

from scrapers._base import FindingRecord, InspectionRecord
from scrapers._g324a.marks import Mark, PageMarks
from scrapers._ice_text import squash
from scrapers._taxonomy import categorize

_HEADER_ITEM = re.compile(r"(\d)\.\s*([A-Za-z][A-Za-z -]*?)(?=\s*\d|\s*$)")
_ROW = re.compile(r"^\s*(\d{1,2})\.?\s+(\S.*?)\s*$", re.M)
_MEANINGS = {
    "acceptable": "compliant",
    "meets standards": "compliant",
    "deficient": "deficient",
    "does not meet standards": "deficient",
    "at risk": "at_risk",
    "repeat finding": "repeat",
    "not applicable": "not_applicable",
}
# The line that carries the column numbers: its own row in Rev. 7/9/07, the legend in 9/3/08.
TABLE_HEADERS = ("Legal Access Standards", "Not Applicable")


def column_meanings(page_text: str) -> dict[int, str]:
    """Column number -> meaning, from the legend line ('1. Acceptable 2. Deficient ...')."""
    legend = next((line for line in page_text.splitlines() if "Not Applicable" in line), "")
    meanings = {}
    for number, label in _HEADER_ITEM.findall(legend):
        meaning = _MEANINGS.get(squash(label).lower().replace("-", " "))
        if meaning:
            meanings[int(number)] = meaning
    return meanings


def standards_findings(
    page_text: str, page: PageMarks, inspection: InspectionRecord, *, page_number: int
) -> list[FindingRecord]:
    """Fill the inspection's standards counts; one finding per deficient or at-risk row."""
    meanings = column_meanings(page_text)
    rows = _row_labels(page_text)
    ticked: dict[str, set[str]] = {}
    for mark in page.marks:
        meaning = meanings.get(page.column_of(mark) or 0)
        label = _row_of(mark, rows)
        if meaning and label:
            ticked.setdefault(label, set()).add(meaning)
    reviewed = [label for label, ms in ticked.items() if ms - {"not_applicable"}]
    failing = [label for label in reviewed if ticked[label] & {"deficient", "at_risk"}]
    inspection.standards_reviewed = len(reviewed) if ticked else None
    inspection.standards_deficient = len(failing) if ticked else None
    inspection.standards_compliant = len(reviewed) - len(failing) if ticked else None
    return [_finding(label, ticked[label], inspection, page_number) for label in failing]


def _row_labels(page_text: str) -> dict[int, str]:
    """Row number -> standard name as printed ('9. Food Service' -> {9: 'Food Service'})."""
    rows = {}
    for number, name in _ROW.findall(page_text):
        if not name[:1].isdigit() and int(number) not in rows:
            rows[int(number)] = squash(name)
    return rows


def _row_of(mark: Mark, rows: dict[int, str]) -> str | None:
    m = re.match(r"\s*(\d{1,2})\b", mark.row)
    return rows.get(int(m.group(1))) if m else None


def _finding(
    label: str, meanings: set[str], inspection: InspectionRecord, page_number: int
) -> FindingRecord:
    level = "At Risk" if "at_risk" in meanings else "Deficient"
    return FindingRecord(
        page=page_number,
        quote=f"{label}: {level}" + (" (repeat finding)" if "repeat" in meanings else ""),
        facility_name=inspection.facility_name,
        category=categorize(label),
        result="deficient",
        raw_label=label,
        summary=f"rated {level} in the Standards Review Summary Report",
        found_date=inspection.end_date,
        is_repeat="repeat" in meanings,
    )
