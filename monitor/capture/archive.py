"""Independent captures: ask a web archive to save every new public capture, and record its copy.

The Internet Archive's Save Page Now answers `GET <endpoint><page url>` by archiving the page
and redirecting to the copy at `/web/<14-digit time>/<page url>`; a deployment can point the
endpoint at its own archive if that speaks the same protocol. Requests go through the same
polite Fetcher as every source (identifying User-Agent, rate limit, retries, size cap, host
guard). Capture never waits: new versions are queued, and a scheduler job submits them and
retries failures with growing delays; the sources page shows what failed and why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx
from sqlmodel import Session, col, select

from monitor.capture.client import Fetcher
from monitor.capture.policy import FetchPolicy, user_agent
from monitor.config import Settings
from monitor.models import CaptureArchive, Document, DocumentVersion, utcnow
from scrapers._base import Page, SourceError

MAX_ATTEMPTS = 8
FIRST_RETRY = timedelta(minutes=15)
LONGEST_RETRY = timedelta(hours=24)
BATCH = 20
# Save Page Now is slow (it fetches the page itself) and allows only a few saves a minute.
ARCHIVE_POLICY: dict[str, Any] = {
    "requests_per_second": 0.2,
    "timeout": 120.0,
    "max_retries": 2,
    "respect_robots": False,  # an API the deployment chose to call, not a crawl
    "max_bytes": 20 * 1024 * 1024,
}
_MEMENTO_PATH = re.compile(r"/web/(\d{14})[a-z_]*/(.+)$")


class ArchiveAnswerUnclear(SourceError):
    """The archive answered, but named no archived copy of the page."""

    reason = "no archived copy"


@dataclass(frozen=True)
class ArchivedCopy:
    url: str
    at: datetime


def queue_capture(
    *, session: Session, settings: Settings, document: Document, version: DocumentVersion
) -> CaptureArchive | None:
    """Queue a new capture for the archive when configured and the page is public and on the web."""
    url = version.final_url or version.request_url or ""
    if not settings.archive_captures or not document.is_public:
        return None
    if urlsplit(url).scheme not in ("http", "https"):
        return None
    row = CaptureArchive(
        version_id=version.id or 0, page_url=url, endpoint=settings.archive_save_url
    )
    session.add(row)
    return row


def due(*, session: Session, now: datetime, limit: int = BATCH) -> list[CaptureArchive]:
    """Submissions waiting for a first try or a retry whose time has come, oldest first."""
    return list(
        session.exec(
            select(CaptureArchive)
            .where(col(CaptureArchive.status).in_(("pending", "failed")))
            .where(CaptureArchive.attempts < MAX_ATTEMPTS)
            .where(CaptureArchive.next_attempt_at <= now)
            .order_by(col(CaptureArchive.next_attempt_at), col(CaptureArchive.id))
            .limit(limit)
        ).all()
    )


def archive_policy(settings: Settings, endpoint: str) -> FetchPolicy:
    """The Fetcher policy for the archive's host: the deployment's, then the archive's limits."""
    values: dict[str, Any] = {
        "user_agent": user_agent(settings),
        "allowed_hosts": (urlsplit(endpoint).hostname or "",),
        **ARCHIVE_POLICY,
    }
    values.update(settings.fetch.overrides())
    return FetchPolicy(**values)


def submit_due(
    *,
    session: Session,
    settings: Settings,
    transport: httpx.BaseTransport | None = None,
    now: datetime | None = None,
) -> tuple[int, int]:
    """Submit every due capture once; return (archived, failed)."""
    moment = now or utcnow()
    rows = due(session=session, now=moment)
    done = failed = 0
    fetchers: dict[str, Fetcher] = {}
    try:
        for row in rows:
            if row.endpoint not in fetchers:
                policy = archive_policy(settings, row.endpoint)
                fetchers[row.endpoint] = Fetcher(policy, transport=transport)
            if _submit_one(row, fetchers[row.endpoint], moment):
                done += 1
            else:
                failed += 1
            session.add(row)
    finally:
        for fetcher in fetchers.values():
            fetcher.close()
    return done, failed


def _submit_one(row: CaptureArchive, fetcher: Fetcher, now: datetime) -> bool:
    row.attempts += 1
    try:
        page = fetcher.get(row.endpoint + row.page_url, kind_hint="listing", conditional=False)
        copy = archived_copy(page, row.endpoint) if page is not None else None
        if copy is None:
            raise ArchiveAnswerUnclear("the archive's answer names no archived copy")
    except SourceError as exc:
        row.status, row.last_error = "failed", exc.describe()
        row.next_attempt_at = now + min(FIRST_RETRY * 2 ** (row.attempts - 1), LONGEST_RETRY)
        return False
    row.status, row.last_error = "archived", None
    row.archived_url, row.archived_at = copy.url, copy.at
    return True


def archived_copy(page: Page, endpoint: str) -> ArchivedCopy | None:
    """Where the archive says the copy is: the redirect target, Content-Location or a memento Link."""
    headers = {k.lower(): v for k, v in page.headers.items()}
    candidates = [page.final_url or "", headers.get("content-location", "")]
    candidates += re.findall(r"<([^>]+)>\s*;[^,]*rel=\"?[^\",]*memento", headers.get("link", ""))
    for candidate in candidates:
        url = urljoin(endpoint, candidate)
        found = _MEMENTO_PATH.search(urlsplit(url).path + _query(url))
        # The URL becomes a link on public pages: only web URLs, never javascript: or data:.
        if found and urlsplit(url).scheme in ("http", "https"):
            when = datetime.strptime(found.group(1), "%Y%m%d%H%M%S").replace(tzinfo=UTC)
            return ArchivedCopy(url, when)
    return None


def _query(url: str) -> str:
    query = urlsplit(url).query
    return f"?{query}" if query else ""
