"""Email subscriptions without accounts: double opt-in, preferences, one-click unsubscribe.

We keep the address and nothing else about the person; unsubscribing deletes the address and
keeps only a keyed hash (SuppressedAddress) so the decision is remembered.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from sqlalchemy import delete, func
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from monitor.alerts.base import pk
from monitor.config import Settings
from monitor.i18n import N_
from monitor.mail.outbox import (
    Recipient,
    links,
    message_row,
    new_message_id,
    write_rows,
)
from monitor.mail.render import absolute, render_pair, translate
from monitor.mail.tokens import (
    TokenInvalid,
    email_hash,
    link_token_valid,
    make_confirm_token,
    read_confirm_token,
    read_link_token,
)
from monitor.models import (
    OutboxMessage,
    Subscriber,
    Subscription,
    SuppressedAddress,
    utcnow,
)
from monitor.subscribers.targets import (
    AOR_CODES,
    FREQUENCIES,
    SCOPES,
    Request,
    SubscriptionInvalid,
    describe,
    facility_choices,
    normalize_email,
    state_choices,
    validate,
)
from monitor.subscribers.welcome import queue_welcome

# Re-exported: callers use `monitor.subscribers.subscriptions` as the one entry point.
__all__ = [
    "AOR_CODES",
    "FREQUENCIES",
    "SCOPES",
    "Request",
    "SubscriptionInvalid",
    "describe",
    "facility_choices",
    "normalize_email",
    "state_choices",
    "validate",
]


def _recent_requests(session: Session, subscriber_id: int, settings: Settings) -> int:
    since = utcnow() - timedelta(hours=1)
    return int(
        session.exec(
            select(func.count())
            .select_from(OutboxMessage)
            .where(
                col(OutboxMessage.subscriber_id) == subscriber_id,
                col(OutboxMessage.kind).in_(("confirm", "already")),
                col(OutboxMessage.created_at) >= since,
            )
        ).one()
    )


def _subscriber(session: Session, settings: Settings, email: str) -> Subscriber:
    """The subscriber row for an address, created unconfirmed when new, locked until commit.

    Twenty requests for one address at once must neither collide on the unique address (a
    500) nor each count the mails sent so far before any has sent one (over the cap). The
    insert that does nothing on conflict takes SQLite's write lock; FOR UPDATE takes the
    row's lock on PostgreSQL: either way the requests for one address run one at a time.
    """
    hashed = email_hash(settings, email)
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    session.exec(  # type: ignore[call-overload]
        insert(Subscriber)
        .values(
            email=email,
            email_hash=hashed,
            created_at=utcnow(),
            token_version=1,
            nonce=secrets.token_urlsafe(12),
        )
        .on_conflict_do_nothing()
    )
    return session.exec(
        select(Subscriber).where(col(Subscriber.email_hash) == hashed).with_for_update()
    ).one()


FREQUENCY_WORDS = {
    "immediate": N_("as it happens"),
    "daily": N_("in a daily digest"),
    "weekly": N_("in a weekly digest"),
}


@dataclass(frozen=True)
class Confirmed:
    """What a confirmed subscription covers, and the welcome digest queued for it."""

    what: str
    message_ids: list[str]


def request_subscription(*, session: Session, settings: Settings, req: Request) -> list[str]:
    """Record an unconfirmed subscription and queue a confirmation link (or a reminder).

    Returns the Message-IDs queued, for the web process to hand to the sender at once; the
    page itself must look the same whether or not the address is known. Over the
    per-address limit, nothing is queued.
    """
    subscriber = _subscriber(session, settings, req.email)
    limit = settings.mail.subscribe_per_address_per_hour
    if _recent_requests(session, pk(subscriber), settings) >= limit:
        return []
    subscriber.language = req.language  # mail follows the language of the latest request
    session.add(subscriber)
    sub = _existing(session, pk(subscriber), req)
    what = describe(session=session, scope=req.scope, target=req.target, language=req.language)
    recipient = Recipient(
        pk(subscriber), subscriber.email, subscriber.token_version, req.language, subscriber.nonce
    )
    say = partial(translate, req.language)
    if sub is not None and sub.confirmed:
        return [
            _queue(
                session,
                settings,
                recipient,
                "already",
                say(N_("You are already subscribed")),
                what=what,
            )
        ]
    sub = sub or Subscription(subscriber_id=pk(subscriber), scope=req.scope, target=req.target)
    sub.frequency = req.frequency
    session.add(sub)
    session.flush()
    token = make_confirm_token(
        settings, pk(sub), subscriber.token_version, email=subscriber.email, nonce=sub.nonce
    )
    return [
        _queue(
            session,
            settings,
            recipient,
            "confirm",
            say(N_("Confirm your subscription")),
            what=what,
            confirm_url=absolute(settings, f"/subscribe/confirm/{token}"),
            frequency=say(FREQUENCY_WORDS[req.frequency]),
        )
    ]


def _existing(session: Session, subscriber_id: int, req: Request) -> Subscription | None:
    """This subscriber's subscription to the same scope and target, if any."""
    return session.exec(
        select(Subscription).where(
            col(Subscription.subscriber_id) == subscriber_id,
            col(Subscription.scope) == req.scope,
            col(Subscription.target) == req.target,
        )
    ).first()


def _queue(
    session: Session,
    settings: Settings,
    recipient: Recipient,
    kind: str,
    subject: str,
    **context: str,
) -> str:
    """Queue one message about the subscription itself; returns its Message-ID."""
    unsub, manage = links(settings, recipient)
    text, html = render_pair(
        kind, recipient.language, manage_url=manage, unsubscribe_url=unsub, **context
    )
    message_id = new_message_id(settings, kind)
    row = message_row(
        settings,
        recipient,
        kind=kind,
        subject=subject,
        text=text,
        html=html,
        message_id=message_id,
    )
    write_rows(session, [row])
    return message_id


def confirm(
    *, session: Session, settings: Settings, token: str, max_age: int | None = None
) -> Confirmed:
    """Confirm the subscription a token names (harmless to repeat).

    The first confirmation queues the welcome digest of what is active now.
    """
    args = {"max_age": max_age} if max_age is not None else {}
    claim = read_confirm_token(settings, token, **args)
    sub = session.get(Subscription, claim.subscription_id)
    subscriber = session.get(Subscriber, sub.subscriber_id) if sub else None
    if (
        sub is None
        or subscriber is None
        or not claim.fits(
            settings, version=subscriber.token_version, email=subscriber.email, nonce=sub.nonce
        )
    ):
        raise TokenInvalid(N_("this confirmation link is no longer valid"))
    first_time = not sub.confirmed
    sub.confirmed = True
    subscriber.confirmed_at = subscriber.confirmed_at or utcnow()
    session.exec(
        delete(SuppressedAddress).where(col(SuppressedAddress.email_hash) == subscriber.email_hash)
    )
    session.add_all([sub, subscriber])
    session.flush()
    what = describe(
        session=session, scope=sub.scope, target=sub.target, language=subscriber.language
    )
    if not first_time:
        return Confirmed(what, [])
    welcome = queue_welcome(
        session=session, settings=settings, subscriber=subscriber, sub=sub, what=what
    )
    return Confirmed(what, [welcome])


def subscriber_for(*, session: Session, settings: Settings, token: str) -> Subscriber | None:
    """The subscriber an unsubscribe or manage token belongs to, if still subscribed."""
    sid, version = read_link_token(token)
    subscriber = session.get(Subscriber, sid)
    if subscriber is None or subscriber.token_version != version:
        return None
    if not link_token_valid(settings, token, subscriber.email, subscriber.nonce):
        raise TokenInvalid(N_("this link is not valid"))
    return subscriber


def unsubscribe(*, session: Session, settings: Settings, token: str) -> bool:
    """Forget the address entirely (keeping a keyed hash); False when already gone."""
    subscriber = subscriber_for(session=session, settings=settings, token=token)
    if subscriber is None:
        return False
    if (
        session.exec(
            select(SuppressedAddress).where(
                col(SuppressedAddress.email_hash) == subscriber.email_hash
            )
        ).first()
        is None
    ):
        session.add(SuppressedAddress(email_hash=subscriber.email_hash))
    session.exec(delete(Subscription).where(col(Subscription.subscriber_id) == subscriber.id))
    session.exec(delete(OutboxMessage).where(col(OutboxMessage.subscriber_id) == subscriber.id))
    session.delete(subscriber)
    return True


def subscriptions_of(
    *, session: Session, subscriber: Subscriber, language: str = "en"
) -> list[tuple[Subscription, str]]:
    """A subscriber's subscriptions with what each covers."""
    subs = session.exec(
        select(Subscription)
        .where(col(Subscription.subscriber_id) == subscriber.id)
        .order_by(col(Subscription.id))
    ).all()
    out = []
    for sub in subs:
        try:
            what = describe(session=session, scope=sub.scope, target=sub.target, language=language)
            out.append((sub, what))
        except SubscriptionInvalid:
            out.append((sub, f"{sub.scope} {sub.target} (no longer exists)"))
    return out


def update_preferences(
    *, session: Session, subscriber: Subscriber, changes: dict[int, str | None]
) -> None:
    """Set each subscription's frequency, or remove it when the change is None."""
    for sub, _ in subscriptions_of(session=session, subscriber=subscriber):
        if sub.id not in changes:
            continue
        wanted = changes[sub.id]
        if wanted is None:
            session.delete(sub)
        elif wanted in FREQUENCIES:
            sub.frequency = wanted
            session.add(sub)
