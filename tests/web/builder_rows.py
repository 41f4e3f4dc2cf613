"""Row helpers for the web test-data builder: insert-and-flush, and a document with its pages."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlmodel import Session

from monitor.models import Document, DocumentPage, DocumentVersion, Source

HOSTILE = '<script>alert("pwned")</script><img src=x onerror=alert(1)>'
T = TypeVar("T")


def add(session: Session, row: T) -> T:
    """Insert a row and flush so its id is known."""
    session.add(row)
    session.flush()
    return row


def _store(data_dir: Path | None, body: bytes) -> str:
    """Write the bytes where the capture store would, and return their storage path."""
    sha = hashlib.sha256(body).hexdigest()
    storage = f"objects/{sha[:2]}/{sha}.pdf"
    if data_dir is not None:
        (data_dir / storage).parent.mkdir(parents=True, exist_ok=True)
        (data_dir / storage).write_bytes(body)
    return storage


def document(
    session: Session,
    source: Source,
    external_id: str,
    title: str,
    pages: list[str],
    data_dir: Path | None = None,
    **fields: Any,
) -> Document:
    """A document with one archived version whose pages hold `pages`."""
    doc = add(
        session, Document(source_id=source.id or 0, external_id=external_id, title=title, **fields)
    )
    body = "\n\f".join(pages).encode()
    base = "https://www.oig.dhs.gov/sites/default/files"
    version = add(
        session,
        DocumentVersion(
            document_id=doc.id or 0,
            sha256=hashlib.sha256(body).hexdigest(),
            size=len(body),
            content_type="application/pdf",
            request_url=f"{base}/{external_id}.pdf",
            final_url=f"{base}/assets/{external_id}.pdf",
            storage_path=_store(data_dir, body),
            fetched_at=datetime(2024, 1, 5, 12, 0, tzinfo=UTC),
            page_count=len(pages),
        ),
    )
    for number, text in enumerate(pages, start=1):
        session.add(DocumentPage(version_id=version.id or 0, page_number=number, text=text))
    doc.current_version_id = version.id
    session.flush()
    return doc
