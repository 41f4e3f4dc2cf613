"""`monitor findings add`: capture the citation (fetched or uploaded) and record the finding."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from pytest_httpserver import HTTPServer
from sqlmodel import select

from monitor.cli import cli
from monitor.db import session_scope
from monitor.facilities.registry import create_facility
from monitor.models import Document, DocumentFacility, DocumentVersion, Finding
from tests.conftest import _make_app

SLUG = "torrance-county-detention-facility"
FETCH = {"allow_loopback": True, "check_dns": False, "respect_robots": False, "max_retries": 0}


@pytest.fixture
def cli_app(tmp_path: Path, sqlite_template: Path) -> Iterator[Flask]:
    db_file = tmp_path / "monitor.sqlite3"
    shutil.copy(sqlite_template, db_file)
    application = _make_app(tmp_path, f"sqlite:///{db_file}", fetch=FETCH)
    with application.app_context(), session_scope(application) as session:
        create_facility(session=session, name="Torrance County Detention Facility",
                        city="Estancia", state="NM")  # fmt: skip
    yield application
    application.extensions["monitor.engine"].dispose()


def _add(app: Flask, *extra: str, facility: str = SLUG, url: str = "https://www.aclu-nm.org/x"):
    args = ["findings", "add", "--facility", facility, "--url", url, "--date", "2022-09-30",
            "--category", "staffing", "--summary", "A 54% staff vacancy rate in January.", *extra]  # fmt: skip
    return app.test_cli_runner().invoke(cli, args)


def _rows(app: Flask, model):
    with app.app_context(), session_scope(app) as session:
        return session.exec(select(model)).all()


def test_uploaded_file_is_captured_and_cited(cli_app: Flask, tmp_path: Path) -> None:
    upload = tmp_path / "release.html"
    upload.write_bytes(b"<html><body>Press release text</body></html>")
    result = _add(cli_app, "--file", str(upload), "--publisher", "ACLU of New Mexico",
                  "--quote", "a 54% staff vacancy rate", "--page", "1")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "finding 1 recorded" in result.output
    [finding] = _rows(cli_app, Finding)
    assert (finding.category, finding.result, finding.found_date) == (
        "STAFFING",
        "allegation",
        date(2022, 9, 30),
    )
    assert finding.quote == "a 54% staff vacancy rate" and finding.page == 1
    [doc] = _rows(cli_app, Document)
    assert doc.url == "https://www.aclu-nm.org/x" and doc.publisher == "ACLU of New Mexico"
    assert doc.published_date == date(2022, 9, 30)
    [version] = _rows(cli_app, DocumentVersion)
    assert Path(version.storage_path).read_bytes() == upload.read_bytes()
    assert len(_rows(cli_app, DocumentFacility)) == 1


def test_url_is_fetched_through_the_fetcher(cli_app: Flask, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/report").respond_with_data(
        b"report body", content_type="text/plain"
    )
    result = _add(cli_app, "--result", "observation", url=httpserver.url_for("/report"))
    assert result.exit_code == 0, result.output
    [version] = _rows(cli_app, DocumentVersion)
    assert Path(version.storage_path).read_bytes() == b"report body"
    assert version.status_code == 200
    assert _rows(cli_app, Finding)[0].result == "observation"


def test_unknown_facility_writes_nothing(cli_app: Flask, tmp_path: Path) -> None:
    upload = tmp_path / "a.txt"
    upload.write_text("x")
    result = _add(cli_app, "--file", str(upload), facility="Nowhere Detention Center")
    assert result.exit_code == 1
    assert "No facility is named 'Nowhere Detention Center'" in result.output
    assert _rows(cli_app, Finding) == [] and _rows(cli_app, Document) == []


def test_facility_by_exact_name(cli_app: Flask, tmp_path: Path) -> None:
    upload = tmp_path / "a.txt"
    upload.write_text("x")
    result = _add(cli_app, "--file", str(upload), facility="Torrance County Detention Facility")
    assert result.exit_code == 0, result.output


def test_unreachable_url_writes_nothing(cli_app: Flask, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/gone").respond_with_data(b"no", status=404)
    result = _add(cli_app, url=httpserver.url_for("/gone"))
    assert result.exit_code == 1 and "cannot capture" in result.output
    assert _rows(cli_app, Finding) == [] and _rows(cli_app, Document) == []


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--category", "NOT_A_CATEGORY"], "Invalid value for '--category'"),
        (["--url", "ftp://example.org/x"], "--url must be an http(s) URL"),
        (["--date", "30/09/2022"], "Invalid value for '--date'"),
    ],
)
def test_bad_options_are_refused(cli_app: Flask, extra: list[str], message: str) -> None:
    result = _add(cli_app, *extra)
    assert result.exit_code != 0 and message in result.output
    assert _rows(cli_app, Finding) == []
