"""dhs_oig: listing, report page and report PDFs parsed from project-written fixtures."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from scrapers import dhs_oig
from scrapers._base import LayoutChanged, Page
from tests.sources.oig_pdfs import fixture, report_pdf

FETCHED = datetime(2024, 1, 5, 12, 0)  # frozen clock: parse never reads the real one
BASE = "https://www.oig.dhs.gov/reports/audits-inspections-and-evaluations"


def _page(content: bytes, url: str = BASE, **extra) -> Page:
    return Page(url=url, content=content, fetched_at=FETCHED, **extra)


def _kinds(records, kind):
    return [r for r in records if r.kind == kind]


# ---------------------------------------------------------------- listing


@pytest.fixture(scope="module")
def listing():
    return dhs_oig.parse(_page(fixture("dhs_oig", "listing-page-0.html")))


def test_listing_rows_are_newest_first(listing) -> None:
    numbers = [r.report_number for r in _kinds(listing, "document")]
    assert numbers == ["OIG-22-75", "OIG-22-31", "OIG-21-30"]


def test_listing_reads_mm_dd_yyyy_issue_dates(listing) -> None:
    assert _kinds(listing, "document")[1].published_date == date(2022, 3, 16)


def test_listing_title_is_the_link_not_the_summary_before_it(listing) -> None:
    row = _kinds(listing, "document")[1]
    assert row.title.startswith("Management Alert - Immediate Removal")
    assert row.summary.startswith("Our visit found staffing")


def test_listing_links_are_absolute(listing) -> None:
    detail = _kinds(listing, "link")[0]
    assert detail.url.startswith("https://www.oig.dhs.gov/reports/2022/violations")


def test_listing_next_page_link(listing) -> None:
    following = [r for r in _kinds(listing, "link") if r.link_kind == "next"]
    assert following[0].url.endswith("page=1")


def test_last_listing_page_has_no_next_link_and_keeps_ma_suffix() -> None:
    records = dhs_oig.parse(_page(fixture("dhs_oig", "listing-page-1.html")))
    assert [r.link_kind for r in _kinds(records, "link")] == ["detail"]
    assert _kinds(records, "document")[0].report_number == "OIG-17-43-MA"
    assert _kinds(records, "document")[0].report_type == "management_alert"


def test_changed_listing_layout_fails_by_name() -> None:
    page = _page(fixture("dhs_oig", "listing-layout-changed.html"), kind_hint="listing")
    with pytest.raises(LayoutChanged, match="Report Number"):
        dhs_oig.parse(page)


# ---------------------------------------------------------------- report page


def test_report_page_fields_and_pdf_link() -> None:
    url = "https://www.oig.dhs.gov/reports/2022/management-alert"
    (record,) = dhs_oig.parse(_page(fixture("dhs_oig", "report-page-oig-22-31.html"), url=url))
    assert record.report_number == "OIG-22-31"
    assert record.published_date == date(2022, 3, 16)
    assert record.fiscal_year == 2022
    assert record.pdf_url == (
        "https://www.oig.dhs.gov/sites/default/files/assets/2022-03/OIG-22-31-Mar22.pdf"
    )
    assert "ICE did not concur" in record.summary


# ---------------------------------------------------------------- PDFs


@pytest.fixture(scope="module")
def alert():
    return dhs_oig.parse(_page(report_pdf("OIG-22-31"), url="https://www.oig.dhs.gov/a.pdf"))


def test_alert_cover(alert) -> None:
    (doc,) = _kinds(alert, "document")
    assert (doc.report_number, doc.published_date, doc.report_type) == (
        "OIG-22-31",
        date(2022, 3, 16),
        "management_alert",
    )
    assert doc.facility_names == ["Torrance County Detention Facility, Estancia, NM"]


def test_alert_recommendation(alert) -> None:
    (rec,) = _kinds(alert, "recommendation")
    assert rec.number == 1
    assert rec.addressee == "Acting Director of U.S. Immigration and Customs Enforcement"
    assert (rec.concurrence, rec.resolution, rec.implementation) == (
        "non_concur",
        "unresolved",
        "open",
    )
    assert rec.page == 3


def test_alert_staffing_as_reported_with_check(alert) -> None:
    overall = next(r for r in _kinds(alert, "staffing") if r.role_group == "all")
    assert (overall.required, overall.filled, overall.vacancies) == (245, 133, 112)
    assert overall.pct_filled_reported == 54.0
    assert overall.pct_filled == 54.3
    assert overall.arithmetic_ok is True


def test_alert_security_vacancies(alert) -> None:
    security = next(r for r in _kinds(alert, "staffing") if r.role_group == "security")
    assert security.vacancies == 94


def test_alert_findings_map_to_taxonomy(alert) -> None:
    found = {(f.category, f.result) for f in _kinds(alert, "finding")}
    assert ("STAFFING", "deficient") in found
    assert ("ENV_HEALTH_SAFETY", "deficient") in found


def test_full_report_ecd_and_either_word_order() -> None:
    records = dhs_oig.parse(_page(report_pdf("OIG-22-75"), url="https://x.oig.dhs.gov/b.pdf"))
    recs = {r.number: r for r in _kinds(records, "recommendation")}
    assert recs[2].target_date == date(2023, 3, 31)
    assert (recs[3].resolution, recs[3].implementation) == ("resolved", "open")
    assert recs[3].addressee_office == "ERO Field Office"
    assert recs[1].concurrence == "non_concur" and recs[2].concurrence == "concur"


def test_full_report_compliant_area_is_recorded() -> None:
    records = dhs_oig.parse(_page(report_pdf("OIG-22-75"), url="https://x.oig.dhs.gov/b.pdf"))
    assert ("GRIEVANCES", "compliant") in {
        (f.category, f.result) for f in _kinds(records, "finding")
    }


def test_older_wording_memo_range_and_words() -> None:
    records = dhs_oig.parse(_page(report_pdf("report-older-wording")))
    recs = _kinds(records, "recommendation")
    assert [r.number for r in recs] == [1, 2, 3]
    assert {(r.resolution, r.implementation) for r in recs} == {("resolved", "open")}
    assert {r.concurrence for r in recs} == {"concur"}
    assert recs[0].addressee_office == "ERO"
    assert recs[0].target_date == date(2012, 12, 31)


def test_older_wording_staffing_in_words_and_percent_vacant() -> None:
    staffing = _kinds(dhs_oig.parse(_page(report_pdf("report-older-wording"))), "staffing")
    assert any(s.pct_vacant_reported == 46.0 and s.pct_filled == 54.0 for s in staffing)
    assert any(s.role_group == "security" and s.pct_filled_reported == 50.0 for s in staffing)


def test_counted_status_is_not_guessed_per_recommendation() -> None:
    recs = _kinds(dhs_oig.parse(_page(report_pdf("report-counted-status"))), "recommendation")
    assert len(recs) == 5
    assert {r.concurrence for r in recs} == {"concur"}
    assert {r.implementation for r in recs} == {None}


def test_counted_status_fills_by_elimination() -> None:
    records = dhs_oig.parse(_page(report_pdf("OIG-21-30")))
    recs = {r.number: r for r in _kinds(records, "recommendation")}
    assert (recs[4].resolution, recs[4].implementation) == ("resolved", "open")
    assert recs[4].target_date == date(2021, 9, 30)


def test_closed_upon_issuance() -> None:
    recs = _kinds(dhs_oig.parse(_page(report_pdf("OIG-17-43-MA"))), "recommendation")
    assert (recs[1].resolution, recs[1].implementation) == ("resolved", "closed")
    assert (recs[0].resolution, recs[0].implementation) == ("resolved", "open")


def test_report_without_a_number_fails_by_name() -> None:
    from monitor.demo.pdf import text_pdf

    with pytest.raises(LayoutChanged, match="report number"):
        dhs_oig.parse(_page(text_pdf(["A page that is not an OIG report at all."])))


def test_responses_in_the_component_letter_appendix() -> None:
    recs = _kinds(dhs_oig.parse(_page(report_pdf("report-letter-responses"))), "recommendation")
    assert [(r.concurrence, r.resolution, r.implementation) for r in recs] == [
        ("concur", "resolved", "open"),
        ("non_concur", "unresolved", "open"),
    ]
    assert recs[0].target_date == date(2019, 8, 30)


def test_pdfium_line_end_hyphens_are_rejoined() -> None:
    from scrapers.dhs_oig.text import squash

    assert (
        squash("Non-\x02\r\nconcur with Recommen\x02\r\ndation 2")
        == "Non-concur with Recommendation 2"
    )


def test_table_of_contents_lines_are_not_findings() -> None:
    from scrapers.dhs_oig.findings import _is_heading

    assert not _is_heading("The Facility Did Not Meet Standards for Medical Care ........ 5")
    assert _is_heading("The Facility Did Not Meet Standards for Medical Care")


def test_own_number_is_the_one_the_footers_repeat() -> None:
    from scrapers.dhs_oig.text import own_report_number

    pages = [
        "Cover\nSeptember 28, 2022",
        "As we reported in OIG-22-31, ...\nwww.oig.dhs.gov 2 OIG-22-75",
        "www.oig.dhs.gov 3 OIG-22-75",
    ]
    assert own_report_number(pages) == "OIG-22-75"
    assert own_report_number(["Management alert\nOIG-17-43-MA", "no footer here"]) == "OIG-17-43-MA"


def test_vacant_of_required_counts_vacancies_not_filled_posts() -> None:
    from scrapers.dhs_oig.staffing import extract_staffing
    from scrapers.dhs_oig.text import ReportText

    text = ReportText(["The facility was understaffed by 46%, with 120 of 260 positions vacant."])
    (obs,) = extract_staffing(text)
    assert (obs.required, obs.vacancies, obs.filled) == (260, 120, None)
    assert obs.pct_filled == 53.8 and obs.pct_vacant_reported == 46.0
    assert obs.arithmetic_ok is True
