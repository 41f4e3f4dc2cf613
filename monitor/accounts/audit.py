"""Append-only, hash-chained audit log of every access to non-public data.

Each entry's `entry_hash` is an HMAC (keyed with the app secret) over the previous entry's
hash and the entry's own canonical content, so editing, deleting or inserting a row breaks the
chain, and someone with write access to the database but not the secret cannot rebuild it.
On PostgreSQL, UPDATE and DELETE on the table are refused by triggers (migration 0003).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from flask import current_app, has_app_context, has_request_context, request
from sqlalchemy import text
from sqlmodel import Session, col, select

from monitor.models import AuditLog, UserAccount, utcnow

GENESIS = "0" * 64
_PG_LOCK_KEY = 7_310_411_008  # arbitrary constant naming the audit-chain advisory lock


class AuditError(RuntimeError):
    """The audit log cannot be written or read as asked (for example no secret available)."""


@dataclass(frozen=True)
class VerifyResult:
    """Outcome of walking the chain: `ok`, rows checked, and the first bad entry if any."""

    ok: bool
    checked: int
    head_hash: str
    first_bad_id: int | None = None
    problem: str | None = None


def _secret(secret: str | None) -> str:
    if secret:
        return secret
    if has_app_context():
        return str(current_app.extensions["monitor.settings"].secret_key)
    raise AuditError("no secret available to key the audit chain (run inside the app)")


def _derive(secret: str, purpose: str) -> bytes:
    """A key for one purpose, so the chain key and the subject key are never the same."""
    return hmac.new(secret.encode(), purpose.encode(), hashlib.sha256).digest()


def normalize_email(email: str) -> str:
    """The form of an address that is hashed: trimmed and lower-cased."""
    return email.strip().lower()


def subject_hash(email: str, *, secret: str | None = None) -> str:
    """Keyed hash of a subscriber address, so the log never stores the address itself."""
    key = _derive(_secret(secret), "monitor.audit.subject")
    return hmac.new(key, normalize_email(email).encode(), hashlib.sha256).hexdigest()


def canonical_content(entry: AuditLog) -> bytes:
    """The bytes an entry's hash covers (every column except id and entry_hash)."""
    content = {
        "at": entry.at.isoformat(timespec="microseconds"),
        "actor_user_id": entry.actor_user_id,
        "actor_label": entry.actor_label,
        "action": entry.action,
        "target_type": entry.target_type,
        "target_id": entry.target_id,
        "subject_hash": entry.subject_hash,
        "purpose": entry.purpose,
        "details": entry.details,
        "client_ip": entry.client_ip,
        "prev_hash": entry.prev_hash,
    }
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def compute_hash(entry: AuditLog, *, secret: str | None = None) -> str:
    """The HMAC chaining `entry` to its predecessor."""
    key = _derive(_secret(secret), "monitor.audit.chain")
    message = entry.prev_hash.encode() + b"\n" + canonical_content(entry)
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def _lock_chain(session: Session) -> None:
    """Serialise appends: one writer at a time reads the head and adds the next entry."""
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_KEY})
    else:
        # A write statement takes SQLite's RESERVED lock (BEGIN IMMEDIATE semantics) even when
        # it changes no row; later writers wait on the busy timeout instead of forking the chain.
        session.execute(text("UPDATE audit_log SET id = id WHERE 0"))


def head_hash(*, session: Session) -> str:
    """The hash of the newest entry (the genesis value for an empty log)."""
    stmt = select(AuditLog.entry_hash).order_by(col(AuditLog.id).desc()).limit(1)
    return session.exec(stmt).first() or GENESIS


def _json_safe(details: dict[str, Any] | None) -> dict[str, Any] | None:
    """Details as they will read back from the JSON column (dates become strings)."""
    if details is None:
        return None
    return json.loads(json.dumps(details, default=str))


def _actor_fields(actor: UserAccount | str | None) -> tuple[int | None, str | None]:
    if isinstance(actor, UserAccount):
        return actor.id, actor.email
    return None, actor


def _client_ip() -> str | None:
    return request.remote_addr if has_request_context() else None


def record(
    *,
    session: Session,
    action: str,
    actor: UserAccount | str | None = None,
    target_type: str | None = None,
    target_id: str | int | None = None,
    purpose: str | None = None,
    details: dict[str, Any] | None = None,
    subject_email: str | None = None,
    secret: str | None = None,
) -> AuditLog:
    """Append one entry to the chain (committed with the caller's transaction)."""
    key_secret = _secret(secret)
    actor_id, actor_label = _actor_fields(actor)
    _lock_chain(session)
    entry = AuditLog(
        at=utcnow(),
        actor_user_id=actor_id,
        actor_label=actor_label,
        action=action,
        target_type=target_type,
        target_id=None if target_id is None else str(target_id),
        subject_hash=subject_hash(subject_email, secret=key_secret) if subject_email else None,
        purpose=purpose,
        details=_json_safe(details),
        client_ip=_client_ip(),
        prev_hash=head_hash(session=session),
        entry_hash="",
    )
    entry.entry_hash = compute_hash(entry, secret=key_secret)
    session.add(entry)
    session.flush()
    return entry


def _first_break(entries: Iterable[AuditLog], secret: str) -> tuple[VerifyResult, set[str]]:
    """Walk `entries` in order, stop at the first that breaks the chain; also every hash seen."""
    expected_prev = GENESIS
    checked = 0
    seen: set[str] = set()
    for entry in entries:
        if entry.prev_hash != expected_prev:
            problem = "does not link to the entry before it (an entry was deleted or inserted)"
            return VerifyResult(False, checked, expected_prev, entry.id, problem), seen
        if not hmac.compare_digest(compute_hash(entry, secret=secret), entry.entry_hash):
            problem = "content does not match its hash (the entry was edited or forged)"
            return VerifyResult(False, checked, expected_prev, entry.id, problem), seen
        expected_prev = entry.entry_hash
        seen.add(expected_prev)
        checked += 1
    return VerifyResult(True, checked, expected_prev), seen


def verify(
    *, session: Session, secret: str | None = None, anchor: str | None = None
) -> VerifyResult:
    """Walk the chain in id order; report the first edited, deleted or inserted entry.

    `anchor` is a head hash noted earlier (outside the database): if the intact chain no
    longer contains it, entries were removed from the end since it was noted.
    """
    key_secret = _secret(secret)
    stmt = select(AuditLog).order_by(col(AuditLog.id)).execution_options(yield_per=1000)
    rows = session.exec(stmt)
    try:
        result, seen = _first_break(rows, key_secret)
    finally:
        # Stopping early must still release PostgreSQL's server-side cursor.
        rows.close()
    if result.ok and anchor and anchor != GENESIS and anchor not in seen:
        problem = "the noted head hash is missing: entries were removed from the end"
        return VerifyResult(False, result.checked, result.head_hash, None, problem)
    return result
