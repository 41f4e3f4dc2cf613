"""Account queries and changes: create, find, change role or password (each bumps sessions)."""

from __future__ import annotations

import re

from sqlmodel import Session, col, select

from monitor.accounts.passwords import check_policy, hash_password
from monitor.models import UserAccount
from monitor.roles import ROLES

# Deliberately plain: one @, a dot in the domain, no spaces, quotes or angle brackets.
_EMAIL = re.compile(r"[^@\s<>\"'()]+@[^@\s<>\"'()]+\.[^@\s<>\"'()]+")


class AccountError(ValueError):
    """An account change was refused; the message is safe to show the user."""


def normalize_email(email: str) -> str:
    """Accounts are keyed by the trimmed, lower-cased address."""
    return email.strip().lower()


def get_user(*, session: Session, user_id: int) -> UserAccount | None:
    """The account with this id, if any."""
    return session.get(UserAccount, user_id)


def get_user_by_email(*, session: Session, email: str) -> UserAccount | None:
    """The account for an address (matched case-insensitively), if any."""
    stmt = select(UserAccount).where(UserAccount.email == normalize_email(email))
    return session.exec(stmt).first()


def list_users(*, session: Session) -> list[UserAccount]:
    """Every account, by address."""
    return list(session.exec(select(UserAccount).order_by(col(UserAccount.email))))


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise AccountError(f"unknown role {role!r}; choose one of {', '.join(ROLES)}")


def create_user(*, session: Session, email: str, password: str, role: str) -> UserAccount:
    """Create an account after checking the address, role and password policy."""
    email = normalize_email(email)
    if len(email) > 254 or not _EMAIL.fullmatch(email):
        raise AccountError("enter a valid email address")
    _check_role(role)
    check_policy(password, email=email)
    if get_user_by_email(session=session, email=email) is not None:
        raise AccountError(f"an account for {email} already exists")
    user = UserAccount(email=email, password_hash=hash_password(password), role=role)
    session.add(user)
    session.flush()
    return user


def set_role(*, session: Session, user: UserAccount, role: str) -> str:
    """Change a role; every existing session of the account ends. Returns the old role."""
    _check_role(role)
    guard_last_admin(session=session, user=user, role=role, active=user.is_active)
    old = user.role
    user.role = role
    user.session_version += 1
    session.add(user)
    session.flush()
    return old


def set_password(*, session: Session, user: UserAccount, password: str) -> None:
    """Store a new password, clear any lockout and end every existing session."""
    check_policy(password, email=user.email)
    user.password_hash = hash_password(password)
    user.session_version += 1
    user.failed_logins = 0
    user.locked_until = None
    session.add(user)
    session.flush()


def set_active(*, session: Session, user: UserAccount, active: bool) -> None:
    """Enable or disable an account; disabling ends its sessions."""
    guard_last_admin(session=session, user=user, role=user.role, active=active)
    user.is_active = active
    user.session_version += 1
    session.add(user)
    session.flush()


def end_all_sessions(*, session: Session, user: UserAccount) -> None:
    """Sign the account out everywhere (for "log out of all devices")."""
    user.session_version += 1
    session.add(user)
    session.flush()


def guard_last_admin(*, session: Session, user: UserAccount, role: str, active: bool) -> None:
    """Refuse a change that would leave no active admin (nobody could manage accounts)."""
    if user.role != "admin" or not user.is_active or (role == "admin" and active):
        return
    stmt = select(UserAccount.id).where(UserAccount.role == "admin", UserAccount.is_active)
    if len(session.exec(stmt).all()) <= 1:
        raise AccountError("This is the last active admin; make another admin first.")


def unlock(*, session: Session, user: UserAccount) -> None:
    """Lift a login lockout."""
    user.failed_logins = 0
    user.locked_until = None
    session.add(user)
    session.flush()
