"""Deliver the outbox: claim a batch, send each message, mark it sent once the server accepted it.

Each message is committed as sent on its own right after the server's 250, so a sender killed
mid-batch re-sends at most the one message in flight. Claimed-but-unsent messages come back
after `mail_claim_seconds`. Transient failures retry with exponential backoff, forever up to
`mail_max_attempts`, so an SMTP outage of an hour loses nothing.
"""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from monitor.alerts.base import pk
from monitor.config import Settings
from monitor.mail.message import build_message
from monitor.mail.transport import Transport, open_transport
from monitor.models import OutboxMessage, utcnow

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SenderPolicy:
    batch_size: int = 100
    claim_seconds: int = 300
    base_backoff_seconds: int = 60
    max_backoff_seconds: int = 600
    max_attempts: int = 200

    @classmethod
    def from_settings(cls, settings: Settings) -> SenderPolicy:
        extra = settings.extra
        return cls(
            batch_size=int(extra.get("mail_batch_size", cls.batch_size)),
            claim_seconds=int(extra.get("mail_claim_seconds", cls.claim_seconds)),
            base_backoff_seconds=int(extra.get("mail_backoff_seconds", cls.base_backoff_seconds)),
            max_backoff_seconds=int(extra.get("mail_max_backoff_seconds", cls.max_backoff_seconds)),
            max_attempts=int(extra.get("mail_max_attempts", cls.max_attempts)),
        )

    def backoff(self, attempts: int) -> timedelta:
        seconds = self.base_backoff_seconds * 2 ** max(attempts - 1, 0)
        return timedelta(seconds=min(seconds, self.max_backoff_seconds))


@dataclass
class SendReport:
    sent: int = 0
    deferred: int = 0
    failed: int = 0
    stopped_early: str | None = None


class ServerUnavailable(Exception):
    """The SMTP server could not be reached; the pass stops and the batch waits."""


def claim_batch(engine: Engine, policy: SenderPolicy, now: datetime) -> list[int]:
    """Reserve messages due by `now` for this sender (others skip them until the claim lapses).

    A pass keeps `now` at its start, so a message deferred during the pass waits for the next.
    """
    due = (
        select(col(OutboxMessage.id))
        .where(col(OutboxMessage.status) == "pending", col(OutboxMessage.next_attempt_at) <= now)
        .order_by(col(OutboxMessage.id))
        .limit(policy.batch_size)
    )
    stmt = (
        update(OutboxMessage)
        .where(col(OutboxMessage.id).in_(due.scalar_subquery()))
        .where(col(OutboxMessage.status) == "pending", col(OutboxMessage.next_attempt_at) <= now)
        .values(next_attempt_at=utcnow() + timedelta(seconds=policy.claim_seconds))
        .returning(col(OutboxMessage.id))
    )
    with engine.begin() as conn:
        return sorted(key for key in conn.execute(stmt).scalars() if key is not None)


def _mark(engine: Engine, message_id: int, **values: object) -> None:
    with engine.begin() as conn:
        conn.execute(
            update(OutboxMessage).where(col(OutboxMessage.id) == message_id).values(**values)
        )


def _permanent(exc: smtplib.SMTPException) -> bool:
    """A 5xx answer about this message or recipient: retrying would not help."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPSenderRefused):
        return False  # our From is refused: a configuration problem, keep the mail
    return isinstance(exc, smtplib.SMTPResponseException) and exc.smtp_code >= 500


def deliver_one(
    engine: Engine,
    transport: Transport,
    row: OutboxMessage,
    settings: Settings,
    policy: SenderPolicy,
    report: SendReport,
) -> None:
    """Send one message and record the outcome; raise ServerUnavailable to stop the pass."""
    attempts = row.attempts + 1
    try:
        transport.send(build_message(row, settings.mail_from))
    except (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError) as exc:
        _unavailable(engine, row, attempts, policy, exc, report)
    except smtplib.SMTPException as exc:  # SMTPException is an OSError: keep this order
        if _permanent(exc) or attempts >= policy.max_attempts:
            _mark(engine, pk(row), status="failed", attempts=attempts, last_error=str(exc)[:1000])
            report.failed += 1
            log.warning("message %s refused permanently: %s", row.message_id, exc)
        else:
            _defer(engine, row, attempts, policy, str(exc), report)
        return
    except OSError as exc:  # refused connection, timeout, TLS failure
        _unavailable(engine, row, attempts, policy, exc, report)
    _mark(engine, pk(row), status="sent", sent_at=utcnow(), attempts=attempts, last_error=None)
    report.sent += 1


def _defer(
    engine: Engine,
    row: OutboxMessage,
    attempts: int,
    policy: SenderPolicy,
    error: str,
    report: SendReport,
) -> None:
    _mark(
        engine,
        pk(row),
        attempts=attempts,
        last_error=error[:1000],
        next_attempt_at=utcnow() + policy.backoff(attempts),
    )
    report.deferred += 1


def _unavailable(
    engine: Engine,
    row: OutboxMessage,
    attempts: int,
    policy: SenderPolicy,
    exc: Exception,
    report: SendReport,
) -> None:
    _defer(engine, row, attempts, policy, f"server unavailable: {exc}", report)
    raise ServerUnavailable(str(exc)) from exc


def _release(engine: Engine, ids: list[int], when: datetime) -> None:
    """Give back claimed messages that were not tried (the server went away)."""
    if ids:
        with engine.begin() as conn:
            conn.execute(
                update(OutboxMessage)
                .where(col(OutboxMessage.id).in_(ids))
                .where(col(OutboxMessage.status) == "pending")
                .values(next_attempt_at=when)
            )


def send_pending(
    *,
    engine: Engine,
    settings: Settings,
    transport: Transport | None = None,
    max_messages: int | None = None,
) -> SendReport:
    """One sender pass: deliver every due message (or `max_messages`), then return."""
    policy = SenderPolicy.from_settings(settings)
    transport = transport or open_transport(settings)
    report = SendReport()
    started = utcnow()
    try:
        while max_messages is None or report.sent + report.failed < max_messages:
            ids = claim_batch(engine, policy, started)
            if not ids:
                break
            with Session(engine, expire_on_commit=False) as session:
                rows = session.exec(
                    select(OutboxMessage)
                    .where(col(OutboxMessage.id).in_(ids))
                    .order_by(col(OutboxMessage.id))
                ).all()
            for index, row in enumerate(rows):
                try:
                    deliver_one(engine, transport, row, settings, policy, report)
                except ServerUnavailable as exc:
                    _release(
                        engine, [pk(r) for r in rows[index + 1 :]], utcnow() + policy.backoff(1)
                    )
                    report.stopped_early = str(exc)
                    log.warning("SMTP server unavailable, will retry: %s", exc)
                    return report
    finally:
        transport.close()
    return report
