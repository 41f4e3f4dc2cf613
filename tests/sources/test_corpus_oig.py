"""Acceptance against real OIG wording in ../shared/corpus (skipped when the corpus is absent)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from scrapers.dhs_oig.recs import addressee_of, normalize_office
from scrapers.dhs_oig.text import (
    ReportText,
    cover_title,
    facility_names,
    normalize_report_number,
    parse_date,
    report_type,
)
from tests.conftest import corpus_file

pytestmark = pytest.mark.corpus


def _text(name: str) -> str:
    return corpus_file(name).read_text(encoding="utf-8")


def test_listing_rows_give_numbers_types_and_facilities() -> None:
    rows = [
        line
        for line in _text("oig-dhs-listing-ice-newest-first.excerpt.txt").splitlines()
        if normalize_report_number(line)
    ]
    numbers = [normalize_report_number(line) for line in rows]
    assert numbers[:3] == ["OIG-24-65", "OIG-24-63", "OIG-24-61"]
    baker = next(line for line in rows if "OIG-24-63" in line)
    assert report_type(baker) == "unannounced_inspection"
    assert facility_names(baker, "") == ["Baker County Sheriff's Office, Macclenny, FL"]
    alert = next(line for line in rows if "OIG-24-46" in line)
    assert report_type(alert) == "management_alert"
    summary = next(line for line in rows if "OIG-24-59" in line)
    assert report_type(summary) == "summary"


def test_management_alert_cover() -> None:
    text = _text("oig-17-43-ma-theo-lacy-management-alert.excerpt.txt")
    report = ReportText([text])
    assert normalize_report_number(text) == "OIG-17-43-MA"
    assert parse_date(text) == date(2017, 3, 6)
    assert cover_title(report.raw_pages[0]).startswith("Management Alert on Issues Requiring")
    names = facility_names(cover_title(report.raw_pages[0]) or "", report.joined)
    assert names[0] == "Theo Lacy Facility, Orange, CA"


def test_la_palma_cover_and_facility() -> None:
    text = _text("oig-21-30-la-palma-eloy-highlights.excerpt.txt")
    assert normalize_report_number(text) == "OIG-21-30"
    assert parse_date(text) == date(2021, 3, 30)
    assert "La Palma Correctional Center, Eloy, AZ" in facility_names(text, text)


def test_oversight_recommendation_addressees() -> None:
    text = _text("oversight-gov-report-ice-segregation-open-recommendations.excerpt.txt")
    recs = [line for line in text.splitlines() if line.startswith("We recommend")]
    addressees = [addressee_of(line) for line in recs]
    assert (
        addressees[0] == "ICE ERO Assistant Directors for Custody Management and Field Operations"
    )
    assert normalize_office(addressees[0]) == "ERO Custody Management"
    assert re.sub("\u2019", "'", addressees[2]) == "ICE's Records Officer"
    assert normalize_office(addressees[2]) == "ICE Records Office"
