"""Email subscriptions without accounts: double opt-in, preferences, one-click unsubscribe.

We keep the address and nothing else about the person; unsubscribing deletes the address and
keeps only a keyed hash (SuppressedAddress) so the decision is remembered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from monitor.alerts.base import pk
from monitor.config import Settings
from monitor.mail.outbox import (
    Recipient,
    manage_url,
    message_row,
    new_message_id,
    unsubscribe_url,
    write_rows,
)
from monitor.mail.render import absolute, render_pair
from monitor.mail.tokens import (
    TokenInvalid,
    email_hash,
    link_token_valid,
    make_confirm_token,
    read_confirm_token,
    read_link_token,
)
from monitor.models import (
    Facility,
    OutboxMessage,
    Recommendation,
    Subscriber,
    Subscription,
    SuppressedAddress,
    utcnow,
)

SCOPES = ("facility", "recommendation", "state", "aor", "all")
FREQUENCIES = ("immediate", "daily", "weekly")
AOR_CODES = [
    "ATL",
    "BAL",
    "BOS",
    "BUF",
    "CHI",
    "DAL",
    "DEN",
    "DET",
    "ELP",
    "HLG",
    "HOU",
    "LOS",
    "MIA",
    "NEW",
    "NOL",
    "NYC",
    "PHI",
    "PHO",
    "SEA",
    "SFR",
    "SLC",
    "SNA",
    "SND",
    "SPM",
    "MSP",
    "WAS",
]
_EMAIL = re.compile(r"^[^@\s<>\"(),;:]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")


class SubscriptionInvalid(ValueError):
    """The form asked for something that cannot be subscribed to (the message says what)."""


@dataclass(frozen=True)
class Request:
    email: str
    scope: str
    target: str
    frequency: str


def normalize_email(raw: str) -> str:
    """A lower-cased, trimmed address, or SubscriptionInvalid."""
    email = (raw or "").strip().lower()
    if len(email) > 254 or not _EMAIL.match(email):
        raise SubscriptionInvalid("Enter a valid email address.")
    return email


def describe(*, session: Session, scope: str, target: str) -> str:
    """What a subscription covers, in words; raises SubscriptionInvalid for unknown targets."""
    if scope == "all":
        return "every alert"
    if scope == "facility":
        facility = session.exec(select(Facility).where(col(Facility.slug) == target)).first()
        if facility is None:
            raise SubscriptionInvalid("Choose a facility from the list.")
        return f"alerts for {facility.name}"
    if scope == "recommendation":
        rec = session.get(Recommendation, int(target)) if target.isdigit() else None
        if rec is None:
            raise SubscriptionInvalid("That recommendation does not exist.")
        return f"alerts on recommendation {rec.number} (document {rec.document_id})"
    if scope == "state" and re.fullmatch(r"[A-Z]{2}", target):
        return f"alerts for facilities in {target}"
    if scope == "aor" and target in AOR_CODES:
        return f"alerts for the {target} field office"
    raise SubscriptionInvalid("Choose what to subscribe to.")


def validate(*, session: Session, email: str, scope: str, target: str, frequency: str) -> Request:
    """Check a form submission; the returned request is safe to act on."""
    if scope not in SCOPES:
        raise SubscriptionInvalid("Choose what to subscribe to.")
    if frequency not in FREQUENCIES:
        raise SubscriptionInvalid("Choose how often to receive alerts.")
    target = "" if scope == "all" else target.strip()
    target = target.upper() if scope in ("state", "aor") else target
    describe(session=session, scope=scope, target=target)
    return Request(normalize_email(email), scope, target, frequency)


def facility_choices(*, session: Session) -> list[tuple[str, str]]:
    """(slug, name) of every facility, by name, for the form."""
    return [
        (s, n)
        for s, n in session.exec(
            select(col(Facility.slug), col(Facility.name)).order_by(col(Facility.name))
        ).all()
    ]


def state_choices(*, session: Session) -> list[str]:
    """States where the monitor knows facilities."""
    rows = session.exec(
        select(col(Facility.state)).where(col(Facility.state).is_not(None)).distinct()
    ).all()
    return sorted(s for s in rows if s)


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


def request_subscription(*, session: Session, settings: Settings, req: Request) -> None:
    """Record an unconfirmed subscription and mail a confirmation link (or a reminder).

    Gives the caller nothing back on purpose: the page must look the same whether or not
    the address is known. Over the per-address limit, no mail is sent.
    """
    hashed = email_hash(settings, req.email)
    subscriber = session.exec(
        select(Subscriber).where(col(Subscriber.email_hash) == hashed)
    ).first()
    if subscriber is None:
        subscriber = Subscriber(email=req.email, email_hash=hashed)
        session.add(subscriber)
        session.flush()
    limit = int(settings.extra.get("subscribe_per_address_per_hour", 3))
    if _recent_requests(session, pk(subscriber), settings) >= limit:
        return
    sub = session.exec(
        select(Subscription).where(
            col(Subscription.subscriber_id) == subscriber.id,
            col(Subscription.scope) == req.scope,
            col(Subscription.target) == req.target,
        )
    ).first()
    what = describe(session=session, scope=req.scope, target=req.target)
    recipient = Recipient(pk(subscriber), subscriber.email, subscriber.token_version)
    if sub is not None and sub.confirmed:
        _queue(
            session,
            settings,
            recipient,
            "already",
            "You are already subscribed",
            what=what,
            manage=manage_url(settings, recipient),
        )
        return
    if sub is None:
        sub = Subscription(subscriber_id=pk(subscriber), scope=req.scope, target=req.target)
    sub.frequency = req.frequency
    session.add(sub)
    session.flush()
    token = make_confirm_token(settings, pk(sub), subscriber.token_version)
    _queue(
        session,
        settings,
        recipient,
        "confirm",
        "Confirm your subscription",
        what=what,
        confirm_url=absolute(settings, f"/subscribe/confirm/{token}"),
        frequency=req.frequency,
    )


def _queue(
    session: Session,
    settings: Settings,
    recipient: Recipient,
    kind: str,
    subject: str,
    *,
    what: str,
    manage: str | None = None,
    **context: str,
) -> None:
    manage = manage or manage_url(settings, recipient)
    text, html = render_pair(
        kind,
        what=what,
        manage_url=manage,
        unsubscribe_url=unsubscribe_url(settings, recipient),
        **context,
    )
    write_rows(
        session,
        [
            message_row(
                settings,
                recipient,
                kind=kind,
                subject=subject,
                text=text,
                html=html,
                message_id=new_message_id(settings, kind),
            )
        ],
    )


def confirm(*, session: Session, settings: Settings, token: str, max_age: int | None = None) -> str:
    """Confirm the subscription a token names (harmless to repeat); returns what it covers."""
    args = {"max_age": max_age} if max_age is not None else {}
    sub_id, version = read_confirm_token(settings, token, **args)
    sub = session.get(Subscription, sub_id)
    subscriber = session.get(Subscriber, sub.subscriber_id) if sub else None
    if sub is None or subscriber is None or subscriber.token_version != version:
        raise TokenInvalid("this confirmation link is no longer valid")
    sub.confirmed = True
    subscriber.confirmed_at = subscriber.confirmed_at or utcnow()
    session.exec(
        delete(SuppressedAddress).where(col(SuppressedAddress.email_hash) == subscriber.email_hash)
    )
    session.add_all([sub, subscriber])
    return describe(session=session, scope=sub.scope, target=sub.target)


def subscriber_for(*, session: Session, settings: Settings, token: str) -> Subscriber | None:
    """The subscriber an unsubscribe or manage token belongs to, if still subscribed."""
    sid, version = read_link_token(token)
    subscriber = session.get(Subscriber, sid)
    if subscriber is None or subscriber.token_version != version:
        return None
    if not link_token_valid(settings, token, subscriber.email):
        raise TokenInvalid("this link is not valid")
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


def subscriptions_of(*, session: Session, subscriber: Subscriber) -> list[tuple[Subscription, str]]:
    """A subscriber's subscriptions with what each covers."""
    subs = session.exec(
        select(Subscription)
        .where(col(Subscription.subscriber_id) == subscriber.id)
        .order_by(col(Subscription.id))
    ).all()
    out = []
    for sub in subs:
        try:
            out.append((sub, describe(session=session, scope=sub.scope, target=sub.target)))
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
