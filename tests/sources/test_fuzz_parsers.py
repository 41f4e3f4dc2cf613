"""Fuzz the parsers: whatever the bytes, only the named errors of scrapers/_base.py escape."""

from __future__ import annotations

import contextlib
from datetime import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from monitor.capture.sources import load_module, source_keys
from monitor.demo.pdf import split_pages, text_pdf
from scrapers import ngo
from scrapers._base import Page, SourceError
from tests.sources.oig_pdfs import FIXTURES, report_pdf

FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
WITH_HTML_FIXTURES = tuple(k for k in source_keys() if any((FIXTURES / k).glob("*.html")))


def urls_for(key: str) -> list[str]:
    """URLs a source's own pages come from, so every branch of its parse can be reached
    (the NGO parser chooses feed, listing or article by the organisation's URL)."""
    module = load_module(key)
    urls = [module.SOURCE.url, f"https://{module.SOURCE.allowed_hosts[0]}/fuzz"]
    if key == "ngo":
        for org in ngo.organizations():
            urls += [org.start_url, f"{org.home.rstrip('/')}/news/fuzz-article"]
    return urls


def _parse_quietly(
    key: str,
    content: bytes,
    kind_hint: str | None = None,
    url: str = "https://www.oig.dhs.gov/fuzz",
    meta: dict[str, object] | None = None,
) -> None:
    page = Page(
        url=url,
        content=content,
        kind_hint=kind_hint,
        fetched_at=datetime(2024, 1, 5),
        meta=dict(meta or {}),
    )
    try:
        records = load_module(key).parse(page)
    except SourceError:
        return
    for record in records:
        record.to_dict()  # every record must serialise for `monitor extract --json`


def _fixtures(key: str) -> list[bytes]:
    return [p.read_bytes() for p in sorted((FIXTURES / key).glob("*.html"))]


@st.composite
def mutated(draw: st.DrawFn, originals: list[bytes]) -> bytes:
    """A fixture with a few random cuts, insertions and byte flips."""
    data = bytearray(draw(st.sampled_from(originals)))
    for _ in range(draw(st.integers(1, 6))):
        if not data:
            break
        where = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["cut", "insert", "flip", "truncate"]))
        if action == "cut":
            del data[where : where + draw(st.integers(1, 400))]
        elif action == "insert":
            data[where:where] = draw(st.binary(min_size=1, max_size=40))
        elif action == "flip":
            data[where] = draw(st.integers(0, 255))
        else:
            del data[where:]
    return bytes(data)


@pytest.mark.parametrize("key", source_keys())
@FUZZ
@given(content=st.binary(max_size=2000), data=st.data())
def test_any_source_survives_random_bytes(key: str, content: bytes, data: st.DataObject) -> None:
    _parse_quietly(key, content, url=data.draw(st.sampled_from(urls_for(key))))


@pytest.mark.parametrize("key", WITH_HTML_FIXTURES)
@FUZZ
@given(data=st.data())
def test_mutated_html_fixtures(key: str, data: st.DataObject) -> None:
    content = data.draw(mutated(_fixtures(key)))
    hint = data.draw(st.sampled_from([None, "listing", "detail", "feed"]))
    url = data.draw(st.sampled_from(urls_for(key)))
    meta = data.draw(st.sampled_from([{}, {"ngo_item": True}])) if key == "ngo" else {}
    _parse_quietly(key, content, hint, url=url, meta=meta)


def test_fuzz_urls_reach_every_ngo_branch() -> None:
    """Feed, listing and article URLs all occur, so the fuzzers exercise each way in."""
    orgs = ngo.organizations()
    urls = urls_for("ngo")
    assert any(o.feed_url and o.feed_url in urls for o in orgs)
    assert any(o.listing_url and o.listing_url in urls for o in orgs)
    assert any(url.endswith("/news/fuzz-article") for url in urls)


def test_ngo_fuzz_page_reaches_the_ngo_parser() -> None:
    """A mutated feed at a feed URL is read as a feed: records come back, not just errors."""
    org = next(o for o in ngo.organizations() if o.feed_url)
    page = Page(url=org.feed_url or "", content=(FIXTURES / "ngo" / "rss.xml").read_bytes())
    assert isinstance(ngo.parse(page), list)


@FUZZ
@given(content=mutated([report_pdf("OIG-22-31"), report_pdf("OIG-21-30")]))
def test_mutated_report_pdfs(content: bytes) -> None:
    _parse_quietly("dhs_oig", content, "pdf")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_mutated_report_wording(data: st.DataObject) -> None:
    """Reworded reports (lines dropped or shuffled) parse or fail by name."""
    lines = FIXTURES.parent.parent / "monitor" / "data" / "demo" / "oig" / "OIG-22-75.txt"
    text = lines.read_text(encoding="utf-8").splitlines()
    kept = data.draw(st.lists(st.sampled_from(text), min_size=1, max_size=len(text)))
    _parse_quietly("dhs_oig", text_pdf(split_pages("\n".join(kept)) or ["x"]), "pdf")


WORDS = (
    "Recommendation",
    "1:",
    "#2",
    "We",
    "recommend",
    "the",
    "Director",
    "of",
    "ICE",
    "concur",
    "non-concur",
    "resolved",
    "unresolved",
    "and",
    "open",
    "closed",
    "staff",
    "positions",
    "133",
    "of",
    "245",
    "percent",
    "vacancies",
    "fifty",
    "security",
    "Comments",
    "to",
    "ECD:",
    "March",
    "31,",
    "2023",
    "OIG-22-31",
    "Did",
    "Not",
    "Meet",
    "Standards",
    "for",
    "Medical",
    "Care",
    "\n",
    ".",
    ",",
    "three",
    "through",
    "4",
)


@settings(max_examples=60, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(
    pages=st.lists(
        st.lists(st.sampled_from(WORDS), max_size=300).map(" ".join), min_size=1, max_size=3
    )
)
def test_text_extractors_on_report_like_noise(pages: list[str]) -> None:
    """Report-like word salad: named errors only, and no pathological regex slowness."""
    from scrapers.dhs_oig.findings import extract_findings
    from scrapers.dhs_oig.recs import extract_recommendations
    from scrapers.dhs_oig.staffing import extract_staffing
    from scrapers.dhs_oig.text import ReportText

    text = ReportText(pages)
    with contextlib.suppress(SourceError):
        extract_recommendations(text, "OIG-22-31")
    extract_staffing(text)
    extract_findings(text, "management_alert")
