"""The glossary page and the Jinja filters that put codes into words on every page."""

from __future__ import annotations

from flask import Blueprint, Flask, render_template

from monitor import labels

bp = Blueprint("glossary", __name__)


@bp.get("/glossary")
def index() -> str:
    """Every code, status, standard and abbreviation the site uses, in words."""
    return render_template("glossary/index.html", sections=labels.glossary())


def init_app(app: Flask) -> None:
    """Filters: `code|plain('rule')`, `code|explain('rule')`, `text|abbr`, `name|field`."""
    app.jinja_env.filters.update(
        plain=lambda code, kind: labels.label(kind, code),
        explain=lambda code, kind: labels.explain(kind, code),
        abbr=labels.mark_abbreviations,
        field=labels.field_label,
        field_office=labels.field_office,
        num=lambda n: "" if n is None else f"{n:,}",
    )
