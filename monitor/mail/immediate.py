"""Hand just-queued messages to the sender from the web process (confirmation, welcome).

The messages are already committed to the outbox, so if the server is slow or down this
attempt simply defers them and the scheduler's sender delivers them later: the outbox
guarantees delivery, this only makes it immediate in the usual case.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import timedelta

from sqlalchemy import update
from sqlalchemy.engine import Connection, Engine
from sqlmodel import col

from monitor.config import Settings
from monitor.mail.ledger import delivering
from monitor.mail.sender import SenderPolicy, SendReport, deliver_batch, load_batch
from monitor.mail.transport import (
    MailConfigError,
    SmtpTransport,
    Transport,
    open_transport,
    parse_smtp_url,
)
from monitor.models import OutboxMessage, utcnow

log = logging.getLogger(__name__)
# A visitor is waiting for the page: give up on a silent server sooner than the sender does.
WEB_SMTP_TIMEOUT = 10.0


def web_transport(settings: Settings) -> Transport:
    """The configured transport, with a timeout a waiting visitor can bear."""
    if not settings.smtp_url:
        return open_transport(settings)
    target = parse_smtp_url(settings.smtp_url)
    return SmtpTransport(replace(target, timeout=min(target.timeout, WEB_SMTP_TIMEOUT)))


def claim(conn: Connection, message_ids: list[str], policy: SenderPolicy) -> list[int]:
    """Reserve these pending messages so the scheduler's sender leaves them alone meanwhile."""
    stmt = (
        update(OutboxMessage)
        .where(col(OutboxMessage.message_id).in_(message_ids))
        .where(col(OutboxMessage.status) == "pending")
        .values(next_attempt_at=utcnow() + timedelta(seconds=policy.claim_seconds))
        .returning(col(OutboxMessage.id))
    )
    claimed = sorted(key for key in conn.execute(stmt).scalars() if key is not None)
    conn.commit()
    return claimed


def deliver_now(*, engine: Engine, settings: Settings, message_ids: list[str]) -> SendReport:
    """Try to deliver these committed messages at once; failures stay queued for the sender."""
    report = SendReport()
    if not message_ids:
        return report
    policy = SenderPolicy.from_settings(settings)
    try:
        transport = web_transport(settings)
    except MailConfigError as exc:  # the scheduler's sender reports this on its own runs
        log.warning("mail not sent at once, left in the outbox: %s", exc)
        return report
    with delivering(engine, transport) as ledger:
        ids = ledger.run(lambda c: claim(c, message_ids, policy))
        rows = ledger.run(lambda c: load_batch(c, ids)) if ids else []
        deliver_batch(ledger, transport, rows, settings, policy, report, None)
    return report
