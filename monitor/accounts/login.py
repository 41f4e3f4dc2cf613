"""Checking credentials with per-account lockout and per-address rate limiting.

Every attempt is written to the audit log; the per-address limit counts recent failed
attempts there, so it holds across web workers without another table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlmodel import Session, col, func, select

from monitor.accounts import audit
from monitor.accounts.passwords import (
    burn_verification,
    hash_password,
    needs_rehash,
    verify_password,
)
from monitor.accounts.users import get_user_by_email, normalize_email
from monitor.models import AuditLog, UserAccount, utcnow

MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
IP_WINDOW = timedelta(minutes=15)
IP_MAX_FAILURES = 20


class LoginRefused(Exception):
    """Credentials were not accepted; `message` is the same whatever the reason."""

    message = (
        "The email or password is incorrect, or the account is locked for a while after "
        "too many attempts. Try again later or reset your password."
    )


class TooManyAttempts(LoginRefused):
    """Too many failed attempts from this network address."""

    message = "Too many failed sign-in attempts from your network. Wait 15 minutes."


@dataclass(frozen=True)
class LoginPolicy:
    max_failures: int = MAX_FAILURES
    lockout: timedelta = LOCKOUT
    ip_max_failures: int = IP_MAX_FAILURES


def recent_failures_from(*, session: Session, client_ip: str | None) -> int:
    """Failed logins recorded from `client_ip` within the rate-limit window."""
    if not client_ip:
        return 0
    since = utcnow() - IP_WINDOW
    stmt = (
        select(func.count())
        .select_from(AuditLog)
        .where(AuditLog.action == "login_failed", AuditLog.client_ip == client_ip)
        .where(col(AuditLog.at) >= since)
    )
    return int(session.exec(stmt).one())


def _is_locked(user: UserAccount) -> bool:
    return user.locked_until is not None and user.locked_until > utcnow()


def _fail(
    session: Session, email: str, user: UserAccount | None, reason: str, policy: LoginPolicy
) -> None:
    """Count a failure, lock the account when it reaches the limit, log it."""
    if user is not None and reason == "bad_password":
        user.failed_logins += 1
        if user.failed_logins >= policy.max_failures:
            user.locked_until = utcnow() + policy.lockout
            user.failed_logins = 0
            reason = "bad_password_locked"
        session.add(user)
    # The typed address is logged only when it names a real account (staff, not the public).
    audit.record(
        session=session,
        action="login_failed",
        actor=user.email if user else None,
        target_type="user_account",
        target_id=user.id if user else None,
        details={"reason": reason},
    )


def authenticate(
    *,
    session: Session,
    email: str,
    password: str,
    client_ip: str | None,
    policy: LoginPolicy | None = None,
) -> UserAccount:
    """Return the account when the credentials are right; raise LoginRefused otherwise.

    The caller must commit even when this raises, so counters and the log are kept.
    """
    policy = policy or LoginPolicy()
    if recent_failures_from(session=session, client_ip=client_ip) >= policy.ip_max_failures:
        raise TooManyAttempts()
    user = get_user_by_email(session=session, email=normalize_email(email))
    if user is None or not user.is_active:
        burn_verification(password)
        _fail(session, email, user, "unknown_or_disabled", policy)
        raise LoginRefused()
    if _is_locked(user):
        burn_verification(password)
        _fail(session, email, user, "locked", policy)
        raise LoginRefused()
    if not verify_password(user.password_hash, password):
        _fail(session, email, user, "bad_password", policy)
        raise LoginRefused()
    _succeed(session, user, password)
    return user


def _succeed(session: Session, user: UserAccount, password: str) -> None:
    user.failed_logins = 0
    user.locked_until = None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    session.add(user)
    audit.record(
        session=session, action="login", actor=user, target_type="user_account", target_id=user.id
    )
