"""ICE contract inspections (Nakamoto Group, later Creative Corrections): cover letters and
Form G-324A Significant Incident Summaries, both text PDFs from the ICE FOIA library.

Each file gives one `inspection` record; the writer merges the letter and the form of the same
inspection (facility + inspector + end date). Staffing statements become `staffing` records,
deficient standards and areas of concern become `finding` records.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from scrapers._base import (
    BadDocument,
    InspectionRecord,
    LayoutChanged,
    Page,
    Record,
    SourceInfo,
)
from scrapers._contract_letter import inspector_named, is_cover_letter, parse_cover_letter
from scrapers._ice_forms import parse_incidents, parse_staffing_levels
from scrapers._ice_links import pdf_links
from scrapers._ice_text import (
    parse_us_date,
    pdf_pages,
    squash,
)

SOURCE = SourceInfo(
    key="ice_contract_inspections",
    name="ICE contract inspections (Nakamoto / Creative Corrections)",
    url="https://www.ice.gov/detain/facility-inspections",
    allowed_hosts=("www.ice.gov", "ice.gov"),
    schedule="30 6 * * 2",
    expected_cadence_days=120,
    publisher="U.S. Immigration and Customs Enforcement",
    requests_per_second=0.5,
    description="Annual contractor inspections: cover letters and G-324A summary forms.",
)

FORM_MARKERS = ("Form G-324A", "Significant Incident Summary")
KEYWORDS = ("facilityinspections", "inspection", "g-324", "_sis_", "_cl_", "nakamoto", "creative")


def fetch(client: Any) -> Iterator[Page]:
    """Fetch the facility-inspections page, then every new inspection PDF it links to."""
    known = set(getattr(client, "known", ()))  # published PDFs do not change
    listing = client.get(client.url(SOURCE.url), kind_hint="listing")
    if listing is None:
        return  # unchanged since the last run
    yield listing
    for link in pdf_links(listing, keywords=KEYWORDS):
        if link.url in known:
            continue
        meta = {"external_id": link.url, "title": link.title, "doc_kind": "inspection"}
        pdf = client.get(link.url, kind_hint="pdf", meta=meta)
        if pdf is not None:
            yield pdf


def parse(page: Page) -> list[Record]:
    """Parse a cover letter or G-324A summary PDF (or a listing page into links)."""
    if not page.content.lstrip()[:5].startswith(b"%PDF"):
        return list(pdf_links(page, keywords=KEYWORDS))
    pages = pdf_pages(page.content, url=page.url)
    text = "\n".join(pages)
    if any(marker in text for marker in FORM_MARKERS) and re.search(r"Facil(?:i)?ty Name:", text):
        return parse_summary_form(pages, url=page.url)
    if is_cover_letter(text):
        return parse_cover_letter(pages, url=page.url)
    raise BadDocument("not a contract-inspection cover letter or G-324A summary", url=page.url)


# ---------------------------------------------------------------- G-324A summary form


def _field(text: str, pattern: str) -> str | None:
    """The value after a form label on the same line, or None when blank or absent."""
    m = re.search(pattern, text, re.I)
    value = squash(m.group(1)) if m else ""
    return value or None


def parse_summary_form(pages: list[str], *, url: str | None = None) -> list[Record]:
    """Read the G-324A summary's labelled fields, staffing table and incident tables."""
    first = pages[0]
    name = _field(first, r"Facil(?:i)?ty Name:[ \t]*([^\n]+)")
    dates = re.search(r"From:\s*([\d/]+)\s*To:\s*([\d/]+)", first)
    if not name or not dates:
        raise LayoutChanged("G-324A summary without facility name or inspection dates", url=url)
    previous = re.search(r"Previous Inspection Completion\s*Date\*?:\s*([\d/]+)", first)
    inspection = InspectionRecord(
        page=1,
        quote=squash(first[first.find("Facil") : first.find("SIS Comments")])[:500] or None,
        facility_name=name,
        inspector=inspector_named(" ".join(pages)),
        inspection_type="contract annual",
        start_date=parse_us_date(dates.group(1)),
        end_date=parse_us_date(dates.group(2)),
        rating=_field(first, r"Recommended Rating:[ \t]*([^\n]+)"),
        previous_date=parse_us_date(previous.group(1)) if previous else None,
        previous_rating=_field(first, r"Previous Rating:[ \t]*([^\n]+)"),
        operator=_field(first, r"Facility Operator:[ \t]*([^\n]+)"),
        incidents=parse_incidents(pages),
        pdf_url=url,
    )
    if inspection.start_date is None or inspection.end_date is None:
        inspection.date_uncertain = True
    staffing = parse_staffing_levels(pages, facility_name=name, as_of=inspection.end_date)
    return [*staffing, inspection]
