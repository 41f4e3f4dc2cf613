"""Alert thresholds: defaults from domain.md section 8, overridable through settings.extra."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

# Settings.extra keys look like `alert_open_age_warning_days=400`.
EXTRA_PREFIX = "alert_"


class ThresholdError(ValueError):
    """A threshold override names no known threshold or has the wrong type."""


@dataclass(frozen=True)
class Thresholds:
    """Every number an alert rule compares against."""

    response_due_days: int = 90
    resolution_due_days: int = 183
    overdue_high_days: int = 180
    overdue_critical_days: int = 365
    ecd_slips: int = 2
    open_age_warning_days: int = 365
    open_age_high_days: int = 730
    repeat_window_days: int = 730
    repeat_inspections: int = 2
    critical_new_days: int = 365
    management_alert_days: int = 365
    contradiction_window_days: int = 180
    many_deficiencies: int = 10
    inspection_gap_days: int = 365
    inspection_gap_min_adp: float = 10.0
    staffing_warning_pct: float = 80.0
    staffing_critical_pct: float = 60.0
    staffing_medical_pct: float = 70.0
    staffing_persistent_days: int = 90
    guaranteed_min_cut_pct: float = 20.0
    death_report_days: int = 90
    source_silent_factor: float = 1.5
    source_failures: int = 3

    def with_overrides(self, overrides: dict[str, Any]) -> Thresholds:
        """Copy with named thresholds replaced; unknown names fail by name."""
        types = {f.name: f.type for f in fields(self)}
        clean: dict[str, Any] = {}
        for name, value in overrides.items():
            if name not in types:
                raise ThresholdError(f"unknown alert threshold {name!r}")
            kind = float if types[name] in ("float", float) else int
            try:
                clean[name] = kind(value)
            except (TypeError, ValueError) as exc:
                raise ThresholdError(f"alert threshold {name!r} must be a number") from exc
        return replace(self, **clean)


def thresholds_from_extra(extra: dict[str, Any]) -> Thresholds:
    """Thresholds with every `alert_<name>` key of settings.extra applied."""
    prefixed = {k[len(EXTRA_PREFIX) :]: v for k, v in extra.items() if k.startswith(EXTRA_PREFIX)}
    known = {f.name for f in fields(Thresholds)}
    # Other areas may use `alert_`-prefixed settings too; only names we know are thresholds.
    overrides = {k: v for k, v in prefixed.items() if k in known}
    overrides.update(extra.get("alert_thresholds") or {})
    return Thresholds().with_overrides(overrides)
