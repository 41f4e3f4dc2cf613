"""Immediate notifications: a message per subscriber for each new alert or news item.

Alerts are written in the evaluation pass's transaction; news (new documents, status
changes) after each ingest. Each item is told once per language, then addressed to everyone.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from sqlmodel import Session

from monitor.alerts.store import AlertInfo
from monitor.config import Settings
from monitor.i18n import N_
from monitor.mail import news
from monitor.mail.digests import digest_row
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
from monitor.mail.stories import Tellers
from monitor.models import utcnow

# More than this many items for one person in one pass arrive as a single summary message
# (a first evaluation over years of records opens thousands at once).
Item = AlertInfo | news.NewsItem


def _message_id(settings: Settings, item: Item, recipient: Recipient) -> str:
    """Stable for one item and person, so re-queuing is a no-op; new for a re-opened alert."""
    if isinstance(item, news.NewsItem):
        return new_message_id(settings, "news", f"{item.key}.{recipient.id}")
    opening = f"{item.id}.{int((item.changed_at or utcnow()).timestamp() * 1e6)}"
    return new_message_id(settings, "alert", f"{opening}.{recipient.id}")


def queue_alert_notifications(
    *, session: Session, settings: Settings, alerts: list[AlertInfo]
) -> int:
    """Queue a message per immediate subscriber for each newly opened alert (or one summary)."""
    return queue_immediate(session=session, settings=settings, items=list(alerts))


def queue_news(*, session: Session, settings: Settings) -> int:
    """Queue immediate mail about new documents and status changes of the last two days."""
    return queue_immediate(
        session=session, settings=settings, items=list(news.recent_news(session))
    )


def queue_immediate(*, session: Session, settings: Settings, items: list[Item]) -> int:
    """Single messages for each item and recipient; a summary for anyone flooded."""
    index = RecipientIndex(session, "immediate") if items else None
    if index is None or not index.by_target:
        return 0
    matched = [(item, index.recipients(item)) for item in items]
    limit = settings.mail.max_single_per_pass
    counts = Counter(r.id for _, recipients in matched for r in recipients)
    flooded = {rid for rid, n in counts.items() if n > limit}
    tellers = Tellers(session, settings)
    queued = 0
    for item, recipients in matched:
        single = [r for r in recipients if r.id not in flooded]
        if single:
            queued += _queue_single(tellers, settings, item, single)
    if flooded:
        queued += _queue_summaries(tellers, settings, matched, flooded)
    return queued


def _queue_summaries(
    tellers: Tellers,
    settings: Settings,
    matched: list[tuple[Item, list[Recipient]]],
    flooded: set[int],
) -> int:
    """One message per flooded subscriber listing everything this pass found for them."""
    per: dict[Recipient, list[Item]] = defaultdict(list)
    for item, recipients in matched:
        for recipient in recipients:
            if recipient.id in flooded:
                per[recipient].append(item)
    stamp = int(utcnow().timestamp() * 1e6)
    rows = []
    for recipient, items in per.items():
        teller = tellers(recipient.language)
        rows.append(
            digest_row(
                settings,
                recipient,
                [news.story(teller, item) for item in items],
                title=translate(recipient.language, N_("New alerts and news")),
                kind="alert_summary",
                message_id=new_message_id(settings, "alerts", f"{stamp}.{recipient.id}"),
            )
        )
    return write_rows(tellers.session, rows)


def _queue_single(
    tellers: Tellers, settings: Settings, item: Item, recipients: list[Recipient]
) -> int:
    """One message per recipient about one item, rendered once per language."""
    rendered: dict[str, tuple[str, str, str]] = {}
    rows: list[dict[str, Any]] = []
    for r in recipients:
        if r.language not in rendered:
            story = news.story(tellers(r.language), item)
            text, html = render_pair(
                "alert",
                r.language,
                story=story,
                alerts_url=absolute(settings, "/alerts"),
                unsubscribe_url=UNSUB_MARK,
                manage_url=MANAGE_MARK,
            )
            rendered[r.language] = (story.headline, text, html)
        subject, text, html = rendered[r.language]
        rows.append(
            message_row(
                settings,
                r,
                kind="alert" if isinstance(item, AlertInfo) else "news",
                subject=subject,
                text=text,
                html=html,
                alert_id=item.id if isinstance(item, AlertInfo) else None,
                message_id=_message_id(settings, item, r),
            )
        )
    return write_rows(tellers.session, rows)
