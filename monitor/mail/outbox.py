"""Write messages to the outbox table, in the caller's transaction (nothing sends here)."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Protocol, cast

from sqlalchemy import Table, insert
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from monitor.config import Settings
from monitor.mail.render import absolute, site_host
from monitor.mail.tokens import make_link_token
from monitor.models import (
    Facility,
    OutboxMessage,
    Subscriber,
    Subscription,
    utcnow,
)


class AlertLike(Protocol):
    """An alert as stored (Alert) or as an evaluation pass reports it (AlertInfo)."""

    @property
    def id(self) -> int | None: ...
    @property
    def rule(self) -> str: ...
    @property
    def severity(self) -> str: ...
    @property
    def subject(self) -> str: ...
    @property
    def facility_id(self) -> int | None: ...
    @property
    def recommendation_id(self) -> int | None: ...


class Addressable(Protocol):
    """Anything a subscription can cover: an alert or a news item."""

    @property
    def rule(self) -> str: ...
    @property
    def facility_id(self) -> int | None: ...
    @property
    def recommendation_id(self) -> int | None: ...


# Rules about the monitor's own plumbing go to maintainers, not to public subscribers.
INTERNAL_RULES = frozenset({"SOURCE_SILENT", "UNMATCHED_FACILITY", "ALIAS_COLLISION"})
# Placeholders let one rendering serve every recipient (100,000 renders would be too slow).
UNSUB_MARK = "__UNSUBSCRIBE_URL__"
MANAGE_MARK = "__MANAGE_URL__"


@dataclass(frozen=True)
class Recipient:
    """A confirmed subscriber as mail needs them: id, address, link-token version."""

    id: int
    email: str
    token_version: int
    language: str = "en"
    nonce: str = ""


def links(settings: Settings, recipient: Recipient) -> tuple[str, str]:
    """The recipient's unsubscribe and manage-preferences URLs (one token serves both)."""
    token = make_link_token(
        settings, recipient.id, recipient.token_version, recipient.email, recipient.nonce
    )
    return (
        absolute(settings, f"/subscribe/unsubscribe/{token}"),
        absolute(settings, f"/subscribe/manage/{token}"),
    )


def new_message_id(settings: Settings, kind: str, unique: str | None = None) -> str:
    """A Message-ID; a deterministic `unique` part makes re-queuing the same mail a no-op."""
    return f"<{kind}.{unique or uuid.uuid4().hex}@{site_host(settings)}>"


def list_headers(settings: Settings, unsub: str) -> dict[str, str]:
    """List-Id and the RFC 8058 one-click unsubscribe pair, carried by every message."""
    return {
        "List-Id": f"Detention Conditions Monitor alerts <alerts.{site_host(settings)}>",
        "List-Unsubscribe": f"<{unsub}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def message_row(
    settings: Settings,
    recipient: Recipient,
    *,
    kind: str,
    subject: str,
    text: str,
    html: str,
    message_id: str,
    alert_id: int | None = None,
) -> dict[str, Any]:
    """One outbox row with this recipient's own links filled in."""
    unsub, manage = links(settings, recipient)
    now = utcnow()
    return {
        "subscriber_id": recipient.id,
        "alert_id": alert_id,
        "kind": kind,
        "to_addr": recipient.email,
        "subject": subject,
        "message_id": message_id,
        "body_text": text.replace(UNSUB_MARK, unsub).replace(MANAGE_MARK, manage),
        "body_html": html.replace(UNSUB_MARK, unsub).replace(MANAGE_MARK, manage),
        "headers": list_headers(settings, unsub),
        "status": "pending",
        "attempts": 0,
        "created_at": now,
        "next_attempt_at": now,
    }


def write_rows(session: Session, rows: list[dict[str, Any]]) -> int:
    """Insert outbox rows in bulk, skipping any Message-ID already queued."""
    if not rows:
        return 0
    ids = [r["message_id"] for r in rows]
    taken: set[str] = set()
    for start in range(0, len(ids), 5000):
        chunk = ids[start : start + 5000]
        taken.update(
            session.exec(
                select(col(OutboxMessage.message_id)).where(
                    col(OutboxMessage.message_id).in_(chunk)
                )
            ).all()
        )
    fresh = [r for r in rows if r["message_id"] not in taken]
    table = cast(Table, OutboxMessage.__table__)  # type: ignore[attr-defined]
    for start in range(0, len(fresh), 10000):  # core executemany: no ORM bookkeeping per row
        session.connection().execute(insert(table), fresh[start : start + 10000])
    return len(fresh)


class RecipientIndex:
    """Confirmed subscriptions of one frequency, loaded once and matched in memory.

    One query for the whole pass: a first evaluation can open thousands of alerts, and a
    query per alert (or per subscriber) would not scale to 100,000 subscribers.
    """

    def __init__(self, session: Session, frequency: str) -> None:
        self.session = session
        self.by_target: dict[tuple[str, str], list[Recipient]] = defaultdict(list)
        rows = (
            session.connection()
            .execute(
                sa_select(
                    col(Subscription.scope),
                    col(Subscription.target),
                    col(Subscriber.id),
                    col(Subscriber.email),
                    col(Subscriber.token_version),
                    col(Subscriber.language),
                    col(Subscriber.nonce),
                )
                .join(Subscriber, col(Subscriber.id) == col(Subscription.subscriber_id))
                .where(col(Subscription.confirmed).is_(True))
                .where(col(Subscription.frequency) == frequency)
            )
            .all()
        )
        for scope, target, sid, email, version, language, nonce in rows:
            recipient = Recipient(cast(int, sid), email, version, language, nonce)
            self.by_target[(scope, target)].append(recipient)
        self._facilities: dict[int, Facility | None] = {}

    def facility(self, facility_id: int | None) -> Facility | None:
        if facility_id is None:
            return None
        if facility_id not in self._facilities:
            self._facilities[facility_id] = self.session.get(Facility, facility_id)
        return self._facilities[facility_id]

    def recipients(self, alert: Addressable) -> list[Recipient]:
        """Everyone whose subscriptions cover this alert, once each."""
        if alert.rule in INTERNAL_RULES or not self.by_target:
            return []
        keys = [("all", "")]
        facility = self.facility(alert.facility_id)
        if facility is not None:
            keys += [
                ("facility", facility.slug),
                ("state", facility.state or ""),
                ("aor", facility.aor or ""),
            ]
        if alert.recommendation_id is not None:
            keys.append(("recommendation", str(alert.recommendation_id)))
        seen: dict[int, Recipient] = {}
        for key in keys:
            for recipient in self.by_target.get(key, ()):
                seen.setdefault(recipient.id, recipient)
        return list(seen.values())
