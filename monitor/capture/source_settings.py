"""Admin-editable source settings: enabled, schedule, expected cadence."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from monitor.models import Source


class SourceSettingsError(ValueError):
    """The new settings were refused; the message says why."""


def list_sources(*, session: Session) -> list[Source]:
    """Every source, by key."""
    return list(session.exec(select(Source).order_by(col(Source.key))))


def update_source(
    *, session: Session, source_id: int, enabled: bool, schedule: str, cadence_days: str
) -> tuple[Source, dict[str, Any]]:
    """Apply the form's values; returns the source and what changed (old, new)."""
    source = session.get(Source, source_id)
    if source is None:
        raise SourceSettingsError(f"no source with id {source_id}")
    cadence = cadence_days.strip()
    if cadence and (not cadence.isdigit() or not 1 <= int(cadence) <= 3650):
        raise SourceSettingsError("The expected cadence is a number of days between 1 and 3650.")
    new = {
        "enabled": enabled,
        "schedule": schedule.strip()[:100] or None,
        "expected_cadence_days": int(cadence) if cadence else None,
    }
    changes = {k: [getattr(source, k), v] for k, v in new.items() if getattr(source, k) != v}
    for key, (_, value) in changes.items():
        setattr(source, key, value)
    session.add(source)
    session.flush()
    return source, changes
