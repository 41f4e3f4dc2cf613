"""The migrations and the models describe the same schema, on every backend."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

import monitor.models  # noqa: F401
from monitor.db import get_engine


def test_models_and_migrations_agree(db_app) -> None:
    engine = get_engine(db_app)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": False})
        diff = compare_metadata(context, SQLModel.metadata)
    assert diff == [], f"models and migrations disagree; run `make migration-reset`: {diff}"


def test_every_model_table_exists(db_app) -> None:
    tables = set(inspect(get_engine(db_app)).get_table_names())
    assert {t.name for t in SQLModel.metadata.sorted_tables} <= tables
