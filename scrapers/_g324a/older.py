"""The older G-324A revisions: "Rev. 7/9/07" (Detention Facility Inspection Form) and
"Rev. 9/3/08" (Detention Review Summary Form), both filled in and flattened.

Typed values sit on the line below their label; ratings, the facility type and the standards
table are ticked boxes, read from the drawing by `marks`.
"""

from __future__ import annotations

import re

from scrapers._base import InspectionRecord, LayoutChanged, Record
from scrapers._contract_letter import inspector_named
from scrapers._g324a.fields import date_span, line_after, normal_rating, value
from scrapers._g324a.marks import PageMarks
from scrapers._g324a.standards import standards_findings
from scrapers._ice_text import squash, state_code
from scrapers._quotes import clean_quote

MARKERS = ("Form G-324A SIS (Rev.", "Detention Facility Inspection Form", "Detention Review Summary Form")  # fmt: skip
RATINGS = ("Does Not Meet Standards", "Meets Standards", "Superior", "Good", "Acceptable", "Deficient", "At-Risk")  # fmt: skip
TYPES = {
    "ICE Service Processing Center": "SPC",
    "ICE Contract Detention Facility": "CDF",
    "ICE Intergovernmental Service Agreement": "IGSA",
}
# The name is on the line below the "Name" label. OCR of a scan may drop the label, read
# "D._ Name", add noise after it ("Name |") or join the right-hand column to the line.
NAME_LINE = re.compile(
    r"D\.[\W_]*Name and Location of Facility[^\n]*\n(?:[ \t]*Name\b[^\n]{0,4}\n)?[ \t]*([^\n]+)"
)
_RIGHT_COLUMN = re.compile(r"\s+Date (?:Last|Built|New)\b.*$")
_CITY = re.compile(r"^(?P<city>[^,]+),\s*(?P<state>[A-Za-z .]+?)\.?\s*(?:\d{5}(?:-\d{4})?)?\s*$")


def is_older_form(text: str) -> bool:
    """Whether a page set is one of the older revisions of the form."""
    return any(marker in text for marker in MARKERS) and "Facility Review" in text


def parse_older_form(
    pages: list[str], marks: dict[int, PageMarks], *, url: str | None = None
) -> list[Record]:
    """The inspection from page 1 and the LCI page, findings from the standards table."""
    index = _page_with(pages, "Name and Location of Facility")
    if index is None:
        raise LayoutChanged("older G-324A without its facility section", url=url)
    first = pages[index]
    inspection = _identity(first, url=url)
    inspection.page = index + 1
    inspection.inspector = inspector_named(" ".join(pages))
    inspection.facility_type = _ticked(marks.get(index), TYPES)
    inspection.previous_rating = normal_rating(_ticked_rating(marks.get(index)))
    lci = _page_with(pages, "Recommended Rating")
    if lci is not None:
        inspection.rating = normal_rating(_ticked_rating(marks.get(lci)))
    table = _page_with(pages, "Standards Review Summary Report")
    findings = []
    if table is not None and table in marks:
        findings = standards_findings(pages[table], marks[table], inspection, page_number=table + 1)
    return [inspection, *findings]


def _identity(first: str, *, url: str | None) -> InspectionRecord:
    """Facility name, place and the current and previous inspection dates."""
    m = NAME_LINE.search(first)
    name = value(_RIGHT_COLUMN.sub("", m.group(1))) if m else None
    start, end = date_span(line_after(first, r"Date\[s\] of Facility Review"))
    previous = date_span(line_after(first, r"Date\[s\] of Last Facility Review"))[1]
    city, state = _place(line_after(first, r"City, State and Zip Code"))
    if not name:
        raise LayoutChanged("older G-324A without a facility name", url=url)
    quote_start = first.find("Date[s] of Facility Review")
    return InspectionRecord(
        quote=clean_quote(first[quote_start : first.find("Address")], 500) or None,
        facility_name=name,
        city=city,
        state=state,
        inspection_type="contract annual",
        start_date=start,
        end_date=end,
        date_uncertain=start is None or end is None,
        previous_date=previous,
        pdf_url=url,
    )


def _place(line: str | None) -> tuple[str | None, str | None]:
    m = _CITY.match(squash(line or ""))
    if not m:
        return None, None
    return m["city"].strip(), state_code(m["state"].strip())


def _page_with(pages: list[str], needle: str) -> int | None:
    return next((i for i, text in enumerate(pages) if needle in text), None)


def _ticked(page: PageMarks | None, options: dict[str, str]) -> str | None:
    """The code of the one ticked option among `options`; None when none or several are."""
    found = {code for mark in (page.marks if page else []) for label, code in options.items() if _names(mark.label, label)}  # fmt: skip
    return found.pop() if len(found) == 1 else None


def _names(text: str, option: str) -> bool:
    """Whether the words after a tick are this option (long labels may be cut at the margin)."""
    return text.startswith(option) or (len(text) >= 15 and option.startswith(text))


def _ticked_rating(page: PageMarks | None) -> str | None:
    """The rating box ticked on a page (options read longest first: 'Does Not Meet ...')."""
    return _ticked(page, {rating: rating for rating in RATINGS})
