"""Daily and weekly digests: one message per subscriber, alerts grouped by facility."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from monitor.config import Settings
from monitor.mail.outbox import (
    MANAGE_MARK,
    UNSUB_MARK,
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
    alerts: list[Alert] = field(default_factory=list)


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


def _groups(session: Session, settings: Settings, alerts: list[Alert]) -> list[Group]:
    groups: dict[int | None, Group] = {}
    for alert in alerts:
        if alert.facility_id not in groups:
            facility = session.get(Facility, alert.facility_id) if alert.facility_id else None
            groups[alert.facility_id] = Group(
                facility.name if facility else "Not tied to one facility",
                absolute(settings, f"/facilities/{facility.slug}") if facility else None,
            )
        groups[alert.facility_id].alerts.append(alert)
    return sorted(groups.values(), key=lambda g: g.label)


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
    rows = []
    for recipient, alerts in per_recipient.items():
        text, html = render_pair(
            "digest",
            title=title,
            groups=_groups(session, settings, alerts),
            alerts_url=absolute(settings, "/alerts"),
            unsubscribe_url=UNSUB_MARK,
            manage_url=MANAGE_MARK,
        )
        rows.append(
            message_row(
                settings,
                recipient,
                kind=f"digest_{frequency}",
                subject=f"{title}: {len(alerts)} new alert{'s' if len(alerts) != 1 else ''}",
                text=text,
                html=html,
                message_id=new_message_id(settings, f"digest.{frequency}", f"{key}.{recipient.id}"),
            )
        )
    return write_rows(session, rows)
