"""Full-text search over document page text and titles, with facility and source facets.

SQLite uses the FTS5 tables of migration 0002; PostgreSQL uses `to_tsvector('english', ...)`
matching the GIN expression indexes of the same migration. Only public, accepted documents
and their current version are searched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from markupsafe import Markup
from sqlalchemy import text
from sqlmodel import Session

from monitor.queries.search_snippets import best_pages, plain
from monitor.search_index import PAGE_FTS, PG_CONFIG, TITLE_FTS

_TERM = re.compile(r'"([^"]+)"|(\w+)', re.UNICODE)


class BadSearchQuery(ValueError):
    """The query has no searchable words."""


@dataclass
class SearchHit:
    document_id: int
    title: str
    report_number: str | None
    published_date: date | None
    source_name: str
    pages_matched: int
    best_page: int | None = None
    snippet: Markup = Markup("")

    def as_dict(self) -> dict[str, Any]:
        return {
            "document_id": self.document_id,
            "title": self.title,
            "report_number": self.report_number,
            "published_date": self.published_date.isoformat() if self.published_date else None,
            "source": self.source_name,
            "pages_matched": self.pages_matched,
            "best_page": self.best_page,
            "snippet": plain(self.snippet),
        }


@dataclass
class Facet:
    key: str
    label: str
    count: int


@dataclass
class SearchResults:
    query: str
    hits: list[SearchHit]
    total: int
    page: int
    per_page: int
    facilities: list[Facet] = field(default_factory=list)
    sources: list[Facet] = field(default_factory=list)


def fts5_query(query: str) -> str:
    """Turn what a person typed into a safe FTS5 expression: quoted terms and phrases, ANDed."""
    parts = []
    for phrase, word in _TERM.findall(query):
        words = re.findall(r"\w+", phrase) if phrase else [word]
        if words:
            parts.append('"' + " ".join(words) + '"')
    if not parts:
        raise BadSearchQuery("Enter at least one word to search for.")
    return " ".join(parts)


def _hits_cte(dialect: str) -> str:
    if dialect == "sqlite":
        return (
            f"SELECT v.document_id AS document_id, v.id AS version_id, p.page_number AS pno, "
            f"bm25({PAGE_FTS}) AS rank FROM {PAGE_FTS} "
            f"JOIN document_page p ON p.id = {PAGE_FTS}.rowid "
            f"JOIN document_version v ON v.id = p.version_id WHERE {PAGE_FTS} MATCH :q "
            f"UNION ALL SELECT {TITLE_FTS}.rowid, NULL, NULL, 2 * bm25({TITLE_FTS}) "
            f"FROM {TITLE_FTS} WHERE {TITLE_FTS} MATCH :q"
        )
    cfg = PG_CONFIG
    return (
        f"SELECT v.document_id AS document_id, v.id AS version_id, p.page_number AS pno, "
        f"-ts_rank(to_tsvector('{cfg}', p.text), websearch_to_tsquery('{cfg}', :q)) AS rank "
        f"FROM document_page p JOIN document_version v ON v.id = p.version_id "
        f"WHERE to_tsvector('{cfg}', p.text) @@ websearch_to_tsquery('{cfg}', :q) "
        f"UNION ALL SELECT d.id, NULL, NULL, "
        f"-2 * ts_rank(to_tsvector('{cfg}', d.title), websearch_to_tsquery('{cfg}', :q)) "
        f"FROM document d WHERE to_tsvector('{cfg}', d.title) @@ websearch_to_tsquery('{cfg}', :q)"
    )


_VISIBLE = (
    "JOIN document d ON d.id = h.document_id JOIN source s ON s.id = d.source_id "
    "WHERE d.is_public = :true AND d.review_status = 'accepted' AND (h.version_id IS NULL "
    "OR d.current_version_id IS NULL OR d.current_version_id = h.version_id) "
    "AND (CAST(:source AS TEXT) IS NULL OR s.key = :source) AND (CAST(:facility AS TEXT) IS NULL OR EXISTS ("
    "SELECT 1 FROM document_facility df JOIN facility f ON f.id = df.facility_id "
    "WHERE df.document_id = d.id AND f.slug = :facility))"
)


def _documents(session: Session, cte: str, params: dict[str, Any], limit: int, offset: int) -> list:
    sql = (
        f"WITH h AS ({cte}) SELECT d.id, d.title, d.report_number, d.published_date, s.name, "
        f"COUNT(h.pno), MIN(h.rank) AS best FROM h {_VISIBLE} "
        f"GROUP BY d.id, d.title, d.report_number, d.published_date, s.name "
        f"ORDER BY best, d.id LIMIT :limit OFFSET :offset"
    )
    return list(
        session.connection().execute(text(sql), {**params, "limit": limit, "offset": offset})
    )


def _count(session: Session, cte: str, params: dict[str, Any]) -> int:
    sql = f"WITH h AS ({cte}) SELECT COUNT(DISTINCT d.id) FROM h {_VISIBLE}"
    return int(session.connection().execute(text(sql), params).scalar() or 0)


def _facets(session: Session, cte: str, params: dict[str, Any]) -> tuple[list[Facet], list[Facet]]:
    fac_join = (
        "JOIN document_facility df2 ON df2.document_id = d.id "
        "JOIN facility f2 ON f2.id = df2.facility_id WHERE"
    )
    visible = _VISIBLE.replace("WHERE", fac_join, 1)
    by_fac = (
        f"WITH h AS ({cte}) SELECT f2.slug, f2.name, COUNT(DISTINCT d.id) AS n FROM h "
        f"{visible} GROUP BY f2.slug, f2.name ORDER BY n DESC, f2.name LIMIT 25"
    )
    by_src = (
        f"WITH h AS ({cte}) SELECT s.key, s.name, COUNT(DISTINCT d.id) AS n FROM h "
        f"{_VISIBLE} GROUP BY s.key, s.name ORDER BY n DESC, s.name"
    )
    conn = session.connection()
    return (
        [Facet(*r) for r in conn.execute(text(by_fac), params)],
        [Facet(*r) for r in conn.execute(text(by_src), params)],
    )


def search(
    *,
    session: Session,
    query: str,
    facility: str | None = None,
    source: str | None = None,
    page: int = 1,
    per_page: int = 20,
) -> SearchResults:
    """Documents matching `query`, best first, with facets; raises BadSearchQuery."""
    dialect = session.connection().dialect.name
    expr = fts5_query(query) if dialect == "sqlite" else query
    if dialect != "sqlite":
        fts5_query(query)  # same validation on every backend
    cte = _hits_cte(dialect)
    params = {"q": expr, "true": True, "source": source, "facility": facility}
    rows = _documents(session, cte, params, per_page, (page - 1) * per_page)
    snippets = best_pages(session, dialect, expr, [r[0] for r in rows])
    hits = []
    for doc_id, title, number, published, src, pages, _rank in rows:
        best, snip = snippets.get(doc_id, (None, Markup("")))
        hits.append(
            SearchHit(doc_id, title, number, _as_date(published), src, int(pages or 0), best, snip)
        )
    facilities, sources = _facets(session, cte, params)
    return SearchResults(
        query, hits, _count(session, cte, params), page, per_page, facilities, sources
    )


def _as_date(value: Any) -> date | None:
    """SQLite returns dates from raw SQL as ISO strings."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])
