"""The migrations and the models describe the same schema, on every backend."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

import monitor.models  # noqa: F401
from monitor.db import get_engine
from monitor.queries.search_index import is_search_object


def _not_search_index(obj, name, type_, reflected, compare_to) -> bool:  # noqa: ANN001
    """Skip objects the models do not declare on purpose.

    The hand-written full-text index of migration 0002, and APScheduler's job store table,
    which the scheduler creates and owns itself.
    """
    if name and name.startswith(("apscheduler_", "ix_apscheduler_")):
        return False
    table = getattr(obj, "table", None)
    if table is not None and str(table.name).startswith("apscheduler_"):
        return False
    return not is_search_object(name)


def test_models_and_migrations_agree(db_app) -> None:
    engine = get_engine(db_app)
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": False, "include_object": _not_search_index}
        )
        diff = compare_metadata(context, SQLModel.metadata)
    assert diff == [], f"models and migrations disagree; run `make migration-reset`: {diff}"


def test_every_model_table_exists(db_app) -> None:
    tables = set(inspect(get_engine(db_app)).get_table_names())
    assert {t.name for t in SQLModel.metadata.sorted_tables} <= tables


def test_full_text_triggers_survive_every_migration(tmp_path) -> None:
    """A later migration that copies document_page (an Alembic batch on SQLite) would drop
    the FTS sync triggers silently, and search would stop seeing new pages."""
    import sqlite3

    from monitor.db import upgrade

    db = tmp_path / "head.sqlite3"
    upgrade(f"sqlite:///{db}")
    with sqlite3.connect(db) as conn:
        triggers = {
            (table, name)
            for name, table in conn.execute(
                "SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger'"
            )
        }
    tables = {table for table, _ in triggers}
    assert {"document_page", "document"} <= tables
    assert len([t for t in triggers if t[0] == "document_page"]) == 3
