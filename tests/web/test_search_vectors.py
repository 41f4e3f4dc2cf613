"""PostgreSQL search vectors (migration 0010): stored tsvector columns with GIN indexes that
follow rows written after the migration, and a downgrade that brings back what 0002 made."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date

import pytest
from flask import Flask
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from monitor import config
from monitor.db import get_engine, session_scope, upgrade
from monitor.ingest.search_entries import refresh_entries
from monitor.models import Document, DocumentFacility, DocumentPage, DocumentVersion, Finding
from monitor.queries.search import search
from monitor.queries.search_index import PG_PAGE_INDEX, VECTOR, vector_index
from tests.web.builder import Built

SEARCHED = ("document_page", "document", "search_entry")


@pytest.fixture
def pg_built(built_db: tuple[Flask, Built]) -> tuple[Flask, Built]:
    app, ids = built_db
    assert get_engine(app).dialect.name == "postgresql"
    return app, ids


@pytest.fixture
def empty_pg() -> Iterator[str]:
    """A database of its own (migrations are run back and forth on it)."""
    base = config.test_postgres_url()
    if not base:
        pytest.skip("MONITOR_TEST_POSTGRES_URL not set")
    name = f"monitor_vectors_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(base).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _indexes(url: str) -> dict[str, str]:
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT indexname, indexdef FROM pg_indexes"))
        out = {name: definition for name, definition in rows}
    engine.dispose()
    return out


def test_migration_creates_gin_indexes_and_downgrade_restores_0002(empty_pg: str) -> None:
    upgrade(empty_pg)
    indexes = _indexes(empty_pg)
    for table in SEARCHED:
        assert f"USING gin ({VECTOR})" in indexes[vector_index(table)]
    assert PG_PAGE_INDEX not in indexes  # the expression index it replaces is gone

    _downgrade(empty_pg, "0009")
    indexes = _indexes(empty_pg)
    assert "to_tsvector('english'::regconfig, text)" in indexes[PG_PAGE_INDEX]
    assert not any(vector_index(table) in indexes for table in SEARCHED)

    upgrade(empty_pg)
    assert vector_index("document_page") in _indexes(empty_pg)


def _downgrade(url: str, revision: str) -> None:
    from alembic import command

    from monitor.db import alembic_config

    command.downgrade(alembic_config(url), revision)


@pytest.mark.parametrize("db_app", ["postgres"], indirect=True)  # stored vectors are PG's
def test_page_and_fact_written_after_the_migration_are_found(pg_built: tuple[Flask, Built]) -> None:
    app, ids = pg_built
    with session_scope(app) as session:
        doc = Document(source_id=_source_of(session, ids), external_id="water-audit",
                       kind="report", title="Water audit",
                       published_date=date(2024, 3, 1), is_public=True,
                       review_status="accepted")  # fmt: skip
        session.add(doc)
        session.flush()
        version = DocumentVersion(
            document_id=doc.id, sha256="f" * 64, size=1, storage_path="water-audit.pdf"
        )
        session.add(version)
        session.flush()
        doc.current_version_id = version.id
        page_text = "Inspectors found the staffing of the infirmary short."
        session.add(DocumentPage(version_id=version.id, page_number=1, text=page_text))
        session.add(DocumentFacility(document_id=doc.id, facility_id=ids.ids["facility"]))
        session.add(Finding(document_id=doc.id, facility_id=ids.ids["facility"], page=1,
                            category="SEGREGATION", result="deficient",
                            raw_label="Infirmary", summary="Quarantine cells unheated",
                            review_status="accepted"))  # fmt: skip
        session.flush()
        refresh_entries(session.connection(), doc.id)
        doc_id = doc.id
    with session_scope(app) as session:
        stemmed = search(session=session, query="staff infirmary")
        phrase = search(session=session, query='"staffing of the infirmary"')
        fact = search(session=session, query="quarantine")
    assert [h.document_id for h in stemmed.hits] == [doc_id]
    assert "<mark>staffing</mark>" in str(stemmed.hits[0].snippet)
    assert [h.document_id for h in phrase.hits] == [doc_id]
    assert [f.title for f in fact.facts] == ["Infirmary"]
    assert "<mark>Quarantine</mark>" in str(fact.facts[0].snippet)
    assert {f.key: f.count for f in fact.years} == {"2024": 1}


def _source_of(session, ids: Built) -> int:  # noqa: ANN001
    report = session.get(Document, ids.ids["report"])
    assert report is not None
    return int(report.source_id)
