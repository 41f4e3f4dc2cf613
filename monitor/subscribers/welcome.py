"""The welcome digest: on confirming, a subscriber learns what is active now for what they follow."""

from __future__ import annotations

from functools import partial

from sqlalchemy import case
from sqlmodel import Session, col, select

from monitor.config import Settings
from monitor.i18n import N_
from monitor.mail.digests import group_stories
from monitor.mail.outbox import (
    INTERNAL_RULES,
    MANAGE_MARK,
    UNSUB_MARK,
    Recipient,
    message_row,
    new_message_id,
    write_rows,
)
from monitor.mail.render import absolute, render_pair, translate
from monitor.mail.stories import Storyteller
from monitor.models import SEVERITIES, Alert, Facility, Subscriber, Subscription

# A welcome lists the most serious alerts in full; the rest are a link away.
WELCOME_LIMIT = 20


def covered_alerts(*, session: Session, sub: Subscription) -> list[Alert]:
    """Active public alerts a subscription covers, most serious and oldest first."""
    query = select(Alert).where(
        col(Alert.status) == "active", col(Alert.rule).not_in(sorted(INTERNAL_RULES))
    )
    by_facility = {"facility": Facility.slug, "state": Facility.state, "aor": Facility.aor}
    if sub.scope in by_facility:
        query = query.join(Facility, col(Facility.id) == col(Alert.facility_id)).where(
            col(by_facility[sub.scope]) == sub.target
        )
    elif sub.scope == "recommendation":
        rec_id = int(sub.target) if sub.target.isdigit() else -1
        query = query.where(col(Alert.recommendation_id) == rec_id)
    rank = case({s: i for i, s in enumerate(SEVERITIES)}, value=col(Alert.severity))
    return list(session.exec(query.order_by(rank.desc(), col(Alert.since), col(Alert.id))).all())


def queue_welcome(
    *, session: Session, settings: Settings, subscriber: Subscriber, sub: Subscription, what: str
) -> str:
    """Queue the welcome digest for a just-confirmed subscription; returns its Message-ID."""
    language = subscriber.language
    say = partial(translate, language)
    alerts = covered_alerts(session=session, sub=sub)
    teller = Storyteller(session, settings, language)
    stories = [teller.alert(alert) for alert in alerts[:WELCOME_LIMIT]]
    if alerts:
        title = say(N_("Active now: %(count)s alerts for what you follow"), count=len(alerts))
        intro = say(N_("Here is what needs attention now, most serious first."))
    else:
        title = say(N_("Nothing is active now for what you follow"))
        intro = say(N_("We will write as soon as something happens."))
    text, html = render_pair(
        "welcome",
        language,
        title=title,
        intro=intro,
        what=what,
        groups=group_stories(stories),
        more=max(len(alerts) - WELCOME_LIMIT, 0),
        alerts_url=absolute(settings, "/alerts"),
        unsubscribe_url=UNSUB_MARK,
        manage_url=MANAGE_MARK,
    )
    recipient = Recipient(
        subscriber.id or 0, subscriber.email, subscriber.token_version, language, subscriber.nonce
    )
    message_id = new_message_id(settings, "welcome", f"{sub.id}.{subscriber.token_version}")
    row = message_row(
        settings,
        recipient,
        kind="welcome",
        subject=title,
        text=text,
        html=html,
        message_id=message_id,
    )
    write_rows(session, [row])
    return message_id
