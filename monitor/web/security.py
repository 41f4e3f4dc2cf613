"""Security headers on every response: strict CSP (no inline script or style, nothing third-party)."""

from __future__ import annotations

from flask import Blueprint, Flask, Response, abort, request
from werkzeug.middleware.proxy_fix import ProxyFix

from monitor.db import get_settings

bp = Blueprint("security", __name__)

CSP = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
    ]
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


# Production is https only (Settings.validate); browsers should never try plain http again.
HSTS = "max-age=31536000; includeSubDomains"


def add_headers(response: Response) -> Response:
    """Set each header unless a view chose its own value."""
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if get_settings().is_production:
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    return response


def refuse_nul() -> None:
    """400 for a NUL byte in the path or query: no view or database ever wants one."""
    if "\x00" in request.path or any(
        "\x00" in key or "\x00" in value for key, value in request.args.items(multi=True)
    ):
        abort(400)


def init_app(app: Flask) -> None:
    app.before_request(refuse_nul)
    app.after_request(add_headers)
    hops = get_settings(app).trusted_proxy_hops
    if hops > 0:
        # Only behind a proxy the operator names: otherwise X-Forwarded-For is whatever the
        # client wrote, and rate limits keyed on it could be dodged.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops
        )
