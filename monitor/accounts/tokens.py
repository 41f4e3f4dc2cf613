"""Password-reset links: signed, expiring after an hour, usable once, void after a password change."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from monitor.models import UsedToken, UserAccount

RESET_MAX_AGE = 3600
_SALT = "monitor.password-reset"


class InvalidToken(ValueError):
    """The link is malformed, expired, already used or no longer matches the account."""


def _serializer(secret: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt=_SALT)


def _fingerprint(user: UserAccount) -> str:
    """Short digest of the current password hash: a link dies once the password changes."""
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def make_reset_token(user: UserAccount, *, secret: str) -> str:
    """A fresh single-use reset token for `user`."""
    payload = {"u": user.id, "j": secrets.token_urlsafe(16), "p": _fingerprint(user)}
    return _serializer(secret).dumps(payload)


def _load(token: str, secret: str, max_age: int) -> dict[str, Any]:
    try:
        data = _serializer(secret).loads(token, max_age=max_age)
    except SignatureExpired as exc:
        raise InvalidToken("This reset link has expired. Ask for a new one.") from exc
    except BadSignature as exc:
        raise InvalidToken("This reset link is not valid. Ask for a new one.") from exc
    if not isinstance(data, dict) or not {"u", "j", "p"} <= data.keys():
        raise InvalidToken("This reset link is not valid. Ask for a new one.")
    return data


def check_reset_token(
    *, session: Session, token: str, secret: str, max_age: int = RESET_MAX_AGE
) -> UserAccount:
    """The account a still-valid, unused token belongs to (does not spend it)."""
    data = _load(token, secret, max_age)
    used = session.exec(select(UsedToken).where(UsedToken.token_id == str(data["j"]))).first()
    user = session.get(UserAccount, data["u"]) if isinstance(data["u"], int) else None
    if used is not None or user is None or not user.is_active or data["p"] != _fingerprint(user):
        raise InvalidToken("This reset link was already used or is no longer valid.")
    return user


def spend_reset_token(
    *, session: Session, token: str, secret: str, max_age: int = RESET_MAX_AGE
) -> UserAccount:
    """Check the token and mark it used (the caller then sets the new password)."""
    user = check_reset_token(session=session, token=token, secret=secret, max_age=max_age)
    data = _load(token, secret, max_age)
    # A concurrent second use fails here on the unique key; the caller's rollback undoes all.
    try:
        session.add(UsedToken(token_id=str(data["j"])))
        session.flush()
    except IntegrityError as exc:
        raise InvalidToken("This reset link was already used.") from exc
    return user
