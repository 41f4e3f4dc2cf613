"""Source health for the sources page: last run, last success, cadence, staleness, last error."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from monitor.models import Document, ScrapeRun, Source, utcnow
from monitor.queries.shapes import SourceStatusJSON


@dataclass
class SourceStatus:
    key: str
    name: str
    url: str
    enabled: bool
    expected_cadence_days: int | None
    last_run_at: datetime | None
    last_run_status: str | None
    last_success_at: datetime | None
    last_new_document_at: datetime | None
    consecutive_failures: int
    last_error: str | None
    document_count: int
    days_since_new: int | None

    @property
    def stale(self) -> bool:
        """Nothing new for longer than the expected cadence, or failing."""
        late = (
            self.expected_cadence_days is not None
            and self.days_since_new is not None
            and self.days_since_new > self.expected_cadence_days
        )
        return late or self.consecutive_failures > 0

    def as_dict(self) -> SourceStatusJSON:
        return SourceStatusJSON(
            key=self.key, name=self.name, url=self.url, enabled=self.enabled,
            expected_cadence_days=self.expected_cadence_days,
            last_run_at=_iso(self.last_run_at), last_run_status=self.last_run_status,
            last_success_at=_iso(self.last_success_at),
            last_new_document_at=_iso(self.last_new_document_at),
            consecutive_failures=self.consecutive_failures, last_error=self.last_error,
            document_count=self.document_count, days_since_new=self.days_since_new,
            stale=self.stale,
        )  # fmt: skip


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def source_statuses(*, session: Session, now: datetime | None = None) -> list[SourceStatus]:
    """Every source with its health figures, by name."""
    now = now or utcnow()
    grouped = session.exec(
        select(Document.source_id, func.count()).group_by(col(Document.source_id))
    )
    counts = {source_id: count for source_id, count in grouped}
    out = []
    for src in session.exec(select(Source).order_by(Source.name)):
        last = session.exec(
            select(ScrapeRun.status)
            .where(ScrapeRun.source_id == src.id)
            .order_by(col(ScrapeRun.started_at).desc())
        ).first()
        since = src.last_new_document_at or src.last_success_at
        out.append(
            SourceStatus(
                src.key,
                src.name,
                src.url,
                src.enabled,
                src.expected_cadence_days,
                src.last_run_at,
                last,
                src.last_success_at,
                src.last_new_document_at,
                src.consecutive_failures,
                src.last_error,
                counts.get(src.id or 0, 0),
                (now - since).days if since else None,
            )
        )
    return out
