"""What a rule returns: alert candidates with a stable de-duplication key."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlmodel import Session

from monitor import i18n
from monitor.alerts.thresholds import Thresholds

SEVERITY_ORDER = {"info": 0, "warning": 1, "high": 2, "critical": 3}


@dataclass
class Candidate:
    """An alert a rule found to hold as of the evaluation date."""

    rule: str
    key: str
    subject: str
    since: date
    severity: str = "warning"
    facility_id: int | None = None
    recommendation_id: int | None = None
    document_id: int | None = None
    source_id: int | None = None
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def dedup_key(self) -> str:
        return f"{self.rule}:{self.key}"


@dataclass
class RuleContext:
    """Everything a rule may read: the session, the evaluation date, the thresholds."""

    session: Session
    as_of: date
    thresholds: Thresholds
    cache: dict[str, Any] = field(default_factory=dict)


Rule = Callable[[RuleContext], list[Candidate]]


def worst(*severities: str) -> str:
    """The most severe of the given severities."""
    return max(severities, key=lambda s: SEVERITY_ORDER[s])


def pk(row: Any) -> int:
    """Primary key of a row that has been flushed (so it has one)."""
    key = row.id
    if key is None:
        raise ValueError(f"{type(row).__name__} has no primary key yet; flush it first")
    return int(key)


def worded(message: str, **values: object) -> tuple[str, dict[str, Any]]:
    """A subject in English (stored, and what the API shows) and its wording as details, so
    pages and mail show it in each reader's language (`said`). Mark `message` with N_()."""
    words = i18n.Words(message, **values)
    with i18n.writing(i18n.DEFAULT_LANGUAGE):
        english = str(words)
    return english, {"wording": i18n.stored(words)}


def said(subject: str, details: dict[str, Any] | None) -> i18n.Text:
    """The subject of a stored alert in the language being written (as stored when unworded)."""
    wording = (details or {}).get("wording")
    return i18n.restored(wording) if wording else subject
