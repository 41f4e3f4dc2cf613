"""Who is signed in: `current_user()`, `login_user()`, `logout_user()` and `require_role()`.

The Flask session cookie is signed, HttpOnly, SameSite=Lax and Secure in production
(see `create_app`). Logging in clears the session and starts a new one (no fixation), and a
session is only honoured while the account's `session_version` still matches, so a password
or role change ends every existing session. Logging out moves the version on too: a copy of
the cookie taken before logout (another tab, another machine, a thief) stops working at once.
A login also ends after `session_idle_minutes` without a request and `session_max_hours` in
all (both settings).
"""

from __future__ import annotations

import functools
import secrets
import time
from collections.abc import Callable
from typing import Any, TypeVar, cast

from flask import abort, g, redirect, request, session, url_for
from sqlmodel import col, update

from monitor.db import get_settings, session_scope
from monitor.models import UserAccount

F = TypeVar("F", bound=Callable[..., Any])

_UNSET = object()
# Refreshing the idle clock rewrites the cookie; once a minute is precise enough.
_SEEN_RESOLUTION = 60


def login_user(user: UserAccount) -> None:
    """Start a brand-new session for `user` (the old one, and its CSRF token, are dropped)."""
    session.clear()
    session["uid"] = user.id
    session["sv"] = user.session_version
    session["auth_at"] = session["seen_at"] = int(time.time())
    session["sid"] = secrets.token_urlsafe(16)
    g.monitor_user = user


def logout_user() -> None:
    """End the session here and in every copy of its cookie (the account's sessions end)."""
    uid = session.get("uid")
    if isinstance(uid, int):
        with session_scope() as db:
            # One UPDATE, so two logouts at once both count.
            db.exec(  # type: ignore[call-overload]
                update(UserAccount)
                .where(col(UserAccount.id) == uid)
                .values(session_version=UserAccount.session_version + 1)
            )
    session.clear()
    g.monitor_user = None


def _fresh() -> bool:
    """Within the absolute and the idle lifetime; moves the idle clock on."""
    settings = get_settings()
    now = time.time()
    if now - float(session.get("auth_at") or 0) >= settings.session_max_hours * 3600:
        return False
    seen = float(session.get("seen_at") or 0)
    if now - seen >= settings.session_idle_minutes * 60:
        return False
    if now - seen >= _SEEN_RESOLUTION:
        session["seen_at"] = int(now)
    return True


def _load_user() -> UserAccount | None:
    uid = session.get("uid")
    if not isinstance(uid, int):
        return None
    with session_scope() as db:
        user = db.get(UserAccount, uid)
    stale = user is None or not user.is_active or session.get("sv") != user.session_version
    if stale or not _fresh():
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
