"""One SQL query listing (kind, id, date, category) of everything on a facility's timeline.

Filtering, ordering and paging happen in the database so a facility with thousands of
findings renders one page quickly; the caller then loads details for that page only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Date, bindparam, text
from sqlmodel import Session

from monitor.record_kinds import document_codes, document_kind_sql

PUBLIC = "d.is_public = :true AND d.review_status = 'accepted'"
PARTS = [
    "SELECT 'inspection' AS kind, i.id AS id, COALESCE(i.end_date, i.start_date) AS day, "
    "NULL AS category FROM inspection i LEFT JOIN document d ON d.id = i.document_id "
    f"WHERE i.facility_id = :fid AND i.review_status = 'accepted' AND (i.document_id IS NULL "
    f"OR ({PUBLIC}))",
    # Dated findings: read newest first along ix_finding_timeline (see DATED_ORDER).
    "SELECT 'finding' AS kind, f.id AS id, f.found_date AS day, f.category AS category "
    "FROM finding f JOIN document d ON d.id = f.document_id WHERE f.facility_id = :fid "
    f"AND f.review_status = 'accepted' AND f.found_date IS NOT NULL AND {PUBLIC}",
    # Undated findings take their inspection's or document's date.
    "SELECT 'finding' AS kind, f.id AS id, COALESCE(i.end_date, i.start_date, "
    "d.published_date) AS day, f.category AS category FROM finding f JOIN document d ON "
    "d.id = f.document_id LEFT JOIN inspection i ON i.id = f.inspection_id WHERE "
    f"f.facility_id = :fid AND f.review_status = 'accepted' AND f.found_date IS NULL AND {PUBLIC}",
    # Staffing and recommendations likewise: dated rows in index order, then the undated.
    "SELECT 'staffing' AS kind, st.id AS id, st.as_of_date AS day, 'STAFFING' AS category "
    "FROM staffing_observation st JOIN document d ON d.id = st.document_id "
    "WHERE st.facility_id = :fid AND st.review_status = 'accepted' "
    f"AND st.as_of_date IS NOT NULL AND {PUBLIC}",
    "SELECT 'staffing' AS kind, st.id AS id, d.published_date AS day, 'STAFFING' AS category "
    "FROM staffing_observation st JOIN document d ON d.id = st.document_id "
    "WHERE st.facility_id = :fid AND st.review_status = 'accepted' "
    f"AND st.as_of_date IS NULL AND {PUBLIC}",
    "SELECT 'recommendation' AS kind, r.id AS id, r.issued_date AS day, NULL AS category "
    "FROM recommendation r JOIN document d ON d.id = r.document_id WHERE r.facility_id = :fid "
    f"AND r.issued_date IS NOT NULL AND {PUBLIC}",
    "SELECT 'recommendation' AS kind, r.id AS id, d.published_date AS day, NULL AS category "
    "FROM recommendation r JOIN document d ON d.id = r.document_id WHERE r.facility_id = :fid "
    f"AND r.issued_date IS NULL AND {PUBLIC}",
    "SELECT 'death' AS kind, x.id AS id, x.date_of_death AS day, NULL AS category "
    "FROM death_record x "
    f"LEFT JOIN document d ON d.id = x.document_id WHERE x.facility_id = :fid "
    f"AND (x.document_id IS NULL OR ({PUBLIC}))",
    "SELECT 'alert' AS kind, a.id AS id, a.since AS day, NULL AS category FROM alert a "
    "WHERE a.facility_id = :fid",
    "SELECT 'statistics' AS kind, sn.id AS id, rel.release_date AS day, NULL AS category "
    "FROM facility_stat_snapshot sn "
    "JOIN stat_release rel ON rel.id = sn.release_id WHERE sn.facility_id = :fid",
]


def document_part() -> str:
    """The UNION part listing documents that name the facility, each as its registered kind."""
    kind = document_kind_sql("d.kind", "d.report_type")
    return (
        f"SELECT {kind} AS kind, d.id AS id, d.published_date AS day, NULL AS category "
        "FROM document_facility df JOIN document d ON d.id = df.document_id "
        # Documents already shown as an inspection or a death are not listed twice.
        f"WHERE df.facility_id = :fid AND {PUBLIC} AND d.id NOT IN (SELECT ci.document_id FROM "
        "inspection ci WHERE ci.facility_id = :fid AND ci.document_id IS NOT NULL UNION ALL "
        "SELECT cx.document_id FROM death_record cx WHERE cx.facility_id = :fid "
        "AND cx.document_id IS NOT NULL)"
    )


def all_parts() -> list[str]:
    """Every UNION part: one or two per kind with its own rows, then the documents."""
    return [*PARTS, document_part()]


@dataclass(frozen=True)
class TimelineRef:
    """Where a timeline item lives: its kind, row id (document id for documents) and date."""

    kind: str
    id: int
    day: date | None
    category: str | None


def _where(
    kinds: frozenset[str], category: str | None, start: date | None, end: date | None
) -> tuple[str, dict[str, Any]]:
    clauses: list[str] = []
    params: dict[str, Any] = {}
    if kinds:
        names = sorted(kinds)
        clauses.append("t.kind IN (" + ", ".join(f":k{i}" for i in range(len(names))) + ")")
        params.update({f"k{i}": name for i, name in enumerate(names)})
    if category:
        clauses.append("t.category = :category")
        params["category"] = category
    if start:
        clauses.append("t.day >= :start")
        params["start"] = start
    if end:
        clauses.append("t.day <= :end")
        params["end"] = end
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


@dataclass(frozen=True)
class TimelineQuery:
    """Which items of which facility (already validated)."""

    facility_id: int
    kinds: frozenset[str] = frozenset()
    category: str | None = None
    start: date | None = None
    end: date | None = None


def _execute(session: Session, sql: str, q: TimelineQuery, params: dict[str, Any]) -> list[Any]:
    stmt = text(sql)
    for name in ("start", "end"):
        if name in params:
            stmt = stmt.bindparams(bindparam(name, type_=Date))
    values = {"fid": q.facility_id, "true": True, **params}
    return list(session.connection().execute(stmt, values).all())


ORDER = "CASE WHEN t.day IS NULL THEN 1 ELSE 0 END, t.day DESC, t.kind DESC, t.id DESC"
# The kind of each part of all_parts(); None marks the document part, whose kind is computed per row.
PART_KINDS = ["inspection", "finding", "finding", "staffing", "staffing", "recommendation",
              "recommendation", "death", "alert", "statistics", None]  # fmt: skip
# Parts whose day is never NULL are ordered without the CASE, so SQLite walks an index
# (ix_finding_timeline) and stops after one page instead of sorting every finding.
DATED_PARTS = {1, 3, 5}
DATED_ORDER = "t.day DESC, t.id DESC"


def _parts(kinds: frozenset[str]) -> list[tuple[int, str]]:
    """The numbered UNION parts that can yield one of `kinds` (all when no kind filter)."""
    wanted = []
    for n, (part, kind) in enumerate(zip(all_parts(), PART_KINDS, strict=True)):
        if not kinds or (kind in kinds if kind else bool(kinds & set(document_codes()))):
            wanted.append((n, part))
    return wanted


def timeline_refs(
    *, session: Session, query: TimelineQuery, limit: int | None = None, offset: int = 0
) -> list[TimelineRef]:
    """The requested slice of the facility's timeline, newest first, undated items last."""
    where, params = _where(query.kinds, query.category, query.start, query.end)
    parts = _parts(query.kinds)
    if not parts:
        return []
    if limit is None:
        union, page = " UNION ALL ".join(p for _, p in parts), ""
    else:
        # Each part keeps only its own first offset+limit rows (a bounded sort), so the outer
        # sort sees a few hundred rows instead of every finding of a busy facility.
        top = int(offset) + int(limit)
        union = " UNION ALL ".join(
            f"SELECT * FROM (SELECT t.* FROM ({p}) t{where} ORDER BY "
            f"{DATED_ORDER if n in DATED_PARTS else ORDER} LIMIT {top}) p{n}"
            for n, p in parts
        )
        where, page = "", f" LIMIT {int(limit)} OFFSET {int(offset)}"
    sql = f"SELECT t.kind, t.id, t.day, t.category FROM ({union}) t{where} ORDER BY {ORDER}{page}"
    rows = _execute(session, sql, query, params)
    return [TimelineRef(k, int(i), _as_date(d), c) for k, i, d, c in rows]


def timeline_count(*, session: Session, query: TimelineQuery) -> int:
    """How many items the facility's (filtered) timeline holds."""
    where, params = _where(query.kinds, query.category, query.start, query.end)
    sql = f"SELECT COUNT(*) FROM ({' UNION ALL '.join(all_parts())}) t{where}"
    return int(_execute(session, sql, query, params)[0][0])


def _as_date(value: Any) -> date | None:
    """SQLite returns dates from raw SQL as ISO strings."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])
