"""Reading NGO items from an RSS/Atom feed or from a listing page with CSS selectors.

Both give the same `RawItem` (title, link, date, summary text), so every organisation's
entries go through one path from there on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin

from dateutil import parser as dateparser
from lxml import etree

from scrapers._base import LayoutChanged, Page
from scrapers._ice_links import quiet_soup, soup_of
from scrapers._ice_text import parse_us_date, squash


class FeedNotXml(LayoutChanged):
    """A configured feed URL answered with something that is not RSS or Atom XML."""

    reason = "feed is not XML"


@dataclass
class RawItem:
    """One entry of a feed or listing, before relevance and facility matching."""

    title: str
    link: str
    published: date | None
    summary: str


def looks_like_xml(content: bytes) -> bool:
    """Whether the bytes start like an XML document (after a BOM and whitespace)."""
    head = content[:200].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"<?xml") or head.startswith((b"<rss", b"<feed", b"<rdf:RDF"))


def read_feed(page: Page) -> list[RawItem]:
    """Items of an RSS 2.0, RSS 1.0 or Atom feed; FeedNotXml for anything else."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(page.content, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise FeedNotXml(f"the feed is not well-formed XML ({exc})", url=page.url) from exc
    if root is None or _local(root.tag) not in ("rss", "feed", "RDF"):
        raise FeedNotXml("the XML is neither RSS nor Atom", url=page.url)
    entries = [e for e in root.iter() if _local(e.tag) in ("item", "entry")]
    return [_feed_item(entry, page) for entry in entries]


def _local(tag: Any) -> str:
    """A tag name without its namespace."""
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _child_text(entry: Any, *names: str) -> str:
    """Text of the first child with one of these local names."""
    for child in entry:
        if _local(child.tag) in names and (child.text or "").strip():
            return str(child.text)
    return ""


def _feed_item(entry: Any, page: Page) -> RawItem:
    """One RSS item or Atom entry."""
    link = _child_text(entry, "link")
    for child in entry:
        if (
            _local(child.tag) == "link"
            and child.get("href")
            and child.get("rel", "alternate") == "alternate"
        ):
            link = child.get("href")
    summary_html = _child_text(entry, "description", "summary", "content", "encoded")
    return RawItem(
        title=squash(_child_text(entry, "title")),
        link=urljoin(page.url, squash(link)),
        published=any_date(_child_text(entry, "pubDate", "published", "updated", "date")),
        summary=html_text(summary_html),
    )


def html_text(fragment: str) -> str:
    """Plain text of an HTML fragment (feed descriptions are escaped HTML)."""
    if "<" not in fragment:
        return squash(fragment)
    return squash(quiet_soup(fragment).get_text(" "))


def any_date(text: str | None) -> date | None:
    """A date from RFC 822, ISO 8601 or US formats; None when there is none."""
    if not text or not text.strip():
        return None
    cleaned = text.strip()
    try:
        return parsedate_to_datetime(cleaned).date()
    except (TypeError, ValueError, IndexError):
        pass
    found = parse_us_date(cleaned)
    if found:
        return found
    try:
        return dateparser.parse(cleaned, fuzzy=True).date()
    except (ValueError, OverflowError, dateparser.ParserError):
        return None


def read_listing(page: Page, selectors: dict[str, str]) -> list[RawItem]:
    """Items of an HTML listing, located with the organisation's CSS selectors."""
    soup = soup_of(page)
    blocks = soup.select(selectors["item"])
    items = []
    for block in blocks:
        title = block.select_one(selectors["title"])
        link = block.select_one(selectors["link"])
        if title is None or link is None or not link.get("href"):
            continue
        when = block.select_one(selectors["date"]) if selectors.get("date") else None
        summary = block.select_one(selectors["summary"]) if selectors.get("summary") else None
        items.append(
            RawItem(
                title=squash(title.get_text(" ")),
                link=urljoin(page.final_url or page.url, str(link.get("href"))),
                published=any_date(str(when.get("datetime") or when.get_text(" ")))
                if when
                else None,
                summary=squash(summary.get_text(" ")) if summary else "",
            )
        )
    if not items:
        raise LayoutChanged(f"no items matched the selector {selectors['item']!r}", url=page.url)
    return items


def read_article(page: Page) -> RawItem:
    """One item's own page: title, date and the main text."""
    soup = soup_of(page)
    title_tag = soup.find("meta", attrs={"property": "og:title"}) or soup.find("h1")
    title = str(title_tag.get("content")) if title_tag and title_tag.name == "meta" else ""
    title = squash(
        title or (title_tag.get_text(" ") if title_tag else "") or page.meta.get("title", "")
    )
    body = soup.find("article") or soup.find("main") or soup.body
    if not title or body is None:
        raise LayoutChanged("the article page has no title or body", url=page.url)
    when = soup.find("meta", attrs={"property": "article:published_time"}) or soup.find("time")
    stamp = (when.get("content") or when.get("datetime") or when.get_text(" ")) if when else None
    text = re.sub(r"\s+", " ", body.get_text(" ")).strip()
    return RawItem(
        title=title, link=page.url, published=any_date(str(stamp) if stamp else None), summary=text
    )
