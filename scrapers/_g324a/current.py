"""The current G-324A "Facility Significant Incident Summary" (form revisions of 2019 on).

Its fields are printed as "Label: value" lines; the deficient standards are in the cover
letter, not in this form, so it gives the inspection, its incident counts and staffing.
"""

from __future__ import annotations

import re
from datetime import date

from scrapers._base import InspectionRecord, LayoutChanged, Record
from scrapers._contract_letter import inspector_named
from scrapers._g324a.fields import normal_rating, real_date, same_line, value
from scrapers._g324a.tables import parse_incidents, parse_staffing_levels
from scrapers._quotes import clean_quote

MARKERS = ("Facility Significant Incident Summary", "Facilty Name:", "Facility Name:")
# "From: 10/21/2020 To: 10/23/2020"; OCR of a scan may read "| From: | d1 d2" or lose "From:".
_DATES = re.compile(
    r"(?:From:|Inspection Dates\*?:)[ \t|]*(?:From:)?[ \t|]*([\d/]*)[ \t|]*(?:To:)?[ \t|]*([\d/]*)"
)
# The value of this two-line label is printed on either line.
_PREVIOUS = re.compile(r"Completion\s*Date\*?:\s*(\d{1,2}/\d{1,2}/\d{2,4})")


def is_current_form(text: str) -> bool:
    """Whether a page set is the current revision of the form."""
    return MARKERS[0] in text and re.search(r"Facil(?:i)?ty Name:", text) is not None


def parse_current_form(
    pages: list[str], *, url: str | None = None, ocr: frozenset[int] = frozenset()
) -> list[Record]:
    """Read the labelled fields of page 1, the staffing section and the incident tables.

    `ocr` holds the 1-based pages whose text is OCR of an image; their incident tables are
    not read (see `parse_incidents`).
    """
    first = next((p for p in pages if re.search(r"Facil(?:i)?ty Name:", p)), pages[0])
    name = same_line(first, r"Facil(?:i)?ty Name:")
    dates = _DATES.search(first)
    if not name or not dates or not (dates.group(1) or dates.group(2)):
        raise LayoutChanged("G-324A summary without facility name or inspection dates", url=url)
    inspection = InspectionRecord(
        page=pages.index(first) + 1,
        quote=clean_quote(first[first.find("Facil") : first.find("SIS Comments")], 500) or None,
        facility_name=name,
        inspector=inspector_named(" ".join(pages)),
        inspection_type="contract annual",
        start_date=real_date(dates.group(1)),
        end_date=real_date(dates.group(2)),
        rating=normal_rating(same_line(first, r"Recommended Rating:")),
        previous_date=_previous_date(first),
        previous_rating=normal_rating(same_line(first, r"Previous Rating:")),
        operator=value(same_line(first, r"Facility Operator:")),
        incidents=parse_incidents(pages, ocr=ocr),
        pdf_url=url,
    )
    inspection.date_uncertain = inspection.start_date is None or inspection.end_date is None
    staffing = parse_staffing_levels(pages, facility_name=name, as_of=inspection.end_date)
    return [*staffing, inspection]


def _previous_date(first: str) -> date | None:
    m = _PREVIOUS.search(first)
    return real_date(m.group(1)) if m else None
