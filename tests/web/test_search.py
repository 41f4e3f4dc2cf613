"""Full-text search on SQLite FTS5 and PostgreSQL, with facets, ranking, highlighting and filters."""

from __future__ import annotations

import pytest
from flask import Flask

from monitor.db import session_scope
from monitor.models import Document, DocumentPage
from monitor.queries.search import BadSearchQuery, fts5_query, search
from tests.web.builder import Built


def test_search_finds_pages_and_titles(built_db: tuple[Flask, Built]) -> None:
    app, ids = built_db
    with session_scope(app) as session:
        found = search(session=session, query="plumbing cells")
    assert [h.document_id for h in found.hits] == [ids.ids["alert_doc"]]
    hit = found.hits[0]
    assert hit.best_page == 2 and "<mark>" in str(hit.snippet).lower()
    with session_scope(app) as session:
        titles = search(session=session, query="violations")
    assert titles.hits[0].report_number == "OIG-22-75"


def test_search_facets_and_filters(built_db: tuple[Flask, Built]) -> None:
    app, _ = built_db
    with session_scope(app) as session:
        found = search(session=session, query="torrance")
        facilities = {f.key: f.count for f in found.facilities}
        sources = {f.key: f.count for f in found.sources}
        assert facilities["torrance-county-detention-facility"] == found.total
        assert sources == {"oig": 3, "ngo": 1}
        only_ngo = search(session=session, query="torrance", source="ngo")
        assert only_ngo.total == 1
        none = search(session=session, query="torrance", facility="adelanto-ice-processing-center")
        assert none.total == 0


def test_search_excludes_private_documents(built_db: tuple[Flask, Built]) -> None:
    app, _ = built_db
    with session_scope(app) as session:
        assert search(session=session, query="secret").total == 0


def test_index_follows_inserts_updates_and_deletes(built_db: tuple[Flask, Built]) -> None:
    app, ids = built_db
    with session_scope(app) as session:
        doc = session.get(Document, ids.ids["report"])
        assert doc is not None
        page = session.exec(
            DocumentPage.__table__.select().where(  # type: ignore[attr-defined]
                DocumentPage.version_id == doc.current_version_id
            )
        ).first()
        row = session.get(DocumentPage, page.id)
        assert row is not None
        row.text = "A zebra was mentioned."
        doc.title = "Renamed quokka report"
        session.add_all([row, doc])
    with session_scope(app) as session:
        assert search(session=session, query="zebra").total == 1
        assert search(session=session, query="quokka").total == 1
        assert search(session=session, query="violations").total == 0


def test_html_in_text_is_escaped_in_snippets(built_db: tuple[Flask, Built]) -> None:
    app, _ = built_db
    with session_scope(app) as session:
        found = search(session=session, query="detained")
    snippet = str(found.hits[0].snippet)
    assert "<script>" not in snippet and "<img" not in snippet
    assert "&lt;img src=x" in snippet  # shown as text (PostgreSQL's headline drops tag-like words)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("torrance staffing", '"torrance" "staffing"'),
        ('"management alert" OR -x', '"management alert" "OR" "x"'),
        ("NEAR(a b)", '"NEAR" "a" "b"'),
    ],
)
def test_fts5_query_is_always_safe(raw: str, expected: str) -> None:
    assert fts5_query(raw) == expected


def test_fts5_query_refuses_punctuation_only() -> None:
    with pytest.raises(BadSearchQuery):
        fts5_query('"" ** ()')
