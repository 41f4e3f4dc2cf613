"""Deliver the outbox: claim a batch, send each message, mark it sent once the server accepted it.

Each message is committed as sent on its own: during the next message's MAIL FROM round trip
(see monitor.mail.ledger), or at the end of the pass, and always before the next message can
be accepted. So a sender killed mid-batch re-sends at most the one message in flight.
Claimed-but-unsent messages come back after `mail_claim_seconds`. Temporary failures retry
with exponential backoff, up to `mail_max_attempts`, so an SMTP outage of an hour loses nothing.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import NamedTuple

from sqlalchemy import bindparam, func, update
from sqlalchemy.engine import Connection, Engine
from sqlmodel import col, select

from monitor.alerts.facts import columns
from monitor.config import Settings
from monitor.mail.ledger import Ledger, delivering
from monitor.mail.message import build_bytes, envelope_sender
from monitor.mail.transport import Gate, Transport, open_transport
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
        """The policy of the deployment's `settings.mail` section."""
        mail = settings.mail
        return cls(
            batch_size=mail.batch_size,
            claim_seconds=mail.claim_seconds,
            base_backoff_seconds=mail.backoff_seconds,
            max_backoff_seconds=mail.max_backoff_seconds,
            max_attempts=mail.max_attempts,
        )

    def backoff(self, attempts: int) -> timedelta:
        """How long to wait before attempt number `attempts + 1`."""
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


def due_count(engine: Engine) -> int:
    """How many messages a pass started now would try."""
    with engine.connect() as conn:
        return int(
            conn.execute(
                columns(func.count())
                .select_from(OutboxMessage)
                .where(
                    col(OutboxMessage.status) == "pending",
                    col(OutboxMessage.next_attempt_at) <= utcnow(),
                )
            ).scalar_one()
        )


def claim_batch(conn: Connection, policy: SenderPolicy, now: datetime) -> list[int]:
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
    claimed = sorted(key for key in conn.execute(stmt).scalars() if key is not None)
    conn.commit()
    return claimed


# Built once: the hot path reuses the statement and its compiled form for every message.
_MARK_SENT = (
    update(OutboxMessage)
    .where(col(OutboxMessage.id) == bindparam("row_id"))
    .values(status="sent", sent_at=bindparam("at"), attempts=bindparam("tries"), last_error=None)
)


def _mark_sent(conn: Connection, row_id: int, attempts: int) -> None:
    conn.execute(_MARK_SENT, {"row_id": row_id, "at": utcnow(), "tries": attempts})
    conn.commit()


def _mark(conn: Connection, message_id: int, **values: object) -> None:
    """Record one outcome and commit it at once (the server has already answered)."""
    conn.execute(update(OutboxMessage).where(col(OutboxMessage.id) == message_id).values(**values))
    conn.commit()


def _permanent(exc: smtplib.SMTPException) -> bool:
    """A 5xx answer about this message or recipient: retrying would not help."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPSenderRefused):
        return False  # our From is refused: a configuration problem, keep the mail
    return isinstance(exc, smtplib.SMTPResponseException) and exc.smtp_code >= 500


class Outgoing(NamedTuple):
    """The columns a delivery needs (plain tuples: no ORM object per message)."""

    id: int
    to_addr: str
    subject: str
    message_id: str
    body_text: str
    body_html: str | None
    headers: dict[str, str] | None
    created_at: datetime
    attempts: int


def load_batch(conn: Connection, ids: list[int]) -> list[Outgoing]:
    """The claimed messages, oldest first."""
    m = OutboxMessage
    stmt = (
        columns(
            m.id,
            m.to_addr,
            m.subject,
            m.message_id,
            m.body_text,
            m.body_html,
            m.headers,
            m.created_at,
            m.attempts,
        )
        .where(col(m.id).in_(ids))
        .order_by(col(m.id))
    )
    rows = [Outgoing(*r) for r in conn.execute(stmt).all()]
    conn.commit()
    return rows


def deliver_one(
    ledger: Ledger,
    transport: Transport,
    row: Outgoing,
    data: bytes,
    settings: Settings,
    policy: SenderPolicy,
    report: SendReport,
    during_data: Gate | None = None,
) -> None:
    """Send one message and record the outcome; raise ServerUnavailable to stop the pass."""
    attempts = row.attempts + 1
    try:
        transport.send(
            data,
            sender=envelope_sender(settings.mail_from),
            recipient=row.to_addr,
            message_id=row.message_id,
            during_mail=ledger.wait,
            during_data=during_data,
        )
    except (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError) as exc:
        _unavailable(ledger, row, attempts, policy, exc, report)
    except smtplib.SMTPException as exc:  # SMTPException is an OSError: keep this order
        if _permanent(exc) or attempts >= policy.max_attempts:
            error = str(exc)[:1000]
            ledger.run(
                lambda c: _mark(c, row.id, status="failed", attempts=attempts, last_error=error)
            )
            report.failed += 1
            log.warning("message %s refused permanently: %s", row.message_id, exc)
        else:
            _defer(ledger, row, attempts, policy, str(exc), report)
        return
    except OSError as exc:  # refused connection, timeout, TLS failure
        _unavailable(ledger, row, attempts, policy, exc, report)
    ledger.submit(lambda c: _mark_sent(c, row.id, attempts))  # runs during the next MAIL FROM
    report.sent += 1


def _defer(
    ledger: Ledger,
    row: Outgoing,
    attempts: int,
    policy: SenderPolicy,
    error: str,
    report: SendReport,
) -> None:
    retry_at = utcnow() + policy.backoff(attempts)
    ledger.run(
        lambda c: _mark(
            c, row.id, attempts=attempts, last_error=error[:1000], next_attempt_at=retry_at
        )
    )
    report.deferred += 1


def _unavailable(
    ledger: Ledger,
    row: Outgoing,
    attempts: int,
    policy: SenderPolicy,
    exc: Exception,
    report: SendReport,
) -> None:
    _defer(ledger, row, attempts, policy, f"server unavailable: {exc}", report)
    raise ServerUnavailable(str(exc)) from exc


def _release(conn: Connection, ids: list[int], when: datetime) -> None:
    """Give back claimed messages that were not tried (the server went away)."""
    if ids:
        conn.execute(
            update(OutboxMessage)
            .where(col(OutboxMessage.id).in_(ids))
            .where(col(OutboxMessage.status) == "pending")
            .values(next_attempt_at=when)
        )
        conn.commit()


def send_pending(
    *,
    engine: Engine,
    settings: Settings,
    transport: Transport | None = None,
    progress: Callable[[int], None] | None = None,
) -> SendReport:
    """One sender pass: deliver every message due when it started, then return."""
    policy = SenderPolicy.from_settings(settings)
    transport = transport or open_transport(settings)
    report = SendReport()
    started = utcnow()
    with delivering(engine, transport) as ledger:
        while ids := ledger.run(lambda c: claim_batch(c, policy, started)):
            rows = ledger.run(partial(load_batch, ids=ids))
            if not deliver_batch(ledger, transport, rows, settings, policy, report, progress):
                break
    return report


def deliver_batch(
    ledger: Ledger,
    transport: Transport,
    rows: list[Outgoing],
    settings: Settings,
    policy: SenderPolicy,
    report: SendReport,
    progress: Callable[[int], None] | None,
) -> bool:
    """Deliver one claimed batch; False when the server went away (the rest is released)."""
    built: dict[int, bytes] = {}

    def build(index: int) -> None:
        if index < len(rows) and rows[index].id not in built:
            built[rows[index].id] = build_bytes(rows[index], settings.mail_from)

    for index, row in enumerate(rows):
        build(index)
        try:
            deliver_one(
                ledger,
                transport,
                row,
                built.pop(row.id),
                settings,
                policy,
                report,
                during_data=partial(build, index + 1),
            )
        except ServerUnavailable as exc:
            rest, retry_at = [r.id for r in rows[index + 1 :]], utcnow() + policy.backoff(1)
            ledger.run(partial(_release, ids=rest, when=retry_at))
            report.stopped_early = str(exc)
            log.warning("SMTP server unavailable, will retry: %s", exc)
            return False
        if progress is not None:
            progress(1)
    return True
