"""Home page and site-wide feed: recent changes, most overdue recommendations, alerting facilities."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from monitor.labels import label
from monitor.models import SEVERITIES, Alert, Document, Facility, Recommendation, Source
from monitor.queries.common import StatusNow, days_open, days_overdue, today_utc
from monitor.queries.recommendations import RecommendationRow, load_recommendations
from monitor.queries.status_sql import current_statuses


@dataclass
class Change:
    """Something new on the site: a document captured or an alert raised."""

    key: str
    kind: str
    at: datetime
    title: str
    summary: str | None = None
    document_id: int | None = None
    facility_slug: str | None = None
    day: date | None = None


@dataclass
class AlertingFacility:
    slug: str
    name: str
    active_alerts: int
    worst_severity: str
    rules: list[str] = field(default_factory=list)


@dataclass
class HomeSummary:
    changes: list[Change]
    overdue: list[RecommendationRow]
    alerting: list[AlertingFacility]
    facility_count: int
    open_recommendations: int


def _new_documents(session: Session, limit: int) -> list[Change]:
    docs = session.exec(
        select(Document, Source.name)
        .join(Source, col(Source.id) == Document.source_id)
        .where(col(Document.is_public).is_(True), Document.review_status == "accepted")
        .order_by(col(Document.created_at).desc())
        .limit(limit)
    )
    return [Change(f"document-{d.id}", "document", d.created_at,
                   f"{d.report_number + ': ' if d.report_number else ''}{d.title}",
                   f"New from {src}", d.id, None, d.published_date)
            for d, src in docs]  # fmt: skip


def _new_alerts(session: Session, limit: int) -> list[Change]:
    alerts = session.exec(
        select(Alert, Facility.slug)
        .outerjoin(Facility, col(Facility.id) == Alert.facility_id)
        .order_by(col(Alert.first_seen_at).desc())
        .limit(limit)
    )
    return [Change(f"alert-{a.id}", "alert", a.first_seen_at, a.subject,
                   f"{label('severity', a.severity)} alert: {label('rule', a.rule)}"
                   f"{'' if a.status == 'active' else ' (resolved)'}", None, slug, a.since)
            for a, slug in alerts]  # fmt: skip


def recent_changes(*, session: Session, limit: int = 20) -> list[Change]:
    """Newest public documents and alerts, newest first."""
    changes = _new_documents(session, limit) + _new_alerts(session, limit)
    changes.sort(key=lambda c: c.at, reverse=True)
    return changes[:limit]


def alerting_facilities(*, session: Session) -> list[AlertingFacility]:
    """Facilities with active alerts, worst first."""
    out: dict[str, AlertingFacility] = {}
    rows = session.exec(
        select(Alert, Facility)
        .join(Facility, col(Facility.id) == Alert.facility_id)
        .where(Alert.status == "active")
    )
    for alert, fac in rows:
        entry = out.setdefault(fac.slug, AlertingFacility(fac.slug, fac.name, 0, "info"))
        entry.active_alerts += 1
        if SEVERITIES.index(alert.severity) > SEVERITIES.index(entry.worst_severity):
            entry.worst_severity = alert.severity
        if alert.rule not in entry.rules:
            entry.rules.append(alert.rule)
    return sorted(
        out.values(), key=lambda a: (-SEVERITIES.index(a.worst_severity), -a.active_alerts, a.name)
    )


def _most_overdue(session: Session, today: date, limit: int) -> tuple[list[int], int]:
    """Ids of the `limit` most overdue open public recommendations, and how many are open."""
    statuses = current_statuses(session=session)
    rows = session.connection().execute(
        sa_select(
            col(Recommendation.id), col(Recommendation.issued_date), col(Document.published_date)
        )
        .join(Document, col(Document.id) == Recommendation.document_id)
        .where(col(Document.is_public).is_(True), col(Document.review_status) == "accepted")
    )
    ranked: list[tuple[int, int, int]] = []
    for rec_id, issued, published in rows:
        status = statuses.get(rec_id or 0, StatusNow())
        if status.is_open:
            opened = days_open(issued or published, status, today) or 0
            ranked.append((days_overdue(status, today), opened, rec_id or 0))
    ranked.sort(reverse=True)
    return [rec_id for _, _, rec_id in ranked[:limit]], len(ranked)


def home_summary(*, session: Session, today: date | None = None) -> HomeSummary:
    """What the home page shows."""
    when = today or today_utc()
    ids, open_count = _most_overdue(session, when, 10)
    rows = load_recommendations(session=session, ids=ids, today=when, with_history=False)
    order = {rec_id: n for n, rec_id in enumerate(ids)}
    overdue = sorted(rows, key=lambda r: order[r.id])
    count = session.exec(select(func.count()).select_from(Facility)).one()
    return HomeSummary(
        recent_changes(session=session, limit=15),
        overdue,
        alerting_facilities(session=session)[:15],
        count,
        open_count,
    )
