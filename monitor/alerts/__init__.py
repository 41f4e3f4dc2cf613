"""Alerts on inaction: rules over the accepted facts (domain.md section 8), stored by key.

`monitor.alerts.service.evaluate_and_notify` adds the outbox messages; it is not imported
here so that the mail package can use the alert types without an import cycle.
"""

from monitor.alerts.engine import RULES, EvaluationResult, UnknownRule, evaluate
from monitor.alerts.thresholds import ThresholdError, Thresholds, thresholds_for, with_overrides

__all__ = [
    "RULES",
    "EvaluationResult",
    "ThresholdError",
    "Thresholds",
    "UnknownRule",
    "evaluate",
    "thresholds_for",
    "with_overrides",
]
