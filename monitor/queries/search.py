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

from monitor.queries.search_facts import FACT_KINDS, FactHit, add_snippets, search_facts
from monitor.queries.search_index import PAGE_FTS, PG_CONFIG, TITLE_FTS
from monitor.queries.search_snippets import plain, snippets
from monitor.queries.search_terms import (
    BadSearchQuery,
    fts5_expression,
    newest_floor,
    newest_floor_pg,
    tsquery_expression,
)
from monitor.queries.shapes import SearchHitJSON
from monitor.record_kinds import document_kind_labels

_TERM = re.compile(r'"([^"]+)"|(\w+)', re.UNICODE)
TSQ = f"to_tsquery('{PG_CONFIG}', :q)"
# The indexed expressions of migration 0002, repeated verbatim so the GIN indexes apply.
PG_PAGE_DOC = f"to_tsvector('{PG_CONFIG}', p.text)"
PG_TITLE_DOC = f"to_tsvector('{PG_CONFIG}', d.title)"
DOC_KINDS = {"report": "Report", "inspection": "Inspection report", "ngo": "NGO report",
             "death_review": "Death review", "web_page": "Report web page",
             "listing": "Listing page", "workbook": "Statistics workbook"}  # fmt: skip
# At most this many best pages are read: bounded time on a word that is on most pages.
PAGE_CAP = 200
FACTS_PER_PAGE = 10  # facts are short: ten with snippets above the documents
_YEAR_OF = {"sqlite": "CAST(strftime('%Y', d.published_date) AS INTEGER)",
            "postgresql": "CAST(EXTRACT(YEAR FROM d.published_date) AS INTEGER)"}  # fmt: skip
_VISIBLE = (
    "d.is_public = :true AND d.review_status = 'accepted' "
    "AND (CAST(:source AS TEXT) IS NULL OR s.key = :source) "
    "AND (CAST(:kind AS TEXT) IS NULL OR d.kind = :kind) "
    "AND (CAST(:year AS INTEGER) IS NULL OR {year} = :year) "
    "AND (CAST(:facility AS TEXT) IS NULL OR EXISTS (SELECT 1 FROM document_facility df "
    "JOIN facility f ON f.id = df.facility_id WHERE df.document_id = d.id AND f.slug = :facility))"
)
_CURRENT = "(d.current_version_id IS NULL OR d.current_version_id = v.id)"
# The first facility a document names, for the facet (correlated: one index probe per hit).
FACILITY = "(SELECT MIN(df.facility_id) FROM document_facility df WHERE df.document_id = d.id)"


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
    """Matching documents (`hits`, `total`) and matching facts (`facts`, `fact_total`)."""

    query: str
    hits: list[SearchHit]
    total: int
    page: int
    per_page: int
    facilities: list[Facet] = field(default_factory=list)
    sources: list[Facet] = field(default_factory=list)
    facts: list[FactHit] = field(default_factory=list)
    fact_total: int = 0
    capped: bool = False  # a very common word: counts cover the best matches only
    kinds: list[Facet] = field(default_factory=list)
    years: list[Facet] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return self.total == 0 and self.fact_total == 0


@dataclass
class _Doc:
    """A matching document while ranking: best rank, best page and pages matched."""

    source_id: int
    rank: float
    facility_id: int | None = None
    page_id: int | None = None
    page_number: int | None = None
    pages: int = 0
    kind: str = ""
    year: int | None = None


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
    """The best visible matching pages (and titles): document, source, page, rank, facets."""
    visible = _VISIBLE.format(year=_YEAR_OF[dialect])
    if dialect == "sqlite":
        pages = (
            f"SELECT v.document_id, d.source_id, p.id, p.page_number, bm25({PAGE_FTS}), {FACILITY}, "
            f"d.kind, {_YEAR_OF[dialect]} "
            f"FROM {PAGE_FTS} JOIN document_page p ON p.id = {PAGE_FTS}.rowid "
            f"JOIN document_version v ON v.id = p.version_id JOIN document d ON "
            f"d.id = v.document_id JOIN source s ON s.id = d.source_id "
            f"WHERE {PAGE_FTS} MATCH :q AND {PAGE_FTS}.rowid >= :page_floor AND {_CURRENT} "
            f"AND {visible}"
        )
        titles = (
            f"SELECT d.id, d.source_id, NULL, NULL, 2 * bm25({TITLE_FTS}), {FACILITY}, d.kind, "
            f"{_YEAR_OF[dialect]} FROM {TITLE_FTS} "
            f"JOIN document d ON d.id = {TITLE_FTS}.rowid JOIN source s ON "
            f"s.id = d.source_id WHERE {TITLE_FTS} MATCH :q AND {TITLE_FTS}.rowid >= :title_floor "
            f"AND {visible}"
        )
        return f"SELECT * FROM ({pages} UNION ALL {titles}) h ORDER BY 5 LIMIT {PAGE_CAP}"
    pages = (
        f"SELECT v.document_id, d.source_id, p.id, p.page_number, "
        f"-ts_rank(to_tsvector('{PG_CONFIG}', p.text), {TSQ}), {FACILITY}, d.kind, "
        f"{_YEAR_OF[dialect]} FROM document_page p "
        f"JOIN document_version v ON v.id = p.version_id JOIN document d ON "
        f"d.id = v.document_id JOIN source s ON s.id = d.source_id "
        f"WHERE {PG_PAGE_DOC} @@ {TSQ} AND p.id >= :page_floor AND {_CURRENT} AND {visible}"
    )
    titles = (
        f"SELECT d.id, d.source_id, NULL, NULL, -2 * ts_rank(to_tsvector('{PG_CONFIG}', "
        f"d.title), {TSQ}), {FACILITY}, d.kind, {_YEAR_OF[dialect]} FROM document d JOIN source s "
        f"ON s.id = d.source_id WHERE {PG_TITLE_DOC} @@ {TSQ} AND d.id >= :title_floor AND {visible}"
    )
    return f"SELECT * FROM ({pages} UNION ALL {titles}) h ORDER BY 5 LIMIT {PAGE_CAP}"


def _rank_documents(rows: list[Any]) -> dict[int, _Doc]:
    """Fold page hits into documents, keeping each document's best page."""
    docs: dict[int, _Doc] = {}
    for doc_id, source_id, page_id, page_number, rank, facility_id, kind, year in rows:
        doc = docs.setdefault(
            doc_id, _Doc(source_id, float(rank), facility_id, kind=kind, year=year)
        )
        if page_id is not None:
            doc.pages += 1
            if doc.page_id is None or rank <= doc.rank:
                doc.page_id, doc.page_number = page_id, page_number
        doc.rank = min(doc.rank, float(rank))
    return docs


def _facility_facet(session: Session, docs: dict[int, _Doc], facts: list[FactHit]) -> list[Facet]:
    """Facilities named by the matching documents and facts, most matches first (top 25)."""
    counts = Counter(d.facility_id for d in docs.values() if d.facility_id is not None)
    counts.update(f.facility_id for f in facts if f.facility_id is not None)
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


def _kind_facet(docs: dict[int, _Doc], facts: list[FactHit]) -> list[Facet]:
    """Kinds of document and of fact among the matches."""
    counts = Counter(d.kind for d in docs.values())
    counts.update(f.kind for f in facts)
    labels = {**DOC_KINDS, **document_kind_labels(), **FACT_KINDS}
    facets = [
        Facet(k, labels.get(k, k.replace("_", " ").capitalize()), n) for k, n in counts.items()
    ]
    return sorted(facets, key=lambda f: (-f.count, f.label))


def _year_facet(docs: dict[int, _Doc], facts: list[FactHit]) -> list[Facet]:
    """Years (publication for documents, described for facts), newest first."""
    counts = Counter(d.year for d in docs.values() if d.year is not None)
    counts.update(f.year for f in facts if f.year is not None)
    return [Facet(str(y), str(y), n) for y, n in sorted(counts.items(), reverse=True)]


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


def _floors(session: Session, expr: str) -> dict[str, int]:
    """Rowid floors that bound the work on very common words (SQLite; see newest_floor)."""
    conn = session.connection()
    if conn.dialect.name != "sqlite":
        return {
            "page_floor": newest_floor_pg(conn, "document_page p", PG_PAGE_DOC, expr, PAGE_CAP),
            "title_floor": newest_floor_pg(conn, "document d", PG_TITLE_DOC, expr, PAGE_CAP),
        }
    return {
        "page_floor": newest_floor(conn, PAGE_FTS, expr, PAGE_CAP),
        "title_floor": newest_floor(conn, TITLE_FTS, expr, PAGE_CAP),
    }


def search(
    *,
    session: Session,
    query: str,
    facility: str | None = None,
    source: str | None = None,
    kind: str | None = None,
    year: int | None = None,
    page: int = 1,
    per_page: int = 20,
) -> SearchResults:
    """Documents and facts matching `query`, best first, with facets; raises BadSearchQuery."""
    dialect = session.connection().dialect.name
    expr = fts5_expression(query) if dialect == "sqlite" else tsquery_expression(query)
    filters = {"facility": facility, "kind": kind, "year": year}
    params = {"q": expr, "true": True, "source": source, **filters, **_floors(session, expr)}
    rows = list(session.connection().execute(text(_hits_sql(dialect)), params))
    docs = _rank_documents(rows)
    facts, facts_capped = (
        ([], False) if source else search_facts(session=session, expr=expr, filters=filters)
    )
    ranked = sorted(docs, key=lambda d: (docs[d].rank, d))
    window = slice((page - 1) * per_page, page * per_page)
    shown_facts = facts[(page - 1) * FACTS_PER_PAGE : page * FACTS_PER_PAGE]
    add_snippets(session, expr, shown_facts)
    return SearchResults(
        query, _hits(session, dialect, expr, docs, ranked[window]), len(docs), page, per_page,
        _facility_facet(session, docs, facts), _source_facet(session, docs), shown_facts,
        len(facts), facts_capped or bool(params.get("page_floor")), _kind_facet(docs, facts),
        _year_facet(docs, facts),
    )  # fmt: skip


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
