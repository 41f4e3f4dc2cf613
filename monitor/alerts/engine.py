"""One evaluation pass: run every rule, upsert alerts by key, resolve the rest, queue mail."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, col, select

from monitor.alerts.base import SEVERITY_ORDER, Candidate, Rule, RuleContext, pk
from monitor.alerts.rules_facilities import RULES as FACILITY_RULES
from monitor.alerts.rules_operations import RULES as OPERATION_RULES
from monitor.alerts.rules_recommendations import RULES as RECOMMENDATION_RULES
from monitor.alerts.rules_staffing import RULES as STAFFING_RULES
from monitor.alerts.thresholds import Thresholds
from monitor.models import Alert, AlertEvent, utcnow

log = logging.getLogger(__name__)

RULES: dict[str, Rule] = {
    **RECOMMENDATION_RULES,
    **FACILITY_RULES,
    **STAFFING_RULES,
    **OPERATION_RULES,
}


class UnknownRule(ValueError):
    """An evaluation was asked for a rule code that does not exist."""


@dataclass
class EvaluationResult:
    """What a pass changed; `opened` includes re-opened alerts (they notify again)."""

    as_of: date
    opened: list[Alert] = field(default_factory=list)
    resolved: list[Alert] = field(default_factory=list)
    changed: list[Alert] = field(default_factory=list)
    active: int = 0
    queued_messages: int = 0


def find_candidates(ctx: RuleContext, rules: list[str] | None = None) -> dict[str, Candidate]:
    """Run the rules; one candidate per de-duplication key (the most severe wins)."""
    names = rules or list(RULES)
    unknown = [n for n in names if n not in RULES]
    if unknown:
        raise UnknownRule(f"unknown alert rule(s): {', '.join(unknown)}")
    found: dict[str, Candidate] = {}
    for name in names:
        for cand in RULES[name](ctx):
            held = found.get(cand.dedup_key)
            if held is None or SEVERITY_ORDER[cand.severity] > SEVERITY_ORDER[held.severity]:
                found[cand.dedup_key] = cand
    return found


def evaluate(
    *,
    session: Session,
    as_of: date,
    thresholds: Thresholds | None = None,
    rules: list[str] | None = None,
) -> EvaluationResult:
    """Store the alerts that hold as of `as_of`; the caller commits (mail is queued alongside)."""
    ctx = RuleContext(session=session, as_of=as_of, thresholds=thresholds or Thresholds())
    found = find_candidates(ctx, rules)
    result = EvaluationResult(as_of=as_of)
    scope = rules or list(RULES)
    existing = {
        a.dedup_key: a for a in session.exec(select(Alert).where(col(Alert.rule).in_(scope))).all()
    }
    for key, cand in found.items():
        _apply(session, existing.get(key), cand, result)
    for key, alert in existing.items():
        if alert.status == "active" and key not in found:
            alert.status, alert.resolved_at = "resolved", utcnow()
            session.add(AlertEvent(alert_id=pk(alert), change="resolved", severity=alert.severity))
            result.resolved.append(alert)
    result.active = len(found)
    session.flush()
    return result


def _apply(
    session: Session, alert: Alert | None, cand: Candidate, result: EvaluationResult
) -> None:
    """Insert a new alert, or refresh (and maybe re-open) an existing one."""
    now = utcnow()
    if alert is None:
        alert = Alert(
            rule=cand.rule,
            dedup_key=cand.dedup_key,
            subject=cand.subject,
            severity=cand.severity,
            since=cand.since,
            first_seen_at=now,
            last_seen_at=now,
        )
        _copy(alert, cand)
        session.add(alert)
        session.flush()
        session.add(AlertEvent(alert_id=pk(alert), change="opened", severity=cand.severity, at=now))
        result.opened.append(alert)
        return
    if alert.status == "resolved":
        alert.status, alert.resolved_at = "active", None
        session.add(
            AlertEvent(alert_id=pk(alert), change="reopened", severity=cand.severity, at=now)
        )
        result.opened.append(alert)
    elif alert.severity != cand.severity:
        session.add(
            AlertEvent(
                alert_id=pk(alert),
                change=f"severity {alert.severity} -> {cand.severity}",
                severity=cand.severity,
                at=now,
            )
        )
        result.changed.append(alert)
    alert.subject, alert.severity, alert.since, alert.last_seen_at = (
        cand.subject,
        cand.severity,
        cand.since,
        now,
    )
    _copy(alert, cand)
    session.add(alert)


def _copy(alert: Alert, cand: Candidate) -> None:
    alert.facility_id = cand.facility_id
    alert.recommendation_id = cand.recommendation_id
    alert.document_id = cand.document_id
    alert.source_id = cand.source_id
    alert.details = cand.details or None
