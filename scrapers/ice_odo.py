"""ICE Office of Detention Oversight (ODO) compliance inspections, from the ICE FOIA library.

Three kinds of input: the FOIA-library listing (links to inspection pages), one page per
inspection ("2022 Torrance County Detention Facility, Estancia, NM - Oct. 25-27, 2022" with a
link to the PDF), and the inspection report PDF (counts, findings per standard). Titles are
typed by hand at ICE: the raw title is kept and an unreadable date is left empty and flagged.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from scrapers._base import BadDocument, InspectionRecord, LayoutChanged, Page, Record, SourceInfo
from scrapers._ice_links import FoiaNode, foia_pdf_link, listing_links, read_foia_node
from scrapers._ice_text import parse_span, squash, state_code
from scrapers._odo_report import parse_report

SOURCE = SourceInfo(
    key="ice_odo",
    name="ICE ODO compliance inspections",
    url="https://www.ice.gov/foia-category/office-detention-oversight-detention-facility-compliance-inspections",
    allowed_hosts=("www.ice.gov", "ice.gov"),
    schedule="0 6 * * 1",
    expected_cadence_days=90,
    publisher="ICE Office of Detention Oversight",
    requests_per_second=0.5,
    description="Per-facility compliance inspections by ICE's Office of Detention Oversight.",
)

ODO_CATEGORY = "office-detention-oversight-detention-facility-compliance-inspections"
TITLE_LINK = re.compile(r"\b[A-Z]{2}\s*[-\u2013\u2014]\s*[A-Z][a-z]{2,4}\.?\s*\d")


class PreaAuditPage(BadDocument):
    """The page is a PREA audit report, not an ODO compliance inspection."""

    reason = "PREA audit, not an ODO inspection"


class NotAnOdoInspection(BadDocument):
    """The page belongs to another FOIA-library category."""

    reason = "not an ODO inspection"


def fetch(client: Any) -> Iterator[Page]:
    """Walk the listing (and its pager), each new inspection page, and each report PDF."""
    known = set(getattr(client, "known", ()))
    queue: list[tuple[str, str]] = [(client.url(SOURCE.url), "listing")]
    seen: set[str] = set()
    while queue:
        url, kind = queue.pop(0)
        if url in seen or (kind != "listing" and url in known):
            continue  # inspection pages and PDFs do not change once published
        seen.add(url)
        page = client.get(
            url, kind_hint=kind, meta={"external_id": url, "doc_kind": _DOC_KIND[kind]}
        )
        if page is None:
            continue  # unchanged since the last run
        yield page
        queue.extend(_links_to_follow(page, kind, known))


_DOC_KIND = {"listing": "listing", "detail": "inspection_page", "pdf": "inspection"}


def _links_to_follow(page: Page, kind: str, known: set[str]) -> list[tuple[str, str]]:
    """Links worth fetching from a listing or inspection page (never raises)."""
    if kind == "listing":
        links = [
            (link.url, link.link_kind) for link in listing_links(page, title_pattern=TITLE_LINK)
        ]
        items = [url for url, link_kind in links if link_kind != "listing"]
        if items and all(url in known for url in items):
            return []  # newest first: a page of known inspections means the rest are known too
        return links
    if kind == "detail":
        pdf = foia_pdf_link(page)
        return [(pdf, "pdf")] if pdf else []
    return []


def parse(page: Page) -> list[Record]:
    """An inspection page, a report PDF, or a listing page (links to follow)."""
    if page.content.lstrip()[:5].startswith(b"%PDF"):
        return parse_report(page)
    if b"field--name-field-foia-link" in page.content:
        return [parse_inspection_page(page)]
    links = list(listing_links(page, title_pattern=TITLE_LINK))
    if not links:
        raise LayoutChanged("neither an ODO inspection page nor a listing of them", url=page.url)
    return list(links)


def parse_inspection_page(page: Page) -> InspectionRecord:
    """The `inspection` record an ODO FOIA page describes (no counts: those are in the PDF)."""
    node = read_foia_node(page)
    _check_category(node, page.url)
    record = parse_title(node.title)
    record.pdf_url = node.pdf_url
    return record


def _check_category(node: FoiaNode, url: str) -> None:
    """Refuse PREA audits and other FOIA categories by name, never misparse them."""
    slug = (node.category_slug or "").lower()
    label = (node.category or "").lower()
    if "prea" in slug or "prea" in label:
        raise PreaAuditPage(f"PREA audit page: {node.title}", url=url)
    if slug == ODO_CATEGORY or "detention oversight" in label:
        return
    if not node.category and node.pdf_url and "odo-compliance-inspections" in node.pdf_url:
        return  # category field dropped, but the file lives in the ODO folder
    raise NotAnOdoInspection(f"FOIA category {node.category!r}: {node.title}", url=url)


_SEPARATOR = re.compile(r"\s*[-\u2013\u2014]\s*$")
_YEAR_PREFIX = re.compile(r"^(?:19|20)\d{2}\s+")


def _before_last_dash(raw: str) -> str:
    """Without readable dates, the place is what precedes the last spaced dash."""
    parts = re.split(r"\s[-\u2013\u2014]\s", raw)
    return " - ".join(parts[:-1]) if len(parts) > 1 else raw


# "Adelanto ICE Processing Center - East, CA" names a unit, not a city: never split it off
_NAME_SUFFIXES = {"east", "west", "north", "south", "annex", "main", "central"}


def split_place(head: str) -> tuple[str, str, str] | None:
    """'Facility, City, ST', or the looser 'Facility - City, ST' / 'Facility, City ST'."""
    parts = [p.strip() for p in head.rsplit(",", 2)]
    if len(parts) == 3 and state_code(parts[2]) and parts[0] and parts[1]:
        return parts[0], parts[1], str(state_code(parts[2]))
    if len(parts) == 2 and state_code(parts[1]):
        name, dash, city = parts[0].rpartition(" - ")
        if dash and name and city and city.lower() not in _NAME_SUFFIXES:
            return name.strip(), city.strip(), str(state_code(parts[1]))
    if len(parts) == 2:
        city, _, code = parts[1].rpartition(" ")
        if city and state_code(code) and len(code) == 2 and parts[0]:
            return parts[0], city, str(state_code(code))
    return None


def parse_title(title: str) -> InspectionRecord:
    """Split 'YYYY Facility, City, ST - Mon. D-D, YYYY' into fields; flag unreadable dates."""
    raw = squash(title)
    span = parse_span(raw)
    head = raw[: raw.find(span.matched)] if span and span.matched else _before_last_dash(raw)
    head = _YEAR_PREFIX.sub("", _SEPARATOR.sub("", head)).strip(" ,").replace("\u2019", "'")
    place = split_place(head)
    if place is None:
        raise LayoutChanged(f"title is not 'Facility, City, ST - dates': {raw!r}")
    return InspectionRecord(
        quote=raw,
        raw_title=raw,
        facility_name=place[0],
        city=place[1],
        state=place[2],
        inspector="ODO",
        inspection_type="compliance",
        start_date=span.start if span else None,
        end_date=span.end if span else None,
        date_uncertain=span is None or span.uncertain,
    )
