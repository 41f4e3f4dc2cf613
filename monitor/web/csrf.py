"""CSRF protection for every form: a per-session token checked on each unsafe request.

Templates put `{{ csrf_field() }}` inside every <form method="post">. Endpoints that must
accept cross-site POSTs by design (RFC 8058 one-click unsubscribe) are marked `@csrf_exempt`.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable
from typing import TypeVar
from urllib.parse import urlsplit

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
    """A hidden input carrying the session's token, for every POST form."""
    return Markup(f'<input type="hidden" name="csrf_token" value="{escape(csrf_token())}">')


def _same_origin(origin: str) -> bool:
    """True when a browser's Origin header names this site (scheme, host and port).

    Behind a reverse proxy the request's own host may be internal, so the configured public
    base URL counts as this site too.
    """
    settings = current_app.extensions.get("monitor.settings")
    allowed = {request.host_url.rstrip("/")}
    if settings is not None:
        parts = urlsplit(settings.base_url)
        allowed.add(f"{parts.scheme}://{parts.netloc}")
    return origin.rstrip("/") in allowed


def _check_csrf() -> None:
    if request.method in ("GET", "HEAD", "OPTIONS", "TRACE"):
        return
    view = current_app.view_functions.get(request.endpoint or "")
    if view is None or getattr(view, _EXEMPT_ATTR, False):
        return
    # Defence in depth: browsers send Origin on cross-site POSTs; refuse those outright even if
    # a token leaked. Requests without Origin (older clients, tests) still need the token.
    origin = request.headers.get("Origin")
    if origin and origin != "null" and not _same_origin(origin):
        abort(400, description="This form was sent from another site and was refused.")
    sent = request.form.get("csrf_token") or request.headers.get("X-CSRF-Token") or ""
    expected = session.get(SESSION_KEY) or ""
    if not expected or not hmac.compare_digest(str(sent), str(expected)):
        abort(
            400,
            description="The form expired or was not sent from this site (missing CSRF token). Reload the page and try again.",
        )


def init_app(app: Flask) -> None:
    """Check tokens before every request and expose the template helpers."""
    app.before_request(_check_csrf)
    app.jinja_env.globals.update(csrf_token=csrf_token, csrf_field=csrf_field)
