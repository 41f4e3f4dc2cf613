"""Oversight.gov: DHS OIG report pages and their open-recommendation tables.

The DHS agency listing shows cards (title link, year, report number, type, summary); each
report page carries labelled fields and an "Open Recommendations" table (Recommendation
Number, Significant Recommendation, Recommended Questioned Costs, Recommended Funds for
Better Use, Additional Details: the recommendation's text, sometimes on the following row).
Each scrape records what the table says that day, so status becomes history.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from typing import Any

from bs4 import BeautifulSoup, Tag

from scrapers._base import LayoutChanged, LinkRecord, Page, Record, SourceInfo, StatusRecord
from scrapers._html import (
    absolute,
    body_rows,
    find_table,
    labelled_fields,
    next_page_url,
    soup_of,
    text_of,
)
from scrapers.dhs_oig.text import REPORT_NUMBER, normalize_report_number

SOURCE = SourceInfo(
    key="oversight_gov",
    name="Oversight.gov open recommendations (DHS OIG, ICE)",
    url="https://www.oversight.gov/agencies/department-homeland-security",
    allowed_hosts=("www.oversight.gov", "oversight.gov"),
    schedule="0 7 * * 1",
    expected_cadence_days=183,
    publisher="Council of the Inspectors General on Integrity and Efficiency",
    requests_per_second=1.0,
    description="Per-report open-recommendation tables; each scrape adds status observations.",
)
MAX_LISTING_PAGES = 30
TABLE_COLUMNS = ("recommendation number",)
_ICE = re.compile(r"\bICE\b|Immigration and Customs Enforcement", re.I)
_CARD_TAGS = ("article", "li", "div", "tr")


def fetch(client: Any) -> Iterator[Page]:
    """Walk the DHS listing for ICE reports, then fetch each report page (conditionally)."""
    from scrapers._base import Request

    url: str | None = client.url(SOURCE.url)
    visited: set[str] = set()
    for index in range(MAX_LISTING_PAGES):
        if url is None:
            return
        # Listings are always re-read: report pages change status without the listing
        # changing, and each report page is then asked "changed since?" on its own.
        listing = client.get(
            url,
            kind_hint="listing",
            conditional=False,
            meta={
                "external_id": f"listing:{index}",
                "doc_kind": "listing",
                "title": f"Oversight.gov DHS reports, page {index + 1}",
            },
        )
        if listing is None:
            return
        yield listing
        digest = hashlib.sha256(listing.content).hexdigest()
        if digest in visited:
            return  # the same listing again: the pager goes round in circles
        visited.add(digest)
        records = parse_listing(listing)
        links = [r for r in records if isinstance(r, LinkRecord) and r.link_kind == "detail"]
        requests = [
            Request(
                link.url,
                "detail",
                {"external_id": link.url, "doc_kind": "web_page", "title": link.title or link.url},
            )
            for link in links
        ]
        for page in client.get_many(requests):
            if page is not None:
                yield page
        visited.add(url)
        url = next(
            (r.url for r in records if isinstance(r, LinkRecord) and r.link_kind == "next"), None
        )
        if url in visited:
            return  # a pager pointing back at a page already read would loop


def parse(page: Page) -> list[Record]:
    """A listing of report cards, or a report page with its recommendation table."""
    soup = soup_of(page)
    fields = labelled_fields(soup, ("Report Number", "Date Issued"))
    if page.kind_hint != "listing" and ("Report Number" in fields or _has_table(soup)):
        return parse_report(page, soup, fields)
    return parse_listing(page, soup)


def _has_table(soup: BeautifulSoup) -> bool:
    return find_table(soup, TABLE_COLUMNS) is not None


def parse_listing(page: Page, soup: BeautifulSoup | None = None) -> list[Record]:
    """Links to ICE report pages found on a listing, plus the next page."""
    soup = soup or soup_of(page)
    base = page.final_url or page.url
    links: list[Record] = []
    seen: set[str] = set()
    numbered = 0
    for anchor in soup.find_all("a", href=re.compile(r"/reports?/")):
        card_text = text_of(_card_of(anchor))
        number = normalize_report_number(card_text)
        url = absolute(base, anchor.get("href"))
        numbered += number is not None
        if number is None or url is None or url in seen or not _ICE.search(card_text):
            continue
        seen.add(url)
        links.append(
            LinkRecord(url=url, link_kind="detail", external_id=number, title=text_of(anchor))
        )
    if numbered == 0:
        raise LayoutChanged("the listing has no report cards with a report number", url=page.url)
    following = next_page_url(soup, base)
    if following:
        links.append(LinkRecord(url=following, link_kind="next"))
    return links


def _card_of(anchor: Tag) -> Tag:
    """The smallest enclosing block that also holds a report number."""
    node: Tag = anchor
    for parent in anchor.parents:
        if not isinstance(parent, Tag) or parent.name in ("body", "html", "main"):
            break
        if parent.name in _CARD_TAGS and REPORT_NUMBER.search(text_of(parent)):
            return parent
        node = parent
    return node


def parse_report(page: Page, soup: BeautifulSoup, fields: dict[str, Tag]) -> list[Record]:
    """One status observation per row of the open-recommendations table."""
    number = normalize_report_number(
        text_of(fields.get("Report Number"))
    ) or normalize_report_number(text_of(soup.find("h1")))
    if number is None:
        raise LayoutChanged("the report page has no DHS OIG report number", url=page.url)
    observed = page.fetched_at.date() if page.fetched_at else None
    records: list[Record] = []
    for heading, implementation in (
        ("open recommendations", "open"),
        ("closed recommendations", "closed"),
    ):
        table = _table_after(soup, heading)
        if table is not None:
            records.extend(_rows(page, table, number, implementation, observed))
    if (
        not records
        and re.search(r"open recommendations", text_of(soup), re.I)
        and not re.search(r"no open recommendations", text_of(soup), re.I)
    ):
        raise LayoutChanged(
            "an 'Open Recommendations' section without a readable table", url=page.url
        )
    return records


def _table_after(soup: BeautifulSoup, heading: str) -> Tag | None:
    """The recommendation table following a heading with this text."""
    for node in soup.find_all(["h2", "h3", "h4", "caption", "div", "span"]):
        if text_of(node).strip().lower() != heading:
            continue
        table = node if node.name == "table" else node.find_next("table")
        if isinstance(table, Tag) and find_table(_wrap(table), TABLE_COLUMNS):
            return table
    return None


def _wrap(table: Tag) -> BeautifulSoup:
    return BeautifulSoup(str(table), "lxml")


def _rows(page: Page, table: Tag, number: str, implementation: str, observed: Any) -> list[Record]:
    found = find_table(_wrap(table), TABLE_COLUMNS)
    if found is None:
        return []
    _, columns = found
    details = columns.get("additional details")
    out: list[StatusRecord] = []
    for cells in body_rows(table):
        first = text_of(cells[0])
        if first.isdigit() and len(cells) >= 2:
            text = text_of(cells[details]) if details is not None and details < len(cells) else ""
            out.append(
                StatusRecord(
                    report_number=number,
                    number=int(first),
                    observed_date=observed,
                    implementation=implementation,
                    quote=text or None,
                )
            )
        elif out and first and not out[-1].quote:
            out[-1].quote = first  # the text sits on the row after the number
    return list(out)
