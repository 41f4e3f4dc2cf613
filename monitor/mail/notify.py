"""Immediate notifications for the alerts a pass opened, written in the pass's transaction."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from sqlmodel import Session

from monitor.alerts.store import AlertInfo
from monitor.config import Settings
from monitor.labels import label
from monitor.mail.digests import digest_row
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
from monitor.models import Facility, Recommendation, utcnow

# More than this many alerts for one person in one pass arrive as a single summary message
# (a first evaluation over years of records opens thousands at once).


def alert_context(
    session: Session, settings: Settings, alert: AlertLike, facility: Facility | None
) -> dict[str, Any]:
    """What the alert templates show about one alert."""
    rec = session.get(Recommendation, alert.recommendation_id) if alert.recommendation_id else None
    return {
        "alert": alert,
        "facility": facility,
        "recommendation": rec,
        "facility_url": absolute(settings, f"/facilities/{facility.slug}") if facility else None,
        "alerts_url": absolute(settings, "/alerts"),
    }


def queue_alert_notifications(
    *, session: Session, settings: Settings, alerts: list[AlertInfo]
) -> int:
    """Queue a message per immediate subscriber for each newly opened alert (or one summary)."""
    index = RecipientIndex(session, "immediate") if alerts else None
    if index is None or not index.by_target:
        return 0
    matched = [(alert, index.recipients(alert)) for alert in alerts]
    limit = settings.mail.max_single_per_pass
    counts = Counter(r.id for _, recipients in matched for r in recipients)
    flooded = {rid for rid, n in counts.items() if n > limit}
    queued = 0
    for alert, recipients in matched:
        single = [r for r in recipients if r.id not in flooded] if flooded else recipients
        if single:
            queued += _queue_single(session, settings, index, alert, single)
    if flooded:
        queued += _queue_summaries(session, settings, matched, flooded)
    return queued


def _queue_summaries(
    session: Session,
    settings: Settings,
    matched: list[tuple[AlertInfo, list[Recipient]]],
    flooded: set[int],
) -> int:
    """One message per flooded subscriber listing all the alerts this pass opened for them."""
    per: dict[Recipient, list[AlertInfo]] = defaultdict(list)
    for alert, recipients in matched:
        for recipient in recipients:
            if recipient.id in flooded:
                per[recipient].append(alert)
    stamp = int(max(a.changed_at or utcnow() for a, _ in matched).timestamp() * 1e6)
    rows = [
        digest_row(
            session,
            settings,
            recipient,
            alerts,
            title="New alerts",
            kind="alert_summary",
            message_id=new_message_id(settings, "alerts", f"{stamp}.{recipient.id}"),
        )
        for recipient, alerts in per.items()
    ]
    return write_rows(session, rows)


def _queue_single(
    session: Session,
    settings: Settings,
    index: RecipientIndex,
    alert: AlertInfo,
    recipients: list[Recipient],
) -> int:
    """One message per recipient about one alert, rendered once."""
    context = alert_context(session, settings, alert, index.facility(alert.facility_id))
    text, html = render_pair("alert", unsubscribe_url=UNSUB_MARK, manage_url=MANAGE_MARK, **context)
    words = (label("severity", alert.severity), label("rule", alert.rule))
    subject = f"[{words[0]}] {words[1]}: {alert.subject}"[:250]
    # The opening's time keeps the Message-ID stable for this opening and new for a re-opening.
    opening = f"{alert.id}.{int((alert.changed_at or utcnow()).timestamp() * 1e6)}"
    rows = [
        message_row(
            settings,
            r,
            kind="alert",
            subject=subject,
            text=text,
            html=html,
            alert_id=alert.id,
            message_id=new_message_id(settings, "alert", f"{opening}.{r.id}"),
        )
        for r in recipients
    ]
    return write_rows(session, rows)
