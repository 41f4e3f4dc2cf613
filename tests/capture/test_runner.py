"""End-to-end scrapes of the OIG source against a local server, through the ingest runner."""

from __future__ import annotations

import pytest
from pytest_httpserver import HTTPServer
from sqlmodel import func, select

from monitor.db import get_settings
from monitor.ingest.runner import RunOptions, run_source
from monitor.models import (
    Document,
    DocumentVersion,
    Recommendation,
    RecommendationStatusEvent,
    ScrapeRun,
    Source,
)
from tests.capture.oig_site import OigSite
from tests.sources.oig_pdfs import fixture

LOCAL = {
    "allowed_hosts": ("localhost", "127.0.0.1"),
    "allow_loopback": True,
    "requests_per_second": 1000.0,
    "respect_robots": False,
    "backoff_base": 0.01,
}


@pytest.fixture
def site(httpserver: HTTPServer) -> OigSite:
    return OigSite(httpserver)


def _run(app, session, site: OigSite, **options):
    opts = RunOptions(start_url=site.start_url, fetch=dict(LOCAL), **options)
    return run_source(session=session, settings=get_settings(app), key="dhs_oig", options=opts)


def _count(session, model) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def test_first_scrape_walks_all_pages_and_writes_records(app, session, site) -> None:
    summary = _run(app, session, site)
    assert summary.status == "success", summary.error
    assert summary.new == 2 + 4 + 4  # listing pages, report pages, PDFs
    numbers = session.exec(select(Document.report_number).where(Document.kind == "report")).all()
    assert sorted(n for n in numbers if n) == [
        "OIG-17-43-MA",
        "OIG-21-30",
        "OIG-22-31",
        "OIG-22-75",
    ]
    assert _count(session, Recommendation) == 1 + 3 + 4 + 2


def test_unchanged_rescrape_downloads_no_body_and_parses_nothing(app, session, site) -> None:
    _run(app, session, site)
    site.hits.clear()
    again = _run(app, session, site)
    assert (again.status, again.parses, again.bytes_downloaded) == ("success", 0, 0)
    assert again.unchanged == 1
    assert site.hits == ["/reports/audits-inspections-and-evaluations?page=0"]


def test_new_report_on_page_one_stops_at_the_known_ones(app, session, site) -> None:
    _run(app, session, site)
    from datetime import date

    from monitor.demo.oig_pages import DemoReport

    newer = DemoReport(
        "OIG-23-01",
        site.reports[1].title,
        date(2023, 1, 5),
        "newer-report",
        "/files/OIG-23-01.pdf",
        "A newer report.",
    )
    site.texts["OIG-23-01"] = site.reports[1].text().replace("OIG-22-31", "OIG-23-01")
    site.reports.insert(0, newer)
    site.build()
    site.hits.clear()
    summary = _run(app, session, site)
    assert summary.status == "success", summary.error
    assert not any("page=1" in hit for hit in site.hits)
    assert "/reports/2023/newer-report" in site.hits


def test_changed_listing_layout_is_recorded_and_nothing_partial_is_written(
    app, session, site
) -> None:
    _run(app, session, site)
    before = (
        _count(session, Document),
        _count(session, DocumentVersion),
        _count(session, RecommendationStatusEvent),
    )
    site.set(
        "/reports/audits-inspections-and-evaluations?page=0",
        fixture("dhs_oig", "listing-layout-changed.html"),
    )
    failed = _run(app, session, site)
    run = session.get(ScrapeRun, failed.run_id)
    source = session.exec(select(Source).where(Source.key == "dhs_oig")).one()
    assert failed.status == "failed"
    assert (run.status, run.error_kind) == ("failed", "LayoutChanged")
    assert "layout changed: the listing has no table" in run.error_message
    assert source.consecutive_failures == 1 and "layout changed" in source.last_error
    assert (
        _count(session, Document),
        _count(session, DocumentVersion),
        _count(session, RecommendationStatusEvent),
    ) == before


@pytest.mark.parametrize("damage", ["truncated", "encrypted"])
def test_unreadable_pdf_fails_that_report_only(app, session, site, damage) -> None:
    from fpdf import FPDF

    if damage == "truncated":
        content = site.files["/files/OIG-22-75.pdf"][0][:900]
    else:
        pdf = FPDF()
        pdf.set_encryption(owner_password="owner", user_password="secret")
        pdf.add_page()
        pdf.set_font("Helvetica", size=11)
        pdf.cell(0, 6, "OIG-22-75")
        content = bytes(pdf.output())
    site.set("/files/OIG-22-75.pdf", content, "application/pdf")
    summary = _run(app, session, site)
    assert summary.status == "success" and summary.failed == 1
    assert damage in summary.error
    bad = session.exec(
        select(DocumentVersion).where(DocumentVersion.parse_error.is_not(None))
    ).one()
    assert "unreadable document" in bad.parse_error
    assert _count(session, Recommendation) == 1 + 4 + 2


def test_redirect_to_a_foreign_host_fails_the_run_by_name(app, session, site) -> None:
    from werkzeug import Response

    site.server.clear()
    site.server.expect_request("/reports/audits-inspections-and-evaluations").respond_with_response(
        Response("", status=302, headers={"Location": "https://elsewhere.example.net/list"})
    )
    summary = _run(app, session, site)
    run = session.get(ScrapeRun, summary.run_id)
    assert run.error_kind == "NotAllowed"
    assert "elsewhere.example.net" in run.error_message
    assert _count(session, Document) == 0


def test_since_rewalks_known_reports(app, session, site) -> None:
    from datetime import date

    _run(app, session, site)
    site.hits.clear()
    summary = _run(app, session, site, since=date(2021, 1, 1))
    assert summary.status == "success"
    assert any("page=1" in hit for hit in site.hits)
    assert not any("theo-lacy" in hit for hit in site.hits)  # issued 2017, before --since
    assert summary.new == 0 and summary.parses == 0


def test_failed_run_keeps_earlier_data_on_every_backend(db_app, site) -> None:
    from monitor.db import session_scope

    with session_scope(db_app) as session:
        _run(db_app, session, site)
    site.set(
        "/reports/audits-inspections-and-evaluations?page=0",
        fixture("dhs_oig", "listing-layout-changed.html"),
    )
    with session_scope(db_app) as session:
        before = _count(session, Recommendation), _count(session, DocumentVersion)
        failed = _run(db_app, session, site)
    with session_scope(db_app) as session:
        after = _count(session, Recommendation), _count(session, DocumentVersion)
        runs = session.exec(select(ScrapeRun.status).order_by(ScrapeRun.id)).all()
    assert failed.status == "failed"
    assert after == before == (10, 10)
    assert runs == ["success", "failed"]


def test_rate_limit_is_configurable_per_source(app, session, site) -> None:
    from monitor.capture.sources import ensure_source

    source = ensure_source(session=session, key="dhs_oig")
    source.settings = {"fetch": {"requests_per_second": 1000.0, "max_workers": 1}}
    session.add(source)
    opts = RunOptions(
        start_url=site.start_url,
        fetch={k: v for k, v in LOCAL.items() if k != "requests_per_second"},
    )
    import time

    started = time.perf_counter()
    summary = run_source(session=session, settings=get_settings(app), key="dhs_oig", options=opts)
    assert summary.status == "success" and summary.new == 10
    # At dhs_oig's default of one request a second, ten requests take at least nine seconds.
    assert time.perf_counter() - started < 8


def test_a_missing_pdf_is_counted_and_the_rest_is_written(app, session, site) -> None:
    del site.files["/files/OIG-21-30.pdf"]
    summary = _run(app, session, site)
    assert summary.status == "success"
    assert summary.failed == 1
    assert "document missing: HTTP 404" in summary.error and "OIG-21-30.pdf" in summary.error
    assert _count(session, Recommendation) == 1 + 3 + 2


def test_a_missing_listing_fails_the_run(app, session, site) -> None:
    del site.files["/reports/audits-inspections-and-evaluations?page=0"]
    summary = _run(app, session, site)
    assert summary.status == "failed" and "HTTP 404" in summary.error


def test_every_capture_replays_from_its_warc_record(app, session, site) -> None:
    import hashlib

    from warcio.archiveiterator import ArchiveIterator

    _run(app, session, site)
    versions = session.exec(select(DocumentVersion)).all()
    payloads: dict[str, bytes] = {}
    for path in {v.warc_path for v in versions}:
        with open(path, "rb") as handle:
            for record in ArchiveIterator(handle):
                if record.rec_type == "response":
                    payloads[record.rec_headers.get_header("WARC-Record-ID")] = (
                        record.content_stream().read()
                    )
    assert len(versions) == 10
    for version in versions:
        body = payloads[version.warc_record_id]
        assert hashlib.sha256(body).hexdigest() == version.sha256
