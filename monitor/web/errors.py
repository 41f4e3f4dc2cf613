"""Error pages: a 404 page for unknown ids, a 400 with its message, JSON under /api/, never a bare 500."""

from __future__ import annotations

import logging

from flask import Blueprint, Flask, Response, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

bp = Blueprint("errors", __name__)
log = logging.getLogger(__name__)

TITLES = {
    400: "Bad request",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    413: "Too large",
    429: "Too many requests",
    500: "Something went wrong",
}


def _respond(error: HTTPException) -> tuple[Response | str, int]:
    code = error.code or 500
    message = error.description or TITLES.get(code, "Error")
    if request.path.startswith("/api/"):
        return jsonify({"error": {"status": code, "message": message}}), code
    return render_template(
        "errors/error.html", code=code, title=TITLES.get(code, "Error"), message=message
    ), code


def handle_http(error: HTTPException) -> tuple[Response | str, int]:
    """Render any HTTP error as a page (or JSON for the API)."""
    return _respond(error)


def handle_unexpected(error: Exception) -> tuple[Response | str, int]:
    """Log the bug and show a plain 500 page instead of a traceback."""
    if isinstance(error, HTTPException):
        return _respond(error)
    log.exception("unhandled error on %s", request.path)
    return _respond(
        InternalServerError(
            description="The monitor hit an unexpected error. "
            "It has been logged; please try again later."
        )
    )


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(Exception, handle_unexpected)
