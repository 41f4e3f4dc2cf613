"""Compression (Flask-Compress) and HTTP caching headers, so a cache in front can serve pages.

Public pages get a short `public, max-age` and a strong ETag, and a conditional GET with a
matching ETag gets 304. Anything that could be personal (a signed-in visitor, a session
holding a form token, a response setting a cookie, any non-public area) is `no-store`.
"""

from __future__ import annotations

from flask import Blueprint, Flask, current_app, request, session
from flask_compress import Compress
from werkzeug.wrappers import Response

bp = Blueprint("caching", __name__)

# Areas whose pages read only published data and look the same to every visitor.
PUBLIC_AREAS = frozenset(
    {"public", "alerts", "facilities", "tracker", "documents", "sources", "search", "api", "feeds"}
)


def _personal(response: Response) -> bool:
    """Whether this response may hold something meant for this visitor only."""
    return (
        bool(session)  # signed in, or holding a CSRF token for a form on the page
        or "Set-Cookie" in response.headers
        or request.authorization is not None
        or request.blueprint not in PUBLIC_AREAS
    )


def _cacheable(response: Response) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and response.status_code == 200
        and not response.is_streamed
        and not _personal(response)
    )


def cache_headers(response: Response) -> Response:
    """Mark public pages cacheable with an ETag (answering 304), the rest no-store."""
    if request.endpoint == "static" or "Cache-Control" in response.headers:
        return response  # static files carry their own validators; views may decide
    if not _cacheable(response):
        if response.status_code < 400:
            response.headers["Cache-Control"] = "no-store"
        return response
    settings = current_app.extensions["monitor.settings"]
    response.cache_control.public = True
    response.cache_control.max_age = settings.public_max_age
    response.add_etag()
    return response.make_conditional(request)


def init_app(app: Flask) -> None:
    """Compress after the ETag is set (after_request hooks run last-registered first)."""
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    # Streamed responses (static files, CSV exports) stay as they are: Flask-Compress 1.25
    # wraps their iterator without closing the file underneath (a ResourceWarning per
    # request). Pages, JSON and feeds are not streamed, and a front proxy can gzip the rest.
    app.config.setdefault("COMPRESS_STREAMS", False)
    Compress(app)
    app.after_request(cache_headers)
