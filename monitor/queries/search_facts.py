"""Search over the facts the site shows (findings, recommendations, inspections, staffing,
deaths, NGO findings): the `search_entry` rows and their full-text index.

At most CAP matches are read and ranked (bounded time on a word that is everywhere: the
newest ones on SQLite; on PostgreSQL see search_index.pg_first_matches); facets count those,
and the total says when it was capped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup
from sqlalchemy import text
from sqlmodel import Session

from monitor.queries.search_index import (
    ENTRY_FTS,
    PG_CONFIG,
    VECTOR,
    pg_first_matches,
    pg_window,
)

CAP = 200
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
    "AND d.is_public = :true AND d.review_status = 'accepted'{fence}))"
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
    """Visible matching facts (at most :cap), best rank first.

    The index stops at the cap on a word found in most facts; only those rows are ranked.
    """
    if dialect == "sqlite":
        newest = (
            f"SELECT {_COLUMNS}, bm25({ENTRY_FTS}) AS rank FROM {ENTRY_FTS} "
            f"JOIN search_entry e ON e.id = {ENTRY_FTS}.rowid WHERE {ENTRY_FTS} MATCH :q "
            f"AND {_VISIBLE.format(fence='')} {_FILTERS} "
            f"ORDER BY {ENTRY_FTS}.rowid DESC LIMIT :cap"
        )
        return f"SELECT * FROM ({newest}) n ORDER BY rank, id"
    tsq = f"to_tsquery('{PG_CONFIG}', :q)"
    # Visibility is checked on twice the cap read without it: a scan that pays one document
    # probe per row read looks dear enough to the planner that it read the whole GIN match
    # list of a common word instead (OFFSET 0: a probe per row, not a hash of every
    # visible document). Hidden documents' facts are few; were more than half of the rows
    # read hidden, the page would show fewer facts, and says the counts are capped.
    scan = pg_first_matches(
        f"SELECT {_COLUMNS}, e.{VECTOR} AS vector", "search_entry", "e",
        f"e.{VECTOR} @@ {tsq} {_FILTERS}", limit="2 * :cap",
    )  # fmt: skip
    first = f"SELECT * FROM ({scan}) e WHERE {_VISIBLE.format(fence=' OFFSET 0')} LIMIT :cap"
    columns = _COLUMNS.replace("e.", "n.")
    return (
        f"SELECT {columns}, -ts_rank(n.vector, {tsq}) AS rank FROM ({first}) n ORDER BY rank, n.id"
    )


def search_facts(
    *, session: Session, expr: str, filters: dict[str, Any]
) -> tuple[list[FactHit], bool]:
    """The best of at most CAP matching facts and whether there were more."""
    dialect = session.connection().dialect.name
    params = {"q": expr, "true": True, "cap": CAP + 1, "window": pg_window(expr), **filters}
    rows = session.connection().execute(text(_sql(dialect)), params).all()
    hits = [_hit(row) for row in rows]
    if len(hits) > CAP:  # one more than CAP was read only to tell that there were more
        hits.remove(min(hits, key=lambda hit: hit.entry_id))
        return hits, True
    return hits, False


def _hit(row: Any) -> FactHit:
    entry_id, kind, title, link, document_id, page, year, facility_id, rank = row
    return FactHit(entry_id, kind, title, link, document_id, page, year, facility_id, float(rank))
