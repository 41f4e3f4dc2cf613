"""Subscriber data rights: see which accesses touched an address, delete it, purge old ones.

A subscriber is an email address and preferences, nothing more. Once unsubscribed, the
address is kept only for the retention period, then replaced by a keyed hash in
SuppressedAddress (so it is never mailed again) and the address itself is deleted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, delete, func, or_, select

from monitor.accounts import audit
from monitor.models import (
    AuditLog,
    OutboxMessage,
    Subscriber,
    Subscription,
    SuppressedAddress,
    utcnow,
)

DEFAULT_RETENTION_DAYS = 30


@dataclass(frozen=True)
class Deletion:
    """What deleting one address removed."""

    subscribers: int
    subscriptions: int
    messages: int


def address_hash(email: str, *, secret: str | None = None) -> str:
    """The keyed hash stored in Subscriber.email_hash and SuppressedAddress (mail's scheme)."""
    from monitor.mail.tokens import email_hash

    return email_hash(_HashSettings(audit._secret(secret)), email)  # type: ignore[arg-type]


@dataclass(frozen=True)
class _HashSettings:
    """Just the secret, for hashing outside a full Settings object (CLI, tests)."""

    secret_key: str


# Accesses that touch every subscriber at once (one log entry, not one per address).
BULK_ACTIONS = ("subscriber_data_exported",)


def accesses_for_subscriber(*, session: Session, email: str) -> list[AuditLog]:
    """Every audit entry that touched `email` (bulk exports included), oldest first."""
    touched = col(AuditLog.subject_hash) == audit.subject_hash(email)
    subscriber = _find_subscriber(session, email)
    if subscriber is not None:
        bulk = col(AuditLog.action).in_(BULK_ACTIONS) & (col(AuditLog.at) >= subscriber.created_at)
        touched = or_(touched, bulk)
    stmt = select(AuditLog).where(touched).order_by(col(AuditLog.id))
    return list(session.exec(stmt))


def _find_subscriber(session: Session, email: str) -> Subscriber | None:
    wanted = audit.normalize_email(email)
    stmt = select(Subscriber).where(
        or_(
            Subscriber.email == wanted,
            Subscriber.email == email.strip(),
            Subscriber.email_hash == address_hash(email),
        )
    )
    return session.exec(stmt).first()


def suppress(*, session: Session, email_hash: str, at: datetime | None = None) -> None:
    """Record that an address (by keyed hash) must never be mailed again."""
    stmt = select(SuppressedAddress).where(SuppressedAddress.email_hash == email_hash)
    if session.exec(stmt).first() is None:
        session.add(SuppressedAddress(email_hash=email_hash, unsubscribed_at=at or utcnow()))


def _erase(session: Session, subscriber: Subscriber) -> Deletion:
    """Delete one subscriber, their subscriptions and every message addressed to them."""
    subs = session.exec(
        delete(Subscription).where(col(Subscription.subscriber_id) == subscriber.id)
    )
    msgs = session.exec(
        delete(OutboxMessage).where(
            or_(
                col(OutboxMessage.subscriber_id) == subscriber.id,
                col(OutboxMessage.to_addr) == subscriber.email,
            )
        )
    )
    session.delete(subscriber)
    session.flush()
    return Deletion(1, subs.rowcount or 0, msgs.rowcount or 0)


def delete_subscriber_data(*, session: Session, email: str, actor: str = "subscriber") -> Deletion:
    """Delete everything held about `email`, keep a suppression hash, log the deletion."""
    subscriber = _find_subscriber(session, email)
    deletion = Deletion(0, 0, 0)
    if subscriber is not None:
        suppress(session=session, email_hash=subscriber.email_hash)
        deletion = _erase(session, subscriber)
    else:
        suppress(session=session, email_hash=address_hash(email))
    audit.record(
        session=session,
        action="subscriber_data_deleted",
        actor=actor,
        target_type="subscriber",
        subject_email=email,
        details={"subscriptions": deletion.subscriptions, "messages": deletion.messages},
    )
    return deletion


def purgeable(
    *, session: Session, retention_days: int = DEFAULT_RETENTION_DAYS, now: datetime | None = None
) -> list[Subscriber]:
    """Subscribers unsubscribed, never confirmed or left with nothing, beyond the retention period."""
    cutoff = (now or utcnow()) - timedelta(days=retention_days)
    unsubscribed = select(SuppressedAddress.email_hash).where(
        col(SuppressedAddress.unsubscribed_at) < cutoff
    )
    has_subscription = select(Subscription.subscriber_id).distinct()
    stmt = (
        select(Subscriber)
        .where(
            or_(
                col(Subscriber.email_hash).in_(unsubscribed),
                (col(Subscriber.confirmed_at).is_(None)) & (col(Subscriber.created_at) < cutoff),
                col(Subscriber.id).not_in(has_subscription) & (col(Subscriber.created_at) < cutoff),
            )
        )
        .order_by(col(Subscriber.id))
    )
    return list(session.exec(stmt))


def purge_subscriber(*, session: Session, subscriber: Subscriber) -> Deletion:
    """Delete one expired subscriber, keeping only the suppression hash."""
    suppress(session=session, email_hash=subscriber.email_hash)
    deletion = _erase(session, subscriber)
    audit.record(
        session=session,
        action="subscriber_purged",
        actor="retention",
        target_type="subscriber",
        subject_email=subscriber.email,
    )
    return deletion


def subscriber_count(*, session: Session) -> tuple[int, int]:
    """How many subscribers there are, and how many confirmed."""
    total = session.exec(select(func.count()).select_from(Subscriber)).one()
    confirmed = session.exec(
        select(func.count())
        .select_from(Subscriber)
        .where(col(Subscriber.confirmed_at).is_not(None))
    ).one()
    return int(total), int(confirmed)


def lookup_subscriber(
    *, session: Session, email: str
) -> tuple[Subscriber, list[Subscription]] | None:
    """One subscriber and their subscriptions (the caller logs the access)."""
    subscriber = _find_subscriber(session, email)
    if subscriber is None:
        return None
    stmt = select(Subscription).where(Subscription.subscriber_id == subscriber.id)
    return subscriber, list(session.exec(stmt.order_by(col(Subscription.id))))


def export_rows(*, session: Session) -> list[tuple[str, str, str, str, str, str]]:
    """email, confirmed date, scope, target, frequency, confirmed flag: one row per subscription."""
    stmt = (
        select(Subscriber, Subscription)
        .join(Subscription, col(Subscription.subscriber_id) == col(Subscriber.id), isouter=True)
        .order_by(col(Subscriber.email), col(Subscription.id))
    )
    rows = []
    for subscriber, sub in session.exec(stmt):
        confirmed = subscriber.confirmed_at.date().isoformat() if subscriber.confirmed_at else ""
        rows.append(
            (
                subscriber.email,
                confirmed,
                sub.scope if sub else "",
                sub.target if sub else "",
                sub.frequency if sub else "",
                ("yes" if sub.confirmed else "no") if sub else "",
            )
        )
    return rows


def purge_expired(
    *, retention_days: int = DEFAULT_RETENTION_DAYS, on_each: Callable[[], None] | None = None
) -> int:
    """Purge every address past retention, one transaction each; returns how many went.

    Runs inside an app context (the CLI command, or a scheduler job). `on_each` is called
    after each address, for progress display.
    """
    from monitor.db import session_scope

    with session_scope() as db:
        ids = [s.id for s in purgeable(session=db, retention_days=retention_days)]
    deleted = 0
    for subscriber_id in ids:
        # One transaction per address: an interruption leaves no half-deleted subscriber.
        with session_scope() as db:
            subscriber = db.get(Subscriber, subscriber_id)
            if subscriber is not None:
                purge_subscriber(session=db, subscriber=subscriber)
                deleted += 1
        if on_each is not None:
            on_each()
    return deleted
