"""The alerts page: every active alert, filterable by rule, severity and facility."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from monitor.alerts.service import (
    SEVERITY_RANK,
    active_alerts,
    facilities_with_alerts,
    rules_in_use,
)
from monitor.db import session_scope

bp = Blueprint("alerts", __name__)
PAGE_SIZE = 100


@bp.get("/alerts")
def index() -> str:
    """Every active alert, most severe first, with the chosen filters applied, a page at a time."""
    filters = {k: request.args.get(k, "").strip() or None for k in ("rule", "severity", "facility")}
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    with session_scope() as session:
        rows = active_alerts(
            session=session,
            rule=filters["rule"],
            severity=filters["severity"],
            facility_slug=filters["facility"],
        )
        rules = rules_in_use(session=session)
        facilities = facilities_with_alerts(session=session)
    pages = max((len(rows) + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    page = min(page, pages)
    return render_template(
        "alerts/index.html",
        rows=rows[(page - 1) * PAGE_SIZE : page * PAGE_SIZE],
        total=len(rows),
        page=page,
        pages=pages,
        filters=filters,
        rules=rules,
        facilities=facilities,
        severities=sorted(SEVERITY_RANK, key=SEVERITY_RANK.__getitem__),
        link_args={k: v for k, v in filters.items() if v},
    )
