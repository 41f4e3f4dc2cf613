"""Write messages to the outbox table, in the caller's transaction (nothing sends here)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import insert, or_
from sqlmodel import Session, col, select

from monitor.config import Settings
from monitor.mail.render import absolute, render_pair, site_host
from monitor.mail.tokens import make_link_token
from monitor.models import (
    Alert,
    AlertEvent,
    Facility,
    OutboxMessage,
    Recommendation,
    Subscriber,
    Subscription,
    utcnow,
)

# Rules about the monitor's own plumbing go to maintainers, not to public subscribers.
INTERNAL_RULES = frozenset({"SOURCE_SILENT", "UNMATCHED_FACILITY", "ALIAS_COLLISION"})
# Placeholders let one rendering serve every recipient (100,000 renders would be too slow).
UNSUB_MARK = "__UNSUBSCRIBE_URL__"
MANAGE_MARK = "__MANAGE_URL__"


@dataclass(frozen=True)
class Recipient:
    id: int
    email: str
    token_version: int


def links(settings: Settings, recipient: Recipient) -> tuple[str, str]:
    """The recipient's unsubscribe and manage-preferences URLs (one token serves both)."""
    token = make_link_token(settings, recipient.id, recipient.token_version, recipient.email)
    return (
        absolute(settings, f"/subscribe/unsubscribe/{token}"),
        absolute(settings, f"/subscribe/manage/{token}"),
    )


def unsubscribe_url(settings: Settings, recipient: Recipient) -> str:
    return links(settings, recipient)[0]


def manage_url(settings: Settings, recipient: Recipient) -> str:
    return links(settings, recipient)[1]


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
    for start in range(0, len(fresh), 10000):
        session.exec(insert(OutboxMessage), params=fresh[start : start + 10000])
    return len(fresh)


def recipients_for(
    *, session: Session, alert: Alert, frequency: str = "immediate"
) -> list[Recipient]:
    """Confirmed subscribers whose subscriptions cover this alert, once each."""
    if alert.rule in INTERNAL_RULES:
        return []
    wanted = [col(Subscription.scope) == "all"]
    facility = session.get(Facility, alert.facility_id) if alert.facility_id else None
    if facility is not None:
        wanted.append(
            (col(Subscription.scope) == "facility") & (col(Subscription.target) == facility.slug)
        )
        if facility.state:
            wanted.append(
                (col(Subscription.scope) == "state") & (col(Subscription.target) == facility.state)
            )
        if facility.aor:
            wanted.append(
                (col(Subscription.scope) == "aor") & (col(Subscription.target) == facility.aor)
            )
    if alert.recommendation_id is not None:
        wanted.append(
            (col(Subscription.scope) == "recommendation")
            & (col(Subscription.target) == str(alert.recommendation_id))
        )
    rows = session.exec(
        select(col(Subscriber.id), col(Subscriber.email), col(Subscriber.token_version))
        .join(Subscription, col(Subscription.subscriber_id) == col(Subscriber.id))
        .where(col(Subscription.confirmed) == True, col(Subscription.frequency) == frequency)  # noqa: E712
        .where(or_(*wanted))
        .distinct()
    ).all()
    return [Recipient(cast(int, sid), email, version) for sid, email, version in rows]


def alert_context(session: Session, settings: Settings, alert: Alert) -> dict[str, Any]:
    """What the alert templates show about one alert."""
    facility = session.get(Facility, alert.facility_id) if alert.facility_id else None
    rec = session.get(Recommendation, alert.recommendation_id) if alert.recommendation_id else None
    return {
        "alert": alert,
        "facility": facility,
        "recommendation": rec,
        "facility_url": absolute(settings, f"/facilities/{facility.slug}") if facility else None,
        "alerts_url": absolute(settings, "/alerts"),
    }


def queue_alert_notifications(*, session: Session, settings: Settings, alerts: list[Alert]) -> int:
    """Queue one message per immediate subscriber for each newly opened alert."""
    queued = 0
    for alert in alerts:
        recipients = recipients_for(session=session, alert=alert)
        if not recipients:
            continue
        event_id = _opening_event_id(session, alert)
        context = alert_context(session, settings, alert)
        text, html = render_pair(
            "alert", unsubscribe_url=UNSUB_MARK, manage_url=MANAGE_MARK, **context
        )
        subject = f"[{alert.severity}] {alert.rule}: {alert.subject}"[:250]
        rows = [
            message_row(
                settings,
                r,
                kind="alert",
                subject=subject,
                text=text,
                html=html,
                alert_id=alert.id,
                message_id=new_message_id(settings, "alert", f"{event_id}.{r.id}"),
            )
            for r in recipients
        ]
        queued += write_rows(session, rows)
    return queued


def _opening_event_id(session: Session, alert: Alert) -> int:
    """The event that (re)opened the alert: one notification per opening, never two."""
    event_id = session.exec(
        select(col(AlertEvent.id))
        .where(col(AlertEvent.alert_id) == alert.id)
        .where(col(AlertEvent.change).in_(("opened", "reopened")))
        .order_by(col(AlertEvent.id).desc())
    ).first()
    return int(event_id or 0)
