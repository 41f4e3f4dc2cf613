"""`monitor scrape`, `monitor extract` and `monitor reparse` as a user runs them."""

from __future__ import annotations

import json

import pytest
from pytest_httpserver import HTTPServer
from sqlmodel import func, select

from monitor.capture.sources import source_keys
from monitor.cli import cli as monitor_cli
from monitor.db import session_scope
from monitor.models import Document, Recommendation
from tests.capture.oig_site import OigSite
from tests.capture.test_runner import LOCAL
from tests.conftest import _make_app
from tests.sources.oig_pdfs import fixture, report_pdf


def _documents(app) -> int:
    with session_scope(app) as session:
        return session.exec(select(func.count()).select_from(Document)).one()


def test_extract_prints_records_as_json_and_writes_nothing(app, runner, tmp_path) -> None:
    path = tmp_path / "OIG-22-31.pdf"
    path.write_bytes(report_pdf("OIG-22-31"))
    result = runner.invoke(
        monitor_cli, args=["extract", str(path), "--source", "dhs_oig", "--json"]
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["source"] == "dhs_oig"
    rec = next(r for r in payload["records"] if r["kind"] == "recommendation")
    assert {
        k: rec[k] for k in ("number", "concurrence", "resolution", "implementation", "target_date")
    } == {
        "number": 1,
        "concurrence": "non_concur",
        "resolution": "unresolved",
        "implementation": "open",
        "target_date": None,
    }
    assert rec["addressee"].startswith("Acting Director")
    staffing = next(
        r for r in payload["records"] if r["kind"] == "staffing" and r["role_group"] == "all"
    )
    assert (
        staffing["required"],
        staffing["filled"],
        staffing["vacancies"],
        staffing["pct_filled"],
    ) == (245, 133, 112, 54.3)
    assert _documents(app) == 0


def test_extract_works_for_html_too(runner, tmp_path) -> None:
    path = tmp_path / "listing.html"
    path.write_bytes(fixture("dhs_oig", "listing-page-0.html"))
    result = runner.invoke(
        monitor_cli, args=["extract", str(path), "--source", "dhs_oig", "--json"]
    )
    kinds = [r["kind"] for r in json.loads(result.output)["records"]]
    assert kinds.count("document") == 3


def test_extract_reports_unreadable_files_by_name(runner, tmp_path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(report_pdf("OIG-22-31")[:700])
    result = runner.invoke(
        monitor_cli, args=["extract", str(path), "--source", "dhs_oig", "--json"]
    )
    assert result.exit_code == 1
    assert "unreadable document: the PDF is truncated or corrupt" in result.output


def test_extract_unknown_source_is_a_usage_error(runner, tmp_path) -> None:
    path = tmp_path / "x.html"
    path.write_text("<html></html>")
    result = runner.invoke(monitor_cli, args=["extract", str(path), "--source", "nope"])
    assert result.exit_code == 2 and "no source module named 'nope'" in result.output


@pytest.fixture
def local_app(tmp_path, sqlite_template, httpserver: HTTPServer):
    import shutil

    site = OigSite(httpserver)
    db_file = tmp_path / "monitor.sqlite3"
    shutil.copy(sqlite_template, db_file)
    app = _make_app(
        tmp_path, f"sqlite:///{db_file}", fetch=dict(LOCAL), start_urls={"dhs_oig": site.start_url}
    )
    yield app, site
    app.extensions["monitor.engine"].dispose()


def test_scrape_prints_a_summary_then_reparse_needs_no_network(local_app, httpserver) -> None:
    app, site = local_app
    cli = app.test_cli_runner()
    result = cli.invoke(monitor_cli, args=["scrape", "dhs_oig"])
    assert result.exit_code == 0, result.output
    line = next(li for li in result.output.splitlines() if li.startswith("dhs_oig"))
    assert line.split()[1:] == ["success", "10", "0", "0", "0"]
    site.hits.clear()
    again = cli.invoke(monitor_cli, args=["reparse", "dhs_oig"])
    assert again.exit_code == 0, again.output
    assert "re-parsed 10 capture(s), 0 failed" in again.output
    assert site.hits == []  # reparse never touched the network
    with session_scope(app) as session:
        assert session.exec(select(func.count()).select_from(Recommendation)).one() == 10


def test_scrape_unknown_key_is_a_usage_error(runner) -> None:
    result = runner.invoke(monitor_cli, args=["scrape", "no_such_source"])
    assert result.exit_code == 2 and "unknown source" in result.output


def _sample(key: str):
    from tests.sources.oig_pdfs import FIXTURES

    files = sorted(p for p in (FIXTURES / key).glob("*") if p.suffix in (".html", ".xml", ".xlsx"))
    return files[0] if files else None


@pytest.mark.parametrize("key", source_keys())
def test_extract_works_for_every_source(runner, key: str) -> None:
    sample = _sample(key)
    if sample is None:
        pytest.skip(f"{key} has no HTML/XML/XLSX fixture to extract")
    result = runner.invoke(monitor_cli, args=["extract", str(sample), "--source", key, "--json"])
    assert result.exit_code in (0, 1), result.output
    payload = json.loads(result.stdout)  # one line per file, even when the file failed
    assert payload["source"] == key and payload["file"] == str(sample)
    if result.exit_code == 0:
        assert payload["error"] is None
        assert all("kind" in record for record in payload["records"])
    else:
        assert payload["error"]["name"] and "error: " in result.stderr


def test_sources_lists_every_source_with_its_last_error(local_app) -> None:
    app, site = local_app
    cli = app.test_cli_runner()
    site.set(
        "/reports/audits-inspections-and-evaluations?page=0",
        fixture("dhs_oig", "listing-layout-changed.html"),
    )
    cli.invoke(monitor_cli, args=["scrape", "dhs_oig"])
    result = cli.invoke(monitor_cli, args=["sources"])
    assert result.exit_code == 0, result.output
    assert "oversight_gov" in result.output and "never run" in result.output
    assert "1 failure(s) in a row" in result.output
    assert "last error: layout changed: the listing has no table" in result.output
