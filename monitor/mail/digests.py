"""Daily and weekly digests: one message per subscriber, alerts grouped by facility."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session, col, select

from monitor.config import Settings
from monitor.mail.outbox import (
    MANAGE_MARK,
    UNSUB_MARK,
    AlertLike,
    Recipient,
    RecipientIndex,
    message_row,
    new_message_id,
    write_rows,
)
from monitor.mail.render import absolute, render_pair
from monitor.models import Alert, AlertEvent, Facility, utcnow

PERIODS = {"daily": timedelta(days=1), "weekly": timedelta(days=7)}


class UnknownFrequency(ValueError):
    """A digest frequency other than daily or weekly."""


@dataclass
class Group:
    label: str
    url: str | None
    alerts: list[AlertLike] = field(default_factory=list)


def period_key(frequency: str, now: datetime) -> str:
    """Names the digest period, so a second run in the same period queues nothing new."""
    if frequency == "daily":
        return now.date().isoformat()
    year, week, _ = now.isocalendar()
    return f"{year}-W{week:02d}"


def opened_between(*, session: Session, start: datetime, end: datetime) -> list[Alert]:
    """Alerts opened or re-opened in [start, end) and still active."""
    ids = select(col(AlertEvent.alert_id)).where(
        col(AlertEvent.change).in_(("opened", "reopened")),
        col(AlertEvent.at) >= start,
        col(AlertEvent.at) < end,
    )
    return list(
        session.exec(
            select(Alert)
            .where(col(Alert.id).in_(ids), col(Alert.status) == "active")
            .order_by(col(Alert.facility_id), col(Alert.rule))
        ).all()
    )


def groups(session: Session, settings: Settings, alerts: Sequence[AlertLike]) -> list[Group]:
    """Alerts grouped by facility, facilities by name (alerts without one last)."""
    by_facility: dict[int | None, Group] = {}
    for alert in alerts:
        if alert.facility_id not in by_facility:
            facility = session.get(Facility, alert.facility_id) if alert.facility_id else None
            by_facility[alert.facility_id] = Group(
                facility.name if facility else "Not tied to one facility",
                absolute(settings, f"/facilities/{facility.slug}") if facility else None,
            )
        by_facility[alert.facility_id].alerts.append(alert)
    return sorted(by_facility.values(), key=lambda g: (g.url is None, g.label))


def digest_row(
    session: Session,
    settings: Settings,
    recipient: Recipient,
    alerts: Sequence[AlertLike],
    *,
    title: str,
    kind: str,
    message_id: str,
) -> dict[str, Any]:
    """One message listing several alerts, grouped by facility."""
    text, html = render_pair(
        "digest",
        title=title,
        groups=groups(session, settings, alerts),
        alerts_url=absolute(settings, "/alerts"),
        unsubscribe_url=UNSUB_MARK,
        manage_url=MANAGE_MARK,
    )
    count = f"{len(alerts)} new alert{'s' if len(alerts) != 1 else ''}"
    return message_row(
        settings,
        recipient,
        kind=kind,
        subject=f"{title}: {count}",
        text=text,
        html=html,
        message_id=message_id,
    )


def queue_digests(
    *, session: Session, settings: Settings, frequency: str, now: datetime | None = None
) -> int:
    """Queue this period's digest for every subscriber with news; returns messages queued."""
    if frequency not in PERIODS:
        raise UnknownFrequency(f"digest frequency must be daily or weekly, not {frequency!r}")
    now = now or utcnow()
    per_recipient: dict[Recipient, list[Alert]] = defaultdict(list)
    index = RecipientIndex(session, frequency)
    for alert in opened_between(session=session, start=now - PERIODS[frequency], end=now):
        for recipient in index.recipients(alert):
            per_recipient[recipient].append(alert)
    key = period_key(frequency, now)
    title = f"Your {frequency} alert digest ({key})"
    rows = [
        digest_row(
            session,
            settings,
            recipient,
            alerts,
            title=title,
            kind=f"digest_{frequency}",
            message_id=new_message_id(settings, f"digest.{frequency}", f"{key}.{recipient.id}"),
        )
        for recipient, alerts in per_recipient.items()
    ]
    return write_rows(session, rows)
