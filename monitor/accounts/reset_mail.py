"""The password-reset mail: looked up and queued after the answer has gone.

The reset form answers the same page at once, whatever the address; only then, as the
response closes, is the account looked up and a link queued in the outbox (the mail sender
delivers it). Known and unknown addresses therefore take the same time to answer: the
lookup, the token and the outbox row never happen while the person waits.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from flask import Flask
from sqlmodel import Session

from monitor.accounts import audit
from monitor.accounts.audit_queries import recent_actions
from monitor.accounts.tokens import make_reset_token
from monitor.accounts.users import get_user_by_email
from monitor.config import Settings
from monitor.db import get_settings, session_scope
from monitor.models import OutboxMessage, UserAccount, utcnow

RESETS_PER_HOUR = 3


def send_reset_link(app: Flask, email: str, link_base: str) -> None:
    """Queue a reset link for `email` when it names an active account under its cap."""
    with app.app_context(), session_scope(app) as db:
        settings = get_settings(app)
        user = get_user_by_email(session=db, email=email)
        if user is None or not user.is_active or too_many_resets(db, user):
            return
        token = make_reset_token(user, secret=settings.secret_key)
        db.add(reset_message(settings, user, link_base + token))
        audit.record(
            session=db,
            action="password_reset_requested",
            actor=user,
            target_type="user_account",
            target_id=user.id,
        )


def too_many_resets(db: Session, user: UserAccount) -> bool:
    """Cap reset mails per account, so the form cannot be used to flood someone's inbox."""
    since = utcnow() - timedelta(hours=1)
    sent = recent_actions(
        session=db, action="password_reset_requested", target_id=str(user.id), since=since
    )
    return sent >= RESETS_PER_HOUR


def reset_message(settings: Settings, user: UserAccount, link: str) -> OutboxMessage:
    """The reset mail, as an outbox row."""
    domain = settings.base_url.split("://", 1)[-1].split("/", 1)[0] or "localhost"
    body = (
        "Someone asked to reset the password of your Detention Conditions Monitor account.\n\n"
        f"To choose a new password, open this link within one hour:\n{link}\n\n"
        "The link works once. If you did not ask for this, ignore this message."
    )
    return OutboxMessage(
        kind="password_reset",
        to_addr=user.email,
        subject="Reset your password",
        body_text=body,
        message_id=f"<{uuid.uuid4().hex}@{domain}>",
    )
