"""DDL of the full-text search index, used by migrations 0002, 0004 and 0010 (one place for
its names).

SQLite: external-content FTS5 tables (page text, document titles, search entries) kept in
sync by triggers. PostgreSQL (from migration 0010): a stored generated `search_vector`
column on each searched table with a GIN index. Stored, because ranking, phrase checks and
ordering by newest match then read the vector instead of re-parsing the text per row (the
expression indexes of 0002 and 0004 made every ranked row cost a `to_tsvector` call).
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Connection

PAGE_FTS = "document_page_fts"
TITLE_FTS = "document_title_fts"
PG_PAGE_INDEX = "ix_document_page_tsv"
PG_TITLE_INDEX = "ix_document_title_tsv"
PG_CONFIG = "english"
ENTRY_FTS = "search_entry_fts"
PG_ENTRY_INDEX = "ix_search_entry_tsv"
# The text PostgreSQL indexes for a search entry; queries repeat it verbatim (index match).
PG_ENTRY_DOC = f"to_tsvector('{PG_CONFIG}', e.title || ' ' || e.body)"
# PostgreSQL's stored tsvector column (migration 0010) and, per table, the text it holds.
VECTOR = "search_vector"
_VECTOR_SOURCES = {
    "document_page": "coalesce(text, '')",
    "document": "coalesce(title, '')",
    "search_entry": "coalesce(title, '') || ' ' || coalesce(body, '')",
}
# The expression indexes that the vector indexes replace, per table.
_EXPRESSION_INDEXES = {
    "document_page": (PG_PAGE_INDEX, f"to_tsvector('{PG_CONFIG}', text)"),
    "document": (PG_TITLE_INDEX, f"to_tsvector('{PG_CONFIG}', title)"),
    "search_entry": (PG_ENTRY_INDEX, f"to_tsvector('{PG_CONFIG}', title || ' ' || body)"),
}


def _fts_table(name: str, column: str, content: str) -> list[str]:
    """An external-content FTS5 table over `content.column` and the three sync triggers."""
    cols = [c.strip() for c in column.split(",")]
    new = ", ".join(f"new.{c}" for c in cols)
    old = ", ".join(f"old.{c}" for c in cols)
    return [
        f"CREATE VIRTUAL TABLE {name} USING fts5({column}, content='{content}', "
        f"content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')",
        f"CREATE TRIGGER {name}_ai AFTER INSERT ON {content} BEGIN "
        f"INSERT INTO {name}(rowid, {column}) VALUES (new.id, {new}); END",
        f"CREATE TRIGGER {name}_ad AFTER DELETE ON {content} BEGIN "
        f"INSERT INTO {name}({name}, rowid, {column}) VALUES ('delete', old.id, {old}); END",
        f"CREATE TRIGGER {name}_au AFTER UPDATE OF {column} ON {content} BEGIN "
        f"INSERT INTO {name}({name}, rowid, {column}) VALUES ('delete', old.id, {old}); "
        f"INSERT INTO {name}(rowid, {column}) VALUES (new.id, {new}); END",
        f"INSERT INTO {name}({name}) VALUES ('rebuild')",
    ]


def entry_upgrade_statements(dialect: str) -> list[str]:
    """SQL creating the index over search entries (migration 0004)."""
    if dialect == "sqlite":
        return _fts_table(ENTRY_FTS, "title, body", "search_entry")
    if dialect == "postgresql":
        doc = PG_ENTRY_DOC.replace("e.", "")
        return [f"CREATE INDEX {PG_ENTRY_INDEX} ON search_entry USING gin ({doc})"]
    return []


def entry_downgrade_statements(dialect: str) -> list[str]:
    """SQL removing what `entry_upgrade_statements` created."""
    if dialect == "sqlite":
        drops = [f"DROP TRIGGER IF EXISTS {ENTRY_FTS}_{s}" for s in ("ai", "ad", "au")]
        return [*drops, f"DROP TABLE IF EXISTS {ENTRY_FTS}"]
    if dialect == "postgresql":
        return [f"DROP INDEX IF EXISTS {PG_ENTRY_INDEX}"]
    return []


def upgrade_statements(dialect: str) -> list[str]:
    """SQL creating the search index on `dialect` (sqlite or postgresql)."""
    if dialect == "sqlite":
        return _fts_table(PAGE_FTS, "text", "document_page") + _fts_table(
            TITLE_FTS, "title", "document"
        )
    if dialect == "postgresql":
        return [
            f"CREATE INDEX {PG_PAGE_INDEX} ON document_page "
            f"USING gin (to_tsvector('{PG_CONFIG}', text))",
            f"CREATE INDEX {PG_TITLE_INDEX} ON document "
            f"USING gin (to_tsvector('{PG_CONFIG}', title))",
        ]
    return []


def downgrade_statements(dialect: str) -> list[str]:
    """SQL removing everything `upgrade_statements` created."""
    if dialect == "sqlite":
        out = []
        for name in (PAGE_FTS, TITLE_FTS):
            out += [f"DROP TRIGGER IF EXISTS {name}_{s}" for s in ("ai", "ad", "au")]
            out.append(f"DROP TABLE IF EXISTS {name}")
        return out
    if dialect == "postgresql":
        return [f"DROP INDEX IF EXISTS {PG_PAGE_INDEX}", f"DROP INDEX IF EXISTS {PG_TITLE_INDEX}"]
    return []


# Newest rows PostgreSQL reads one by one before it turns to the GIN index (see below).
NEWEST_WINDOW = 500
_NO_WINDOW = 2**31 - 1  # with an empty window, every row is older than it


def pg_first_matches(select: str, table: str, alias: str, where: str, limit: str = ":cap") -> str:
    """PostgreSQL: `select` over at most `limit` rows of `table` (as `alias`) meeting
    `where`, in work bounded however common or rare the words are.

    First the newest :window rows (pg_window), read one by one newest first: a common word fills
    the cap there after a few hundred rows, and the rest is never run (Append runs its
    parts in order and the LIMIT stops it). Then the older rows from the GIN index in table
    order (see pg_search_settings), which costs the length of the words' match lists: short
    for the words that did not fill the cap among the newest rows, as a rule. Ranking all
    matches instead, or sorting them newest first, would read every matching row. (`id + 0`
    keeps the planner from intersecting the GIN bitmap with a key range of most of the table.)
    """
    newest = f"(SELECT * FROM {table} ORDER BY id DESC LIMIT :window)"
    return (
        f"SELECT * FROM (({select} FROM {newest} {alias} WHERE {where}) UNION ALL "
        f"({select} FROM {table} {alias} WHERE {where} AND {alias}.id + 0 < "
        f"COALESCE((SELECT MIN(id) FROM {newest} w), {_NO_WINDOW}))) {alias} LIMIT {limit}"
    )


def pg_window(expr: str) -> int:
    """The :window of pg_first_matches for a tsquery: none for several words or a phrase.
    Checking a phrase costs ten times a word, and two words are seldom common enough
    together to fill the cap among the newest rows: the walk would be wasted."""
    return 0 if any(operator in expr for operator in _SEVERAL_WORDS) else NEWEST_WINDOW


_PG_SEARCH = [
    ("plan_cache_mode", "force_custom_plan"),
    # A plan with a disabled (so costed huge) sequential scan, even of the six sources,
    # crosses the JIT threshold: 100+ ms of compiling for a query that runs in microseconds.
    ("jit", "off"),
]
_SEVERAL_WORDS = ("&", "<->")  # tsquery operators between words and in phrases


def pg_search_settings(conn: Connection, expr: str) -> None:
    """PostgreSQL planner settings for the statements of one search (nothing on SQLite).

    For one word the planner knows from the statistics how common it is: a common word is
    read by a sequential scan that the LIMIT stops early, a rare one from the GIN index.
    For several words or a phrase it multiplies the words' frequencies, and a phrase of
    common words (or words seldom together) looks common while it is rare: a sequential
    scan would then read the whole table. Those are read from the GIN index only, which
    costs the length of the words' match lists. No cached generic plan either (psycopg
    prepares a statement after five runs): that plan is made without the words.
    """
    if conn.dialect.name != "postgresql":
        return
    settings = list(_PG_SEARCH)
    if any(operator in expr for operator in _SEVERAL_WORDS):
        settings.append(("enable_seqscan", "off"))
    # One round trip (several statements are allowed in a query without parameters). SET
    # LOCAL lasts until the end of the transaction, the request's: what follows a search
    # there is a page render, which these settings do not slow down.
    conn.execute(text("; ".join(f"SET LOCAL {name} = {value}" for name, value in settings)))


def vector_index(table: str) -> str:
    """Name of the GIN index over `table`'s stored search vector."""
    return f"ix_{table}_{VECTOR}"


def vector_upgrade_statements(dialect: str) -> list[str]:
    """PostgreSQL: stored search vectors with GIN indexes, replacing the expression indexes
    (migration 0010). A generated column follows every insert and update by itself."""
    if dialect != "postgresql":
        return []
    out = []
    for table, source in _VECTOR_SOURCES.items():
        out += [
            f"ALTER TABLE {table} ADD COLUMN {VECTOR} tsvector GENERATED ALWAYS AS "
            f"(to_tsvector('{PG_CONFIG}', {source})) STORED",
            # No pending list: a search reads the index alone, however long ago autovacuum ran.
            f"CREATE INDEX {vector_index(table)} ON {table} USING gin ({VECTOR}) "
            "WITH (fastupdate = off)",
            f"DROP INDEX IF EXISTS {_EXPRESSION_INDEXES[table][0]}",
        ]
    return [*out, "ANALYZE document_page, document, search_entry"]


def vector_downgrade_statements(dialect: str) -> list[str]:
    """SQL undoing `vector_upgrade_statements`: the expression indexes come back."""
    if dialect != "postgresql":
        return []
    out = []
    for table, (index, expression) in _EXPRESSION_INDEXES.items():
        out += [
            f"CREATE INDEX IF NOT EXISTS {index} ON {table} USING gin ({expression})",
            f"ALTER TABLE {table} DROP COLUMN IF EXISTS {VECTOR}",
        ]
    return out


def is_search_object(name: str | None) -> bool:
    """True for tables, indexes and columns this module owns (schema comparisons skip them)."""
    if not name:
        return False
    return (
        name.startswith((PAGE_FTS, TITLE_FTS, ENTRY_FTS))
        or name in (PG_PAGE_INDEX, PG_TITLE_INDEX, PG_ENTRY_INDEX, VECTOR)
        or name in {vector_index(table) for table in _VECTOR_SOURCES}
    )


def page_index_repair_statements(dialect: str) -> list[str]:
    """SQLite: re-create the page index and its triggers (a batch ALTER of document_page,
    as migration 0006 does, rebuilds the table and silently drops its triggers)."""
    if dialect != "sqlite":
        return []
    drops = [f"DROP TRIGGER IF EXISTS {PAGE_FTS}_{s}" for s in ("ai", "ad", "au")]
    return [
        *drops,
        f"DROP TABLE IF EXISTS {PAGE_FTS}",
        *_fts_table(PAGE_FTS, "text", "document_page"),
    ]
