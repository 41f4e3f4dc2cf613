"""Quotes are clean and complete: no page furniture, whole words at both ends (issue 12 item 7).

Our own fixtures first, then the real contract-inspection PDFs of ../shared/corpus (their
"Page 2 of 9" footers and repeated form headers), skipped when the corpus is absent.
"""

from __future__ import annotations

import csv
import re
from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from monitor.demo.pdf import split_pages, text_pdf
from scrapers import dhs_oig
from scrapers._base import Page
from scrapers._pdftext import page_texts
from scrapers._quotes import clean_quote, paragraphs, quote_span, strip_page_furniture
from tests.conftest import CORPUS
from tests.sources.oig_pdfs import FIXTURES, report_pdf

RUNNING_TITLE = "Sample Hills Processing Center Inspection"
FOOTER = re.compile(r"www\.oig\.dhs\.gov|OIG-23-07")


@pytest.fixture(scope="module")
def report() -> list:
    """The fixture report with a running title on every page and OIG-style footers."""
    text = (FIXTURES / "dhs_oig" / "report-running-headers.txt").read_text(encoding="utf-8")
    pdf = text_pdf(split_pages(text), footer="OIG-23-07")
    page = Page(url="https://www.oig.dhs.gov/a.pdf", content=pdf, fetched_at=datetime(2024, 1, 5))
    return dhs_oig.parse(page)


def _quotes(records: list) -> list[str]:
    out = []
    for record in records:
        quotes = (getattr(record, "quote", None), getattr(record, "response_quote", None))
        out += [q for q in quotes if q]
    return out


def test_no_quote_carries_a_header_or_footer(report) -> None:
    quotes = _quotes(report)
    assert len(quotes) >= 5
    assert [q for q in quotes if FOOTER.search(q) or RUNNING_TITLE in q] == []


def test_a_recommendation_broken_across_pages_reads_as_one_sentence(report) -> None:
    recs = [r for r in report if r.kind == "recommendation"]
    assert recs[1].text == (
        "We recommend the Field Office Director for Phoenix ensure the facility answers every "
        "detainee grievance within five days."
    )


def test_a_listed_finding_quotes_its_whole_sentence_not_the_heading_before_it(report) -> None:
    listed = [f for f in report if f.kind == "finding" and f.raw_label == "segregation"]
    assert listed[0].quote.startswith("During our unannounced inspection of the Sample Hills")
    assert listed[0].quote.endswith("medical care, segregation, and grievances.")


def test_each_response_is_quoted_with_its_page(report) -> None:
    recs = {r.number: r for r in report if r.kind == "recommendation"}
    assert recs[1].response_page == 5
    assert recs[1].response_quote.startswith("ICE Comments to Recommendation 1: Concur.")
    assert "OIG Analysis" not in recs[1].response_quote
    assert recs[2].response_quote == (
        "ICE Response to Recommendation 2: Non-concur. ICE stated that the facility already "
        "meets the grievance standard."
    )


def test_a_recommendation_ends_where_the_response_sentence_begins() -> None:
    pdf = report_pdf("OIG-17-43-MA")
    page = Page(url="https://www.oig.dhs.gov/m.pdf", content=pdf, fetched_at=datetime(2024, 1, 5))
    recs = [r for r in dhs_oig.parse(page) if r.kind == "recommendation"]
    assert recs[1].text == (
        "We recommend that the ICE Director ensure detainees are housed according to their "
        "classification level."
    )
    assert recs[1].response_quote == "ICE concurred with recommendations 1 and 2."
    assert recs[1].response_page == 2


def test_a_staffing_quote_starts_with_its_sentence_not_the_headings_above() -> None:
    page = Page(url="https://www.oig.dhs.gov/r.pdf", content=report_pdf("OIG-22-75"),
                fetched_at=datetime(2024, 1, 5))  # fmt: skip
    quotes = [r.quote for r in dhs_oig.parse(page) if r.kind == "staffing"]
    assert quotes[0].startswith("During our inspection the facility reported 245 required")
    assert not [q for q in quotes if "Results of Inspection" in q or "Understaffed" in q]


def test_a_response_stated_for_all_recommendations_is_quoted_from_that_sentence() -> None:
    from scrapers.dhs_oig.responses import stated_responses

    joined = "We made four recommendations. ICE concurred with all four recommendations. Next."
    found = stated_responses(joined, 4)
    assert sorted(found) == [1, 2, 3, 4]
    assert found[3].quote == "ICE concurred with all four recommendations."


def test_running_lines_and_page_numbers_are_removed_body_lines_kept() -> None:
    topics = ["plumbing", "staffing", "medical care", "grievances"]
    pages = [
        f"{RUNNING_TITLE}\nBody line {n} about {topic}.\nIt goes on about {topic}.\n"
        f"More on {topic} here.\nThe same body sentence repeats here.\nStill on {topic}.\n"
        f"And more on {topic}.\nThe end of the {topic} part.\nPage {n} of 4"
        for n, topic in enumerate(topics, start=1)
    ]
    cleaned = strip_page_furniture(pages)
    assert all(RUNNING_TITLE not in page and "Page" not in page for page in cleaned)
    assert all("The same body sentence repeats here." in page for page in cleaned)
    assert cleaned[2].startswith("Body line 3 about medical care.")


def test_a_short_document_keeps_its_lines_except_known_footers() -> None:
    pages = ["Report title\nBody.\nwww.oig.dhs.gov 1 OIG-22-75", "Report title\nMore.\n2"]
    assert strip_page_furniture(pages) == ["Report title\nBody.", "Report title\nMore."]


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("Plumbing failed in 83 cells.", 400, "Plumbing failed in 83 cells."),
        ("Plumbing failed in eighty three cells.", 20, "Plumbing failed in ..."),
        ("Sinks leaked. www.oig.dhs.gov 3 OIG-22-75 Toilets clogged.", 400,
         "Sinks leaked. Toilets clogged."),
    ],
)  # fmt: skip
def test_clean_quote(text: str, limit: int, expected: str) -> None:
    assert clean_quote(text, limit) == expected


def test_headings_stay_apart_from_the_prose_after_them() -> None:
    page = "What We Found\nThe facility did not meet\nstandards for medical care.\nNext Heading"
    assert paragraphs(page).splitlines() == [
        "What We Found",
        "The facility did not meet standards for medical care.",
        "Next Heading",
    ]


_WORDS = st.lists(st.from_regex(r"[A-Za-z]{1,12}[.,]?", fullmatch=True), min_size=1, max_size=80)


@given(words=_WORDS, data=st.data())
def test_a_quote_starts_and_ends_on_whole_words(words: list[str], data: st.DataObject) -> None:
    text = " ".join(words)
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    begin, finish = quote_span(text, start, end)
    assert begin <= start and finish >= end
    assert begin == 0 or not (text[begin - 1].isalnum() and text[begin].isalnum())
    assert finish == len(text) or not (text[finish - 1].isalnum() and text[finish].isalnum())


# ---------------------------------------------------------------- the real corpus

FOLDER = CORPUS / "ice-contract-inspections"


def _corpus_files(kind: str, limit: int = 12) -> list[str]:
    """The first few corpus PDFs of one kind (INDEX.csv)."""
    index = FOLDER / "INDEX.csv"
    if not index.exists():
        pytest.skip("corpus folder ice-contract-inspections not available")
    with index.open(encoding="utf-8") as handle:
        return [r["file"] for r in csv.DictReader(handle) if r["kind"] == kind][:limit]


@pytest.mark.parametrize(
    ("kind", "running"),
    [
        ("G-324A summary (current form)", "Immigration and Customs Enforcement Facility SIS"),
        ("cover letter", None),
    ],
)
def test_corpus_page_numbers_and_running_headers_are_removed(
    kind: str, running: str | None
) -> None:
    checked = 0
    for name in _corpus_files(kind):
        pages = page_texts((FOLDER / name).read_bytes(), allow_blank=True)
        cleaned = strip_page_furniture(pages)
        for raw, page in zip(pages, cleaned, strict=True):
            lines = [line.strip() for line in page.splitlines()]
            assert not [e for e in lines if re.fullmatch(r"Page \d+ of \d+", e)], name
            assert running is None or running not in lines, name
            # Body text survives: only lines at the top or bottom of a page go.
            assert len(page.splitlines()) >= len(raw.splitlines()) - 6, name
        checked += 1
    assert checked >= 5


def test_an_odo_finding_broken_across_pages_is_quoted_without_the_furniture() -> None:
    from scrapers import ice_odo
    from tests.sources.ice_helpers import fixture_text, make_pdf

    text = fixture_text("ice_odo", "report.txt").replace(
        "within 12 hours of arrival\n", "within 12 hours of arrival\n\f"
    )
    chunks = text.split("\f")
    header = "ODO Compliance Inspection - Mesa Verde"
    pages = [
        f"{header}\n{chunk.strip()}\nPage {n} of {len(chunks)}"
        for n, chunk in enumerate(chunks, start=1)
    ]
    content = make_pdf("\f".join(pages))
    records = ice_odo.parse(Page(url="r.pdf", content=content, fetched_at=datetime(2024, 1, 5)))
    medical = next(r for r in records if getattr(r, "raw_label", "") == "Medical Care (4.3-1)")
    assert medical.quote == (
        "Nurses did not complete the initial health screening within 12 hours of arrival "
        "for 3 of 25 files reviewed."
    )
