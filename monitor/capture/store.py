"""Raw capture: content-addressed bytes, WARC records, and Document/DocumentVersion rows.

Every fetched response (or uploaded file) is stored unedited under
`settings.data_dir/blobs/<aa>/<bb>/<sha256>` and appended to a per-source, per-day WARC
file under `settings.data_dir/warc/<source>/`. `DocumentVersion.storage_path` is the
absolute path of the blob; `warc_path` + `warc_record_id` locate the WARC response (or
resource) record. The same bytes are never stored twice; changed bytes become a new
version and the old version stays.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlmodel import Session, select

from monitor.capture.archive import queue_capture
from monitor.capture.sources import ensure_source
from monitor.capture.warc import WarcInput, write_warc
from monitor.config import Settings
from monitor.models import Document, DocumentVersion, utcnow
from scrapers._base import Page


@dataclass
class CaptureResult:
    """What a capture did: the document, the version holding these bytes, whether it is new."""

    document: Document
    version: DocumentVersion
    is_new_version: bool
    is_new_document: bool = False


def sha256_hex(content: bytes) -> str:
    """Hex SHA-256 of some bytes."""
    return hashlib.sha256(content).hexdigest()


def as_utc(when: datetime) -> datetime:
    """An aware UTC datetime (naive values are taken to be UTC already)."""
    return when.replace(tzinfo=UTC) if when.utcoffset() is None else when.astimezone(UTC)


def blob_path(settings: Settings, sha: str) -> Path:
    """Where the bytes with this hash live."""
    return Path(settings.data_dir) / "blobs" / sha[:2] / sha[2:4] / sha


def read_version(version: DocumentVersion) -> bytes:
    """The exact bytes of a stored version."""
    return Path(version.storage_path).read_bytes()


def store_blob(settings: Settings, content: bytes) -> tuple[str, Path]:
    """Write bytes once, atomically; returns (sha256, path)."""
    sha = sha256_hex(content)
    path = blob_path(settings, sha)
    if path.exists():
        return sha, path
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(fd, "wb") as handle:
        handle.write(content)
    os.replace(tmp, path)
    return sha, path


def capture_page(
    *,
    session: Session,
    settings: Settings,
    source_key: str,
    page: Page,
    external_id: str | None = None,
    kind: str | None = None,
    title: str | None = None,
    publisher: str | None = None,
) -> CaptureResult:
    """Capture a fetched Page; identity comes from `page.meta` unless given."""
    meta = page.meta
    return capture_bytes(
        session=session,
        settings=settings,
        source_key=source_key,
        content=page.content,
        url=page.url,
        final_url=page.final_url,
        external_id=external_id or meta.get("external_id") or page.url,
        kind=kind or meta.get("doc_kind") or page.kind_hint or "page",
        title=title or meta.get("title") or page.url,
        publisher=publisher,
        content_type=page.content_type,
        fetched_at=page.fetched_at,
        status=page.status,
        headers=page.headers,
        request_headers=meta.get("request_headers"),
    )


def capture_bytes(
    *,
    session: Session,
    settings: Settings,
    source_key: str,
    content: bytes,
    url: str | None,
    external_id: str,
    kind: str,
    title: str,
    publisher: str | None = None,
    content_type: str | None = None,
    fetched_at: datetime | None = None,
    status: int = 200,
    headers: dict[str, str] | None = None,
    final_url: str | None = None,
    request_headers: dict[str, str] | None = None,
) -> CaptureResult:
    """Store bytes and record them as a version of a document (idempotent on same bytes)."""
    source = ensure_source(session=session, key=source_key)
    document, is_new_doc = _document(session, source.id, external_id, kind, title, url, publisher)
    sha = sha256_hex(content)
    existing = _version_with(session, document, sha)
    if existing is not None:
        return CaptureResult(document, existing, False, is_new_doc)
    _, path = store_blob(settings, content)
    warc = WarcInput(source_key, url or f"urn:sha256:{sha}", final_url, content, content_type,
                     status, dict(headers or {}), request_headers,
                     as_utc(fetched_at or utcnow()), sha)  # fmt: skip
    warc_path, record_id = write_warc(settings, warc)
    version = _new_version(document, warc, path, warc_path, record_id)
    session.add(version)
    session.flush()
    document.current_version_id = version.id
    session.add(document)
    if request_headers is not None:  # fetched from the web, so a web archive can fetch it too
        queue_capture(session=session, settings=settings, document=document, version=version)
    return CaptureResult(document, version, True, is_new_doc)


def _version_with(session: Session, document: Document, sha: str) -> DocumentVersion | None:
    """The version of this document holding exactly these bytes, if any."""
    return session.exec(
        select(DocumentVersion).where(
            DocumentVersion.document_id == document.id, DocumentVersion.sha256 == sha
        )
    ).first()


def _document(
    session: Session,
    source_id: int | None,
    external_id: str,
    kind: str,
    title: str,
    url: str | None,
    publisher: str | None,
) -> tuple[Document, bool]:
    """Find the document by (source, external id) or create it."""
    if source_id is None:
        raise RuntimeError("the source row has no id yet")
    doc = session.exec(
        select(Document).where(Document.source_id == source_id, Document.external_id == external_id)
    ).first()
    if doc is not None:
        if not doc.url and url:
            doc.url = url
        return doc, False
    doc = Document(
        source_id=source_id,
        external_id=external_id,
        kind=kind,
        title=title[:500],
        url=url,
        publisher=publisher,
    )
    session.add(doc)
    session.flush()
    return doc, True


def _new_version(
    document: Document, warc: WarcInput, path: Path, warc_path: Path, record_id: str
) -> DocumentVersion:
    lowered = {k.lower(): v for k, v in warc.headers.items()}
    return DocumentVersion(
        document_id=document.id or 0,
        sha256=warc.sha,
        size=len(warc.content),
        content_type=warc.content_type,
        request_url=warc.url,
        final_url=warc.final_url or warc.url,
        status_code=warc.status,
        headers=warc.headers,
        etag=lowered.get("etag"),
        last_modified=lowered.get("last-modified"),
        fetched_at=warc.fetched_at,
        storage_path=str(path),
        warc_path=str(warc_path),
        warc_record_id=record_id,
    )
