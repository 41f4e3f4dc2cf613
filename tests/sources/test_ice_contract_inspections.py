"""ICE contract inspections: cover letters and Form G-324A summaries, and their merge."""

from __future__ import annotations

import contextlib
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlmodel import select

from monitor.capture.sources import ensure_source
from monitor.db import get_settings, session_scope
from monitor.facilities.registry import create_facility
from monitor.ingest.writers import WriteContext, write_records
from monitor.models import Finding, Inspection, ReviewItem, StaffingObservation
from scrapers import ice_contract_inspections as contract
from scrapers._base import BadDocument, LayoutChanged, SourceError
from tests.conftest import corpus_file

from .ice_helpers import fixture_text, make_pdf, only_named_errors, page, scanned_pdf

LETTER = make_pdf(fixture_text("ice_contract_inspections", "cover-letter.txt"))
FORM = make_pdf(fixture_text("ice_contract_inspections", "summary-form.txt"))


def _parse(content: bytes, url: str = "https://www.ice.gov/doclib/foia/x.pdf"):
    records = contract.parse(page(content, url=url))
    inspection = next(r for r in records if r.kind == "inspection")
    return inspection, records


def test_cover_letter_fields() -> None:
    inspection, _ = _parse(LETTER)
    assert inspection.facility_name == "Pulaski County Jail"
    assert (inspection.city, inspection.state) == ("Ullin", "IL")
    assert inspection.inspector == "Creative Corrections"
    assert inspection.standard == "NDS 2019"
    assert inspection.facility_type == "IGSA"
    assert (inspection.start_date, inspection.end_date) == (date(2023, 8, 15), date(2023, 8, 17))
    assert inspection.remote is False
    assert inspection.rating == "Does Not Meet Standards"
    assert inspection.previous_rating == "Meets Standards"
    assert (inspection.standards_compliant, inspection.standards_deficient) == (34, 3)
    assert (inspection.standards_reviewed, inspection.repeat_deficiencies) == (37, 1)
    assert inspection.deficiency_count == 5
    assert inspection.operator == "Pulaski County Sheriff's Office"


def test_cover_letter_findings_and_staffing() -> None:
    inspection, records = _parse(LETTER)
    findings = [r for r in records if r.kind == "finding"]
    deficient = {f.raw_label: f for f in findings if f.result == "deficient"}
    assert set(deficient) == {"Medical Care", "Food Service", "Staff Training"}
    assert deficient["Medical Care"].category == "MEDICAL_CARE"
    assert deficient["Medical Care"].summary == "3 deficient component(s)"
    concern = next(f for f in findings if f.result == "area_of_concern")
    assert "Sick call requests" in concern.quote and concern.category == "MEDICAL_CARE"
    assert inspection.areas_of_concern == 1
    staffing = [r for r in records if r.kind == "staffing"]
    assert len(staffing) == 1
    assert staffing[0].pct_filled_reported == 65 and staffing[0].role_group == "security"
    assert records[-1] is inspection  # written last so its writer links the findings


def test_summary_form_fields_incidents_and_staffing() -> None:
    inspection, records = _parse(FORM)
    assert inspection.facility_name == "Pulaski County Jail"
    assert inspection.operator == "Pulaski County Sheriff's Office"
    assert (inspection.start_date, inspection.end_date) == (date(2023, 8, 15), date(2023, 8, 17))
    assert inspection.rating == "Does Not Meet Standards"
    assert (inspection.previous_date, inspection.previous_rating) == (
        date(2022, 8, 11),
        "Meets Standards",
    )
    incidents = inspection.incidents
    assert incidents["detainee_on_detainee_physical_assault_fight_no_serious_injury"] == 5
    assert incidents["immediate_use_of_force_incidents"] == 3
    assert incidents["hunger_strikes"] == 1
    assert (incidents["natural_ice"], incidents["suicide_non_ice"]) == (1, 1)
    assert (
        incidents["grievances_medical_filed"],
        incidents["grievances_medical_substantiated"],
    ) == (7, 2)
    assert not any("voluntary" in key for key in incidents)  # the appendix is not data
    security = next(r for r in records if r.kind == "staffing" and r.role_group == "security")
    assert (security.required, security.vacancies, security.filled) == (120, 42, 78)
    assert security.pct_filled == 65.0 and security.arithmetic_ok is True


def test_not_the_expected_form_is_a_bad_document() -> None:
    with pytest.raises(BadDocument, match="not a contract-inspection"):
        _parse(make_pdf(fixture_text("ice_contract_inspections", "other-form.txt")))


def test_blank_scan_is_a_bad_document_even_after_ocr() -> None:
    with pytest.raises(BadDocument, match="no readable text, even by OCR"):
        _parse(scanned_pdf())


def test_letter_without_period_is_a_layout_change() -> None:
    text = fixture_text("ice_contract_inspections", "cover-letter.txt")
    with pytest.raises(LayoutChanged):
        _parse(make_pdf(text.replace("during the\nperiod of August 15-17, 2023", "recently")))


def test_form_without_dates_is_a_layout_change() -> None:
    text = fixture_text("ice_contract_inspections", "summary-form.txt")
    with pytest.raises(LayoutChanged):
        _parse(make_pdf(text.replace("From: 08/15/2023 To: 08/17/2023", "")))


def test_listing_page_gives_pdf_links() -> None:
    html = (b'<html><body><a href="/doclib/foia/inspections/pulaskiCoJail_CL_08-17-2023.pdf">CL</a>'
            b'<a href="/doclib/other/budget.pdf">Budget</a></body></html>')  # fmt: skip
    links = contract.parse(page(html, url="https://www.ice.gov/foia/library"))
    assert [link.url for link in links] == [
        "https://www.ice.gov/doclib/foia/inspections/pulaskiCoJail_CL_08-17-2023.pdf"
    ]


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=60), max_size=8), st.booleans())
def test_fuzzed_documents_raise_only_named_errors(dropped: list[int], letter: bool) -> None:
    name = "cover-letter.txt" if letter else "summary-form.txt"
    lines = fixture_text("ice_contract_inspections", name).splitlines()
    kept = "\n".join(line for i, line in enumerate(lines) if i not in set(dropped))
    only_named_errors(contract.parse, make_pdf(kept), url="f.pdf")


# ---------------------------------------------------------------- writing


def _write(session, app, content: bytes, external_id: str):
    from monitor.capture.store import capture_bytes

    settings_ = get_settings(app)
    captured = capture_bytes(session=session, settings=settings_, source_key="ice_contract_inspections",
                             content=content, url=f"https://www.ice.gov/{external_id}",
                             external_id=external_id, kind="inspection", title=external_id)  # fmt: skip
    ctx = WriteContext(session=session, settings=settings_,
                       source=ensure_source(session=session, key="ice_contract_inspections"),
                       document=captured.document, version=captured.version)  # fmt: skip
    return write_records(ctx, contract.parse(page(content)))


def test_letter_and_form_merge_into_one_inspection(db_app) -> None:
    with db_app.app_context(), session_scope(db_app) as session:
        create_facility(session=session, name="Pulaski County Jail", city="Ullin", state="IL")
        _write(session, db_app, LETTER, "letter")
        _write(session, db_app, FORM, "form")
        rows = session.exec(select(Inspection)).all()
        assert len(rows) == 1
        row = rows[0]
        assert (row.inspector, row.standard, row.facility_type) == (
            "Creative Corrections",
            "NDS 2019",
            "IGSA",
        )
        assert row.previous_date == date(2022, 8, 11) and row.incidents["hunger_strikes"] == 1
        assert row.facility_id is not None and row.review_status == "accepted"
        findings = session.exec(select(Finding)).all()
        assert findings and all(f.inspection_id == row.id for f in findings)
        assert len(session.exec(select(StaffingObservation)).all()) == 3


def test_unmatched_facility_goes_to_review_not_a_guess(app, session) -> None:
    create_facility(
        session=session, name="Pulaski County Detention Center", city="Mound City", state="IL"
    )
    _write(session, app, FORM, "form")
    row = session.exec(select(Inspection)).one()
    assert row.facility_id is None and row.review_status == "pending"
    review = session.exec(select(ReviewItem)).all()
    assert any("Pulaski County Jail" in item.reason for item in review)


# ---------------------------------------------------------------- the real PDFs


@pytest.mark.corpus
def test_corpus_torrance_summary_form() -> None:
    path = corpus_file("ice-nakamoto-torrance-2020-10-01-summary-inspection-standards.pdf")
    inspection, _ = _parse(path.read_bytes(), url=str(path))
    assert inspection.facility_name == "Torrance County Detention Facility"
    assert inspection.operator == "CoreCivic of Tennessee"
    assert (inspection.start_date, inspection.end_date) == (date(2020, 9, 29), date(2020, 10, 1))
    assert inspection.rating == "Meets Standards"
    assert inspection.previous_date == date(2019, 11, 21)
    assert inspection.incidents["grievances_staff_misconduct_filed"] == 62


@pytest.mark.corpus
def test_corpus_torrance_cover_letter() -> None:
    path = corpus_file("ice-nakamoto-torrance-2020-10-01-cover-letter.pdf")
    inspection, records = _parse(path.read_bytes(), url=str(path))
    assert (inspection.standard, inspection.facility_type) == ("PBNDS 2011", "IGSA")
    assert (inspection.start_date, inspection.end_date) == (date(2020, 9, 29), date(2020, 10, 1))
    assert inspection.remote is True and inspection.inspector == "Nakamoto Group"
    assert (inspection.city, inspection.state) == ("Estancia", "NM")
    assert any(r.kind == "finding" and r.raw_label == "Staff Training" for r in records)


@pytest.mark.corpus
def test_corpus_otero_pair() -> None:
    letter, _ = _parse(corpus_file("ice-nakamoto-otero-2021-01-29-cover-letter.pdf").read_bytes())
    form, _ = _parse(
        corpus_file("ice-nakamoto-otero-2021-01-29-summary-inspection-standards.pdf").read_bytes()
    )
    assert letter.facility_name == form.facility_name == "Otero County Processing Center"
    assert letter.standard == "PBNDS 2011 (2016 revisions)" and letter.facility_type == "DIGSA"
    assert (form.start_date, form.end_date) == (date(2021, 1, 27), date(2021, 1, 29))
    assert form.previous_date == date(2020, 1, 30) and letter.deficiency_count == 4


@pytest.mark.corpus
@pytest.mark.parametrize("seed", range(6))
def test_corpus_pdfs_truncated_raise_only_named_errors(seed: int) -> None:
    content = corpus_file("ice-nakamoto-otero-2021-01-29-cover-letter.pdf").read_bytes()
    with contextlib.suppress(SourceError):
        contract.parse(page(content[: len(content) * (seed + 1) // 8]))


def test_wording_variants_place_in_subject_and_quoted_rating() -> None:
    text = fixture_text("ice_contract_inspections", "cover-letter.txt")
    text = text.replace(
        "Inspection of the Pulaski County Jail\n",
        "Inspection of the Pulaski County Jail, Ullin, IL\n",
    )
    text = text.replace("recommends that the facility receive a rating of Does Not Meet\nStandards",
                        'recommends a rating of "Meets Standards"')  # fmt: skip
    inspection, _ = _parse(make_pdf(text))
    assert (inspection.facility_name, inspection.city, inspection.state) == (
        "Pulaski County Jail",
        "Ullin",
        "IL",
    )
    assert (inspection.rating, inspection.previous_rating) == ("Meets Standards", "Meets Standards")


def test_other_phrasings_of_period_standard_and_type() -> None:
    text = fixture_text("ice_contract_inspections", "cover-letter.txt")
    text = text.replace(
        "ICE National\nDetention Standards (NDS) 2019", "2019 National\nDetention Standards"
    )
    text = text.replace(
        "during the\nperiod of August 15-17, 2023", "from\nAugust 15 to August 17, 2023"
    )
    text = text.replace("This is an IGSA facility.", "The facility is an IGSA.")
    inspection, _ = _parse(make_pdf(text))
    assert inspection.standard == "NDS 2019"
    assert (inspection.start_date, inspection.end_date) == (date(2023, 8, 15), date(2023, 8, 17))
    assert inspection.facility_type == "IGSA"


def test_run_fetches_page_and_pdfs_and_merges(app, session) -> None:
    import httpx

    from monitor.ingest.runner import RunOptions, run_source

    create_facility(session=session, name="Pulaski County Jail", city="Ullin", state="IL")
    listing = (b'<html><body><a href="/doclib/facilityInspections/pulaskiCoJail_CL_08-17-2023.pdf">CL</a>'
               b'<a href="/doclib/facilityInspections/pulaskiCoJail_SIS_08-17-2023.pdf">SIS</a></body></html>')  # fmt: skip
    routes = {"/detain/facility-inspections": listing,
              "/doclib/facilityInspections/pulaskiCoJail_CL_08-17-2023.pdf": LETTER,
              "/doclib/facilityInspections/pulaskiCoJail_SIS_08-17-2023.pdf": FORM}  # fmt: skip

    def handler(request: httpx.Request) -> httpx.Response:
        body = routes.get(request.url.path)
        return httpx.Response(200, content=body) if body else httpx.Response(404)

    options = RunOptions(transport=httpx.MockTransport(handler),
                         fetch={"check_dns": False, "respect_robots": False, "requests_per_second": 1000})  # fmt: skip
    summary = run_source(session=session, settings=get_settings(app), key="ice_contract_inspections",
                         options=options)  # fmt: skip
    assert summary.status == "success", summary.error
    assert summary.new == 3 and summary.records["inspection"] == 2
    row = session.exec(select(Inspection)).one()
    assert row.operator == "Pulaski County Sheriff's Office" and row.standard == "NDS 2019"
