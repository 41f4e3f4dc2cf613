"""Highlighted snippets for the results shown on a page of search results: each document's
best page and each fact."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape
from sqlalchemy import bindparam, text
from sqlmodel import Session

from monitor.queries.search_index import ENTRY_FTS, PAGE_FTS, PG_CONFIG

START, STOP = "\x02", "\x03"
PG_OPTIONS = f"StartSel={START}, StopSel={STOP}, MaxWords=30, MinWords=12"


def highlight(raw: str) -> Markup:
    """Escape a snippet, then turn the match markers into <mark> elements."""
    safe = str(escape(raw))
    return Markup(safe.replace(START, "<mark>").replace(STOP, "</mark>"))


def plain(snippet: Markup) -> str:
    """Snippet text without markup (for JSON and CSV)."""
    return Markup(snippet).striptags()


def snippets(
    session: Session, dialect: str, query: str, page_ids: list[int], entry_ids: list[int]
) -> tuple[dict[int, Markup], dict[int, Markup]]:
    """({page id: snippet}, {search entry id: snippet}) for the results shown, in one query."""
    parts: list[str] = []
    params: dict[str, Any] = {"q": query, "start": START, "stop": STOP, "opts": PG_OPTIONS}
    for kind, ids, fts, table, column, number in (
        ("page", page_ids, PAGE_FTS, "document_page", "text", 0),
        ("entry", entry_ids, ENTRY_FTS, "search_entry", "body", 1),
    ):
        if not ids:
            continue
        if dialect == "sqlite":
            # A rowid range FTS5 can use, then `+rowid IN` checked per row: one walk of the
            # index (each walk reads a common word's whole match list), where `rowid IN
            # (...)` or one query per row would walk it once per row.
            parts.append(
                f"SELECT '{kind}', rowid, snippet({fts}, {number}, :start, :stop, '…', 24) "
                f"FROM {fts} WHERE {fts} MATCH :q AND rowid BETWEEN :{kind}_low "
                f"AND :{kind}_high AND +rowid IN :{kind}_ids"
            )
        else:
            parts.append(
                f"SELECT '{kind}', id, ts_headline('{PG_CONFIG}', {column}, "
                f"to_tsquery('{PG_CONFIG}', :q), :opts) FROM {table} WHERE id IN :{kind}_ids"
            )
        params |= {f"{kind}_ids": ids, f"{kind}_low": min(ids), f"{kind}_high": max(ids)}
    out: dict[str, dict[int, Markup]] = {"page": {}, "entry": {}}
    if parts:
        stmt = text(" UNION ALL ".join(parts)).bindparams(
            *(bindparam(f"{kind}_ids", expanding=True) for kind in ("page", "entry")
              if f"{kind}_ids" in params)
        )  # fmt: skip
        for kind, row_id, raw in session.connection().execute(stmt, params):
            out[kind][int(row_id)] = highlight(raw or "")
    return out["page"], out["entry"]
