"""Run one rule as of a date and return what it found."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session

from monitor.alerts.base import Candidate, RuleContext
from monitor.alerts.engine import find_candidates
from monitor.alerts.thresholds import Thresholds, with_overrides


def fired(session: Session, rule: str, as_of: date, **thresholds: Any) -> list[Candidate]:
    """The candidates one rule yields as of `as_of` (thresholds overridable)."""
    ctx = RuleContext(
        session=session, as_of=as_of, thresholds=with_overrides(Thresholds(), thresholds)
    )
    return sorted(find_candidates(ctx, [rule]).values(), key=lambda c: c.dedup_key)
