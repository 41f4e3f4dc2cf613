"""Signed tokens for emailed links: confirmation (expiring), unsubscribe and manage (lasting)."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from itsdangerous import BadSignature, SignatureExpired, URLSafeSerializer, URLSafeTimedSerializer

from monitor.config import Settings

CONFIRM_MAX_AGE = 7 * 24 * 3600


class TokenInvalid(ValueError):
    """A link token was tampered with, is for another purpose, or is no longer valid."""


class TokenExpired(TokenInvalid):
    """A confirmation link is older than its lifetime."""


def email_hash(settings: Settings, email: str) -> str:
    """Keyed hash of a normalised address: lets us recognise it without keeping it."""
    normal = email.strip().lower().encode()
    return hmac.new(settings.secret_key.encode(), normal, hashlib.sha256).hexdigest()


def _lasting(settings: Settings, purpose: str) -> URLSafeSerializer:
    return URLSafeSerializer(settings.secret_key, salt=f"monitor.{purpose}")


def make_link_token(settings: Settings, subscriber_id: int, version: int, email: str) -> str:
    """Token for unsubscribe and manage links; bumping the subscriber's version revokes it.

    It carries a short tag of the address hash: SQLite may reuse a deleted subscriber's id,
    and an old link must never act on whoever gets that id next.
    """
    tag = email_hash(settings, email)[:16]
    return str(_lasting(settings, "subscriber").dumps([subscriber_id, version, tag]))


def read_link_token(settings: Settings, token: str) -> tuple[int, int, str]:
    """Subscriber id, token version and address tag from an unsubscribe or manage token."""
    try:
        sid, version, tag = _lasting(settings, "subscriber").loads(token)
    except (BadSignature, ValueError, TypeError) as exc:
        raise TokenInvalid("this link is not valid") from exc
    return int(sid), int(version), str(tag)


def make_confirm_token(settings: Settings, subscription_id: int, version: int) -> str:
    """Expiring token for the double opt-in confirmation link."""
    serializer = URLSafeTimedSerializer(settings.secret_key, salt="monitor.confirm")
    return str(serializer.dumps([subscription_id, version]))


def read_confirm_token(
    settings: Settings, token: str, max_age: int = CONFIRM_MAX_AGE
) -> tuple[int, int]:
    """Subscription id and token version from a confirmation token."""
    serializer = URLSafeTimedSerializer(settings.secret_key, salt="monitor.confirm")
    try:
        payload: Any = serializer.loads(token, max_age=max_age)
    except SignatureExpired as exc:
        raise TokenExpired("this confirmation link has expired") from exc
    except (BadSignature, ValueError, TypeError) as exc:
        raise TokenInvalid("this confirmation link is not valid") from exc
    return int(payload[0]), int(payload[1])
