"""Signed tokens for emailed links: confirmation (expiring), unsubscribe and manage (lasting)."""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import lru_cache
from typing import Any

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from monitor.config import Settings
from monitor.i18n import N_

CONFIRM_MAX_AGE = 7 * 24 * 3600


class TokenInvalid(ValueError):
    """A link token was tampered with, is for another purpose, or is no longer valid."""


class TokenExpired(TokenInvalid):
    """A confirmation link is older than its lifetime."""


def email_hash(settings: Settings, email: str) -> str:
    """Keyed hash of a normalised address: lets us recognise it without keeping it."""
    normal = email.strip().lower().encode()
    return hmac.new(settings.secret_key.encode(), normal, hashlib.sha256).hexdigest()


def _link_key(settings: Settings) -> bytes:
    return _derive(settings.secret_key)


@lru_cache(maxsize=4)
def _derive(secret: str) -> bytes:
    return hashlib.sha256(b"monitor.subscriber-link:" + secret.encode()).digest()


def _link_signature(settings: Settings, subscriber_id: int, version: int, email: str) -> str:
    message = f"{subscriber_id}.{version}.{email.strip().lower()}".encode()
    digest = hmac.digest(_link_key(settings), message, "sha256")[:18]
    return base64.urlsafe_b64encode(digest).decode("ascii")


def make_link_token(settings: Settings, subscriber_id: int, version: int, email: str) -> str:
    """Token for unsubscribe and manage links: `<id>.<version>.<signature>`.

    The signature covers the address too: SQLite may reuse a deleted subscriber's id, and an
    old link must never act on whoever gets that id next. Bumping the version revokes links.
    (A bare HMAC, not itsdangerous: a 100,000-recipient fan-out signs 100,000 of these.)
    """
    return f"{subscriber_id}.{version}.{_link_signature(settings, subscriber_id, version, email)}"


def read_link_token(token: str) -> tuple[int, int]:
    """Subscriber id and version named by a link token (not yet verified: see `link_token_valid`)."""
    parts = token.split(".")
    if len(parts) != 3 or not parts[0].isdigit() or not parts[1].isdigit():
        raise TokenInvalid(N_("this link is not valid"))
    return int(parts[0]), int(parts[1])


def link_token_valid(settings: Settings, token: str, email: str) -> bool:
    """Whether the token was signed for this subscriber id, version and address."""
    sid, version = read_link_token(token)
    expected = _link_signature(settings, sid, version, email)
    return hmac.compare_digest(token.rsplit(".", 1)[-1], expected)


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
        raise TokenExpired(N_("this confirmation link has expired")) from exc
    except (BadSignature, ValueError, TypeError) as exc:
        raise TokenInvalid(N_("this confirmation link is not valid")) from exc
    return int(payload[0]), int(payload[1])
