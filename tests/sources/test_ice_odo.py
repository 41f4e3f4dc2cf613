"""ICE ODO compliance inspections: FOIA pages, titles, the listing and report PDFs."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import select

from scrapers import ice_odo
from scrapers._base import BadDocument, LayoutChanged, SourceError
from scrapers._odo_report import NotAnOdoReport
from tests.conftest import CORPUS, corpus_file

from .ice_helpers import (
    fixture_bytes,
    fixture_text,
    make_pdf,
    mutations,
    only_named_errors,
    page,
    scanned_pdf,
)


def _inspection(content: bytes, **meta):
    records = ice_odo.parse(page(content, **meta))
    return next(r for r in records if r.kind == "inspection")


# ---------------------------------------------------------------- titles


@pytest.mark.parametrize(
    ("title", "name", "city", "state", "start", "end"),
    [
        ("2022 Torrance County Detention Facility, Estancia, NM - Oct. 25-27, 2022",
         "Torrance County Detention Facility", "Estancia", "NM", date(2022, 10, 25), date(2022, 10, 27)),
        ("2022 Clinton County Jail, Plattsburgh, NY - Oct.  25-27, 2022",
         "Clinton County Jail", "Plattsburgh", "NY", date(2022, 10, 25), date(2022, 10, 27)),
        ("2022 Cibola County Correctional Center, Milan, NM - Nov. 29-Dec. 1, 2022",
         "Cibola County Correctional Center", "Milan", "NM", date(2022, 11, 29), date(2022, 12, 1)),
        ("2022 Adelanto ICE Processing Center - East, Adelanto, CA - Dec. 30, 2022-Jan. 1, 2023",
         "Adelanto ICE Processing Center - East", "Adelanto", "CA", date(2022, 12, 30), date(2023, 1, 1)),
        ("2023 Prairieland Detention Center (PDC), Alvarado, TX - Jan. 31-Feb. 2, 2023",
         "Prairieland Detention Center (PDC)", "Alvarado", "TX", date(2023, 1, 31), date(2023, 2, 2)),
        ("2023 Baker County Sheriff\u2019s Office, Macclenny, FL - Sept. 12-14, 2023",
         "Baker County Sheriff's Office", "Macclenny", "FL", date(2023, 9, 12), date(2023, 9, 14)),
        ("2023 Stewart Detention Center, Lumpkin, Georgia \u2013 June 6, 2023",
         "Stewart Detention Center", "Lumpkin", "GA", date(2023, 6, 6), date(2023, 6, 6)),
        ("2023 Krome North Service Processing Center - Miami, FL - Aug. 1-3, 2023",
         "Krome North Service Processing Center", "Miami", "FL", date(2023, 8, 1), date(2023, 8, 3)),
        ("2023 Pulaski County Jail, Ullin IL - Sept. 12-14, 2023",
         "Pulaski County Jail", "Ullin", "IL", date(2023, 9, 12), date(2023, 9, 14)),
    ],
)  # fmt: skip
def test_title_fields(title, name, city, state, start, end) -> None:
    record = ice_odo.parse_title(title)
    assert (record.facility_name, record.city, record.state) == (name, city, state)
    assert (record.start_date, record.end_date) == (start, end)
    assert record.date_uncertain is False
    assert record.raw_title == " ".join(title.split())
    assert record.inspector == "ODO"


@pytest.mark.parametrize(
    "title",
    [
        "2022 Baker County Sheriff's Office, Macclenny, FL - Oct. 28-20, 2022",  # end before start
        "2022 Washoe County Jail, Reno, NV - Feb. 30-31, 2022",  # no such day
        "2022 Washoe County Jail, Reno, NV - Fall 2022",  # no day at all
        "2022 Washoe County Jail, Reno, NV - Oct. 1-Dec. 30, 2022",  # three months: a typo
    ],
)
def test_unreadable_dates_are_left_empty_and_flagged(title: str) -> None:
    record = ice_odo.parse_title(title)
    assert record.start_date is None and record.end_date is None
    assert record.date_uncertain is True
    assert record.raw_title == title
    assert record.state in ("FL", "NV")


@pytest.mark.parametrize("title", ["Detention statistics", "Krome - Oct. 1-3, 2022", ""])
def test_title_without_place_is_a_layout_change(title: str) -> None:
    with pytest.raises(LayoutChanged):
        ice_odo.parse_title(title)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=120))
def test_fuzzed_titles_raise_only_named_errors(title: str) -> None:
    try:
        record = ice_odo.parse_title(title)
    except SourceError:
        return
    assert record.state is not None and record.facility_name


# ---------------------------------------------------------------- pages


def test_inspection_page_gives_inspection_with_absolute_pdf_url() -> None:
    record = _inspection(fixture_bytes("ice_odo", "inspection-page.html"))
    assert record.facility_name == "Mesa Verde ICE Processing Center"
    assert (record.city, record.state) == ("Bakersfield", "CA")
    assert (record.start_date, record.end_date) == (date(2023, 11, 29), date(2023, 12, 1))
    assert record.pdf_url == (
        "https://www.ice.gov/doclib/foia/odo-compliance-inspections/2023-MesaVerde-BakersfieldCA-NovDec.pdf"
    )
    assert record.to_dict()["start_date"] == "2023-11-29"


def test_typo_page_keeps_raw_title_and_name_with_dash() -> None:
    record = _inspection(fixture_bytes("ice_odo", "typo-page.html"))
    assert record.facility_name == "Adelanto ICE Processing Center - East"
    assert record.raw_title.endswith("Oct. 28-20, 2023")
    assert record.date_uncertain and record.start_date is None


def test_prea_audit_page_is_refused_by_name() -> None:
    with pytest.raises(ice_odo.PreaAuditPage) as caught:
        ice_odo.parse(page(fixture_bytes("ice_odo", "prea-page.html")))
    assert "PREA" in caught.value.describe()


def test_changed_layout_is_named() -> None:
    with pytest.raises(LayoutChanged):
        ice_odo.parse(page(fixture_bytes("ice_odo", "changed-layout.html")))


def test_listing_gives_detail_pdf_and_next_links() -> None:
    links = ice_odo.parse(page(fixture_bytes("ice_odo", "listing.html"),
                               url="https://www.ice.gov/foia/odo-compliance-inspections"))  # fmt: skip
    kinds = {(link.link_kind, link.url) for link in links}
    assert ("detail", "https://www.ice.gov/node/70001") in kinds
    assert (
        "pdf",
        "https://www.ice.gov/doclib/foia/odo-compliance-inspections/2023-Krome-MiamiFL.pdf",
    ) in kinds
    assert ("listing", "https://www.ice.gov/foia/odo-compliance-inspections?page=1") in kinds
    assert all("about" not in url for _, url in kinds)


@pytest.mark.parametrize("seed", range(12))
def test_damaged_pages_raise_only_named_errors(seed: int) -> None:
    for damaged in mutations(fixture_bytes("ice_odo", "inspection-page.html"), seed):
        only_named_errors(ice_odo.parse, damaged)


# ---------------------------------------------------------------- report PDFs


@pytest.fixture(scope="module")
def report_records():
    return ice_odo.parse(page(make_pdf(fixture_text("ice_odo", "report.txt")), url="file.pdf"))


def test_report_counts_kept_apart_from_rating(report_records) -> None:
    inspection = report_records[-1]
    assert inspection.kind == "inspection"
    assert inspection.facility_name == "Mesa Verde ICE Processing Center"
    assert (inspection.city, inspection.state) == ("Bakersfield", "CA")
    assert (inspection.start_date, inspection.end_date) == (date(2023, 11, 29), date(2023, 12, 1))
    assert inspection.standard == "PBNDS 2011 (2016 revisions)"
    assert (inspection.standards_reviewed, inspection.standards_compliant) == (17, 14)
    assert (inspection.standards_deficient, inspection.deficiency_count) == (3, 5)
    assert (inspection.repeat_deficiencies, inspection.areas_of_concern) == (1, 1)
    assert inspection.corrective_action_plan is True
    assert inspection.rating is None


def test_report_findings_per_standard(report_records) -> None:
    findings = [r for r in report_records if r.kind == "finding"]
    by_label = {f.raw_label: f for f in findings}
    medical = by_label["Medical Care (4.3-1)"]
    assert medical.category == "MEDICAL_CARE" and medical.is_repeat and medical.page == 3
    assert "initial health screening" in medical.quote
    assert by_label["Environmental Health And Safety (1.2-A)"].result == "area_of_concern"
    assert by_label["Use Of Force And Restraints (2.15)"].result == "compliant"
    assert by_label["Special Management Units (2.12-1)"].category == "SEGREGATION"
    assert sum(f.result == "deficient" for f in findings) == 5


def test_scanned_report_is_a_bad_document() -> None:
    with pytest.raises(BadDocument, match="text layer"):
        ice_odo.parse(page(scanned_pdf(), url="scan.pdf"))


def test_other_pdf_is_not_an_odo_report() -> None:
    other = make_pdf(fixture_text("ice_contract_inspections", "other-form.txt"))
    with pytest.raises(NotAnOdoReport):
        ice_odo.parse(page(other, url="other.pdf"))


def test_truncated_report_is_a_bad_document() -> None:
    content = make_pdf(fixture_text("ice_odo", "report.txt"))
    with pytest.raises(BadDocument):
        ice_odo.parse(page(content[: len(content) // 3], url="cut.pdf"))


# ---------------------------------------------------------------- the real pages


ODO_PAGES = sorted(p.name for p in CORPUS.glob("ice-odo-inspection-page-*.html")) or ["absent"]


@pytest.mark.corpus
@pytest.mark.parametrize("name", ODO_PAGES)
def test_every_corpus_odo_page(name: str) -> None:
    path: Path = corpus_file(name)
    record = _inspection(path.read_bytes())
    assert record.inspector == "ODO" and record.state and record.city
    assert record.pdf_url.startswith("https://www.ice.gov/doclib/foia/odo-compliance-inspections/")
    if "baker-county" in name:
        assert record.date_uncertain and record.end_date is None
        assert "Oct. 28-20, 2022" in record.raw_title
    else:
        assert record.end_date and record.end_date.year == 2022 and not record.date_uncertain


@pytest.mark.corpus
def test_corpus_torrance_page() -> None:
    record = _inspection(corpus_file("ice-odo-inspection-page-torrance-2022-10.html").read_bytes())
    assert record.facility_name == "Torrance County Detention Facility"
    assert (record.city, record.state) == ("Estancia", "NM")
    assert (record.start_date, record.end_date) == (date(2022, 10, 25), date(2022, 10, 27))


@pytest.mark.corpus
@pytest.mark.parametrize("name", ["ice-prea-audit-page-berks-2022-08.html",
                                  "ice-prea-audit-page-el-paso-hold-room-2022-05.html"])  # fmt: skip
def test_corpus_prea_pages_are_refused(name: str) -> None:
    with pytest.raises(ice_odo.PreaAuditPage):
        ice_odo.parse(page(corpus_file(name).read_bytes()))


@pytest.mark.corpus
def test_corpus_death_review_page_is_not_an_inspection() -> None:
    path = corpus_file("ice-opr-detainee-death-review-page-kesley-vial-torrance-2022-12.html")
    with pytest.raises(ice_odo.NotAnOdoInspection):
        ice_odo.parse(page(path.read_bytes()))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_random_bytes_raise_only_named_errors(content: bytes) -> None:
    only_named_errors(ice_odo.parse, content)


# ---------------------------------------------------------------- a whole run, network faked


def _ice_transport(routes: dict[str, bytes]) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        key = request.url.path + (f"?{request.url.query.decode()}" if request.url.query else "")
        if key not in routes:
            return httpx.Response(404)
        kind = "application/pdf" if key.endswith(".pdf") else "text/html"
        return httpx.Response(200, content=routes[key], headers={"content-type": kind})

    return httpx.MockTransport(handler)


def test_run_follows_listing_page_and_pdf_into_one_inspection(app, session) -> None:
    from monitor.db import get_settings
    from monitor.facilities.registry import create_facility
    from monitor.ingest.runner import RunOptions, run_source
    from monitor.models import Finding, Inspection

    create_facility(
        session=session, name="Mesa Verde ICE Processing Center", city="Bakersfield", state="CA"
    )
    listing = (b'<html><body><main><div class="views-row"><a href="/node/70001">2023 Mesa Verde ICE '
               b"Processing Center, Bakersfield, CA - Nov. 29-Dec. 1, 2023</a></div></main></body></html>")  # fmt: skip
    routes = {
        "/foia-category/office-detention-oversight-detention-facility-compliance-inspections": listing,
        "/node/70001": fixture_bytes("ice_odo", "inspection-page.html"),
        "/doclib/foia/odo-compliance-inspections/2023-MesaVerde-BakersfieldCA-NovDec.pdf":
            make_pdf(fixture_text("ice_odo", "report.txt")),
    }  # fmt: skip
    options = RunOptions(transport=_ice_transport(routes),
                         fetch={"check_dns": False, "respect_robots": False, "requests_per_second": 1000})  # fmt: skip
    summary = run_source(
        session=session, settings=get_settings(app), key="ice_odo", options=options
    )
    assert summary.status == "success", summary.error
    assert summary.new == 3
    [row] = session.exec(select(Inspection)).all()
    assert (row.standards_compliant, row.standards_reviewed, row.deficiency_count) == (14, 17, 5)
    assert row.raw_title.startswith("2023 Mesa Verde") and row.facility_id is not None
    findings = session.exec(select(Finding)).all()
    assert len(findings) == 7 and all(f.inspection_id == row.id for f in findings)
    again = run_source(session=session, settings=get_settings(app), key="ice_odo", options=options)
    assert again.status == "success" and again.new == 0
    assert len(session.exec(select(Inspection)).all()) == 1


def test_report_variants_lettered_sections_and_repeat_in_text() -> None:
    text = fixture_text("ice_odo", "report.txt").replace("MEDICAL CARE (4.3)", "MEDICAL CARE (MC)")
    text = text.replace("Deficiency 4.3-2\n", "Deficiency MC-2\nThis is a repeat deficiency.\n")
    records = ice_odo.parse(page(make_pdf(text), url="v.pdf"))
    medical = [r for r in records if r.kind == "finding" and r.raw_label.startswith("Medical Care")]
    assert [f.raw_label for f in medical] == ["Medical Care (4.3-1)", "Medical Care (MC-2)"]
    assert all(f.is_repeat for f in medical)


def test_numeric_date_range_in_title() -> None:
    record = ice_odo.parse_title(
        "Torrance County Detention Facility, Estancia, NM - 10/25/2022 - 10/27/2022"
    )
    assert (record.start_date, record.end_date) == (date(2022, 10, 25), date(2022, 10, 27))
    assert record.facility_name == "Torrance County Detention Facility"


def test_fetch_stops_paginating_at_a_page_of_known_inspections() -> None:
    listing = fixture_bytes("ice_odo", "listing.html")

    class Client:
        known = {"https://www.ice.gov/node/70001", "https://www.ice.gov/node/70002",
                 "https://www.ice.gov/doclib/foia/odo-compliance-inspections/2023-Krome-MiamiFL.pdf"}  # fmt: skip
        requested: list[str] = []

        def url(self, default: str) -> str:
            return default

        def get(self, url: str, **_: object):
            self.requested.append(url)
            return page(listing, url=url)

    pages = list(ice_odo.fetch(Client()))
    assert len(pages) == 1 and len(Client.requested) == 1


def test_unit_suffix_is_not_taken_for_a_city() -> None:
    with pytest.raises(LayoutChanged):
        ice_odo.parse_title("2023 Adelanto ICE Processing Center - East, CA - Aug. 1-3, 2023")


def test_control_characters_in_an_xml_declaration_are_a_bad_document() -> None:
    content = b'<?xml version="1.0" encoding="ut\x1e-8"?>\n<feed><entry/></feed>'
    with pytest.raises(BadDocument):
        ice_odo.parse(page(content))
