"""Write a pass's candidates to the alert table in bulk: insert, refresh, re-open, resolve.

Bulk statements, not ORM objects: the first pass over a large database opens tens of
thousands of alerts, and one flush per alert took minutes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import Table, insert, update
from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from monitor.alerts.base import Candidate
from monitor.alerts.facts import as_day, day_text
from monitor.models import Alert, AlertEvent, utcnow

CHUNK = 5000
TRACKED = (
    "subject",
    "severity",
    "since",
    "facility_id",
    "recommendation_id",
    "document_id",
    "source_id",
    "details",
)


@dataclass(frozen=True)
class AlertInfo:
    """What notifications and summaries need to know about a stored alert."""

    id: int
    rule: str
    dedup_key: str
    subject: str
    severity: str
    since: date
    facility_id: int | None = None
    recommendation_id: int | None = None
    status: str = "active"
    changed_at: datetime | None = None  # when this pass opened (or resolved) it


@dataclass
class Changes:
    opened: list[AlertInfo] = field(default_factory=list)
    resolved: list[AlertInfo] = field(default_factory=list)
    changed: list[AlertInfo] = field(default_factory=list)


def _values(cand: Candidate) -> dict[str, Any]:
    return {
        "subject": cand.subject,
        "severity": cand.severity,
        "since": cand.since,
        "facility_id": cand.facility_id,
        "recommendation_id": cand.recommendation_id,
        "document_id": cand.document_id,
        "source_id": cand.source_id,
        "details": cand.details or None,
    }


def _info(alert_id: int, cand: Candidate, now: datetime) -> AlertInfo:
    return AlertInfo(
        alert_id,
        cand.rule,
        cand.dedup_key,
        cand.subject,
        cand.severity,
        cand.since,
        cand.facility_id,
        cand.recommendation_id,
        "active",
        now,
    )


def _existing(session: Session, rules: list[str]) -> dict[str, dict[str, Any]]:
    """The stored alerts of `rules` by de-duplication key, as plain dicts."""
    columns = [col(Alert.id), col(Alert.dedup_key), col(Alert.rule), col(Alert.status)]
    # `since` as text on SQLite: parsing it ourselves is far cheaper than the Date type's.
    columns += [
        day_text(Alert.since) if name == "since" else getattr(Alert, name) for name in TRACKED
    ]
    rows = session.connection().execute(sa_select(*columns).where(col(Alert.rule).in_(rules))).all()
    names = ["id", "dedup_key", "rule", "status", *TRACKED]
    out = {str(row[1]): dict(zip(names, row, strict=True)) for row in rows}
    for old in out.values():
        old["since"] = as_day(old["since"])
    return out


def _insert_new(session: Session, new: list[Candidate], now: datetime) -> dict[str, int]:
    """Insert new alerts; returns their ids by de-duplication key."""
    ids: dict[str, int] = {}
    rows = [
        {
            "rule": c.rule,
            "dedup_key": c.dedup_key,
            "status": "active",
            "first_seen_at": now,
            "last_seen_at": now,
            **_values(c),
        }
        for c in new
    ]
    table = cast(Table, Alert.__table__)  # type: ignore[attr-defined]
    # Core executemany with RETURNING: the ORM's bulk path cost a second per 40,000 rows.
    stmt = insert(table).returning(table.c.id, table.c.dedup_key)
    conn = session.connection()
    for start in range(0, len(rows), CHUNK):
        for alert_id, key in conn.execute(stmt, rows[start : start + CHUNK]):
            ids[key] = alert_id
    return ids


@dataclass
class Pass:
    """The writes one pass has collected, applied together by `_write`."""

    now: datetime
    changes: Changes = field(default_factory=Changes)
    events: list[dict[str, Any]] = field(default_factory=list)
    updates: list[dict[str, Any]] = field(default_factory=list)

    def event(self, alert_id: int, change: str, severity: str) -> None:
        self.events.append(
            {"alert_id": alert_id, "at": self.now, "change": change, "severity": severity}
        )


def store(session: Session, found: dict[str, Candidate], rules: list[str]) -> Changes:
    """Make the stored alerts of `rules` match `found`, recording every change as an event."""
    work = Pass(now=utcnow())
    existing = _existing(session, rules)
    new = [c for key, c in found.items() if key not in existing]
    for key, alert_id in _insert_new(session, new, work.now).items():
        work.changes.opened.append(_info(alert_id, found[key], work.now))
        work.event(alert_id, "opened", found[key].severity)
    for key, cand in found.items():
        if key in existing:
            _refresh(work, existing[key], cand)
    for key, old in existing.items():
        if old["status"] == "active" and key not in found:
            _resolve(work, key, old)
    _write(session, work.updates, work.events, found, rules, work.now)
    return work.changes


def _refresh(work: Pass, old: dict[str, Any], cand: Candidate) -> None:
    """Update a stored alert the pass found again (re-opening it if it had resolved)."""
    values = _values(cand)
    change = _transition(old, cand)
    if change is not None:
        work.event(old["id"], change, cand.severity)
        target = work.changes.opened if change == "reopened" else work.changes.changed
        target.append(_info(old["id"], cand, work.now))
    if change is not None or any(old[k] != v for k, v in values.items()):
        work.updates.append(
            {
                "id": old["id"],
                "status": "active",
                "resolved_at": None,
                "last_seen_at": work.now,
                **values,
            }
        )


def _resolve(work: Pass, key: str, old: dict[str, Any]) -> None:
    """Resolve an active alert the pass no longer found."""
    work.event(old["id"], "resolved", old["severity"])
    work.changes.resolved.append(
        AlertInfo(
            old["id"],
            old["rule"],
            key,
            old["subject"],
            old["severity"],
            old["since"],
            old["facility_id"],
            old["recommendation_id"],
            "resolved",
            work.now,
        )
    )
    work.updates.append(
        {
            "id": old["id"],
            "status": "resolved",
            "resolved_at": work.now,
            "last_seen_at": work.now,
            **{k: old[k] for k in TRACKED},
        }
    )


def _transition(old: dict[str, Any], cand: Candidate) -> str | None:
    """The event a refreshed alert records, if any."""
    if old["status"] == "resolved":
        return "reopened"
    if old["severity"] != cand.severity:
        return f"severity {old['severity']} -> {cand.severity}"
    return None


def _write(
    session: Session,
    updates: list[dict[str, Any]],
    events: list[dict[str, Any]],
    found: dict[str, Candidate],
    rules: list[str],
    now: datetime,
) -> None:
    for start in range(0, len(updates), CHUNK):
        session.exec(update(Alert), params=updates[start : start + CHUNK])
    # Core executemany: the ORM's bulk insert path adds a third to the time of the history rows.
    events_table = cast(Table, AlertEvent.__table__)  # type: ignore[attr-defined]
    conn = session.connection()
    for start in range(0, len(events), CHUNK):
        conn.execute(insert(events_table), events[start : start + CHUNK])
    if found:  # one statement marks every still-active alert as seen in this pass
        session.exec(
            update(Alert)
            .where(col(Alert.rule).in_(rules), col(Alert.status) == "active")
            .values(last_seen_at=now)
        )
