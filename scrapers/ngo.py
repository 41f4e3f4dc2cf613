"""NGO findings: one configurable source for every organisation in `ngo_sources.toml`.

Each relevant feed or listing item becomes an `ngo_item` record (a Document of kind "ngo")
naming the facilities it mentions; what it says about a facility is an `allegation`, or an
`observation` when it cites a primary record (an OIG report, an inspection, a FOIA release).
Staffing figures it states are kept as reported.
"""

from __future__ import annotations

import contextlib
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from scrapers._base import (
    DocumentRecord,
    FindingRecord,
    LayoutChanged,
    Page,
    Record,
    SourceError,
    SourceInfo,
    StaffingRecord,
)
from scrapers._ice_staffing import staffing_statements
from scrapers._ice_text import facility_mentions
from scrapers._ngo_feeds import RawItem, looks_like_xml, read_article, read_feed, read_listing
from scrapers._quotes import clean_quote
from scrapers._taxonomy import categorize

CONFIG_PATH = Path(__file__).with_name("ngo_sources.toml")
SOURCE = SourceInfo(
    key="ngo",
    name="NGO reports and press releases",
    url="https://www.detentionwatchnetwork.org/pressroom/releases",
    allowed_hosts=(
        "www.aclu-nm.org",
        "www.detentionwatchnetwork.org",
        "innovationlawlab.org",
        "www.americanimmigrationcouncil.org",
        "immigrantjustice.org",
        "www.hrw.org",
        "phr.org",
        "www.freedomforimmigrants.org",
    ),  # fmt: skip
    schedule="0 8 * * *",
    expected_cadence_days=30,
    publisher="NGOs (see scrapers/ngo_sources.toml)",
    requests_per_second=0.5,
    description="Allegations, FOIA results and timelines from advocacy organisations.",
)
RELEVANT = re.compile(r"\bdetention|detained|detainee|\bICE\b|immigration custody|in custody", re.I)
PRIMARY_RECORD = re.compile(
    r"\bOIG-\d{2}-\d{2,3}|Inspector General|inspection report|Office of Detention Oversight"
    r"|\bODO\b|G-324A|\bFOIA\b|death (?:report|review)|contract discrepancy report",
    re.I,
)


class UnknownOrganization(LayoutChanged):
    """The page belongs to no organisation configured in ngo_sources.toml."""

    reason = "no NGO configured for this page"


class BadNgoConfig(ValueError):
    """ngo_sources.toml is missing a required key or mixes feed and listing."""


@dataclass(frozen=True)
class Organization:
    """One entry of ngo_sources.toml."""

    key: str
    name: str
    home: str
    feed_url: str | None = None
    listing_url: str | None = None
    selectors: dict[str, str] = field(default_factory=dict)
    keywords: tuple[str, ...] = ()

    @property
    def start_url(self) -> str:
        """The feed or listing to read."""
        return self.feed_url or self.listing_url or self.home


@dataclass
class NgoItemRecord(DocumentRecord):
    """One NGO item with what it says, written together so facts cite the item."""

    kind: str = field(init=False, default="ngo_item")
    organization: str = ""
    primary_record_cited: bool = False
    findings: list[FindingRecord] = field(default_factory=list)
    staffing: list[StaffingRecord] = field(default_factory=list)


def load_organizations(path: Path = CONFIG_PATH) -> list[Organization]:
    """Read and check the organisation list."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [_organization(entry) for entry in data.get("organization", [])]


@lru_cache(maxsize=1)
def organizations() -> tuple[Organization, ...]:
    """The shipped organisation list (read once)."""
    return tuple(load_organizations())


def _organization(entry: dict[str, Any]) -> Organization:
    """Validate one TOML table: required keys, exactly one of feed_url / listing_url."""
    missing = [k for k in ("key", "name", "home") if not entry.get(k)]
    if missing:
        raise BadNgoConfig(f"organisation entry lacks {', '.join(missing)}: {entry}")
    if bool(entry.get("feed_url")) == bool(entry.get("listing_url")):
        raise BadNgoConfig(f"{entry['key']}: give exactly one of feed_url or listing_url")
    selectors = dict(entry.get("selectors", {}))
    if entry.get("listing_url") and not {"item", "title", "link"} <= set(selectors):
        raise BadNgoConfig(f"{entry['key']}: a listing needs item, title and link selectors")
    return Organization(
        key=entry["key"], name=entry["name"], home=entry["home"],
        feed_url=entry.get("feed_url"), listing_url=entry.get("listing_url"),
        selectors=selectors, keywords=tuple(entry.get("keywords", ())),
    )  # fmt: skip


def organization_for(page: Page) -> Organization:
    """The organisation a page belongs to: named in its meta, else by host."""
    wanted = page.meta.get("organization")
    host = urlsplit(page.final_url or page.url).hostname or ""
    for org in organizations():
        if org.key == wanted or (not wanted and host and host == urlsplit(org.home).hostname):
            return org
    raise UnknownOrganization(f"no organisation configured for {host or page.url!r}", url=page.url)


def fetch(client: Any) -> Iterator[Page]:
    """Each organisation's feed or listing, then each relevant item's own page."""
    for org in organizations():
        # "feed", not "listing": one organisation's broken page must not stop the others
        page = client.get(org.start_url, kind_hint="feed", meta={"organization": org.key})
        if page is None:
            continue
        yield page
        for url, title in _items_to_follow(page):
            meta = {"organization": org.key, "ngo_item": True, "external_id": url,
                    "doc_kind": "ngo", "title": title}  # fmt: skip
            article = client.get(url, kind_hint="detail", meta=meta)
            if article is not None:
                yield article


def _items_to_follow(page: Page) -> list[tuple[str, str]]:
    """Item pages on allowed hosts; an unreadable feed yields none here because the
    runner parses the same capture next and records its error by name."""
    with contextlib.suppress(SourceError):
        return [
            (record.url, record.title)
            for record in parse(page)
            if isinstance(record, NgoItemRecord) and record.url
            and urlsplit(record.url).hostname in SOURCE.allowed_hosts
        ]  # fmt: skip
    return []


def parse(page: Page) -> list[Record]:
    """Relevant items of a feed/listing page, or the one item an article page holds."""
    if page.meta.get("ngo_item") or _is_article(page):
        return [item_record(read_article(page), organization_for(page), require_relevance=False)]
    org: Organization | None = None
    if looks_like_xml(page.content):
        org = _org_or_none(page)
        raw_items = read_feed(page)
    else:
        known = organization_for(page)
        org = known
        if known.feed_url and not known.listing_url:
            raw_items = read_feed(page)  # raises FeedNotXml: the feed URL served HTML
        else:
            raw_items = read_listing(page, known.selectors)
    records = [item_record(item, org) for item in raw_items]
    return [r for r in records if r is not None]


def _is_article(page: Page) -> bool:
    """A page of a known organisation other than its feed or listing is one item's page
    (decided from the URL alone, so a re-parse of stored bytes reads it the same way)."""
    if looks_like_xml(page.content):
        return False
    org = _org_or_none(page)
    return org is not None and not _same_url(page.url, org.start_url)


def _same_url(a: str, b: str) -> bool:
    """Equal apart from a trailing slash and the scheme's case."""
    return a.rstrip("/").lower() == b.rstrip("/").lower()


def _org_or_none(page: Page) -> Organization | None:
    """The page's organisation, or None for a feed read from a file."""
    try:
        return organization_for(page)
    except UnknownOrganization:
        return None


def item_record(raw: RawItem, org: Organization | None, *, require_relevance: bool = True) -> Any:
    """Build the record for one item; None when it is not about detention."""
    text = f"{raw.title}. {raw.summary}"
    keywords = org.keywords if org else ()
    if require_relevance and not (RELEVANT.search(text) or any(k in text for k in keywords)):
        return None
    cited = bool(PRIMARY_RECORD.search(text))
    names = facility_mentions(text)
    record = NgoItemRecord(
        external_id=raw.link, title=raw.title[:500] or raw.link, url=raw.link, doc_kind="ngo",
        published_date=raw.published, summary=raw.summary[:2000] or None,
        facility_names=names, organization=org.name if org else "",
        primary_record_cited=cited,
    )  # fmt: skip
    record.findings = [_finding(raw, name, cited) for name in names]
    if len(names) == 1:
        record.staffing = staffing_statements(raw.summary, facility_name=names[0], as_of=None)
    return record


def _finding(raw: RawItem, facility: str, cited: bool) -> FindingRecord:
    """What the item says about one facility: an allegation unless it cites a record."""
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", raw.summary) if facility in s]
    quote = " ".join(sentences[:2]) or clean_quote(raw.summary, 500) or raw.title
    return FindingRecord(
        quote=clean_quote(quote, 1000), facility_name=facility,
        category=categorize(f"{raw.title} {quote}"),
        result="observation" if cited else "allegation",
        raw_label=raw.title[:200], summary=quote[:300], found_date=raw.published,
    )  # fmt: skip
