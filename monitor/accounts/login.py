"""Checking credentials with per-account delays and per-address rate limiting.

Every attempt is written to the audit log; the per-address limit counts recent failed
attempts there, so it holds across web workers without another table.

Per account, each attempt first claims a slot with one compare-and-swap UPDATE on the
failure counter (so forty parallel guesses cannot all be checked before the count moves),
and is counted as failed until the password proves right. After `max_failures` the slots
are spaced out, doubling from `first_delay` to at most `max_delay`: guessing slows to a
crawl, but a stranger typing wrong passwords never locks the real person out for long.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import or_, update
from sqlmodel import Session, col, func, select

from monitor.accounts import audit
from monitor.accounts.passwords import (
    burn_verification,
    hash_password,
    needs_rehash,
    verify_password,
)
from monitor.accounts.users import get_user_by_email, normalize_email
from monitor.i18n import N_
from monitor.models import AuditLog, UserAccount, utcnow

MAX_FAILURES = 5
FIRST_DELAY = timedelta(seconds=2)
MAX_DELAY = timedelta(minutes=1)
IP_WINDOW = timedelta(minutes=15)
IP_MAX_FAILURES = 20


class LoginRefused(Exception):
    """Credentials were not accepted; `message` is the same whatever the reason."""

    message = N_(
        "The email or password is incorrect, or the account is locked for a while after "
        "too many attempts. Try again later or reset your password."
    )


class TooManyAttempts(LoginRefused):
    """Too many failed attempts from this network address."""

    message = N_("Too many failed sign-in attempts from your network. Wait 15 minutes.")


@dataclass(frozen=True)
class LoginPolicy:
    max_failures: int = MAX_FAILURES
    first_delay: timedelta = FIRST_DELAY
    max_delay: timedelta = MAX_DELAY
    ip_max_failures: int = IP_MAX_FAILURES

    def delay_after(self, failures: int) -> timedelta:
        """How long the account waits before its next attempt after `failures` in a row."""
        if failures < self.max_failures:
            return timedelta(0)
        return min(self.max_delay, self.first_delay * 2 ** (failures - self.max_failures))


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


def _claim_attempt(session: Session, user: UserAccount, policy: LoginPolicy) -> bool:
    """Take the account's next attempt, counted as a failure until it succeeds (atomic)."""
    now = utcnow()
    seen = user.failed_logins
    result = session.exec(  # type: ignore[call-overload]
        update(UserAccount)
        .where(col(UserAccount.id) == user.id, col(UserAccount.failed_logins) == seen)
        .where(or_(col(UserAccount.locked_until).is_(None), col(UserAccount.locked_until) <= now))
        .values(failed_logins=seen + 1, locked_until=now + policy.delay_after(seen + 1))
    )
    if result.rowcount != 1:
        return False  # another attempt got there first, or the account must still wait
    session.refresh(user)
    return True


def _fail(session: Session, user: UserAccount | None, reason: str) -> None:
    """Log a failed attempt (the count was taken when the attempt was claimed)."""
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
        _fail(session, user, "unknown_or_disabled")
        raise LoginRefused()
    if _is_locked(user) or not _claim_attempt(session, user, policy):
        burn_verification(password)
        _fail(session, user, "delayed")
        raise LoginRefused()
    if not verify_password(user.password_hash, password):
        delayed = user.failed_logins >= policy.max_failures
        _fail(session, user, "bad_password_delayed" if delayed else "bad_password")
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
