"""CSRF protection for every form: a per-session token checked on each unsafe request.

Templates put `{{ csrf_field() }}` inside every <form method="post">. Endpoints that must
accept cross-site POSTs by design (RFC 8058 one-click unsubscribe) are marked `@csrf_exempt`.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable
from typing import TypeVar

from flask import Blueprint, Flask, abort, current_app, request, session
from markupsafe import Markup, escape

bp = Blueprint("csrf", __name__)
F = TypeVar("F", bound=Callable[..., object])
_EXEMPT_ATTR = "_csrf_exempt"
SESSION_KEY = "_csrf"


def csrf_exempt(view: F) -> F:
    """Mark a view as accepting POSTs without a CSRF token."""
    setattr(view, _EXEMPT_ATTR, True)
    return view


def csrf_token() -> str:
    """The session's token, created on first use."""
    token = session.get(SESSION_KEY)
    if not token:
        token = secrets.token_urlsafe(32)
        session[SESSION_KEY] = token
    return str(token)


def csrf_field() -> Markup:
    return Markup(f'<input type="hidden" name="csrf_token" value="{escape(csrf_token())}">')


def _check_csrf() -> None:
    if request.method in ("GET", "HEAD", "OPTIONS", "TRACE"):
        return
    view = current_app.view_functions.get(request.endpoint or "")
    if view is None or getattr(view, _EXEMPT_ATTR, False):
        return
    sent = request.form.get("csrf_token") or request.headers.get("X-CSRF-Token") or ""
    expected = session.get(SESSION_KEY) or ""
    if not expected or not hmac.compare_digest(str(sent), str(expected)):
        abort(400, description="The form expired or was not sent from this site (missing CSRF token). Reload the page and try again.")


def init_app(app: Flask) -> None:
    app.before_request(_check_csrf)
    app.jinja_env.globals.update(csrf_token=csrf_token, csrf_field=csrf_field)
