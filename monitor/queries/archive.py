"""Reads about independent archive copies: per version for pages and packets, health for sources."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from monitor.models import CaptureArchive, Document, DocumentVersion, Source

FAILURES_SHOWN = 20


@dataclass(frozen=True)
class ArchiveFailure:
    source: str
    document_id: int
    title: str
    page_url: str
    attempts: int
    error: str
    next_attempt_at: datetime | None


@dataclass
class ArchiveHealth:
    """How many captures are waiting, archived or failing, and the latest failures in words."""

    counts: Counter[str] = field(default_factory=Counter)
    failures: list[ArchiveFailure] = field(default_factory=list)

    @property
    def any(self) -> bool:
        return bool(sum(self.counts.values()))


def archive_copies(*, session: Session, version_ids: Iterable[int]) -> dict[int, CaptureArchive]:
    """The archive row of each version that has one, keyed by version id."""
    ids = [v for v in version_ids if v]
    if not ids:
        return {}
    rows = session.exec(select(CaptureArchive).where(col(CaptureArchive.version_id).in_(ids)))
    return {row.version_id: row for row in rows}


def archive_health(*, session: Session, max_attempts: int) -> ArchiveHealth:
    """Counts by status and the most recent failures (for the sources page)."""
    health = ArchiveHealth()
    by_status = select(CaptureArchive.status, func.count()).group_by(CaptureArchive.status)
    health.counts.update(dict(session.exec(by_status).all()))
    rows = session.exec(
        select(CaptureArchive, Document, Source)
        .join(DocumentVersion, col(DocumentVersion.id) == CaptureArchive.version_id)
        .join(Document, col(Document.id) == DocumentVersion.document_id)
        .join(Source, col(Source.id) == Document.source_id)
        .where(CaptureArchive.status == "failed")
        .order_by(col(CaptureArchive.next_attempt_at).desc())
        .limit(FAILURES_SHOWN)
    )
    for row, doc, source in rows:
        retry = row.next_attempt_at if row.attempts < max_attempts else None
        health.failures.append(
            ArchiveFailure(
                source.name,
                doc.id or 0,
                doc.title,
                row.page_url,
                row.attempts,
                row.last_error or "unknown error",
                retry,
            )  # fmt: skip
        )
    return health
