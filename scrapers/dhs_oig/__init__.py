"""DHS Office of Inspector General: ICE reports (listing, report page, PDF).

The listing ("Audits, Inspections, and Evaluations" filtered to ICE) is an HTML table of
report number, title link (sometimes after a summary paragraph), issue date (mm/dd/yyyy) and
fiscal year, newest first, paginated with `page=N`. Each report page has labelled fields and
the PDF link; the PDF holds recommendations, responses, status, staffing and findings.
"""

from __future__ import annotations

import hashlib
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from scrapers._base import DocumentRecord, LayoutChanged, LinkRecord, Page, Record, SourceInfo
from scrapers._html import (
    find_table,
    soup_of,
)
from scrapers._pdftext import is_pdf, page_texts
from scrapers.dhs_oig.findings import extract_findings
from scrapers.dhs_oig.pages import LISTING_COLUMNS, parse_detail, parse_listing
from scrapers.dhs_oig.recs import extract_recommendations
from scrapers.dhs_oig.staffing import extract_staffing
from scrapers.dhs_oig.text import (
    ReportText,
    cover_title,
    facility_names,
    fiscal_year,
    own_report_number,
    parse_date,
    report_type,
    visit_end,
)

SOURCE = SourceInfo(
    key="dhs_oig",
    name="DHS OIG reports on ICE",
    url="https://www.oig.dhs.gov/reports/audits-inspections-and-evaluations"
    "?field_dhs_agency_target_id=3&field_oversight_area=All&field_fy_value=All",
    allowed_hosts=("www.oig.dhs.gov", "oig.dhs.gov"),
    schedule="0 6 * * *",
    expected_cadence_days=60,
    publisher="DHS Office of Inspector General",
    requests_per_second=1.0,
    description="Inspections, management alerts, audits and summary reports about ICE: "
    "recommendations, responses, status, staffing and findings.",
)
MAX_LISTING_PAGES = 200


@dataclass
class _Batch:
    """One listing page's work in flight: report pages downloading, maybe the next listing."""

    links: list[LinkRecord]
    details: list[Any]  # futures of report pages
    next_listing: Any | None  # future of the next listing page


def fetch(client: Any) -> Iterator[Page]:
    """Walk the listing newest first, stopping at known reports unless `since` asks for more.

    Downloads are pipelined within the rate limit: the next listing page and its report
    pages download while the current page's PDFs are being handled.
    """
    from scrapers._base import Request

    listing = client.fetch(_listing_request(Request, client.url(SOURCE.url), 0))
    if listing is None:
        return  # the first page is unchanged, so nothing new was published
    yield listing
    visited = {listing.url}
    batch = _plan(client, listing, 1, visited)
    for index in range(2, MAX_LISTING_PAGES + 2):
        pdfs = yield from _report_pages(client, batch)
        following = None
        if batch.next_listing is not None and (page := batch.next_listing.result()) is not None:
            yield page
            following = _plan(client, page, index, visited)
        for future in pdfs:
            if (pdf := future.result()) is not None:
                yield pdf
        if following is None:
            return
        batch = following


def _plan(client: Any, listing: Page, index: int, visited: set[str]) -> _Batch:
    """Parse a listing page and start downloading what it leads to."""
    from scrapers._base import Request

    digest = hashlib.sha256(listing.content).hexdigest()
    if digest in visited:
        return _Batch([], [], None)  # the same listing again: the pager goes round in circles
    visited.add(digest)
    records = parse_listing(listing)
    wanted, stop = _wanted(records, client.known, client.since)
    following = next(
        (r.url for r in records if isinstance(r, LinkRecord) and r.link_kind == "next"), None
    )
    details = [client.submit(_detail_request(Request, link)) for link in wanted]
    upcoming = None
    # A pager pointing back at a page already read would loop: stop there.
    if following and following not in visited and not stop and index < MAX_LISTING_PAGES:
        visited.add(following)
        upcoming = client.submit(_listing_request(Request, following, index))
    return _Batch(wanted, details, upcoming)


def _report_pages(client: Any, batch: _Batch) -> Generator[Page, None, list[Any]]:
    """Yield each report page as it arrives and start its PDF; returns the PDF futures."""
    from scrapers._base import Request

    pdfs = []
    for link, future in zip(batch.links, batch.details, strict=True):
        page = future.result()
        if page is None:
            continue
        yield page
        info = next((r for r in parse_detail(page) if isinstance(r, DocumentRecord)), None)
        if info is not None and info.pdf_url:
            meta = {
                "external_id": info.external_id,
                "doc_kind": "report",
                "title": info.title or link.title,
                "listing": _listing_meta(info, link),
            }
            pdfs.append(client.submit(Request(info.pdf_url, "pdf", meta)))
    return pdfs


def _listing_request(request_type: Any, url: str, index: int) -> Any:
    meta = {
        "external_id": f"listing:{index}",
        "doc_kind": "listing",
        "title": f"DHS OIG ICE reports, listing page {index + 1}",
    }
    # Only the first page is asked "changed since?": a 304 there means nothing new anywhere.
    return request_type(url, "listing", meta, index == 0)


def _detail_request(request_type: Any, link: LinkRecord) -> Any:
    meta = {
        "external_id": f"{link.external_id}#page",
        "doc_kind": "web_page",
        "title": link.title or link.external_id,
    }
    return request_type(link.url, "detail", meta)


def _wanted(
    records: list[Record], known: set[str], since: date | None
) -> tuple[list[LinkRecord], bool]:
    """Report links to follow, and whether the walk should stop after this page."""
    wanted: list[LinkRecord] = []
    for link in (r for r in records if isinstance(r, LinkRecord) and r.link_kind == "detail"):
        if since is not None:
            if link.published_date is not None and link.published_date < since:
                return wanted, True
            wanted.append(link)
        elif link.external_id in known:
            return wanted, True
        else:
            wanted.append(link)
    return wanted, False


def _listing_meta(info: DocumentRecord, link: LinkRecord) -> dict[str, Any]:
    return {"report_number": info.report_number or link.external_id,
            "title": info.title or link.title, "published_date": info.published_date or link.published_date,
            "fiscal_year": info.fiscal_year, "detail_url": info.detail_url}  # fmt: skip


# ---------------------------------------------------------------- parse


def parse(page: Page) -> list[Record]:
    """A listing page, a report page or a report PDF, told apart by content."""
    if page.kind_hint == "pdf" or is_pdf(page.content):
        return parse_pdf(page)
    soup = soup_of(page)
    if page.kind_hint == "listing" or find_table(soup, LISTING_COLUMNS):
        return parse_listing(page, soup)
    return parse_detail(page, soup)


def parse_pdf(page: Page) -> list[Record]:
    """A report PDF: metadata from the cover, then recommendations, staffing and findings."""
    text = ReportText(page_texts(page.content, url=page.url))
    listing = page.meta.get("listing") or {}
    # The capture is filed under the listing's number; the text decides only without one.
    number = listing.get("report_number") or own_report_number(text.raw_pages)
    if number is None:
        raise LayoutChanged("no OIG report number on the cover pages", url=page.url)
    title = listing.get("title") or cover_title(text.raw_pages[0]) or number
    issued = listing.get("published_date") or parse_date(text.raw_pages[0])
    kind = report_type(title, text.joined, number)
    facilities = facility_names(title, text.joined)
    subject = facilities[0] if len(facilities) == 1 else None
    document = DocumentRecord(
        external_id=number,
        title=title,
        url=page.url,
        report_number=number,
        report_type=kind,
        published_date=issued,
        fiscal_year=listing.get("fiscal_year") or fiscal_year(issued),
        pdf_url=page.final_url or page.url,
        detail_url=listing.get("detail_url"),
        facility_names=facilities,
        page_count=len(text.pages),
    )
    staffing = extract_staffing(text, subject, issued if isinstance(issued, date) else None)
    visited = visit_end(text.joined)
    for observation in staffing:
        # The last day the figure describes (the passage's own date, else the inspection).
        described = observation.observed_until or observation.observed_on
        observation.as_of_date = observation.as_of_date or described or visited
    return [
        document,
        *extract_recommendations(text, number),
        *staffing,
        *extract_findings(text, kind, subject, title),
    ]
