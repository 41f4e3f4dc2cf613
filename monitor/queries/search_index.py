"""DDL of the full-text search index, used by migration 0002 (one place for its names).

SQLite: two external-content FTS5 tables (page text, document titles) kept in sync by
triggers. PostgreSQL: GIN expression indexes over `to_tsvector('english', ...)`, which the
search queries repeat verbatim so the planner uses them.
"""

from __future__ import annotations

PAGE_FTS = "document_page_fts"
TITLE_FTS = "document_title_fts"
PG_PAGE_INDEX = "ix_document_page_tsv"
PG_TITLE_INDEX = "ix_document_title_tsv"
PG_CONFIG = "english"
ENTRY_FTS = "search_entry_fts"
PG_ENTRY_INDEX = "ix_search_entry_tsv"
# The text PostgreSQL indexes for a search entry; queries repeat it verbatim (index match).
PG_ENTRY_DOC = f"to_tsvector('{PG_CONFIG}', e.title || ' ' || e.body)"


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


def is_search_object(name: str | None) -> bool:
    """True for tables and indexes this module owns (schema comparisons must skip them)."""
    if not name:
        return False
    return name.startswith((PAGE_FTS, TITLE_FTS, ENTRY_FTS)) or name in (
        PG_PAGE_INDEX,
        PG_TITLE_INDEX,
        PG_ENTRY_INDEX,
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
