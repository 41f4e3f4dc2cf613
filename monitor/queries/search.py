"""Full-text search over document page text and titles, with facility and source facets.

SQLite uses the FTS5 tables of migration 0002; PostgreSQL uses `to_tsvector('english', ...)`
matching the GIN expression indexes of the same migration. Only public, accepted documents
and their current version are searched. One query fetches every visible matching page with
its rank; ranking per document, paging and the source facet are then done in Python, so the
index is scanned once for the results and once more for the facility facet.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from markupsafe import Markup
from sqlalchemy import bindparam, text
from sqlmodel import Session

from monitor.queries.search_index import PAGE_FTS, PG_CONFIG, TITLE_FTS
from monitor.queries.search_snippets import plain, snippets
from monitor.queries.shapes import SearchHitJSON

_TERM = re.compile(r'"([^"]+)"|(\w+)', re.UNICODE)
TSQ = f"websearch_to_tsquery('{PG_CONFIG}', :q)"
_VISIBLE = (
    "d.is_public = :true AND d.review_status = 'accepted' "
    "AND (CAST(:source AS TEXT) IS NULL OR s.key = :source) "
    "AND (CAST(:facility AS TEXT) IS NULL OR EXISTS (SELECT 1 FROM document_facility df "
    "JOIN facility f ON f.id = df.facility_id WHERE df.document_id = d.id AND f.slug = :facility))"
)
_CURRENT = "(d.current_version_id IS NULL OR d.current_version_id = v.id)"
# The first facility a document names, for the facet (correlated: one index probe per hit).
FACILITY = "(SELECT MIN(df.facility_id) FROM document_facility df WHERE df.document_id = d.id)"


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

    def as_dict(self) -> SearchHitJSON:
        return {
            "document_id": self.document_id, "title": self.title,
            "report_number": self.report_number,
            "published_date": self.published_date.isoformat() if self.published_date else None,
            "source": self.source_name, "pages_matched": self.pages_matched,
            "best_page": self.best_page, "snippet": plain(self.snippet),
        }  # fmt: skip


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


@dataclass
class _Doc:
    """A matching document while ranking: best rank, best page and pages matched."""

    source_id: int
    rank: float
    facility_id: int | None = None
    page_id: int | None = None
    page_number: int | None = None
    pages: int = 0


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


def _hits_sql(dialect: str) -> str:
    """Every visible matching page (and title) as (document, source, page id, number, rank)."""
    if dialect == "sqlite":
        pages = (
            f"SELECT v.document_id, d.source_id, p.id, p.page_number, bm25({PAGE_FTS}), {FACILITY} "
            f"FROM {PAGE_FTS} JOIN document_page p ON p.id = {PAGE_FTS}.rowid "
            f"JOIN document_version v ON v.id = p.version_id JOIN document d ON "
            f"d.id = v.document_id JOIN source s ON s.id = d.source_id "
            f"WHERE {PAGE_FTS} MATCH :q AND {_CURRENT} AND {_VISIBLE}"
        )
        titles = (
            f"SELECT d.id, d.source_id, NULL, NULL, 2 * bm25({TITLE_FTS}), {FACILITY} FROM {TITLE_FTS} "
            f"JOIN document d ON d.id = {TITLE_FTS}.rowid JOIN source s ON "
            f"s.id = d.source_id WHERE {TITLE_FTS} MATCH :q AND {_VISIBLE}"
        )
        return f"{pages} UNION ALL {titles}"
    pages = (
        f"SELECT v.document_id, d.source_id, p.id, p.page_number, "
        f"-ts_rank(to_tsvector('{PG_CONFIG}', p.text), {TSQ}), {FACILITY} FROM document_page p "
        f"JOIN document_version v ON v.id = p.version_id JOIN document d ON "
        f"d.id = v.document_id JOIN source s ON s.id = d.source_id "
        f"WHERE to_tsvector('{PG_CONFIG}', p.text) @@ {TSQ} AND {_CURRENT} AND {_VISIBLE}"
    )
    titles = (
        f"SELECT d.id, d.source_id, NULL, NULL, -2 * ts_rank(to_tsvector('{PG_CONFIG}', "
        f"d.title), {TSQ}), {FACILITY} FROM document d JOIN source s ON s.id = d.source_id "
        f"WHERE to_tsvector('{PG_CONFIG}', d.title) @@ {TSQ} AND {_VISIBLE}"
    )
    return f"{pages} UNION ALL {titles}"


def _rank_documents(rows: list[Any]) -> dict[int, _Doc]:
    """Fold page hits into documents, keeping each document's best page."""
    docs: dict[int, _Doc] = {}
    for doc_id, source_id, page_id, page_number, rank, facility_id in rows:
        doc = docs.setdefault(doc_id, _Doc(source_id, float(rank), facility_id))
        if page_id is not None:
            doc.pages += 1
            if doc.page_id is None or rank <= doc.rank:
                doc.page_id, doc.page_number = page_id, page_number
        doc.rank = min(doc.rank, float(rank))
    return docs


def _facility_facet(session: Session, docs: dict[int, _Doc]) -> list[Facet]:
    """Facilities named by the matching documents, most documents first (top 25)."""
    counts = Counter(d.facility_id for d in docs.values() if d.facility_id is not None)
    top = counts.most_common(25)
    if not top:
        return []
    stmt = text("SELECT id, slug, name FROM facility WHERE id IN :ids").bindparams(
        bindparam("ids", expanding=True)
    )
    names = {
        fid: (slug, name)
        for fid, slug, name in session.connection().execute(stmt, {"ids": [fid for fid, _ in top]})
    }
    facets = [Facet(*names[fid], n) for fid, n in top if fid in names]
    return sorted(facets, key=lambda f: (-f.count, f.label))


def _source_facet(session: Session, docs: dict[int, _Doc]) -> list[Facet]:
    counts = Counter(d.source_id for d in docs.values())
    if not counts:
        return []
    names = {
        sid: (key, name)
        for sid, key, name in session.connection().execute(text("SELECT id, key, name FROM source"))
    }
    facets = [Facet(*names[sid], n) for sid, n in counts.items() if sid in names]
    return sorted(facets, key=lambda f: (-f.count, f.label))


def _metadata(session: Session, doc_ids: list[int]) -> dict[int, tuple]:
    if not doc_ids:
        return {}
    stmt = text(
        "SELECT d.id, d.title, d.report_number, d.published_date, s.name FROM document d "
        "JOIN source s ON s.id = d.source_id WHERE d.id IN :ids"
    ).bindparams(bindparam("ids", expanding=True))
    return {row[0]: tuple(row[1:]) for row in session.connection().execute(stmt, {"ids": doc_ids})}


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
    expr = fts5_query(query)  # validates on every backend
    if dialect != "sqlite":
        expr = query  # websearch_to_tsquery parses what people type safely
    params = {"q": expr, "true": True, "source": source, "facility": facility}
    docs = _rank_documents(list(session.connection().execute(text(_hits_sql(dialect)), params)))
    ranked = sorted(docs, key=lambda d: (docs[d].rank, d))
    shown = ranked[(page - 1) * per_page : page * per_page]
    hits = _hits(session, dialect, expr, docs, shown)
    return SearchResults(
        query,
        hits,
        len(docs),
        page,
        per_page,
        _facility_facet(session, docs),
        _source_facet(session, docs),
    )


def _hits(
    session: Session, dialect: str, expr: str, docs: dict[int, _Doc], shown: list[int]
) -> list[SearchHit]:
    """The shown documents with their metadata and best page's snippet."""
    meta = _metadata(session, shown)
    page_ids = [pid for pid in (docs[d].page_id for d in shown) if pid is not None]
    snips = snippets(session, dialect, expr, page_ids)
    hits = []
    for doc_id in shown:
        title, number, published, source_name = meta[doc_id]
        doc = docs[doc_id]
        hits.append(
            SearchHit(
                doc_id,
                title,
                number,
                _as_date(published),
                source_name,
                doc.pages,
                doc.page_number,
                snips.get(doc.page_id or 0, Markup("")),
            )
        )
    return hits


def _as_date(value: Any) -> date | None:
    """SQLite returns dates from raw SQL as ISO strings."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])
