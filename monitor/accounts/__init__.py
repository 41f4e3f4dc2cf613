"""Accounts and roles: password hashing, sessions, role checks, reset tokens, lockout."""

from monitor.accounts.passwords import WeakPassword, hash_password, verify_password
from monitor.accounts.redirects import safe_next
from monitor.accounts.sessions import (
    current_user,
    has_role,
    login_user,
    logout_user,
    require_login,
    require_role,
    signed_in_user,
)
from monitor.accounts.users import AccountError

__all__ = [
    "AccountError",
    "WeakPassword",
    "current_user",
    "has_role",
    "hash_password",
    "login_user",
    "logout_user",
    "require_login",
    "require_role",
    "safe_next",
    "signed_in_user",
    "verify_password",
]
