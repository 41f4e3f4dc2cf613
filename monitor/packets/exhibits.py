"""Exhibits: the documents that the selected facts cite, in a stable order with Bates ranges."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path, PurePosixPath

from sqlmodel import Session, col, select

from monitor.models import Document, DocumentVersion, Source
from monitor.packets.facts import Fact
from monitor.packets.stamp import bates_label

_EXTENSIONS = {
    "application/pdf": ".pdf",
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "text/csv": ".csv",
    "text/plain": ".txt",
    "application/json": ".json",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/vnd.ms-excel": ".xls",
}


@dataclass
class Exhibit:
    """One source document in the packet and where its pages land in the Bates sequence."""

    number: int
    document: Document
    version: DocumentVersion | None
    source_key: str
    custodian: str
    facts: list[Fact] = field(default_factory=list)
    media: str = "missing"  # pdf | html | other | missing
    page_count: int = 0
    stamped: bool = False
    note: str = ""
    bates_begin: int = 0
    bates_end: int = 0

    @property
    def label(self) -> str:
        """'Exhibit N', as printed on sheets and bookmarks."""
        return f"Exhibit {self.number}"

    @property
    def original_name(self) -> str | None:
        """Path of the original inside the bag's data/ folder, or None when nothing was archived."""
        if self.version is None:
            return None
        doc = self.document
        # Report numbers and titles read better than external ids, which are often URLs.
        stem = _slug(doc.report_number or doc.title or doc.external_id or "document")
        return f"originals/{self.number:03d}-{stem}{_extension(self.document, self.version)}"

    @property
    def original_path(self) -> Path | None:
        """Where the captured bytes live in the capture store."""
        return Path(self.version.storage_path) if self.version is not None else None

    @property
    def fetched_at(self) -> str:
        """Capture time as ISO 8601 UTC with a Z, however the database returned it."""
        if self.version is None:
            return ""
        return utc_text(self.version.fetched_at)

    def bates(self, prefix: str) -> tuple[str, str]:
        """First and last Bates numbers of the exhibit."""
        return bates_label(prefix, self.bates_begin), bates_label(prefix, self.bates_end)

    def stamped_name(self, prefix: str) -> str:
        """Path of the stamped exhibit PDF inside data/, named by its first Bates number."""
        return f"exhibits/{bates_label(prefix, self.bates_begin)}.pdf"

    def cite(self, page: int | None, prefix: str) -> str:
        """The Bates number of a cited page when it maps one to one, else the exhibit's range."""
        begin, end = self.bates(prefix)
        if self.media == "pdf" and self.stamped and page and 1 <= page <= self.page_count:
            return bates_label(prefix, self.bates_begin + page - 1)
        return begin if begin == end else f"{begin} to {end}"


def plan_exhibits(
    *, session: Session, facts: list[Fact], sources: tuple[str, ...]
) -> tuple[list[Exhibit], list[Fact]]:
    """Exhibits for the facts' documents (filtered by source key) and the facts that remain."""
    doc_ids = sorted({f.document_id for f in facts if f.document_id is not None})
    rows = session.exec(
        select(Document, Source)
        .join(Source, col(Source.id) == col(Document.source_id))
        .where(
            col(Document.id).in_(doc_ids),
            col(Document.is_public).is_(True),  # as on the public timeline
            Document.review_status == "accepted",
        )
    ).all()
    chosen = [(d, s) for d, s in rows if not sources or s.key in sources]
    described = _described_by_document(facts)
    chosen.sort(key=lambda pair: _exhibit_order(pair, described))
    exhibits: list[Exhibit] = []
    by_doc: dict[int, Exhibit] = {}
    for number, (document, source) in enumerate(chosen, start=1):
        exhibit = Exhibit(
            number=number,
            document=document,
            version=_current_version(session, document),
            source_key=source.key,
            custodian=document.publisher or source.name,
        )
        exhibits.append(exhibit)
        by_doc[document.id or 0] = exhibit
    kept = [f for f in facts if f.document_id in by_doc or (f.document_id is None and not sources)]
    for fact in kept:
        if fact.document_id in by_doc:
            by_doc[fact.document_id].facts.append(fact)
    return exhibits, kept


def _described_by_document(facts: list[Fact]) -> dict[int, date]:
    """The earliest date any of a document's facts describes."""
    out: dict[int, date] = {}
    for fact in facts:
        if fact.document_id is not None and fact.when is not None:
            out[fact.document_id] = min(fact.when, out.get(fact.document_id, date.max))
    return out


def _exhibit_order(
    pair: tuple[Document, Source], described: dict[int, date]
) -> tuple[date, date, str, int]:
    """By the date the document's facts describe, then publication date, then title."""
    doc = pair[0]
    published = doc.published_date or date.max
    return (described.get(doc.id or 0, published), published, doc.title, doc.id or 0)


def _current_version(session: Session, document: Document) -> DocumentVersion | None:
    """The document's current version, or its newest when none is marked current."""
    if document.current_version_id is not None:
        version = session.get(DocumentVersion, document.current_version_id)
        if version is not None:
            return version
    return session.exec(
        select(DocumentVersion)
        .where(DocumentVersion.document_id == document.id)
        .order_by(col(DocumentVersion.fetched_at).desc(), col(DocumentVersion.id).desc())
    ).first()


def utc_text(value: datetime) -> str:
    """ISO 8601 in UTC with a trailing Z (naive values are already UTC by convention)."""
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.replace(microsecond=0).isoformat() + "Z"


def sniff_media(head: bytes, content_type: str | None) -> str:
    """pdf, html or other, from the first bytes (content types on the web are often wrong)."""
    if b"%PDF-" in head[:1024]:
        return "pdf"
    lowered = head[:512].lstrip().lower()
    if lowered.startswith((b"<!doctype html", b"<html")) or "html" in (content_type or ""):
        return "html"
    return "other"


def _extension(document: Document, version: DocumentVersion) -> str:
    ctype = (version.content_type or "").split(";")[0].strip().lower()
    if ctype in _EXTENSIONS:
        return _EXTENSIONS[ctype]
    suffix = PurePosixPath((version.final_url or document.url or "").split("?")[0]).suffix.lower()
    return suffix if re.fullmatch(r"\.[a-z0-9]{1,5}", suffix) else ".bin"


def _slug(text: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()
    return slug[:60] or "document"
