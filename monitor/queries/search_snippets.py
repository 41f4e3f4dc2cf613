"""Highlighted snippets for the best page of each document on a page of search results."""

from __future__ import annotations

from markupsafe import Markup, escape
from sqlalchemy import bindparam, text
from sqlmodel import Session

from monitor.queries.search_index import PAGE_FTS, PG_CONFIG

START, STOP = "\x02", "\x03"
PG_OPTIONS = f"StartSel={START}, StopSel={STOP}, MaxWords=30, MinWords=12"


def highlight(raw: str) -> Markup:
    """Escape a snippet, then turn the match markers into <mark> elements."""
    safe = str(escape(raw))
    return Markup(safe.replace(START, "<mark>").replace(STOP, "</mark>"))


def plain(snippet: Markup) -> str:
    """Snippet text without markup (for JSON and CSV)."""
    return Markup(snippet).striptags()


def snippets(session: Session, dialect: str, query: str, page_ids: list[int]) -> dict[int, Markup]:
    """{page id: highlighted snippet} for the given document pages."""
    conn = session.connection()
    out: dict[int, Markup] = {}
    if not page_ids:
        return out
    if dialect == "sqlite":
        # A rowid range FTS5 can use, then `+rowid IN` checked per row: one walk of the
        # index (each walk reads a common word's whole match list), where `rowid IN (...)`
        # or one query per page would walk it once per page.
        stmt = text(
            f"SELECT rowid, snippet({PAGE_FTS}, 0, :start, :stop, '…', 24) FROM {PAGE_FTS} "
            f"WHERE {PAGE_FTS} MATCH :q AND rowid BETWEEN :low AND :high AND +rowid IN :ids"
        ).bindparams(bindparam("ids", expanding=True))
        params = {"q": query, "ids": page_ids, "low": min(page_ids), "high": max(page_ids),
                  "start": START, "stop": STOP}  # fmt: skip
        for page_id, raw in conn.execute(stmt, params):
            out[page_id] = highlight(raw or "")
        return out
    stmt = text(
        f"SELECT p.id, ts_headline('{PG_CONFIG}', p.text, to_tsquery("
        f"'{PG_CONFIG}', :q), :opts) FROM document_page p WHERE p.id IN :ids"
    ).bindparams(bindparam("ids", expanding=True))
    for page_id, raw in conn.execute(stmt, {"q": query, "ids": page_ids, "opts": PG_OPTIONS}):
        out[page_id] = highlight(raw or "")
    return out
