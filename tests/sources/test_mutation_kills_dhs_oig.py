"""OIG report parsing cases that mutation testing showed no test pinned down.

Each test names the wording it reads; the values asserted are what a reader sees on the
recommendation, staffing and finding rows.
"""

from __future__ import annotations

from scrapers._base import RecommendationRecord
from scrapers._quotes import clean_quote
from scrapers.dhs_oig.findings import extract_findings
from scrapers.dhs_oig.recs import _apply_counts
from scrapers.dhs_oig.staffing import extract_staffing
from scrapers.dhs_oig.status import Status, counted_statuses, status_in
from scrapers.dhs_oig.text import ReportText, own_report_number

RESOLVED_OPEN = Status("resolved", "open")
RESOLVED_CLOSED = Status("resolved", "closed")


def test_vacancies_of_a_named_role_are_that_roles_figures() -> None:
    (obs,) = extract_staffing(ReportText(["48 of 120 detention officer positions were vacant."]))
    assert (obs.role_group, obs.required, obs.vacancies) == ("security", 120, 48)


def test_filled_posts_of_a_named_role_keep_that_role_when_another_is_mentioned() -> None:
    sentence = "Only 72 of 120 detention officer positions were filled, delaying medical visits."
    (obs,) = extract_staffing(ReportText([sentence]))
    assert (obs.role_group, obs.required, obs.filled) == ("security", 120, 72)


def test_a_number_cited_only_after_the_cover_pages_is_not_the_reports_own() -> None:
    pages = ["Cover page without a number", "Summary", "As OIG-19-51 found, ..."]
    assert own_report_number(pages) is None
    assert own_report_number(["Cover", "OIG-19-51", "See OIG-18-67"]) == "OIG-19-51"


def test_a_quote_exactly_at_the_limit_is_kept_whole() -> None:
    text = "word " * 79 + "last"  # 399 characters
    assert clean_quote(text) == text
    assert clean_quote(text + "s") == text + "s"  # 400: still whole
    assert clean_quote(text + "s more") == "word " * 79 + "lasts ..."  # cut after a whole word


def test_highlight_list_of_standards_not_met_gives_deficient_findings() -> None:
    text = ReportText(["The facility did not meet ICE detention standards for medical care."])
    found = extract_findings(text, "inspection")
    assert [(f.category, f.result) for f in found] == [("MEDICAL_CARE", "deficient")]


def test_a_counted_status_missing_its_resolution_is_not_used() -> None:
    # "open, closed" names no resolution: the count cannot say what the two recommendations are
    counted = counted_statuses("We consider two open, closed and one resolved and closed.")
    assert counted == [(1, RESOLVED_CLOSED)]


def test_resolution_alone_is_a_status() -> None:
    assert status_in("This recommendation is resolved.") == Status("resolved", None)
    assert status_in("We made this recommendation to ICE.") is None


def _recommendation(number: int, status: Status | None = None) -> RecommendationRecord:
    status = status or Status()
    return RecommendationRecord(
        number=number, resolution=status.resolution, implementation=status.implementation
    )


def test_counts_fill_the_one_unknown_status_only_when_one_kind_is_left() -> None:
    counted = [(2, RESOLVED_OPEN), (1, RESOLVED_CLOSED)]
    # one unknown recommendation, but both kinds still have room: no guess
    doubtful = [
        _recommendation(1, RESOLVED_OPEN),
        _recommendation(2),
        _recommendation(3, Status("unresolved", "open")),
    ]
    _apply_counts(doubtful, counted)
    assert (doubtful[1].resolution, doubtful[1].implementation) == (None, None)
    # one unknown and only resolved-and-closed left: it is that
    certain = [
        _recommendation(1, RESOLVED_OPEN),
        _recommendation(2, RESOLVED_OPEN),
        _recommendation(3),
    ]
    _apply_counts(certain, counted)
    assert (certain[2].resolution, certain[2].implementation) == ("resolved", "closed")


def test_a_report_pdf_filed_from_the_listing_takes_the_listing_title_and_final_url() -> None:
    from datetime import datetime

    from scrapers import dhs_oig
    from scrapers._base import Page
    from tests.sources.oig_pdfs import report_pdf

    listing = {"report_number": "OIG-22-75", "title": "Violations at Torrance (listing title)"}
    page = Page(
        url="https://www.oig.dhs.gov/sites/default/files/assets/2022-09/OIG-22-75-Sep22.pdf",
        final_url="https://www.oig.dhs.gov/final/OIG-22-75.pdf",
        content=report_pdf("OIG-22-75"),
        fetched_at=datetime(2024, 1, 5),
        meta={"listing": listing},
    )
    document = dhs_oig.parse(page)[0]
    assert (document.report_number, document.title) == ("OIG-22-75", listing["title"])
    assert document.pdf_url == "https://www.oig.dhs.gov/final/OIG-22-75.pdf"
