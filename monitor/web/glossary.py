"""The glossary page and the Jinja filters that put codes into words on every page."""

from __future__ import annotations

from flask import Blueprint, Flask, render_template

from monitor import labels

bp = Blueprint("glossary", __name__)


def csv_files() -> dict[str, list[str]]:
    """The CSV downloads and their columns, so the glossary can put each header in words."""
    from monitor.web import facilities, search, sources, tracker

    return {
        "facilities.csv": facilities.FACILITY_COLUMNS,
        "FACILITY-timeline.csv": facilities.TIMELINE_COLUMNS,
        "recommendations.csv": tracker.TRACKER_COLUMNS,
        "sources.csv": sources.SOURCE_COLUMNS,
        "search.csv": search.SEARCH_COLUMNS,
    }


@bp.get("/glossary")
def index() -> str:
    """Every code, status, standard and abbreviation the site uses, in words."""
    return render_template("glossary/index.html", sections=labels.glossary(), csv_files=csv_files())


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
