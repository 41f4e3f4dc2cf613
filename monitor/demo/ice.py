"""Demo part: ICE ODO and contract inspections, a death review and NGO reports.

Every document is written by the project (monitor/demo/ice_catalog.py), captured like a
fetch, parsed by the real source parser and stored by the real writers, so the demo
exercises the same path as a live run. Idempotent: bytes already captured are skipped.
"""

from __future__ import annotations

import importlib
from typing import Any

from sqlmodel import Session

from monitor.capture.sources import ensure_source
from monitor.capture.store import capture_bytes
from monitor.config import Settings
from monitor.demo.ice_catalog import ALL_DOCS
from monitor.demo.ice_docs import DemoDoc
from monitor.demo.pdf import split_pages, text_pdf
from monitor.ingest.writers import WriteContext, write_records
from scrapers._base import Page

DOC_KINDS = {"ice_odo": "inspection", "ice_contract_inspections": "inspection",
             "ice_deaths": "death_review", "ngo": "ngo"}  # fmt: skip
PUBLISHERS = {
    "ice_odo": "ICE Office of Detention Oversight",
    "ice_contract_inspections": "The Nakamoto Group for ICE",
    "ice_deaths": "ICE Office of Professional Responsibility",
}


def load(session: Session, settings: Settings) -> None:
    """Capture, parse and write every demo document once."""
    for doc in ALL_DOCS:
        load_one(session, settings, doc)


def content_of(doc: DemoDoc) -> bytes:
    """The bytes a fetch would have returned for this document."""
    return (
        text_pdf(split_pages(doc.text), wrap=False)
        if doc.kind == "pdf"
        else doc.text.encode("utf-8")
    )


def load_one(session: Session, settings: Settings, doc: DemoDoc) -> dict[str, int]:
    """Capture one document and write what its source's parser reads from it."""
    content = content_of(doc)
    publisher = doc.meta.get("organization_name") or PUBLISHERS.get(doc.source)
    captured = capture_bytes(
        session=session, settings=settings, source_key=doc.source, content=content,
        url=doc.url, external_id=doc.external_id, kind=DOC_KINDS[doc.source],
        title=doc.title, publisher=publisher,
        content_type="application/pdf" if doc.kind == "pdf" else "text/html",
    )  # fmt: skip
    if not captured.is_new_version:
        return {}
    page = Page(url=doc.url, content=content, meta={**doc.meta, "ngo_item": doc.source == "ngo",
                                                    "external_id": doc.external_id})  # fmt: skip
    records: list[Any] = importlib.import_module(f"scrapers.{doc.source}").parse(page)
    ctx = WriteContext(
        session=session, settings=settings, source=ensure_source(session=session, key=doc.source),
        document=captured.document, version=captured.version,
    )  # fmt: skip
    return write_records(ctx, records)
