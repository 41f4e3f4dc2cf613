"""Public pages (placeholder home until the timelines issue lands its views)."""

from __future__ import annotations

from flask import Blueprint, render_template
from sqlmodel import func, select

from monitor.db import session_scope
from monitor.models import Facility

bp = Blueprint("public", __name__)


@bp.get("/")
def home() -> str:
    with session_scope() as session:
        count = session.exec(select(func.count()).select_from(Facility)).one()
    return render_template("public/home.html", facility_count=count)
