"""One evaluation pass: run every rule, upsert alerts by key, resolve the rest, queue mail."""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session

from monitor.alerts.base import SEVERITY_ORDER, Candidate, Rule, RuleContext
from monitor.alerts.rules_facilities import RULES as FACILITY_RULES
from monitor.alerts.rules_operations import RULES as OPERATION_RULES
from monitor.alerts.rules_recommendations import RULES as RECOMMENDATION_RULES
from monitor.alerts.rules_staffing import RULES as STAFFING_RULES
from monitor.alerts.store import AlertInfo, store
from monitor.alerts.thresholds import Thresholds

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
    opened: list[AlertInfo] = field(default_factory=list)
    resolved: list[AlertInfo] = field(default_factory=list)
    changed: list[AlertInfo] = field(default_factory=list)
    active: int = 0
    queued_messages: int = 0


def find_candidates(
    ctx: RuleContext, rules: list[str] | None = None, progress: Callable[[str], None] | None = None
) -> dict[str, Candidate]:
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
        if progress is not None:
            progress(name)
    return found


@contextmanager
def collector_paused() -> Iterator[None]:
    """Hold off the cyclic garbage collector while a pass builds its (acyclic) fact sets.

    A pass keeps hundreds of thousands of rows alive at once; every full collection walks
    them all, and the collector ran some twenty of those per pass (well over a second).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def evaluate(
    *,
    session: Session,
    as_of: date,
    thresholds: Thresholds | None = None,
    rules: list[str] | None = None,
    progress: Callable[[str], None] | None = None,
) -> EvaluationResult:
    """Store the alerts that hold as of `as_of`; the caller commits (mail is queued alongside).

    `progress` is called with each rule's code once that rule has run.
    """
    ctx = RuleContext(session=session, as_of=as_of, thresholds=thresholds or Thresholds())
    with collector_paused():
        found = find_candidates(ctx, rules, progress)
        changes = store(session, found, rules or list(RULES))
        session.flush()
    return EvaluationResult(
        as_of=as_of,
        opened=changes.opened,
        resolved=changes.resolved,
        changed=changes.changed,
        active=len(found),
    )
