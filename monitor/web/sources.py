"""Sources page: each source's last run, last success, cadence, staleness and last error."""

from __future__ import annotations

from flask import Blueprint, Response, render_template

from monitor.capture.archive import MAX_ATTEMPTS
from monitor.db import session_scope
from monitor.queries.archive import archive_health
from monitor.queries.sources import source_statuses
from monitor.web.export import csv_response

bp = Blueprint("sources", __name__)
SOURCE_COLUMNS = [
    "key",
    "name",
    "url",
    "enabled",
    "expected_cadence_days",
    "last_run_at",
    "last_run_status",
    "last_success_at",
    "last_new_document_at",
    "consecutive_failures",
    "days_since_new",
    "stale",
    "document_count",
    "last_error",
]


@bp.get("/sources")
def index() -> str:
    with session_scope() as session:
        statuses = source_statuses(session=session)
        archive = archive_health(session=session, max_attempts=MAX_ATTEMPTS)
    return render_template("sources/index.html", statuses=statuses, archive=archive)


@bp.get("/sources.csv")
def index_csv() -> Response:
    with session_scope() as session:
        rows = [s.as_dict() for s in source_statuses(session=session)]
    return csv_response("sources.csv", SOURCE_COLUMNS, rows)
