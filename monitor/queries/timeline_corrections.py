"""Corrections of the facts shown on a timeline page, so each shows "corrected on DATE: REASON"."""

from __future__ import annotations

from collections import defaultdict

from sqlmodel import Session, col, select

from monitor.models import Correction

# Timeline item kinds whose key names a row of a corrected table ("finding-12").
KIND_TABLES = {
    "inspection": "inspection",
    "finding": "finding",
    "staffing": "staffing_observation",
    "death": "death_record",
    "recommendation": "recommendation",
    "document": "document",
}


def corrections_by_item_key(*, session: Session, keys: list[str]) -> dict[str, list[Correction]]:
    """{timeline item key: its corrections, oldest first}, in one query for the whole page."""
    wanted: dict[tuple[str, int], str] = {}
    for key in keys:
        kind, _, raw_id = key.rpartition("-")
        if kind in KIND_TABLES and raw_id.isdigit():
            wanted[(KIND_TABLES[kind], int(raw_id))] = key
    if not wanted:
        return {}
    rows = session.exec(
        select(Correction)
        .where(col(Correction.table_name).in_({t for t, _ in wanted}))
        .where(col(Correction.row_id).in_({r for _, r in wanted}))
        .order_by(col(Correction.created_at), col(Correction.id))
    )
    found: dict[str, list[Correction]] = defaultdict(list)
    for row in rows:
        item_key = wanted.get((row.table_name, row.row_id))
        if item_key is not None:  # the IN lists also match other tables' rows with these ids
            found[item_key].append(row)
    return dict(found)
