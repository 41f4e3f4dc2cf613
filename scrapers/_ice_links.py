"""HTML helpers for ice.gov FOIA-library pages: one node per document, a category and a link.

A FOIA node page carries an <h1> title, a "Category" field and a "FOIA Link" to the PDF;
listing pages are lists of such titles linking to nodes or straight to PDFs.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from urllib.parse import urljoin

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, Tag, XMLParsedAsHTMLWarning

from scrapers._base import BadDocument, LayoutChanged, LinkRecord, Page
from scrapers._ice_text import parse_us_date, squash

ICE_BASE = "https://www.ice.gov/"


def soup_of(page: Page) -> BeautifulSoup:
    """Parse HTML bytes leniently (ice.gov pages are large and not always well formed)."""
    return quiet_soup(page.content, url=page.url)


def quiet_soup(markup: str | bytes, *, url: str | None = None) -> BeautifulSoup:
    """BeautifulSoup with lxml, without bs4's guesses about what the markup might be."""
    with warnings.catch_warnings():
        # odd bodies (short text, XML) still parse; the missing labels raise LayoutChanged later
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        try:
            return BeautifulSoup(markup, "lxml")
        except ValueError as exc:  # lxml refuses control characters in an XML declaration
            raise BadDocument(f"the page cannot be read as HTML ({exc})", url=url) from exc


@dataclass(frozen=True)
class FoiaNode:
    """What an ice.gov FOIA node page states about its document."""

    title: str
    category: str | None
    category_slug: str | None
    pdf_url: str | None
    published: date | None
    canonical: str | None


def read_foia_node(page: Page) -> FoiaNode:
    """Title, category, PDF link and publication date of a FOIA node page."""
    soup = soup_of(page)
    heading = soup.find("h1")
    title = squash(heading.get_text(" ")) if heading else ""
    if not title:
        raise LayoutChanged("FOIA page without an <h1> title", url=page.url)
    category = soup.select_one(".field--name-field-foia-category a")
    link = soup.select_one(".field--name-field-foia-link a[href]")
    return FoiaNode(
        title=title,
        category=squash(category.get_text(" ")) if category else None,
        category_slug=_slug_of(category),
        pdf_url=_absolute(page, link) if link else None,
        published=parse_us_date(_meta(soup, "article:published_time")),
        canonical=_canonical(soup),
    )


def _slug_of(anchor: Tag | None) -> str | None:
    """The last path segment of a category link ('prea-audit-reports')."""
    if anchor is None:
        return None
    href = str(anchor.get("href") or "")
    return href.rstrip("/").rsplit("/", 1)[-1] or None


def _absolute(page: Page, anchor: Tag) -> str:
    """An anchor's href resolved against the page (or ice.gov when read from a file)."""
    base = page.final_url or page.url
    if not base.startswith("http"):
        base = ICE_BASE
    return urljoin(base, str(anchor.get("href")))


def _meta(soup: BeautifulSoup, prop: str) -> str | None:
    """Content of a <meta property=...> tag."""
    tag = soup.find("meta", attrs={"property": prop})
    return str(tag.get("content")) if tag and tag.get("content") else None


def _canonical(soup: BeautifulSoup) -> str | None:
    """The canonical URL the page declares."""
    tag = soup.find("link", rel="canonical")
    return str(tag.get("href")) if tag and tag.get("href") else None


def listing_links(
    page: Page, *, title_pattern: re.Pattern[str], link_kind: str = "detail"
) -> Iterator[LinkRecord]:
    """Links of a listing whose text matches `title_pattern`, plus the pager's next page."""
    soup = soup_of(page)
    seen: set[str] = set()
    for anchor in soup.find_all("a", href=True):
        text = squash(anchor.get_text(" "))
        url = _absolute(page, anchor)
        if url in seen:
            continue
        if title_pattern.search(text):
            seen.add(url)
            kind = "pdf" if url.lower().endswith(".pdf") else link_kind
            yield LinkRecord(url=url, link_kind=kind, title=text, external_id=url)
        elif anchor.get("rel") == ["next"] or text.lower() in ("next", "next page", "next ›"):
            seen.add(url)
            yield LinkRecord(url=url, link_kind="listing", title=text)


def pdf_links(page: Page, *, keywords: Sequence[str]) -> Iterator[LinkRecord]:
    """PDF links whose URL or text mentions one of `keywords`."""
    soup = soup_of(page)
    for anchor in soup.find_all("a", href=True):
        url = _absolute(page, anchor)
        text = squash(anchor.get_text(" "))
        haystack = f"{url} {text}".lower()
        if url.lower().endswith(".pdf") and any(k in haystack for k in keywords):
            yield LinkRecord(url=url, link_kind="pdf", title=text or None, external_id=url)


def foia_pdf_link(page: Page) -> str | None:
    """The PDF a FOIA node page links to, or None (never raises: used to decide what to fetch)."""
    anchor = soup_of(page).select_one(".field--name-field-foia-link a[href]")
    return _absolute(page, anchor) if anchor is not None else None
