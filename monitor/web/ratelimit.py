"""Sliding-window rate limits kept in the database, so every web worker sees the same counts."""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from monitor.models import RateLimitHit, utcnow


def client_key(secret: str, client: str) -> str:
    """A keyed hash of a client address: countable, but not reversible to the address."""
    return hmac.new(secret.encode(), client.encode(), hashlib.sha256).hexdigest()[:32]


def allow(
    *, session: Session, bucket: str, key: str, limit: int, window: timedelta = timedelta(hours=1)
) -> bool:
    """Count one request for `key` in `bucket`; False once it is over `limit` in the window."""
    since = utcnow() - window
    # Old hits are of no further use; dropping them keeps the table small.
    session.exec(delete(RateLimitHit).where(col(RateLimitHit.at) < since))  # type: ignore[call-overload]
    used = session.exec(
        select(func.count())
        .select_from(RateLimitHit)
        .where(RateLimitHit.bucket == bucket, RateLimitHit.key_hash == key)
        .where(col(RateLimitHit.at) >= since)
    ).one()
    if used >= limit:
        return False
    session.add(RateLimitHit(bucket=bucket, key_hash=key))
    session.flush()
    return True
