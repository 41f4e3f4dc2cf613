"""Search over the facts the site shows (findings, recommendations, inspections, staffing,
deaths, NGO findings): the `search_entry` rows and their full-text index.

At most CAP best matches are read (bounded time on a word that is everywhere); facets count
those, and the total says when it was capped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup
from sqlalchemy import text
from sqlmodel import Session

from monitor.queries.search_index import ENTRY_FTS, PG_CONFIG, PG_ENTRY_DOC
from monitor.queries.search_snippets import START, STOP, highlight
from monitor.queries.search_terms import newest_floor, newest_floor_pg

CAP = 200
RANKED = 200  # newest matches ranked on SQLite (see search_terms.newest_floor)
FACT_KINDS = {
    "finding": "Finding",
    "ngo_finding": "NGO finding",
    "recommendation": "Recommendation",
    "inspection": "Inspection",
    "staffing": "Staffing figure",
    "death": "Death in custody",
}
_VISIBLE = (
    "(e.document_id IS NULL OR EXISTS (SELECT 1 FROM document d WHERE d.id = e.document_id "
    "AND d.is_public = :true AND d.review_status = 'accepted'))"
)
_FILTERS = (
    "AND (CAST(:kind AS TEXT) IS NULL OR e.kind = :kind) "
    "AND (CAST(:year AS INTEGER) IS NULL OR e.year = :year) "
    "AND (CAST(:facility AS TEXT) IS NULL OR e.facility_id = "
    "(SELECT f.id FROM facility f WHERE f.slug = :facility))"
)
_COLUMNS = "e.id, e.kind, e.title, e.link, e.document_id, e.page, e.year, e.facility_id"


@dataclass
class FactHit:
    entry_id: int
    kind: str
    title: str
    link: str
    document_id: int | None
    page: int | None
    year: int | None
    facility_id: int | None
    rank: float
    snippet: Markup = Markup("")

    @property
    def kind_label(self) -> str:
        return FACT_KINDS.get(self.kind, self.kind.replace("_", " ").capitalize())

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "title": self.title, "link": self.link,
                "document_id": self.document_id, "page": self.page, "year": self.year,
                "snippet": Markup(self.snippet).striptags()}  # fmt: skip


def _sql(dialect: str) -> str:
    if dialect == "sqlite":
        return (
            f"SELECT {_COLUMNS}, bm25({ENTRY_FTS}) AS rank FROM {ENTRY_FTS} "
            f"JOIN search_entry e ON e.id = {ENTRY_FTS}.rowid WHERE {ENTRY_FTS} MATCH :q "
            f"AND {ENTRY_FTS}.rowid >= :floor "
            f"AND {_VISIBLE} {_FILTERS} ORDER BY rank LIMIT {CAP + 1}"
        )
    tsq = f"to_tsquery('{PG_CONFIG}', :q)"
    return (
        f"SELECT {_COLUMNS}, -ts_rank({PG_ENTRY_DOC}, {tsq}) AS rank FROM search_entry e "
        f"WHERE {PG_ENTRY_DOC} @@ {tsq} AND e.id >= :floor AND {_VISIBLE} {_FILTERS} "
        f"ORDER BY rank LIMIT {CAP + 1}"
    )


def search_facts(
    *, session: Session, expr: str, filters: dict[str, Any]
) -> tuple[list[FactHit], bool]:
    """The best matching facts (at most CAP) and whether there were more."""
    dialect = session.connection().dialect.name
    params = {"q": expr, "true": True, **filters}
    if dialect == "sqlite":
        params["floor"] = newest_floor(session.connection(), ENTRY_FTS, expr, RANKED)
    else:
        params["floor"] = newest_floor_pg(
            session.connection(), "search_entry e", PG_ENTRY_DOC, expr, RANKED
        )
    rows = session.connection().execute(text(_sql(dialect)), params).all()
    hits = [_hit(row) for row in rows[:CAP]]
    return hits, len(rows) > CAP or bool(params.get("floor"))


def _hit(row: Any) -> FactHit:
    entry_id, kind, title, link, document_id, page, year, facility_id, rank = row
    return FactHit(entry_id, kind, title, link, document_id, page, year, facility_id, float(rank))


def add_snippets(session: Session, expr: str, hits: list[FactHit]) -> None:
    """Highlighted snippets for the facts shown on this page."""
    if not hits:
        return
    conn = session.connection()
    if conn.dialect.name == "sqlite":
        stmt = text(
            f"SELECT snippet({ENTRY_FTS}, 1, :start, :stop, '…', 24) FROM {ENTRY_FTS} "
            f"WHERE {ENTRY_FTS} MATCH :q AND rowid = :id"
        )
        for hit in hits:
            raw = conn.execute(stmt, {"q": expr, "id": hit.entry_id, "start": START,
                                      "stop": STOP}).scalar()  # fmt: skip
            hit.snippet = highlight(raw or "")
        return
    stmt = text(
        f"SELECT ts_headline('{PG_CONFIG}', body, to_tsquery('{PG_CONFIG}', :q), "
        f"'StartSel={START}, StopSel={STOP}, MaxWords=30, MinWords=12') "
        "FROM search_entry WHERE id = :id"
    )
    for hit in hits:
        hit.snippet = highlight(conn.execute(stmt, {"q": expr, "id": hit.entry_id}).scalar() or "")
