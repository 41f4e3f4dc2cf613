"""The parse limits hold in `monitor facilities import` and in the ingest runner."""

from __future__ import annotations

import time
from pathlib import Path

from flask import Flask
from flask.testing import FlaskCliRunner
from pytest_httpserver import HTTPServer
from sqlmodel import Session, col, func, select

from monitor.cli import cli
from monitor.db import get_settings, session_scope
from monitor.ingest.runner import RunOptions, run_source
from monitor.models import Document, DocumentVersion, Facility, Recommendation
from tests.capture import bombs
from tests.capture.oig_site import OigSite
from tests.capture.test_runner import LOCAL


def _facilities(app: Flask) -> int:
    with app.app_context(), session_scope(app) as session:
        return int(session.exec(select(func.count()).select_from(Facility)).one())


def test_facilities_import_refuses_a_column_bomb(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    bomb = tmp_path / "bomb.xlsx"
    bomb.write_bytes(bombs.column_bomb())
    started = time.monotonic()
    result = runner.invoke(cli, ["facilities", "import", str(bomb)])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert lines == [
        f"error: {bomb}: resource limit exceeded: the declared row count of "
        "xl/worksheets/sheet1.xml is 1,048,576 (limit 100,000)"
    ]
    assert time.monotonic() - started < 10
    assert _facilities(app) == 0


def test_facilities_import_limits_are_settings(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    get_settings(app).parse.max_rows = 10
    bomb = tmp_path / "rows.xlsx"
    bomb.write_bytes(bombs.lying_row_bomb(rows=50))
    result = runner.invoke(cli, ["facilities", "import", str(bomb)])
    assert result.exit_code == 1
    assert "the row count of xl/worksheets/sheet1.xml is 50 (limit 10)" in result.output


def test_runner_records_a_bomb_as_one_failed_document(
    app: Flask, session: Session, httpserver: HTTPServer
) -> None:
    site = OigSite(httpserver)
    bomb_url = site.reports[0].pdf_url
    site.set(bomb_url, bombs.flate_bomb(inflated=300 * 1024 * 1024), "application/pdf")
    options = RunOptions(start_url=site.start_url, fetch=dict(LOCAL))
    summary = run_source(
        session=session, settings=get_settings(app), key="dhs_oig", options=options
    )
    assert summary.status == "success"
    assert summary.failed == 1
    assert "resource limit exceeded: the inflated size of the PDF's streams" in (
        summary.error or ""
    )
    version = session.exec(
        select(DocumentVersion).where(col(DocumentVersion.request_url).endswith(bomb_url))
    ).one()
    assert (version.parse_error or "").startswith("resource limit exceeded")
    numbers = set(
        session.exec(
            select(Document.report_number).join(
                Recommendation, Recommendation.document_id == Document.id
            )
        ).all()
    )
    assert site.reports[0].number not in numbers
    assert site.reports[1].number in numbers


def test_settings_defaults_are_the_parser_defaults() -> None:
    from monitor.config import Settings
    from monitor.ingest.sandbox import limits_from
    from scrapers._limits.budget import Limits

    assert limits_from(Settings(secret_key="x" * 40)) == Limits()
