"""Home page: recent changes, most overdue recommendations, facilities with active alerts."""

from __future__ import annotations

from flask import Blueprint, Flask, render_template

from monitor.db import session_scope
from monitor.queries.home import home_summary
from monitor.web import helpers

bp = Blueprint("public", __name__)


@bp.get("/")
def home() -> str:
    """The front page."""
    with session_scope() as session:
        summary = home_summary(session=session)
    return render_template(
        "public/home.html", summary=summary, facility_count=summary.facility_count
    )


@bp.get("/about")
def about() -> str:
    """What the monitor is, where its data comes from, and how to read it."""
    return render_template("public/about.html")


def init_app(app: Flask) -> None:
    helpers.init_app(app)
