"""oversight_gov: report cards and open-recommendation tables from project-written fixtures."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from scrapers import oversight_gov
from scrapers._base import LayoutChanged, Page
from tests.sources.oig_pdfs import fixture

FETCHED = datetime(2024, 1, 5, 9, 30)
URL = "https://www.oversight.gov/agencies/department-homeland-security"


def _parse(name: str, **extra):
    return oversight_gov.parse(
        Page(url=URL, content=fixture("oversight_gov", name), fetched_at=FETCHED, **extra)
    )


def test_listing_keeps_only_ice_reports() -> None:
    links = [r for r in _parse("listing-dhs.html", kind_hint="listing") if r.link_kind == "detail"]
    assert [link.external_id for link in links] == ["OIG-22-75"]
    assert links[0].url.startswith("https://www.oversight.gov/reports/inspection-evaluation/")


def test_listing_next_page() -> None:
    following = [r for r in _parse("listing-dhs.html") if r.link_kind == "next"]
    assert following[0].url.endswith("?page=1")


def test_open_recommendations_become_status_observations() -> None:
    records = _parse("report-open-recommendations.html")
    assert [(r.report_number, r.number, r.implementation) for r in records] == [
        ("OIG-22-75", 1, "open"),
        ("OIG-22-75", 2, "open"),
    ]
    assert records[0].observed_date == date(2024, 1, 5)


def test_text_on_the_following_row_is_kept_as_quote() -> None:
    first = _parse("report-open-recommendations.html")[0]
    assert first.quote.startswith("We recommend the Executive Assistant Director")


def test_table_layout_change_fails_by_name() -> None:
    with pytest.raises(LayoutChanged, match="Open Recommendations"):
        _parse("report-table-changed.html")
