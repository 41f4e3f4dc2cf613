"""Alert thresholds: the typed `settings.alerts` section (monitor/config.py), plus named
overrides for one evaluation (tests, what-if runs)."""

from __future__ import annotations

from dataclasses import fields, replace
from typing import Any

from monitor.config import AlertThresholds, Settings

# The alert rules' name for the `settings.alerts` section.
Thresholds = AlertThresholds


class ThresholdError(ValueError):
    """A threshold override names no known threshold or has the wrong type."""


def with_overrides(base: AlertThresholds, overrides: dict[str, Any]) -> AlertThresholds:
    """Copy with named thresholds replaced; unknown names and non-numbers fail by name."""
    types = {f.name: f.type for f in fields(base)}
    clean: dict[str, Any] = {}
    for name, value in overrides.items():
        if name not in types:
            raise ThresholdError(f"unknown alert threshold {name!r}")
        kind = float if types[name] in ("float", float) else int
        try:
            clean[name] = kind(value)
        except (TypeError, ValueError) as exc:
            raise ThresholdError(f"alert threshold {name!r} must be a number") from exc
    return replace(base, **clean)


def thresholds_for(settings: Settings) -> AlertThresholds:
    """The thresholds a deployment runs with."""
    return settings.alerts
