"""DHS OIG web pages: the ICE-filtered listing table and a report's page of labelled fields."""

from __future__ import annotations

from typing import Any

from bs4 import BeautifulSoup

from scrapers._base import DocumentRecord, LayoutChanged, LinkRecord, Page, Record
from scrapers._html import (
    absolute,
    body_rows,
    find_table,
    labelled_fields,
    next_page_url,
    soup_of,
    text_of,
)
from scrapers.dhs_oig.text import fiscal_year, normalize_report_number, parse_date, report_type

LISTING_COLUMNS = ("report number", "title", "issue date")
DETAIL_LABELS = ("Report Number", "Issue Date", "Document File", "DHS Agency",
                 "Oversight Area", "Fiscal Year", "Executive Summary")  # fmt: skip


def parse_listing(page: Page, soup: BeautifulSoup | None = None) -> list[Record]:
    """Rows of the listing table as document records and links to report pages."""
    soup = soup or soup_of(page)
    found = find_table(soup, LISTING_COLUMNS)
    if found is None:
        raise LayoutChanged(
            "the listing has no table with Report Number, Title and Issue Date columns",
            url=page.url,
        )
    table, columns = found
    records: list[Record] = []
    for number, cells in enumerate(body_rows(table), start=1):
        records.extend(_listing_row(page, cells, columns, number))
    following = next_page_url(soup, page.final_url or page.url)
    if following:
        records.append(LinkRecord(url=following, link_kind="next"))
    return records


def _listing_row(page: Page, cells: list[Any], columns: dict[str, int], row: int) -> list[Record]:
    if len(cells) < len(columns):
        raise LayoutChanged(
            f"listing row {row} has {len(cells)} cells, expected {len(columns)}", url=page.url
        )
    number = normalize_report_number(text_of(cells[columns["report number"]]))
    title_cell = cells[columns["title"]]
    links = title_cell.find_all("a", href=True)
    if number is None or not links:
        raise LayoutChanged(
            f"listing row {row} has no report number or no title link", url=page.url
        )
    link = links[-1]
    title = text_of(link)
    summary = text_of(title_cell).replace(title, "").strip() or None
    issued = parse_date(text_of(cells[columns["issue date"]]))
    fy_cell = text_of(cells[columns["fiscal year"]]) if "fiscal year" in columns else ""
    url = absolute(page.final_url or page.url, link["href"]) or ""
    return [
        DocumentRecord(
            external_id=number,
            title=title,
            url=url,
            detail_url=url,
            report_number=number,
            report_type=report_type(title, number=number),
            published_date=issued,
            summary=summary,
            fiscal_year=int(fy_cell) if fy_cell.isdigit() else fiscal_year(issued),
        ),
        LinkRecord(
            url=url, link_kind="detail", external_id=number, title=title, published_date=issued
        ),
    ]


def parse_detail(page: Page, soup: BeautifulSoup | None = None) -> list[Record]:
    """A report page: labelled fields, executive summary and the PDF link."""
    soup = soup or soup_of(page)
    fields = labelled_fields(soup, DETAIL_LABELS)
    number = normalize_report_number(text_of(fields.get("Report Number")))
    if number is None:
        raise LayoutChanged("the report page has no 'Report Number' field", url=page.url)
    heading = soup.find("h1")
    title = text_of(heading) or text_of(soup.find("title")).split("|")[0].strip()
    pdf = _pdf_link(fields, soup)
    issued = parse_date(text_of(fields.get("Issue Date")))
    fy_text = text_of(fields.get("Fiscal Year"))
    base = page.final_url or page.url
    return [
        DocumentRecord(
            external_id=number,
            title=title,
            url=base,
            detail_url=base,
            report_number=number,
            report_type=report_type(title, number=number),
            published_date=issued,
            fiscal_year=int(fy_text) if fy_text.isdigit() else fiscal_year(issued),
            summary=text_of(fields.get("Executive Summary")) or None,
            pdf_url=absolute(base, pdf) if pdf else None,
        )
    ]


def _pdf_link(fields: dict[str, Any], soup: BeautifulSoup) -> str | None:
    holder = fields.get("Document File")
    link = holder.find("a", href=True) if holder is not None else None
    if link is None:
        link = soup.find("a", href=lambda h: h is not None and h.lower().endswith(".pdf"))
    return str(link["href"]) if link is not None else None
