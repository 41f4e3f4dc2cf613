"""Deaths in custody: FOIA pages and review PDFs, no-causation findings, the upsert."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlmodel import select

from monitor.capture.sources import ensure_source
from monitor.capture.store import capture_bytes
from monitor.db import get_settings, session_scope
from monitor.facilities.registry import create_facility
from monitor.ingest.writers import WriteContext, write_records
from monitor.models import DeathRecord, Finding
from scrapers import ice_deaths
from scrapers._base import BadDocument, LayoutChanged
from tests.conftest import corpus_file

from .ice_helpers import (
    fixture_bytes,
    fixture_text,
    make_pdf,
    mutations,
    only_named_errors,
    page,
    scanned_pdf,
)

REVIEW_PDF = make_pdf(fixture_text("ice_deaths", "review.txt"))


def test_review_page_gives_death_with_document_type_and_date() -> None:
    [death] = ice_deaths.parse(page(fixture_bytes("ice_deaths", "review-page.html")))
    assert death.person_name == "Maria Example Lopez"
    assert death.document_type == "opr_review"
    assert death.published_date == date(2024, 4, 30)
    assert death.pdf_url == "https://www.ice.gov/doclib/foia/reports/ddrMariaExampleLopez_opr.pdf"
    assert death.facility_name is None and death.date_of_death is None


def test_review_pdf_gives_facility_date_and_no_causation_findings() -> None:
    records = ice_deaths.parse(page(REVIEW_PDF, url="review.pdf"))
    death = records[0]
    assert death.person_name == "Maria Example Lopez"
    assert death.facility_name == "Mesa Verde ICE Processing Center"
    assert death.date_of_death == date(2023, 11, 2)
    assert death.published_date == date(2024, 4, 30)
    findings = records[1:]
    assert len(findings) == 3
    assert all(f.no_causation and f.result == "deficient" and f.page == 2 for f in findings)
    assert findings[1].category == "MENTAL_HEALTH_SUICIDE"
    assert "chronic care" in findings[0].quote


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("Detainee Death Report: Juan Example Perez", "death_report"),
        ("IHSC Mortality Review - Juan Example Perez", "mortality_review"),
        ("ICE detainee passes away at Stewart Detention Center", "press_release"),
        ("Detainee Death Review Report (OPR) - Kesley Vial (Dec. 8, 2022)", "opr_review"),
        ("Detention statistics FY2024", None),
    ],
)
def test_document_types(title: str, kind: str | None) -> None:
    assert ice_deaths.document_type(title) == kind


def test_odo_page_is_not_a_death_document() -> None:
    with pytest.raises(ice_deaths.NotADeathDocument):
        ice_deaths.parse(page(fixture_bytes("ice_odo", "inspection-page.html")))


def test_scanned_and_unrelated_pdfs_are_named_errors() -> None:
    with pytest.raises(BadDocument):
        ice_deaths.parse(page(scanned_pdf(), url="scan.pdf"))
    with pytest.raises(ice_deaths.NotADeathDocument):
        ice_deaths.parse(page(make_pdf(fixture_text("ice_odo", "report.txt")), url="odo.pdf"))


def test_page_without_links_is_a_layout_change() -> None:
    with pytest.raises(LayoutChanged):
        ice_deaths.parse(page(b"<html><body><p>Nothing here</p></body></html>"))


@pytest.mark.parametrize("seed", range(10))
def test_damaged_inputs_raise_only_named_errors(seed: int) -> None:
    for source in (fixture_bytes("ice_deaths", "review-page.html"), REVIEW_PDF):
        for damaged in mutations(source, seed):
            only_named_errors(ice_deaths.parse, damaged)


@settings(max_examples=20, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=15), max_size=5))
def test_fuzzed_review_text_raises_only_named_errors(dropped: list[int]) -> None:
    lines = fixture_text("ice_deaths", "review.txt").splitlines()
    kept = "\n".join(line for i, line in enumerate(lines) if i not in set(dropped))
    only_named_errors(ice_deaths.parse, make_pdf(kept), url="r.pdf")


def _write(app, session, content: bytes, external_id: str) -> None:
    settings_ = get_settings(app)
    captured = capture_bytes(session=session, settings=settings_, source_key="ice_deaths",
                             content=content, url=f"https://www.ice.gov/{external_id}",
                             external_id=external_id, kind="death_review", title=external_id)  # fmt: skip
    ctx = WriteContext(session=session, settings=settings_,
                       source=ensure_source(session=session, key="ice_deaths"),
                       document=captured.document, version=captured.version)  # fmt: skip
    write_records(ctx, ice_deaths.parse(page(content)))


def test_page_and_pdf_become_one_death_record(db_app) -> None:
    with db_app.app_context(), session_scope(db_app) as session:
        facility = create_facility(session=session, name="Mesa Verde ICE Processing Center",
                                   city="Bakersfield", state="CA")  # fmt: skip
        _write(db_app, session, fixture_bytes("ice_deaths", "review-page.html"), "node/1")
        _write(db_app, session, REVIEW_PDF, "review.pdf")
        row = session.exec(select(DeathRecord)).one()
        assert row.person_name == "Maria Example Lopez"
        assert (row.date_of_death, row.opr_review_date) == (date(2023, 11, 2), date(2024, 4, 30))
        assert row.facility_id == facility.id and row.death_report_date is None
        findings = session.exec(select(Finding)).all()
        assert len(findings) == 3 and all(f.no_causation for f in findings)


@pytest.mark.parametrize(
    "sentence",
    [
        "Maria Example Lopez died on March 12, 2021.",
        "She died at St. Joseph Hospital in Bakersfield, California, on Mar. 12, 2021.",
        "Maria Example Lopez passed away at a local hospital on 3/12/2021.",
        "Medical staff pronounced her dead at 4:05 a.m. on March 12, 2021.",
        "Hospital staff declared her deceased on March 12 2021, after a transfer.",
        "On March 12, 2021, Ms. Example Lopez was pronounced dead by hospital staff.",
    ],
)
def test_date_of_death_in_the_usual_phrasings(sentence: str) -> None:
    text = f"Detainee Death Report - Maria EXAMPLE LOPEZ\nApril 30, 2024\n{sentence}\n"
    [death] = ice_deaths.parse(page(make_pdf(text), url="review.pdf"))
    assert death.date_of_death == date(2021, 3, 12)


def test_a_later_date_in_another_sentence_is_not_the_date_of_death() -> None:
    text = "Detainee Death Report - Maria EXAMPLE LOPEZ\nShe died after a transfer. The review was published on April 30, 2024.\n"
    [death] = ice_deaths.parse(page(make_pdf(text), url="review.pdf"))
    assert death.date_of_death is None


@pytest.mark.corpus
def test_corpus_kesley_vial_review_page() -> None:
    path = corpus_file("ice-opr-detainee-death-review-page-kesley-vial-torrance-2022-12.html")
    [death] = ice_deaths.parse(page(path.read_bytes()))
    assert death.person_name == "Kesley Vial"
    assert death.document_type == "opr_review"
    assert death.published_date == date(2022, 12, 8)
    assert death.pdf_url == "https://www.ice.gov/doclib/foia/reports/ddrKesleyVial_opr.pdf"


def test_press_release_page() -> None:
    [death] = ice_deaths.parse(page(fixture_bytes("ice_deaths", "press-release.html"),
                                    url="https://www.ice.gov/news/releases/example"))  # fmt: skip
    assert death.document_type == "press_release"
    assert death.person_name == "Juan Example Perez"
    assert death.date_of_death == date(2024, 1, 7)
    assert death.facility_name == "Stewart Detention Center"
    assert death.published_date == date(2024, 1, 9)


def test_reporting_page_links_by_wording_and_by_pdf_name() -> None:
    html = (b'<html><body><main><ul><li><a href="/doclib/foia/reports/ddrJuanExamplePerez.pdf">Juan '
            b'Example Perez</a></li><li><a href="/news/releases/x">ICE detainee passes away at Stewart '
            b'Detention Center</a></li><li><a href="/doclib/budget.pdf">Budget</a></li></ul></main></body></html>')  # fmt: skip
    links = ice_deaths.parse(page(html, url="https://www.ice.gov/detain/detainee-death-reporting"))
    assert {(link.link_kind, link.url) for link in links} == {
        ("detail", "https://www.ice.gov/news/releases/x"),
        ("pdf", "https://www.ice.gov/doclib/foia/reports/ddrJuanExamplePerez.pdf"),
    }


def test_detainee_death_report_pdf_with_labels() -> None:
    content = make_pdf(fixture_text("ice_deaths", "death-report.txt"))
    [death] = ice_deaths.parse(page(content, url="ddr.pdf"))
    assert death.document_type == "death_report"
    assert death.person_name == "Juan Example Perez"
    assert death.date_of_death == date(2024, 1, 7)
    assert death.facility_name == "Stewart Detention Center"
    assert death.published_date is None  # the birth date on the cover is not the report's date
