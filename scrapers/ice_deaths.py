"""Deaths in ICE custody: FOIA-library pages and PDFs of Detainee Death Reports, OPR death
reviews and IHSC mortality reviews.

Each document gives a `death` record (person, custodial facility when stated, date of death
when stated, document type and its publication date) so the 90-day deadline for the public
Detainee Death Report can be checked. Deficiencies listed in a review become findings with
`no_causation=True`: reviews state that listing them does not mean they caused the death.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any

from scrapers._base import (
    BadDocument,
    DeathRecordData,
    FindingRecord,
    LayoutChanged,
    LinkRecord,
    Page,
    Record,
    SourceInfo,
)
from scrapers._ice_links import foia_pdf_link, listing_links, pdf_links, read_foia_node, soup_of
from scrapers._ice_text import parse_span, parse_us_date, pdf_pages, squash
from scrapers._quotes import clean_quote, strip_page_furniture
from scrapers._taxonomy import categorize

SOURCE = SourceInfo(
    key="ice_deaths",
    name="ICE detainee death reports and reviews",
    url="https://www.ice.gov/detain/detainee-death-reporting",
    allowed_hosts=("www.ice.gov", "ice.gov"),
    schedule="15 7 * * *",
    expected_cadence_days=60,
    publisher="U.S. Immigration and Customs Enforcement",
    requests_per_second=0.5,
    description="Detainee death reports, OPR death reviews and mortality reviews.",
)

# Ordered: the most specific wording first.
DOC_TYPES: list[tuple[str, re.Pattern[str]]] = [
    ("opr_review", re.compile(r"death review(?: report)?\s*\(OPR\)|OPR[^.]{0,40}death review|Office of Professional Responsibility", re.I)),
    ("mortality_review", re.compile(r"mortality review|IHSC", re.I)),
    ("death_report", re.compile(r"detainee death report", re.I)),
    ("press_release", re.compile(r"passes away|dies (?:in|at|after)|death of (?:an? )?\w* ?detainee", re.I)),
]  # fmt: skip
PDF_KEYWORDS = ("/ddr", "death", "mortality")
TITLE_LINK = re.compile(r"death (?:review|report)|mortality review|passes away", re.I)
FACILITY = r"((?:[A-Z][\w.'-]*\s){1,7}(?:Detention (?:Facility|Center)|Processing Center|Correctional (?:Center|Facility|Complex)|Contract (?:Detention )?Facility|Jail|Detention Centre|Service Processing Center|Residential Center|Hold Room))"  # fmt: skip
_FACILITY_CONTEXT = re.compile(
    rf"(?:detained|housed|held|custody|transferred|booked|admitted)\s+(?:at|in|to|into)\s+(?:the\s+)?{FACILITY}"
)
_STATED_DATE = r"((?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? \d{1,2},? \d{4}|\d{1,2}/\d{1,2}/\d{4})"
_DEATH_VERB = r"(?:died|passed away|(?:pronounced|declared) (?:him |her |them )?(?:dead|deceased)|death occurred)"
# The verb and its date in one sentence, either order: "died at a hospital on Aug. 15, 2022",
# "On August 15, 2022, he was pronounced dead".
_DIED_ON = (
    re.compile(rf"{_DEATH_VERB}[^.]{{0,160}}?\b(?:on\s+)?{_STATED_DATE}"),
    re.compile(rf"\bOn\s+{_STATED_DATE},?[^.]{{0,120}}?{_DEATH_VERB}"),
)
# Periods inside a sentence ("a.m.", "St. Vincent", "Aug.") that would otherwise end it.
_INNER_PERIOD = re.compile(
    r"\b(a\.m|p\.m|St|Dr|Mt|Ft|Mr|Mrs|Ms|Jr|Sr|U\.S|Jan|Feb|Mar|Apr|Aug|Sept|Sep|Oct|Nov|Dec)\.",
    re.I,
)
_DATE_LABEL = re.compile(r"Date of Death:\s*([\w/,. ]{6,20}?\d{4})", re.I)


class NotADeathDocument(BadDocument):
    """A page or PDF that is not about a death in custody."""

    reason = "not a death report or review"


def fetch(client: Any) -> Iterator[Page]:
    """The reporting page, then each new report page and the PDF it links to."""
    known = set(getattr(client, "known", ()))
    listing = client.get(client.url(SOURCE.url), kind_hint="listing")
    if listing is None:
        return  # unchanged since the last run
    yield listing
    for link in death_links(listing):
        if link.url in known:
            continue
        meta = {"external_id": link.url, "title": link.title, "doc_kind": "death_document"}
        page = client.get(link.url, kind_hint=link.link_kind, meta=meta)
        if page is None:
            continue
        yield page
        pdf_url = foia_pdf_link(page) if link.link_kind != "pdf" else None
        if pdf_url and pdf_url not in known:
            meta = {"external_id": pdf_url, "doc_kind": "death_document"}
            pdf = client.get(pdf_url, kind_hint="pdf", meta=meta)
            if pdf is not None:
                yield pdf


def parse(page: Page) -> list[Record]:
    """A death document page, a report PDF, or a listing (links to follow)."""
    if page.content.lstrip()[:5].startswith(b"%PDF"):
        return parse_pdf(page)
    if b"field--name-field-foia-link" in page.content:
        return [parse_foia_page(page)]
    heading = soup_of(page).find("h1")
    if heading is not None and document_type(heading.get_text(" ")) == "press_release":
        return [parse_press_release(page)]
    links = death_links(page)
    if not links:
        raise LayoutChanged("no death reports or reviews found on the page", url=page.url)
    return list(links)


def death_links(page: Page) -> list[LinkRecord]:
    """Links to death documents: by their wording, or PDFs named like ICE's ('ddr...')."""
    links = list(listing_links(page, title_pattern=TITLE_LINK))
    seen = {link.url for link in links}
    extra = [x for x in pdf_links(page, keywords=PDF_KEYWORDS) if x.url not in seen]
    return links + extra


def document_type(text: str) -> str | None:
    """press_release | death_report | opr_review | mortality_review, from a title or text."""
    for kind, pattern in DOC_TYPES:
        if pattern.search(text):
            return kind
    return None


def parse_foia_page(page: Page) -> DeathRecordData:
    """Person, document type and date from a FOIA page title such as
    'Detainee Death Review Report (OPR) - Kesley Vial (Dec. 8, 2022)'."""
    node = read_foia_node(page)
    kind = document_type(node.title)
    if kind is None:
        raise NotADeathDocument(f"not a death document: {node.title}", url=page.url)
    name = _name_from_title(node.title)
    if not name:
        raise LayoutChanged(f"no person named in the title {node.title!r}", url=page.url)
    span = parse_span(node.title)
    return DeathRecordData(
        quote=node.title, person_name=name, document_type=kind,
        published_date=(span.start if span and not span.uncertain else None) or node.published,
        pdf_url=node.pdf_url,
    )  # fmt: skip


def parse_press_release(page: Page) -> DeathRecordData:
    """An ICE news release announcing a death: person, facility, date, release date."""
    soup = soup_of(page)
    heading = soup.find("h1")
    title = squash(heading.get_text(" ")) if heading is not None else ""
    body = soup.select_one(".field--name-body") or soup.find("article") or soup.find("main")
    text = squash(body.get_text(" ")) if body is not None else ""
    name = _person(text)
    if not name:
        raise LayoutChanged(f"death announcement without a readable name: {title!r}", url=page.url)
    facility = _facility(text) or _facility_in(title)
    stamp = soup.find("meta", attrs={"property": "article:published_time"})
    return DeathRecordData(
        quote=clean_quote(text, 500) or title, person_name=name, facility_name=facility,
        date_of_death=_date_of_death(text), document_type="press_release",
        published_date=parse_us_date(str(stamp.get("content"))) if stamp else None,
    )  # fmt: skip


def _facility_in(text: str) -> str | None:
    """A facility named anywhere in a short text such as a headline."""
    m = re.search(FACILITY, text)
    return squash(m.group(1)) if m else None


def _name_from_title(title: str) -> str | None:
    """The person's name: the part after the last dash, without a trailing '(date)'."""
    tail = re.split(r"\s[-\u2013\u2014:]\s|:\s", title)[-1]
    tail = re.sub(r"\s*\([^)]*\d{4}\)\s*$", "", tail).strip(" .")
    if not re.fullmatch(r"[A-Z][\w'.-]*(?:[ -][A-Za-z][\w'.-]*){1,5}", tail):
        return None
    return tail


def parse_pdf(page: Page) -> list[Record]:
    """The death record and no-causation findings from a report or review PDF."""
    pages = pdf_pages(page.content, url=page.url)
    flat = squash(" ".join(pages))
    kind = document_type(flat[:3000])
    if kind is None or not re.search(r"death|died|deceased", flat, re.I):
        raise NotADeathDocument("PDF is not a death report or review", url=page.url)
    death = DeathRecordData(
        page=1, quote=clean_quote(flat, 300), person_name=_person("\n".join(pages)) or "",
        facility_name=_facility("\n".join(pages)), date_of_death=_date_of_death(flat),
        document_type=kind, published_date=_published(pages[0]), pdf_url=page.url,
    )  # fmt: skip
    if not death.person_name:
        raise LayoutChanged("death document without a readable name", url=page.url)
    # Findings are quoted, so they are read without running headers, footers and page numbers.
    cleaned = strip_page_furniture(pages)
    findings = review_findings(cleaned, death) if kind != "press_release" else []
    return [death, *findings]


_SURNAME_FIRST = re.compile(
    r"DEATH REPORT:?[ \t]*([A-Z][A-Z'-]+(?: [A-Z][A-Z'-]+){0,2}),[ \t]*([A-Z][A-Za-z'-]+(?: [A-Z][A-Za-z'-]+){0,2})",
    re.I,
)
_FACILITY_LABEL = re.compile(r"(?:Detention )?Facility(?: of Detention)?:[ \t]*([A-Z][^\n]{4,80})")


def _person(flat: str) -> str | None:
    """'Detainee Death Review - Kesley VIAL' / 'Name: ...' / 'Kesley Vial, a 23-year-old'
    / ICE's report heading 'DETAINEE DEATH REPORT: VIAL, Kesley' (surname first)."""
    if (m := _SURNAME_FIRST.search(flat)) and m.group(1).isupper():
        return " ".join(
            w.title() if w.isupper() else w for w in f"{m.group(2)} {m.group(1)}".split()
        )
    for pattern in (
        r"(?:Death (?:Review|Report)(?: Report)?)[ \t]*[-\u2013\u2014:][ \t]*([A-Z][\w'.-]+(?: [A-Z][\w'.-]+){1,4})",
        r"(?:Detainee|Decedent)(?: Name)?:[ \t]*([A-Z][\w'.-]+(?: [A-Z][\w'.-]+){1,4})",
        r"([A-Z][a-z'-]+(?: [A-Z][a-zA-Z'-]+){1,4}), (?:a|an) \d{1,3}-year-old",
    ):
        if m := re.search(pattern, flat):
            return " ".join(w if not w.isupper() else w.title() for w in m.group(1).split())
    return None


def _facility(text: str) -> str | None:
    """The custodial facility: a 'Facility:' label, else one named in a custody context."""
    if m := _FACILITY_LABEL.search(text):
        return squash(m.group(1)).rstrip(" .,")
    m = _FACILITY_CONTEXT.search(squash(text))
    return squash(m.group(1)) if m else None


def _date_of_death(flat: str) -> date | None:
    """'Date of Death: 08/25/2022', '... died ... on August 25, 2022', 'passed away ... on',
    'pronounced dead at 3:10 a.m. on Aug. 25, 2022' or 'On August 25, 2022, ... died'."""
    sentences = _INNER_PERIOD.sub(lambda m: m.group(1).replace(".", ""), flat)
    for pattern, text in ((_DATE_LABEL, flat), *((p, sentences) for p in _DIED_ON)):
        for m in pattern.finditer(text):
            if found := parse_us_date(m.group(1).strip(" ,.")):
                return found
    return None


def _published(first_page: str) -> date | None:
    """The document's own date: a date on a cover line of its own, not a labelled one
    (birth, death, entry) nor one inside a sentence about the death."""
    for line in first_page.splitlines()[:20]:
        if ":" in line or re.search(r"died|death|born|custody", line, re.I):
            continue
        span = parse_span(line)
        if span and not span.uncertain and len(squash(line)) <= len(span.matched) + 12:
            return span.start
    return None


def review_findings(pages: list[str], death: DeathRecordData) -> list[FindingRecord]:
    """Numbered deficiencies after a 'deficiencies' / 'non-compliance' heading."""
    findings = []
    for number, text in enumerate(pages, start=1):
        section = re.split(r"(?i)(?:deficiencies|non-?compliance)[^\n]{0,80}:?\n", text, maxsplit=1)
        if len(section) < 2:
            continue
        for item in re.findall(
            r"(?m)^\s*(?:\d{1,2}[.)]|•|-)\s+(.+(?:\n(?!\s*(?:\d{1,2}[.)]|•|-)\s).+)*)", section[1]
        ):
            body = squash(item)
            findings.append(
                FindingRecord(
                    page=number,
                    quote=clean_quote(body, 1000),
                    facility_name=death.facility_name,
                    category=categorize(body),
                    result="deficient",
                    raw_label=body[:120],
                    summary=body[:300],
                    found_date=death.published_date,
                    no_causation=True,
                )  # fmt: skip
            )
    return findings
