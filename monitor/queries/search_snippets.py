"""Best matching page and highlighted snippet for each document on a page of search results."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape
from sqlalchemy import bindparam, text
from sqlmodel import Session

from monitor.search_index import PAGE_FTS, PG_CONFIG

START, STOP = "\x02", "\x03"


def highlight(raw: str) -> Markup:
    """Escape a snippet, then turn the match markers into <mark> elements."""
    safe = str(escape(raw.replace("<mark>", "")))
    return Markup(safe.replace(START, "<mark>").replace(STOP, "</mark>"))


def plain(snippet: Markup) -> str:
    """Snippet text without markup (for JSON and CSV)."""
    return Markup(snippet).striptags()


def best_pages(session: Session, dialect: str, query: str, doc_ids: list[int]) -> dict[int, Any]:
    """{document_id: (page_number, snippet)} for the best page of each document."""
    if not doc_ids:
        return {}
    if dialect == "sqlite":
        sql = (
            f"SELECT v.document_id, p.page_number, snippet({PAGE_FTS}, 0, :start, :stop, '…', 24) "
            f"FROM {PAGE_FTS} JOIN document_page p ON p.id = {PAGE_FTS}.rowid "
            f"JOIN document_version v ON v.id = p.version_id JOIN document d ON d.id = v.document_id "
            f"WHERE {PAGE_FTS} MATCH :q AND v.document_id IN :ids AND (d.current_version_id IS "
            f"NULL OR d.current_version_id = v.id) ORDER BY bm25({PAGE_FTS})"
        )
    else:
        cfg = PG_CONFIG
        sql = (
            f"SELECT v.document_id, p.page_number, ts_headline('{cfg}', p.text, "
            f"websearch_to_tsquery('{cfg}', :q), :opts) FROM document_page p "
            f"JOIN document_version v ON v.id = p.version_id JOIN document d ON d.id = v.document_id "
            f"WHERE to_tsvector('{cfg}', p.text) @@ websearch_to_tsquery('{cfg}', :q) "
            f"AND v.document_id IN :ids AND (d.current_version_id IS NULL OR "
            f"d.current_version_id = v.id) ORDER BY ts_rank(to_tsvector('{cfg}', p.text), "
            f"websearch_to_tsquery('{cfg}', :q)) DESC"
        )
    stmt = text(sql).bindparams(bindparam("ids", expanding=True))
    params = {
        "q": query,
        "ids": doc_ids,
        "start": START,
        "stop": STOP,
        "opts": f"StartSel={START}, StopSel={STOP}, MaxWords=30, MinWords=12",
    }
    out: dict[int, Any] = {}
    for doc_id, page, snip in session.connection().execute(stmt, params):
        out.setdefault(doc_id, (page, highlight(snip or "")))
    return out
