"""Corrections of the facts shown on a timeline page, so each shows "corrected on DATE: REASON"."""

from __future__ import annotations

from collections import defaultdict

from sqlmodel import Session

from monitor.models import Correction
from monitor.review.corrections import corrections_for_rows

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
    """{timeline item key: its corrections, oldest first}, one query per table shown."""
    ids_by_kind: dict[str, list[int]] = defaultdict(list)
    for key in keys:
        kind, _, raw_id = key.rpartition("-")
        if kind in KIND_TABLES and raw_id.isdigit():
            ids_by_kind[kind].append(int(raw_id))
    found: dict[str, list[Correction]] = {}
    for kind, ids in ids_by_kind.items():
        rows = corrections_for_rows(session=session, table_name=KIND_TABLES[kind], row_ids=ids)
        for row_id, items in rows.items():
            found[f"{kind}-{row_id}"] = items
    return found
