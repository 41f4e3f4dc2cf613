"""Daily and weekly digests: one message per subscriber, alerts and news grouped by facility."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session, col, select

from monitor.config import Settings
from monitor.i18n import N_
from monitor.mail import news
from monitor.mail.outbox import (
    MANAGE_MARK,
    UNSUB_MARK,
    Recipient,
    RecipientIndex,
    message_row,
    new_message_id,
    write_rows,
)
from monitor.mail.render import absolute, render_pair, translate
from monitor.mail.stories import Story, Tellers
from monitor.models import Alert, AlertEvent, utcnow

PERIODS = {"daily": timedelta(days=1), "weekly": timedelta(days=7)}
TITLES = {
    "daily": N_("Your daily digest for %(period)s"),
    "weekly": N_("Your weekly digest for %(period)s"),
}


class UnknownFrequency(ValueError):
    """A digest frequency other than daily or weekly."""


@dataclass
class Group:
    label: str | None  # None: not tied to one facility
    url: str | None
    stories: list[Story] = field(default_factory=list)


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


def group_stories(stories: Sequence[Story]) -> list[Group]:
    """Stories grouped by facility, facilities by name (stories without one last)."""
    by_facility: dict[str | None, Group] = {}
    for story in stories:
        group = by_facility.setdefault(
            story.facility_url, Group(story.facility_name, story.facility_url)
        )
        group.stories.append(story)
    return sorted(by_facility.values(), key=lambda g: (g.url is None, g.label or ""))


def digest_subject(language: str, groups: Sequence[Group]) -> str:
    """The first headline, and how many more there are: a subject that says something."""
    stories = [story for group in groups for story in group.stories]
    if len(stories) == 1:
        return stories[0].headline
    return translate(
        language,
        N_("%(headline)s, and %(count)s more"),
        headline=stories[0].headline,
        count=len(stories) - 1,
    )[:250]


def digest_row(
    settings: Settings,
    recipient: Recipient,
    stories: Sequence[Story],
    *,
    title: str,
    kind: str,
    message_id: str,
) -> dict[str, Any]:
    """One message listing several stories, grouped by facility, in the recipient's language."""
    groups = group_stories(stories)
    text, html = render_pair(
        "digest",
        recipient.language,
        title=title,
        groups=groups,
        alerts_url=absolute(settings, "/alerts"),
        unsubscribe_url=UNSUB_MARK,
        manage_url=MANAGE_MARK,
    )
    return message_row(
        settings,
        recipient,
        kind=kind,
        subject=digest_subject(recipient.language, groups),
        text=text,
        html=html,
        message_id=message_id,
    )


def _gather(
    session: Session, frequency: str, start: datetime, end: datetime
) -> dict[Recipient, list[Any]]:
    """Alerts and news of the period for each subscriber of this frequency."""
    per_recipient: dict[Recipient, list[Any]] = defaultdict(list)
    index = RecipientIndex(session, frequency)
    items: list[Any] = [
        *opened_between(session=session, start=start, end=end),
        *news.news_between(session, start, end),
    ]
    for item in items:
        for recipient in index.recipients(item):
            per_recipient[recipient].append(item)
    return per_recipient


def queue_digests(
    *, session: Session, settings: Settings, frequency: str, now: datetime | None = None
) -> int:
    """Queue this period's digest for every subscriber with news; returns messages queued."""
    if frequency not in PERIODS:
        raise UnknownFrequency(f"digest frequency must be daily or weekly, not {frequency!r}")
    now = now or utcnow()
    key = period_key(frequency, now)
    tellers = Tellers(session, settings, now.date())
    rows = []
    for recipient, items in _gather(session, frequency, now - PERIODS[frequency], now).items():
        teller = tellers(recipient.language)
        stories = [news.story(teller, item) for item in items]
        rows.append(
            digest_row(
                settings,
                recipient,
                stories,
                title=translate(recipient.language, TITLES[frequency], period=key),
                kind=f"digest_{frequency}",
                message_id=new_message_id(settings, f"digest.{frequency}", f"{key}.{recipient.id}"),
            )
        )
    return write_rows(session, rows)
