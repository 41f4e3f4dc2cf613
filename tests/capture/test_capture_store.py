"""The capture store: content addressing, versions, WARC records."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlmodel import select
from warcio.archiveiterator import ArchiveIterator

from monitor.capture.store import capture_bytes, read_version
from monitor.db import get_settings
from monitor.models import Document, DocumentVersion

WHEN = datetime(2022, 3, 16, 12, 0, 0)


def _capture(session, settings, content: bytes, **extra):
    args = dict(
        session=session,
        settings=settings,
        source_key="manual",
        content=content,
        url="https://example.org/report.pdf",
        external_id="R-1",
        kind="report",
        title="A report",
        content_type="application/pdf",
        fetched_at=WHEN,
    )
    args.update(extra)
    return capture_bytes(**args)


def test_same_bytes_are_stored_once(app, session) -> None:
    settings = get_settings(app)
    first = _capture(session, settings, b"%PDF-1.4 one")
    again = _capture(session, settings, b"%PDF-1.4 one")
    assert first.is_new_version and first.is_new_document
    assert not again.is_new_version
    assert again.version.id == first.version.id
    blobs = [p for p in (Path(settings.data_dir) / "blobs").rglob("*") if p.is_file()]
    assert len(blobs) == 1


def test_changed_bytes_make_a_new_version_and_keep_the_old(app, session) -> None:
    settings = get_settings(app)
    old = _capture(session, settings, b"version one")
    new = _capture(session, settings, b"version two")
    versions = session.exec(select(DocumentVersion)).all()
    assert new.is_new_version and not new.is_new_document
    assert len(versions) == 2
    doc = session.exec(select(Document)).one()
    assert doc.current_version_id == new.version.id
    assert read_version(old.version) == b"version one"
    assert read_version(new.version) == b"version two"


def test_http_capture_writes_request_response_and_metadata_records(app, session) -> None:
    settings = get_settings(app)
    result = _capture(
        session,
        settings,
        b"<html>hi</html>",
        content_type="text/html",
        headers={"Content-Type": "text/html", "Content-Encoding": "gzip", "ETag": '"abc"'},
        request_headers={"User-Agent": "monitor-test"},
    )
    with open(result.version.warc_path, "rb") as handle:
        records = list(ArchiveIterator(handle))
    types = [r.rec_type for r in records]
    assert types == ["warcinfo", "request", "response", "metadata"]
    response = records[2]
    assert response.rec_headers.get_header("WARC-Record-ID") == result.version.warc_record_id
    assert response.http_headers.get_header("Content-Encoding") is None
    assert result.version.etag == '"abc"'


def test_file_capture_writes_a_resource_record(app, session) -> None:
    settings = get_settings(app)
    result = _capture(session, settings, b"plain bytes", url=None)
    with open(result.version.warc_path, "rb") as handle:
        found = {
            r.rec_type: (r.rec_headers.get_header("WARC-Target-URI"), r.content_stream().read())
            for r in ArchiveIterator(handle)
        }
    target, body = found["resource"]
    assert body == b"plain bytes"
    assert target.startswith("urn:sha256:")
