"""Signed tokens for emailed links: confirmation (expiring), unsubscribe and manage (lasting)."""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
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


def _link_signature(
    settings: Settings, subscriber_id: int, version: int, email: str, nonce: str = ""
) -> str:
    message = f"{subscriber_id}.{version}.{email.strip().lower()}"
    # Rows from before nonces existed have none: their links are signed as they were.
    message += f".{nonce}" if nonce else ""
    digest = hmac.digest(_link_key(settings), message.encode(), "sha256")[:18]
    return base64.urlsafe_b64encode(digest).decode("ascii")


def make_link_token(
    settings: Settings, subscriber_id: int, version: int, email: str, nonce: str = ""
) -> str:
    """Token for unsubscribe and manage links: `<id>.<version>.<signature>`.

    The signature covers the address and the subscriber's nonce too: SQLite may reuse a
    deleted subscriber's id, and an old link must never act on whoever gets that id next,
    not even the same address subscribing again. Bumping the version revokes links.
    (A bare HMAC, not itsdangerous: a 100,000-recipient fan-out signs 100,000 of these.)
    """
    signature = _link_signature(settings, subscriber_id, version, email, nonce)
    return f"{subscriber_id}.{version}.{signature}"


def read_link_token(token: str) -> tuple[int, int]:
    """Subscriber id and version named by a link token (not yet verified: see `link_token_valid`)."""
    parts = token.split(".")
    if len(parts) != 3 or not parts[0].isdigit() or not parts[1].isdigit():
        raise TokenInvalid(N_("this link is not valid"))
    return int(parts[0]), int(parts[1])


def link_token_valid(settings: Settings, token: str, email: str, nonce: str = "") -> bool:
    """Whether the token was signed for this subscriber id, version, address and nonce."""
    sid, version = read_link_token(token)
    expected = _link_signature(settings, sid, version, email, nonce)
    return hmac.compare_digest(token.rsplit(".", 1)[-1], expected)


@dataclass(frozen=True)
class ConfirmClaim:
    """What a confirmation link names: the row, and what must still be true of it."""

    subscription_id: int
    version: int
    address: str  # keyed hash of the address, shortened
    nonce: str

    def fits(self, settings: Settings, *, version: int, email: str, nonce: str) -> bool:
        """Whether the row found under the id is still the one the link was mailed for."""
        same = hmac.compare_digest(self.address, _short_hash(settings, email))
        return same and hmac.compare_digest(self.nonce, nonce) and self.version == version


def _short_hash(settings: Settings, email: str) -> str:
    return email_hash(settings, email)[:24]


def make_confirm_token(
    settings: Settings, subscription_id: int, version: int, *, email: str, nonce: str
) -> str:
    """Expiring token for the double opt-in link, bound to the address and the row's nonce."""
    serializer = URLSafeTimedSerializer(settings.secret_key, salt="monitor.confirm.v2")
    return str(serializer.dumps([subscription_id, version, _short_hash(settings, email), nonce]))


def read_confirm_token(
    settings: Settings, token: str, max_age: int = CONFIRM_MAX_AGE
) -> ConfirmClaim:
    """What a confirmation token claims (check it with `ConfirmClaim.fits`)."""
    serializer = URLSafeTimedSerializer(settings.secret_key, salt="monitor.confirm.v2")
    try:
        payload: Any = serializer.loads(token, max_age=max_age)
        sub_id, version, address, nonce = payload
        return ConfirmClaim(int(sub_id), int(version), str(address), str(nonce))
    except SignatureExpired as exc:
        raise TokenExpired(N_("this confirmation link has expired")) from exc
    except (BadSignature, ValueError, TypeError) as exc:
        raise TokenInvalid(N_("this confirmation link is not valid")) from exc
