"""Error pages: a 404 page for unknown ids, a 400 with its message, JSON under /api/, never a bare 500."""

from __future__ import annotations

import logging

from flask import Blueprint, Flask, Response, jsonify, render_template, request
from flask_babel import gettext
from werkzeug.exceptions import HTTPException, InternalServerError

from monitor.i18n import N_

bp = Blueprint("errors", __name__)
log = logging.getLogger(__name__)

TITLES = {
    400: N_("Bad request"),
    403: N_("Forbidden"),
    404: N_("Not found"),
    405: N_("Method not allowed"),
    413: N_("Too large"),
    429: N_("Too many requests"),
    500: N_("Something went wrong"),
}
UNEXPECTED = N_("The monitor hit an unexpected error. It has been logged; please try again later.")
# Werkzeug's own descriptions, listed so the catalog can translate them on error pages.
WERKZEUG_DESCRIPTIONS = (
    N_(
        "The requested URL was not found on the server. If you entered the URL manually "
        "please check your spelling and try again."
    ),
    N_("The method is not allowed for the requested URL."),
    N_(
        "You don't have the permission to access the requested resource. It is either "
        "read-protected or not readable by the server."
    ),
    N_("The browser (or proxy) sent a request that this server could not understand."),
    N_("The data value transmitted exceeds the capacity limit."),
)


def _respond(error: HTTPException) -> tuple[Response | str, int]:
    code = error.code or 500
    message = error.description or TITLES.get(code, "Error")
    if request.path.startswith("/api/"):
        return jsonify({"error": {"status": code, "message": message}}), code
    title = gettext(TITLES.get(code, N_("Error")))
    return render_template(
        "errors/error.html", code=code, title=title, message=gettext(message)
    ), code


def handle_http(error: HTTPException) -> tuple[Response | str, int]:
    """Render any HTTP error as a page (or JSON for the API)."""
    return _respond(error)


def handle_unexpected(error: Exception) -> tuple[Response | str, int]:
    """Log the bug and show a plain 500 page instead of a traceback."""
    if isinstance(error, HTTPException):
        return _respond(error)
    log.exception("unhandled error on %s", request.path)
    return _respond(InternalServerError(description=UNEXPECTED))


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(Exception, handle_unexpected)
