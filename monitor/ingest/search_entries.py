"""Search entries: every fact the site shows, as text the full-text index can find.

One INSERT ... SELECT per kind of fact, run for one document after its facts are written
(or for every document: migration 0004, the scale dataset, `monitor demo`). Document text
itself is searched through its pages (monitor/queries/search.py); these entries make the
findings, recommendations, inspections, staffing figures and deaths findable by what the
site says about them, with their facility and year for the facets.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Connection

# The year a fact describes (or, when not stated, its document's publication year).
_YEAR = {
    "sqlite": "CAST(strftime('%Y', {0}) AS INTEGER)",
    "postgresql": "CAST(EXTRACT(YEAR FROM {0}) AS INTEGER)",
}
_DOC_LINK = "'/documents/' || CAST({0} AS TEXT)"
_COLUMNS = "(ref_kind, ref_id, kind, document_id, facility_id, year, title, body, link, page)"

# (ref_kind, SELECT of the entry columns with {year} and {doc} placeholders, document column)
_SELECTS: list[tuple[str, str, str]] = [
    ("finding",
     "SELECT 'finding', f.id, CASE WHEN f.result = 'allegation' THEN 'ngo_finding' "
     "ELSE 'finding' END, f.document_id, f.facility_id, "
     "{year:COALESCE(f.observed_until, f.found_date, d.published_date)}, f.raw_label, "
     "REPLACE(f.category, '_', ' ') || ' ' || f.result || ' ' || COALESCE(f.summary, '') || ' ' "
     "|| COALESCE(f.quote, ''), {doc:f.document_id}, f.page "
     "FROM finding f JOIN document d ON d.id = f.document_id "
     "WHERE f.review_status = 'accepted'", "f.document_id"),
    ("recommendation",
     "SELECT 'recommendation', r.id, 'recommendation', r.document_id, r.facility_id, "
     "{year:COALESCE(r.issued_date, d.published_date)}, 'Recommendation ' || "
     "CAST(r.number AS TEXT) || COALESCE(' of ' || d.report_number, ''), r.text || ' ' || "
     "COALESCE(r.addressee_raw, '') || ' ' || COALESCE(r.quote, ''), "
     "'/recommendations/' || CAST(r.id AS TEXT), r.page "
     "FROM recommendation r JOIN document d ON d.id = r.document_id WHERE 1 = 1",
     "r.document_id"),
    ("inspection",
     "SELECT 'inspection', i.id, 'inspection', i.document_id, i.facility_id, "
     "{year:COALESCE(i.end_date, i.start_date, d.published_date)}, i.inspector || ' ' || "
     "COALESCE(i.inspection_type, '') || ' inspection', COALESCE(i.rating_raw, i.rating, '') "
     "|| ' ' || COALESCE(i.standard, '') || ' ' || COALESCE(i.operator, '') || ' ' || "
     "COALESCE(i.raw_title, '') || ' ' || COALESCE(i.quote, ''), {doc:i.document_id}, i.page "
     "FROM inspection i JOIN document d ON d.id = i.document_id "
     "WHERE i.review_status = 'accepted'", "i.document_id"),
    ("staffing",
     "SELECT 'staffing', s.id, 'staffing', s.document_id, s.facility_id, "
     "{year:COALESCE(s.observed_until, s.as_of_date, d.published_date)}, 'Staffing (' || "
     "REPLACE(s.role_group, '_', ' ') || ')', 'staffing ' || COALESCE(s.quote, ''), "
     "{doc:s.document_id}, s.page "
     "FROM staffing_observation s JOIN document d ON d.id = s.document_id "
     "WHERE s.review_status = 'accepted'", "s.document_id"),
    ("death",
     "SELECT 'death', x.id, 'death', x.document_id, x.facility_id, "
     "{year:COALESCE(x.date_of_death, d.published_date)}, 'Death in custody: ' || "
     "x.person_name, 'death in custody ' || COALESCE(x.quote, ''), "
     "{doc:x.document_id}, x.page "
     "FROM death_record x JOIN document d ON d.id = x.document_id WHERE 1 = 1",
     "x.document_id"),
]  # fmt: skip


def _render(select: str, dialect: str) -> str:
    """Fill the {year:...} and {doc:...} placeholders for `dialect`."""
    out = select
    for marker, template in (("{year:", _YEAR[dialect]), ("{doc:", _DOC_LINK)):
        while marker in out:
            start = out.index(marker)
            end = out.index("}", start)
            out = out[:start] + template.format(out[start + len(marker) : end]) + out[end + 1 :]
    return out


def refresh_entries(conn: Connection, document_id: int | None = None) -> None:
    """Rewrite the search entries of one document's facts (of every document when None)."""
    dialect = "postgresql" if conn.dialect.name == "postgresql" else "sqlite"
    params = {} if document_id is None else {"doc": document_id}
    if document_id is None:
        conn.execute(text("DELETE FROM search_entry"))
    else:
        conn.execute(text("DELETE FROM search_entry WHERE document_id = :doc"), params)
    for _, select, doc_column in _SELECTS:
        where = "" if document_id is None else f" AND {doc_column} = :doc"
        sql = f"INSERT INTO search_entry {_COLUMNS} {_render(select, dialect)}{where}"
        conn.execute(text(sql), params)
