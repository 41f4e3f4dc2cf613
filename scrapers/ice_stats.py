"""ICE detention-statistics workbooks: one row per facility holding people, several releases a year.

The layout drifts between releases (title rows added, header on row 7 or 10, columns
renamed, inserted or dropped), so the facilities sheet, its header row and every column
are found by content. Columns the parser does not know are kept raw.
"""

from __future__ import annotations

import hashlib
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from bs4 import BeautifulSoup, XMLParsedAsHTMLWarning

from scrapers._base import ColumnsUnmapped, LayoutChanged, Page, Record, SourceInfo
from scrapers._stats_columns import POPULATION, field_for, is_header_row
from scrapers._stats_inspections import (
    InspectionColumns,
    StatInspection,
    latest,
    map_columns,
    row_inspections,
)
from scrapers._workbook import (
    OLE_MAGIC,
    Rows,
    blank,
    clean_header,
    jsonable,
    read_sheets,
    to_date,
    to_float,
    to_int,
    to_text,
    to_zip,
)

SOURCE = SourceInfo(
    key="ice_stats",
    name="ICE detention statistics workbooks",
    url="https://www.ice.gov/detain/detention-management",
    allowed_hosts=("www.ice.gov", "ice.gov"),
    schedule="0 7 * * 1",
    expected_cadence_days=45,
    publisher="U.S. Immigration and Customs Enforcement",
    requests_per_second=0.5,
    description="Facilities sheet of each release: address, AOR, type, population, "
    "guaranteed minimum, last inspection; the basis of the facility registry.",
)

_FY = re.compile(r"\bFY\s?'?(\d{4}|\d{2})\b", re.IGNORECASE)
_DATA_DATE = re.compile(r"(?:source|IIDS)[^0-9]*(\d{1,2}/\d{1,2}/\d{4})", re.IGNORECASE)
_FOOTNOTE_SUFFIX = re.compile(r"(?<=[A-Za-z]{3})\d$")
HEADER_SCAN_ROWS = 40


@dataclass
class StatReleaseRecord(Record):
    """What identifies one workbook release."""

    kind: str = field(init=False, default="stat_release")
    label: str = ""
    fiscal_year: int | None = None
    data_date: date | None = None
    title: str | None = None
    file_name: str = ""
    sha256: str = ""
    sheet_name: str = ""
    header_row: int = 0
    columns: list[str] = field(default_factory=list)
    column_fields: dict[str, str] = field(default_factory=dict)


@dataclass
class FacilityRowRecord(Record):
    """One facility row of the facilities sheet, typed; unknown columns kept in `extra`."""

    kind: str = field(init=False, default="facility_row")
    row_number: int = 0
    name: str = ""
    raw_name: str = ""
    address: str | None = None
    city: str | None = None
    state: str | None = None
    zip: str | None = None
    aor: str | None = None
    type_detailed: str | None = None
    gender: str | None = None
    alos: float | None = None
    adp_total: float | None = None
    guaranteed_minimum: int | None = None
    last_inspection_type: str | None = None
    last_inspection_standard: str | None = None
    last_inspection_rating: str | None = None
    last_inspection_date: date | None = None
    last_inspection_inspector: str | None = None
    # Every inspection the row states (per inspector and rank), the latest one included.
    inspections: list[dict[str, Any]] = field(default_factory=list)
    population: dict[str, float | None] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class ParsedWorkbook:
    release: StatReleaseRecord
    rows: list[FacilityRowRecord]


def fetch(client: Any) -> Iterator[Page]:
    """Fetch the detention-management page, then every statistics workbook it links to."""
    listing = client.get(SOURCE.url)
    yield listing
    for url in workbook_links(listing):
        yield client.get(url)


def workbook_links(page: Page) -> list[str]:
    """Absolute URLs of the .xlsx statistics workbooks linked from a page, in page order."""
    with warnings.catch_warnings():
        # A listing served as XHTML is still a listing; bs4 would warn (an error in tests).
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        soup = BeautifulSoup(page.content, "lxml")
    base = page.final_url or page.url
    links: list[str] = []
    for anchor in soup.find_all("a", href=True):
        href = urljoin(base, str(anchor["href"]).strip())
        if href.lower().split("?")[0].endswith(".xlsx") and "stat" in href.lower():
            links.append(href)
    return list(dict.fromkeys(links))


def parse(page: Page) -> list[Record]:
    """A workbook gives its release then one record per facility row; a listing gives nothing."""
    if not page.content.startswith((b"PK", OLE_MAGIC)):
        return []  # the listing page: its links are followed by fetch
    name = page.meta.get("file_name") or Path(page.final_url or page.url).name
    parsed = parse_workbook(page.content, file_name=str(name), url=page.url)
    return [parsed.release, *parsed.rows]


def parse_workbook(content: bytes, *, file_name: str, url: str | None = None) -> ParsedWorkbook:
    """Parse the facilities sheet of a statistics workbook of any release."""
    sheets = read_sheets(content, url=url)
    sheet_name, rows, header_index = _find_facilities_sheet(sheets, url=url)
    headers = [clean_header(v) for v in rows[header_index]]
    try:
        inspections = map_columns(headers)
    except ColumnsUnmapped as exc:
        raise ColumnsUnmapped(f"{exc} (sheet '{sheet_name}')", url=url) from exc
    fields = {h: f for h in headers if h and (f := field_for(h)) is not None}
    fields.update(inspections.field_names())
    release = StatReleaseRecord(
        file_name=file_name,
        sha256=hashlib.sha256(content).hexdigest(),
        sheet_name=sheet_name,
        header_row=header_index + 1,
        columns=[h for h in headers if h],
        column_fields=fields,
    )
    _describe_release(release, rows[:header_index], sheet_name)
    parsed = [
        _row_record(headers, fields, inspections, values, header_index + 2 + offset)
        for offset, values in enumerate(rows[header_index + 1 :])
    ]
    return ParsedWorkbook(release, [r for r in parsed if r is not None])


def _find_facilities_sheet(sheets: dict[str, Rows], *, url: str | None) -> tuple[str, Rows, int]:
    """The sheet holding the facility table and the index of its header row."""
    # Sheets titled "Facilities ..." first; then any other sheet, since titles drift too.
    ordered = sorted(sheets, key=lambda n: "facilit" not in n.lower())
    for name in ordered:
        rows = sheets[name]
        for index, values in enumerate(rows[:HEADER_SCAN_ROWS]):
            if is_header_row([clean_header(v) for v in values]):
                return name, rows, index
    if not any("facilit" in n.lower() for n in sheets):
        raise LayoutChanged("no facilities sheet in the workbook", url=url)
    raise LayoutChanged(
        "facilities header row not found (no row naming Name, City, State and Zip columns)",
        url=url,
    )


def _describe_release(release: StatReleaseRecord, top: Rows, sheet_name: str) -> None:
    """Fiscal year, data date, title and label from the rows above the header."""
    lines = [str(v) for row in top for v in row if isinstance(v, str) and v.strip()]
    title = next((t for t in lines if "FACILITIES DATA" in t.upper()), None)
    release.title = " ".join(title.split()) if title else None
    for text in [release.title or "", sheet_name, release.file_name, *lines]:
        match = _FY.search(text)
        if match:
            year = int(match.group(1))
            release.fiscal_year = year + 2000 if year < 100 else year
            break
    for text in lines:
        found = _DATA_DATE.search(text)
        if found:
            release.data_date = to_date(found.group(1))
            break
    release.label = release_label(release.fiscal_year, release.data_date, release.file_name)


def release_label(fiscal_year: int | None, data_date: date | None, file_name: str) -> str:
    """Human label of a release, unique per data pull: 'FY2022 as of 2022-09-19'."""
    head = f"FY{fiscal_year}" if fiscal_year else Path(file_name).stem
    return f"{head} as of {data_date.isoformat()}" if data_date else head


def _row_record(
    headers: list[str],
    fields: dict[str, str],
    inspections: InspectionColumns,
    values: tuple[Any, ...],
    row_number: int,
) -> FacilityRowRecord | None:
    """A typed record for a facility row; None for blank, footnote and note rows."""
    cells = {h: values[i] for i, h in enumerate(headers) if h and i < len(values)}
    typed: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    population: dict[str, float | None] = {}
    inspection_headers = inspections.headers()
    for header, value in cells.items():
        name = fields.get(header)
        if header in inspection_headers:
            continue
        if name == POPULATION:
            population[header] = to_float(value)
        elif name is not None:
            typed.setdefault(name, value)
        elif not blank(value):
            extra[header] = jsonable(value)
    raw_name = to_text(typed.get("name"))
    place = [to_text(typed.get(k)) for k in ("address", "city", "state")]
    if not raw_name or not any(place) or raw_name.startswith(("[", "*", "Source", "Note")):
        return None
    record = _typed_row(row_number, raw_name, typed, population, extra)
    _set_inspections(record, row_inspections(inspections, cells))
    if inspections.last_type and record.last_inspection_type is None:
        record.last_inspection_type = to_text(cells.get(inspections.last_type))
    return record


def _set_inspections(record: FacilityRowRecord, found: list[StatInspection]) -> None:
    """The snapshot's last inspection is the latest of all, whoever inspected; all are kept."""
    record.inspections = [i.to_dict() for i in found]
    last = latest(found)
    if last is None:
        return
    record.last_inspection_inspector = last.inspector
    record.last_inspection_type = last.type
    record.last_inspection_standard = last.standard
    record.last_inspection_rating = last.rating
    record.last_inspection_date = last.date


def _typed_row(
    row_number: int,
    raw_name: str,
    typed: dict[str, Any],
    population: dict[str, float | None],
    extra: dict[str, Any],
) -> FacilityRowRecord:
    levels = [v for k, v in population.items() if k.lower().startswith("level") and v is not None]
    return FacilityRowRecord(
        row_number=row_number,
        # ICE appends footnote numbers to names ("... RESIDENTIAL CENTER3").
        name=_FOOTNOTE_SUFFIX.sub("", raw_name).strip(),
        raw_name=raw_name,
        address=to_text(typed.get("address")),
        city=to_text(typed.get("city")),
        state=(to_text(typed.get("state")) or "").upper() or None,
        zip=to_zip(typed.get("zip")),
        aor=to_text(typed.get("aor")),
        type_detailed=to_text(typed.get("type_detailed")),
        gender=to_text(typed.get("gender")),
        alos=to_float(typed.get("alos")),
        # The classification levels partition the population; a total column wins if present.
        adp_total=to_float(typed.get("adp_total")) or (round(sum(levels), 4) if levels else None),
        guaranteed_minimum=to_int(typed.get("guaranteed_minimum")),
        population=population,
        extra=extra,
    )
