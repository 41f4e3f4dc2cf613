"""Column drift between two statistics releases: added, dropped and renamed columns."""

from __future__ import annotations

import re
from typing import Any

from monitor.models import StatRelease
from scrapers._stats_columns import POPULATION, field_for

_FISCAL_YEAR = re.compile(r"\bFY ?\d{2,4}\b", re.IGNORECASE)


def column_drift(previous: StatRelease | None, columns: list[str]) -> dict[str, Any]:
    """Compare a release's columns with the previous release's; empty when there is none."""
    if previous is None or not previous.columns:
        return {}
    # "FY19 ALOS" and "FY20 ALOS" are the same column in successive releases.
    before, after = _dedup(previous.columns), _dedup(columns)
    shown = {_year_free(c): c for c in [*previous.columns, *columns]}
    renamed = _renamed(before, after)
    renamed_from = {r["from"] for r in renamed}
    renamed_to = {r["to"] for r in renamed}
    added = [c for c in after if c not in before and c not in renamed_to]
    dropped = [c for c in before if c not in after and c not in renamed_from]
    if not (added or dropped or renamed):
        return {}
    for item in renamed:
        item["from"], item["to"] = shown[item["from"]], shown[item["to"]]
    return {
        "previous": previous.label,
        "added": [shown[c] for c in added],
        "dropped": [shown[c] for c in dropped],
        "renamed": renamed,
    }


def _year_free(header: str) -> str:
    return _FISCAL_YEAR.sub("FY", header)


def _dedup(columns: list[str]) -> list[str]:
    return list(dict.fromkeys(_year_free(c) for c in columns))


def _renamed(before: list[str], after: list[str]) -> list[dict[str, str]]:
    """Columns feeding the same field under a different header (population columns excluded)."""
    old = _by_field(before)
    new = _by_field(after)
    out = []
    for name, header in new.items():
        if name in old and old[name] != header and old[name] not in after:
            out.append({"field": name, "from": old[name], "to": header})
    return out


def _by_field(columns: list[str]) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for header in columns:
        name = field_for(header)
        if name is not None and name != POPULATION:
            mapping.setdefault(name, header)
    return mapping


def drift_warnings(drift: dict[str, Any]) -> list[str]:
    """One readable warning per kind of change."""
    if not drift:
        return []
    since = drift.get("previous", "the previous release")
    lines = []
    if drift.get("added"):
        lines.append(f"columns added since {since}: {', '.join(drift['added'])}")
    if drift.get("dropped"):
        lines.append(f"columns dropped since {since}: {', '.join(drift['dropped'])}")
    for item in drift.get("renamed", []):
        lines.append(f"column renamed since {since}: '{item['from']}' -> '{item['to']}'")
    return lines
