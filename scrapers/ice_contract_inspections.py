"""ICE contract inspections (Nakamoto Group, later Creative Corrections): cover letters and
Form G-324A Significant Incident Summaries, both text PDFs from the ICE FOIA library.

Each file gives one `inspection` record; the writer merges the letter and the form of the same
inspection (facility + inspector + end date). Staffing statements become `staffing` records,
deficient standards and areas of concern become `finding` records.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scrapers._base import (
    BadDocument,
    Page,
    Record,
    SourceInfo,
)
from scrapers._contract_docs import document_text, is_listing, mark_ocr
from scrapers._contract_letter import is_cover_letter, parse_cover_letter
from scrapers._g324a import is_summary_form, parse_summary_form
from scrapers._ice_links import pdf_links
from scrapers._scanned import DocumentText

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
    if is_listing(page):
        return list(pdf_links(page, keywords=KEYWORDS))
    document = document_text(page)  # named errors for empty, non-PDF and other documents
    return mark_ocr(_parse_document(page, document), document)


def _parse_document(page: Page, document: DocumentText) -> list[Record]:
    text = "\n".join(document.pages)
    if is_summary_form(text):
        return parse_summary_form(page.content, document.pages, url=page.url, ocr=document.ocr)
    if is_cover_letter(text):
        return parse_cover_letter(document.pages, url=page.url)
    raise BadDocument("not a contract-inspection cover letter or G-324A summary", url=page.url)
