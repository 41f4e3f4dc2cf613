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


@bp.get("/alerts")
def index() -> str:
    """Every active alert, most severe first, with the chosen filters applied."""
    filters = {k: request.args.get(k, "").strip() or None for k in ("rule", "severity", "facility")}
    with session_scope() as session:
        rows = active_alerts(
            session=session,
            rule=filters["rule"],
            severity=filters["severity"],
            facility_slug=filters["facility"],
        )
        rules = rules_in_use(session=session)
        facilities = facilities_with_alerts(session=session)
    return render_template(
        "alerts/index.html",
        rows=rows,
        filters=filters,
        rules=rules,
        facilities=facilities,
        severities=sorted(SEVERITY_RANK, key=SEVERITY_RANK.__getitem__),
    )
