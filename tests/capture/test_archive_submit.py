"""Independent captures: new public captures go to a web archive's save endpoint (a local stand-in).

The stand-in behaves like Save Page Now: `GET /save/<page url>` redirects to the copy at
`/web/<14-digit time>/<page url>`.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from sqlmodel import select
from werkzeug import Request, Response

from monitor.capture.archive import submit_due
from monitor.capture.store import capture_bytes
from monitor.config import FetchSettings
from monitor.db import get_settings, session_scope
from monitor.models import CaptureArchive, Document
from monitor.scheduling import jobs
from monitor.scheduling.scheduler import SchedulerOptions, job_specs

PAGE = "https://www.oig.dhs.gov/reports/2022/oig-22-31.pdf"
SAVED_AT = "20261204120500"
LOCAL_FETCH = FetchSettings(
    allow_loopback=True, check_dns=False, requests_per_second=1000, max_retries=0
)


def _capture(app: Flask, *, fetched: bool = True, public: bool = True, content: bytes = b"%PDF-1"):
    with app.app_context(), session_scope(app) as session:
        if not public:  # a document already marked private before a new version arrives
            session.add(Document(source_id=_source(session), external_id="x", kind="r", title="t",
                                 is_public=False))  # fmt: skip
            session.flush()
        result = capture_bytes(
            session=session,
            settings=get_settings(app),
            source_key="oig_reports",
            content=content,
            url=PAGE,
            external_id="oig-22-31" if public else "x",
            kind="report",
            title="Management Alert OIG-22-31",
            content_type="application/pdf",
            request_headers={"User-Agent": "test"} if fetched else None,
        )
        return result.document.id, result.version.id


def _source(session) -> int:
    from monitor.capture.sources import ensure_source

    return ensure_source(session=session, key="oig_reports").id or 0


def _rows(app: Flask) -> list[CaptureArchive]:
    with session_scope(app) as session:
        return list(session.exec(select(CaptureArchive)).all())


@pytest.fixture
def archiving(db_app: Flask, httpserver) -> Flask:
    """The app (SQLite, and PostgreSQL when configured) archiving to the local stand-in."""
    app = db_app
    settings = get_settings(app)
    settings.archive_captures = True
    settings.archive_save_url = httpserver.url_for("/save/")
    settings.fetch = LOCAL_FETCH
    return app


def _save_page_now(request: Request) -> Response:
    target = request.full_path.split("/save/", 1)[1].rstrip("?")
    return Response(status=302, headers={"Location": f"/web/{SAVED_AT}/{target}"})


def test_a_new_public_web_capture_is_queued_without_waiting(archiving, httpserver) -> None:
    _capture(archiving)
    _capture(archiving, fetched=False, content=b"%PDF-uploaded")  # an upload: no URL to archive
    _capture(archiving, public=False, content=b"%PDF-private")
    (row,) = _rows(archiving)
    assert row.status == "pending" and row.page_url == PAGE and row.attempts == 0
    assert httpserver.log == []  # capture itself never talks to the archive


def test_nothing_is_queued_unless_configured(app) -> None:
    _capture(app)
    assert _rows(app) == []


def test_the_archived_copy_is_stored_shown_and_listed(archiving, httpserver) -> None:
    client = archiving.test_client()
    httpserver.expect_request(re.compile("^/save/.*")).respond_with_handler(_save_page_now)
    httpserver.expect_request(re.compile("^/web/.*")).respond_with_data(b"archived copy")
    document_id, _ = _capture(archiving)
    with session_scope(archiving) as session:
        assert submit_due(session=session, settings=get_settings(archiving)) == (1, 0)
    (row,) = _rows(archiving)
    assert row.status == "archived"
    assert row.archived_url == httpserver.url_for(f"/web/{SAVED_AT}/{PAGE}")
    assert row.archived_at == datetime(2026, 12, 4, 12, 5, tzinfo=UTC)
    sent = httpserver.log[0][0]
    assert sent.path == f"/save/{PAGE}" and sent.headers["User-Agent"].startswith(
        "DetentionConditionsMonitor/"
    )
    page = client.get(f"/documents/{document_id}").get_data(as_text=True)
    assert "Independent copy" in page and row.archived_url in page
    assert "archived 2026-12-04T12:05:00+00:00 UTC" in page


def test_failures_are_retried_later_and_shown_on_the_sources_page(archiving, httpserver) -> None:
    client = archiving.test_client()
    httpserver.expect_oneshot_request(re.compile("^/save/.*")).respond_with_data("busy", status=503)
    _capture(archiving)
    now = datetime.now(UTC)
    with session_scope(archiving) as session:
        assert submit_due(session=session, settings=get_settings(archiving), now=now) == (0, 1)
    (row,) = _rows(archiving)
    assert row.status == "failed" and row.attempts == 1
    assert "HTTP 503 after 1 attempts" in (row.last_error or "")
    sources = client.get("/sources").get_data(as_text=True)
    assert "Independent copies in a web archive" in sources
    assert "0 archived, 0 waiting, 1 failed" in sources and "HTTP 503" in sources
    with session_scope(archiving) as session:  # not due yet: nothing is sent
        assert submit_due(session=session, settings=get_settings(archiving), now=now) == (0, 0)
    httpserver.expect_request(re.compile("^/save/.*")).respond_with_handler(_save_page_now)
    httpserver.expect_request(re.compile("^/web/.*")).respond_with_data(b"archived copy")
    later = now + timedelta(minutes=16)
    with session_scope(archiving) as session:
        submit_due(session=session, settings=get_settings(archiving), now=later)
    (row,) = _rows(archiving)
    assert (row.status, row.attempts) == ("archived", 2), row.last_error


def test_an_answer_without_a_copy_is_a_failure_in_words(archiving, httpserver) -> None:
    httpserver.expect_request(re.compile("^/save/.*")).respond_with_data("<html>Sorry</html>")
    _capture(archiving)
    with session_scope(archiving) as session:
        assert submit_due(session=session, settings=get_settings(archiving)) == (0, 1)
    assert _rows(archiving)[0].last_error == (
        "no archived copy: the archive's answer names no archived copy"
    )


def test_the_scheduler_runs_the_submission_job() -> None:
    specs = {spec.id: spec for spec in job_specs(SchedulerOptions())}
    assert specs["archive:submit"].func is jobs.submit_archives


def test_only_web_links_are_accepted_as_the_copy(archiving, httpserver) -> None:
    hostile = "javascript:alert(1)//web/20261204120500/x"
    httpserver.expect_request(re.compile("^/save/.*")).respond_with_data(
        "ok", headers={"Content-Location": hostile}
    )
    _capture(archiving)
    with session_scope(archiving) as session:
        assert submit_due(session=session, settings=get_settings(archiving)) == (0, 1)
    assert _rows(archiving)[0].archived_url is None
