"""Alerts on inaction: rules over the accepted facts (domain.md section 8), stored by key."""

from monitor.alerts.engine import RULES, EvaluationResult, UnknownRule, evaluate
from monitor.alerts.service import evaluate_and_notify
from monitor.alerts.thresholds import ThresholdError, Thresholds, thresholds_from_extra

__all__ = [
    "RULES",
    "EvaluationResult",
    "ThresholdError",
    "Thresholds",
    "UnknownRule",
    "evaluate",
    "evaluate_and_notify",
    "thresholds_from_extra",
]
