"""Full-text search over document page text and titles, with facility, source, kind and year
facets.

SQLite uses the FTS5 tables of migration 0002; PostgreSQL the stored `search_vector` columns
and GIN indexes of migration 0010. Only public, accepted documents and their current version
are searched. One query fetches visible matching pages and titles (at most PAGE_CAP each:
the newest on SQLite; on PostgreSQL see search_index.pg_first_matches) with their rank and
facet columns; ranking per document, paging and the facet counts are then done in Python
over those rows (one more query names the facets), and snippets are made for the shown page
only.
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

from monitor.queries.search_facts import FACT_KINDS, FactHit, search_facts
from monitor.queries.search_index import (
    PAGE_FTS,
    PG_CONFIG,
    TITLE_FTS,
    VECTOR,
    pg_first_matches,
    pg_search_settings,
    pg_window,
)
from monitor.queries.search_snippets import plain, snippets
from monitor.queries.search_terms import (
    BadSearchQuery,
    fts5_expression,
    tsquery_expression,
)
from monitor.queries.shapes import SearchHitJSON
from monitor.record_kinds import document_kind_labels

_TERM = re.compile(r'"([^"]+)"|(\w+)', re.UNICODE)
TSQ = f"to_tsquery('{PG_CONFIG}', :q)"
# Document kinds outside the record-kind registry (which labels "ngo" and any kind it adds).
DOC_KINDS = {"report": "Report", "inspection": "Inspection report",
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
_FACILITY = "(SELECT MIN(df.facility_id) FROM document_facility df WHERE df.document_id = {doc})"
_PAGE_JOINS = (
    "JOIN document_version v ON v.id = p.version_id JOIN document d ON d.id = v.document_id "
    "JOIN source s ON s.id = d.source_id"
)


@dataclass(frozen=True)
class _Index:
    """One searched table: its FTS5 table (SQLite), the page columns it gives, the joins to
    its document, and the weight of its rank (a title match counts double)."""

    table: str
    alias: str
    fts: str
    row: str
    joins: str  # SQLite: from the indexed row to its document and source
    extra: str
    weight: str
    pg_scope: str  # PostgreSQL: the visibility subquery's tables, tied to the matching row
    pg_document: str  # PostgreSQL: from a matching row to its document (an index probe each)


_NO_PAGE = "CAST(NULL AS INTEGER) AS id, CAST(NULL AS INTEGER) AS page_number"
_INDEXES = {
    "pages": _Index(
        "document_page", "p", PAGE_FTS, "p.id, p.page_number", _PAGE_JOINS, f"AND {_CURRENT}",
        "", "document_version v JOIN document d ON d.id = v.document_id JOIN source s "
        "ON s.id = d.source_id WHERE v.id = p.version_id",
        "CROSS JOIN LATERAL (SELECT d.* FROM document_version v JOIN document d "
        "ON d.id = v.document_id WHERE v.id = p.version_id OFFSET 0) d",
    ),
    "titles": _Index(
        "document", "d", TITLE_FTS, _NO_PAGE, "JOIN source s ON s.id = d.source_id", "",
        "2 * ", "source s WHERE s.id = d.source_id", "",
    ),
}  # fmt: skip


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


def _matches_sql(dialect: str, table: str) -> str:
    """At most :cap visible matches of one index (`pages` or `titles`), ranked.

    The index stops at the cap, so a word on most pages costs :cap rows, not one rank per
    match; the rank, the facility and the year are computed for those rows only. SQLite
    walks its matches newest first; PostgreSQL too, among its newest rows, then takes
    older ones in table order.
    """
    ix = _INDEXES[table]
    where = f"{_VISIBLE.format(year=_YEAR_OF[dialect])} {ix.extra}"
    year = _YEAR_OF[dialect]
    if dialect == "sqlite":
        return (
            f"SELECT d.id AS document_id, d.source_id, {ix.row}, {ix.weight}bm25({ix.fts}) "
            f"AS rank, {_FACILITY.format(doc='d.id')} AS facility_id, d.kind, {year} AS year "
            f"FROM {ix.fts} JOIN {ix.table} {ix.alias} ON {ix.alias}.id = {ix.fts}.rowid "
            f"{ix.joins} WHERE {ix.fts} MATCH :q AND {where} "
            f"ORDER BY {ix.fts}.rowid DESC LIMIT :cap"
        )
    # PostgreSQL: at most :cap matches (see pg_first_matches), each checked for visibility
    # in a subquery that OFFSET 0 keeps from being flattened into a join (joined, the
    # planner misjudged the version/document join to one row and walked every page). The
    # documents of the kept rows are then read by key (LATERAL ... OFFSET 0 again: the
    # planner would otherwise scan every version to hash-join 200 rows).
    first = pg_first_matches(
        f"SELECT {ix.alias}.*, {ix.alias}.{VECTOR} AS vector", ix.table, ix.alias,
        f"{ix.alias}.{VECTOR} @@ {TSQ} AND EXISTS (SELECT 1 FROM {ix.pg_scope} AND {where} "
        "OFFSET 0)",
    )  # fmt: skip
    return (
        f"SELECT d.id AS document_id, d.source_id, {ix.row}, "
        f"-{ix.weight}ts_rank({ix.alias}.vector, {TSQ}) AS rank, "
        f"{_FACILITY.format(doc='d.id')} AS facility_id, d.kind, {year} AS year "
        f"FROM ({first}) {ix.alias} {ix.pg_document}"
    )


def _hits_sql(dialect: str) -> str:
    """Visible matching pages and titles (at most :cap each): document, source, page, rank,
    facet columns."""
    pages, titles = _matches_sql(dialect, "pages"), _matches_sql(dialect, "titles")
    return f"SELECT * FROM ({pages}) a UNION ALL SELECT * FROM ({titles}) b ORDER BY 5"


def _capped(rows: list[Any]) -> bool:
    """True when pages or titles had more matches than PAGE_CAP (counts cover those read)."""
    pages = sum(1 for row in rows if row[2] is not None)
    return pages > PAGE_CAP or len(rows) - pages > PAGE_CAP


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


def _facility_facet(
    docs: dict[int, _Doc], facts: list[FactHit], names: dict[tuple[str, int], tuple[str, str]]
) -> list[Facet]:
    """Facilities named by the matching documents and facts, most matches first (top 25)."""
    facets = [Facet(*names[("facility", fid)], n) for fid, n in _top_facilities(docs, facts)
              if ("facility", fid) in names]  # fmt: skip
    return sorted(facets, key=lambda f: (-f.count, f.label))


def _top_facilities(docs: dict[int, _Doc], facts: list[FactHit]) -> list[tuple[int, int]]:
    counts = Counter(d.facility_id for d in docs.values() if d.facility_id is not None)
    counts.update(f.facility_id for f in facts if f.facility_id is not None)
    return counts.most_common(25)


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


def _source_facet(
    docs: dict[int, _Doc], names: dict[tuple[str, int], tuple[str, str]]
) -> list[Facet]:
    counts = Counter(d.source_id for d in docs.values())
    facets = [Facet(*names[("source", sid)], n) for sid, n in counts.items()
              if ("source", sid) in names]  # fmt: skip
    return sorted(facets, key=lambda f: (-f.count, f.label))


def _lookups(
    session: Session, shown: list[int], docs: dict[int, _Doc], facts: list[FactHit]
) -> tuple[dict[int, tuple], dict[tuple[str, int], tuple[str, str]]]:
    """The shown documents' metadata ({id: (title, number, published, source name)}) and the
    facets' names ({("facility" or "source", id): (key, name)}), in one query."""
    facilities = [fid for fid, _ in _top_facilities(docs, facts)]
    sources = sorted({d.source_id for d in docs.values()})
    if not (shown or facilities or sources):
        return {}, {}
    stmt = text(
        "SELECT 'document', d.id, d.title, d.report_number, CAST(d.published_date AS TEXT), "
        "s.name FROM document d JOIN source s ON s.id = d.source_id WHERE d.id IN :shown "
        "UNION ALL SELECT 'facility', id, slug, name, NULL, NULL FROM facility "
        "WHERE id IN :facilities "
        "UNION ALL SELECT 'source', id, key, name, NULL, NULL FROM source WHERE id IN :sources"
    ).bindparams(*(bindparam(name, expanding=True) for name in ("shown", "facilities", "sources")))
    meta: dict[int, tuple] = {}
    names: dict[tuple[str, int], tuple[str, str]] = {}
    params = {"shown": shown, "facilities": facilities, "sources": sources}
    for table, row_id, first, second, published, source_name in session.connection().execute(
        stmt, params
    ):
        if table == "document":
            meta[int(row_id)] = (first, second, published, source_name)
        else:
            names[(table, int(row_id))] = (first, second)
    return meta, names


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
    pg_search_settings(session.connection(), expr)  # PostgreSQL: bounded plans
    return _search(session, dialect, expr, query, source, page, per_page,
                   {"facility": facility, "kind": kind, "year": year})  # fmt: skip


def _search(
    session: Session,
    dialect: str,
    expr: str,
    query: str,
    source: str | None,
    page: int,
    per_page: int,
    filters: dict[str, Any],
) -> SearchResults:
    """`search` once the expression is built and the planner settings are in place."""
    params = {"q": expr, "true": True, "source": source, "cap": PAGE_CAP + 1,
              "window": pg_window(expr), **filters}  # fmt: skip
    rows = list(session.connection().execute(text(_hits_sql(dialect)), params))
    capped = _capped(rows)
    docs = _rank_documents(rows)
    facts, facts_capped = (
        ([], False) if source else search_facts(session=session, expr=expr, filters=filters)
    )
    ranked = sorted(docs, key=lambda d: (docs[d].rank, d))
    shown = ranked[(page - 1) * per_page : page * per_page]
    shown_facts = facts[(page - 1) * FACTS_PER_PAGE : page * FACTS_PER_PAGE]
    page_ids = [pid for pid in (docs[d].page_id for d in shown) if pid is not None]
    page_snips, fact_snips = snippets(
        session, dialect, expr, page_ids, [f.entry_id for f in shown_facts]
    )
    for fact in shown_facts:
        fact.snippet = fact_snips.get(fact.entry_id, Markup(""))
    meta, names = _lookups(session, shown, docs, facts)
    return SearchResults(
        query, _hits(meta, docs, shown, page_snips), len(docs), page, per_page,
        _facility_facet(docs, facts, names), _source_facet(docs, names), shown_facts,
        len(facts), facts_capped or capped, _kind_facet(docs, facts),
        _year_facet(docs, facts),
    )  # fmt: skip


def _hits(
    meta: dict[int, tuple], docs: dict[int, _Doc], shown: list[int], snips: dict[int, Markup]
) -> list[SearchHit]:
    """The shown documents with their metadata and best page's snippet."""
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
