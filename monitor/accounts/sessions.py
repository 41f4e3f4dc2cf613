"""Who is signed in: `current_user()`, `login_user()`, `logout_user()` and `require_role()`.

The Flask session cookie is signed, HttpOnly, SameSite=Lax and Secure in production
(see `create_app`). Logging in clears the session and starts a new one (no fixation), and a
session is only honoured while the account's `session_version` still matches, so a password
or role change ends every existing session.
"""

from __future__ import annotations

import functools
import secrets
import time
from collections.abc import Callable
from typing import Any, TypeVar, cast

from flask import abort, g, redirect, request, session, url_for

from monitor.db import session_scope
from monitor.models import UserAccount

F = TypeVar("F", bound=Callable[..., Any])

# Absolute lifetime of a login, whatever the activity: shared computers are common.
MAX_SESSION_AGE = 12 * 3600
_UNSET = object()


def login_user(user: UserAccount) -> None:
    """Start a brand-new session for `user` (the old one, and its CSRF token, are dropped)."""
    session.clear()
    session["uid"] = user.id
    session["sv"] = user.session_version
    session["auth_at"] = int(time.time())
    session["sid"] = secrets.token_urlsafe(16)
    g.monitor_user = user


def logout_user() -> None:
    """End the session in this browser."""
    session.clear()
    g.monitor_user = None


def _load_user() -> UserAccount | None:
    uid = session.get("uid")
    if not isinstance(uid, int):
        return None
    with session_scope() as db:
        user = db.get(UserAccount, uid)
    fresh = time.time() - float(session.get("auth_at") or 0) < MAX_SESSION_AGE
    if user is None or not user.is_active or session.get("sv") != user.session_version or not fresh:
        session.clear()
        return None
    return user


def current_user() -> UserAccount | None:
    """The signed-in account for this request, or None (cached per request)."""
    cached = g.get("monitor_user", _UNSET)
    if cached is _UNSET:
        cached = _load_user()
        g.monitor_user = cached
    return cast(UserAccount | None, cached)


def signed_in_user() -> UserAccount:
    """The signed-in account; 401 when there is none (for views behind `require_role`)."""
    user = current_user()
    if user is None:
        abort(401)
    return user


def has_role(user: UserAccount | None, *roles: str) -> bool:
    """True when `user` holds one of `roles`; admin implies every role."""
    return user is not None and user.is_active and (user.role == "admin" or user.role in roles)


def _login_redirect() -> Any:
    target = request.full_path if request.query_string else request.path
    return redirect(url_for("account.login", next=target))


def require_role(*roles: str) -> Callable[[F], F]:
    """Let the view run only for a signed-in user holding one of `roles` (admin always).

    Anonymous GETs are sent to the login page, other anonymous requests get 401, and a
    signed-in user without the role gets 403. Views hiding individual objects return 404.
    """

    def decorator(view: F) -> F:
        @functools.wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            user = current_user()
            if user is None:
                if request.method in ("GET", "HEAD"):
                    return _login_redirect()
                abort(401)
            if not has_role(user, *roles):
                abort(403)
            return view(*args, **kwargs)

        return cast(F, wrapped)

    return decorator


def require_login(view: F) -> F:
    """Any signed-in account may use the view."""
    return require_role("advocate", "reviewer", "admin")(view)
