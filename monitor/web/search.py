"""Full-text search page with facility and source facets (and its CSV)."""

from __future__ import annotations

from flask import Blueprint, Response, render_template

from monitor.db import session_scope
from monitor.queries.search import BadSearchQuery, SearchResults, search
from monitor.web.export import csv_response
from monitor.web.params import bad, int_arg, text_arg

bp = Blueprint("search", __name__)
SEARCH_COLUMNS = [
    "document_id",
    "title",
    "report_number",
    "published_date",
    "source",
    "pages_matched",
    "best_page",
    "snippet",
]


def run_search(per_page: int = 20) -> SearchResults | None:
    """Search with the request's parameters; None when no query was given."""
    query = text_arg("q")
    page = int_arg("page", 1, maximum=500)
    if query is None:
        return None
    with session_scope() as session:
        try:
            return search(
                session=session,
                query=query,
                facility=text_arg("facility", 120),
                source=text_arg("source", 60),
                kind=text_arg("kind", 40),
                year=int_arg("year", 0, minimum=1900, maximum=2100) or None,
                page=page,
                per_page=per_page,
            )
        except BadSearchQuery as error:
            raise bad(str(error)) from None


@bp.get("/search")
def index() -> str:
    return render_template("search/index.html", results=run_search())


@bp.get("/search.csv")
def index_csv() -> Response:
    results = run_search(per_page=500)
    if results is None:
        raise bad("Parameter 'q' is required.")
    return csv_response("search.csv", SEARCH_COLUMNS, [h.as_dict() for h in results.hits])
