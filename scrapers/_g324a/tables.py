"""Tables of the ICE Form G-324A summary: incident counts and staffing levels.

Labels in the form wrap over several lines and numbers follow the last line, so rows are read
by accumulating label text until a line ends with a run of numbers.
"""

from __future__ import annotations

import re
from datetime import date

from scrapers._base import StaffingRecord
from scrapers._ice_staffing import arithmetic
from scrapers._ice_text import squash

_NUMBERS_AT_END = re.compile(r"^(?P<label>.*?)\s*(?P<nums>(?:\d+\s+){1,11}\d+|\d+)\s*$")
_SECTION = re.compile(r"\((?:ICE Only)\)\s*$|^Grievances \(ICE Only\)|^(?:Sexual Abuse and Assault Allegations|Substantiated Sexual Assault Allegations|Critical Incidents|Contraband|Causes of Death|Segregation)\s*$", re.I)  # fmt: skip
_NOISE = re.compile(r"^(?:Jan Feb|Department of|Immigration and|Page \d|Form G-324A|For the Past Year|Number of\s*$|ICE Detainees|Non-ICE Inmates|Total Number of|Incidents \(or|\*includes|•)", re.I)  # fmt: skip
_PAST_YEAR_COLUMNS = ("ice", "non_ice", "total")


def slug(text: str) -> str:
    """A stable snake_case key for a form label."""
    words = re.sub(r"[^a-z0-9]+", " ", text.lower()).split()
    return "_".join(words)[:80]


def parse_incidents(pages: list[str], *, ocr: frozenset[int] = frozenset()) -> dict[str, int]:
    """Incident counts: monthly rows summed over the year, past-year rows per column.

    Pages in `ocr` (1-based) are skipped: Tesseract reads the table's grid of small numbers
    column by column, so labels and numbers come apart and the counts would be made up.
    """
    start = next((i for i, p in enumerate(pages) if "Facility Incidents" in p), None)
    if start is None:
        return {}
    counts: dict[str, int] = {}
    state = {"section": "", "label": "", "base": ""}
    for number, page_text in enumerate(pages[start:], start=start + 1):
        if number in ocr:
            state = {"section": "", "label": "", "base": ""}  # a row never spans a gap
            continue
        if "APPENDIX A" in page_text:
            page_text = page_text.split("APPENDIX A")[0]
        for line in page_text.splitlines():
            _read_line(squash(line), state, counts)
    return counts


def _read_line(line: str, state: dict[str, str], counts: dict[str, int]) -> None:
    """Update the running label/section, or record the numbers a row ends with."""
    if not line or _NOISE.match(line):
        return
    if _SECTION.search(line) and not _NUMBERS_AT_END.match(line):
        state["section"] = "substantiated" if line.lower().startswith("substantiated") else ""
        state["label"] = ""
        return
    m = _NUMBERS_AT_END.match(line)
    if not m:
        state["label"] = f"{state['label']} {line.lstrip('*')}".strip()
        return
    label = f"{state['label']} {m['label']}".strip().lstrip("*").strip()
    state["label"] = ""
    if not label:
        return
    if "#" in label:  # grievance rows: "Safety:" then "# filed", "# Substantiated"
        base, _, rest = label.partition("#")
        state["base"] = base.strip() or state["base"]
        label = f"grievances {state['base']} {rest}"
    _store(label, [int(n) for n in m["nums"].split()], state["section"], counts)


def _store(label: str, numbers: list[int], section: str, counts: dict[str, int]) -> None:
    """Monthly rows (12 numbers) are summed; shorter rows are ICE / non-ICE / total columns."""
    key = slug(f"{section} {label}")
    if not key:
        return
    if len(numbers) == 12:
        counts[key] = sum(numbers)
    elif len(numbers) <= len(_PAST_YEAR_COLUMNS):
        for column, value in zip(_PAST_YEAR_COLUMNS, numbers, strict=False):
            counts[f"{key}_{column}"] = value


_STAFF_FIELDS = {
    "security": (r"Authorized Correctional/Security Positions \(FTE\):", r"Correctional/Security Position\(s\) Vacant:"),
    "medical": (r"Authorized Medical Staff Positions \(FTE\):", r"Medical Staff Position\(s\) Vacant:"),
}  # fmt: skip


def parse_staffing_levels(
    pages: list[str], *, facility_name: str | None, as_of: date | None
) -> list[StaffingRecord]:
    """Section I of the form: authorized and vacant positions (often blank or redacted)."""
    records = []
    for number, text in enumerate(pages, start=1):
        if "Facility Staffing Levels" not in text:
            continue
        for group, (authorized, vacant) in _STAFF_FIELDS.items():
            required = re.search(authorized + r"[ \t]*(\d+)", text)
            vacancies = re.search(vacant + r"[ \t]*(\d+)", text)
            if not required:
                continue
            record = StaffingRecord(
                page=number, quote=squash(required.group(0) + (f"; {vacancies.group(0)}" if vacancies else "")),
                facility_name=facility_name, as_of_date=as_of, role_group=group,
                required=int(required.group(1)),
                vacancies=int(vacancies.group(1)) if vacancies else None,
            )  # fmt: skip
            records.append(arithmetic(record))
    return records
