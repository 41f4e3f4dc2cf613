"""Evaluation with notification, and the read queries the CLI and web pages use."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from monitor.alerts.base import pk, said
from monitor.alerts.engine import EvaluationResult, evaluate
from monitor.alerts.thresholds import thresholds_for
from monitor.config import Settings
from monitor.i18n import Text
from monitor.mail.notify import queue_alert_notifications
from monitor.models import Alert, Facility


def evaluate_and_notify(
    *,
    session: Session,
    settings: Settings,
    as_of: date,
    rules: list[str] | None = None,
    progress: Callable[[str], None] | None = None,
) -> EvaluationResult:
    """Evaluate the rules and queue mail for newly opened alerts, in the caller's transaction."""
    thresholds = thresholds_for(settings)
    result = evaluate(
        session=session, as_of=as_of, thresholds=thresholds, rules=rules, progress=progress
    )
    result.queued_messages = queue_alert_notifications(
        session=session, settings=settings, alerts=result.opened
    )
    return result


@dataclass(frozen=True)
class AlertRow:
    """An alert as people see it, with its facility's name and page."""

    id: int
    rule: str
    subject: Text  # in the reader's language when the rule stored its wording
    severity: str
    since: date
    facility: str | None
    facility_slug: str | None
    state: str | None

    def to_json(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "facility": self.facility,
            "subject": str(self.subject),
            "severity": self.severity,
            "since": self.since.isoformat(),
            "id": self.id,
        }


SEVERITY_RANK = {"critical": 0, "high": 1, "warning": 2, "info": 3}


def active_alerts(
    *,
    session: Session,
    as_of: date | None = None,
    rule: str | None = None,
    severity: str | None = None,
    facility_slug: str | None = None,
) -> list[AlertRow]:
    """Active alerts, most severe first, optionally filtered."""
    query = (
        select(Alert, col(Facility.name), col(Facility.slug), col(Facility.state))
        .outerjoin(Facility, col(Facility.id) == col(Alert.facility_id))
        .where(col(Alert.status) == "active")
    )
    if as_of is not None:
        query = query.where(col(Alert.since) <= as_of)
    if rule:
        query = query.where(col(Alert.rule) == rule)
    if severity:
        query = query.where(col(Alert.severity) == severity)
    if facility_slug:
        query = query.where(col(Facility.slug) == facility_slug)
    rows = [
        AlertRow(pk(a), a.rule, said(a.subject, a.details), a.severity, a.since, name, slug, state)
        for a, name, slug, state in session.exec(query).all()
    ]
    return sorted(
        rows, key=lambda r: (SEVERITY_RANK.get(r.severity, 9), r.facility or "~", r.rule, r.since)
    )


def rules_in_use(*, session: Session) -> list[str]:
    """Rule codes that have at least one active alert (for the filter menu)."""
    return sorted(
        session.exec(select(col(Alert.rule)).where(col(Alert.status) == "active").distinct()).all()
    )


def facilities_with_alerts(*, session: Session) -> list[tuple[str, str]]:
    """(slug, name) of facilities with active alerts (for the filter menu)."""
    rows = session.exec(
        select(col(Facility.slug), col(Facility.name))
        .join(Alert, col(Alert.facility_id) == col(Facility.id))
        .where(col(Alert.status) == "active")
        .distinct()
    ).all()
    return sorted(((slug, name) for slug, name in rows), key=lambda r: r[1])
