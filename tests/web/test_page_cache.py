"""The facility page's kept pieces: fresh right after any process writes, and never served to
another language or role than the one they were rendered for."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient
from markupsafe import Markup
from sqlalchemy import event, text

from monitor.accounts.users import create_user
from monitor.db import get_engine, session_scope
from monitor.models import Finding
from monitor.web.page_pieces import EXTENSION, PIECES, PieceKey, VersionedCache
from tests.conftest import _make_app
from tests.security.conftest import PASSWORD, login
from tests.web.builder import Built

PAGE = "/facilities/torrance-county-detention-facility"
NATIONAL = "/national"
TABLE_NAME = re.compile(r"\b(?:FROM|JOIN)\s+([a-z_]+)\b", re.IGNORECASE)


def _text(client: FlaskClient, path: str = PAGE) -> str:
    html = client.get(path).get_data(as_text=True)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@contextmanager
def _statements(app: Flask) -> Iterator[list[str]]:
    """The SQL statements the app runs inside the block."""
    seen: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:  # noqa: ANN001
        seen.append(statement)

    engine = get_engine(app)
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def _kept(app: Flask) -> int:
    """How many rendered pieces the app keeps."""
    cache = app.extensions.get(EXTENSION, {}).get(PIECES)
    return len(cache) if cache is not None else 0


def _write_in_another_process(app: Flask, sql: str) -> None:
    """Run one write through a plain engine in a separate Python process (like the scheduler)."""
    url = get_engine(app).url.render_as_string(hide_password=False)
    code = (
        "import sys; from sqlalchemy import create_engine, text\n"
        "engine = create_engine(sys.argv[1])\n"
        "with engine.begin() as conn: conn.execute(text(sys.argv[2]))\n"
    )
    subprocess.run([sys.executable, "-c", code, url, sql], check=True, timeout=60)


def test_write_by_another_process_shows_at_once(built_db: tuple[Flask, Built]) -> None:
    app, _ = built_db
    client = app.test_client()
    assert "rated Superior" in _text(client)
    assert _kept(app) == 3  # at a glance, charts, timeline
    with _statements(app) as seen:
        assert "rated Superior" in _text(client)
    assert not any("FROM inspection" in s for s in seen), "the kept pieces were not used"
    _write_in_another_process(
        app, "UPDATE inspection SET rating = 'Does not meet standards' WHERE rating = 'Superior'"
    )
    page = _text(client)
    assert "rated Does not meet standards" in page
    assert "rated Superior" not in page


def test_finding_added_by_another_worker_joins_the_timeline(
    built_db: tuple[Flask, Built], tmp_path
) -> None:
    app, built = built_db
    client = app.test_client()
    assert "Mould on every shower wall" not in _text(client)
    other_worker = _make_app(tmp_path / "other", str(get_engine(app).url.render_as_string(False)))
    with session_scope(other_worker) as session:
        session.add(
            Finding(
                document_id=built.ids["report"],
                facility_id=built.ids["facility"],
                category="MEDICAL_CARE",
                result="deficient",
                raw_label="Mould on every shower wall",
                found_date=date.today(),
            )
        )
    other_worker.extensions["monitor.engine"].dispose()
    assert "Deficient: Mould on every shower wall" in _text(client)


def test_national_page_is_kept_until_another_process_writes(
    built_db: tuple[Flask, Built],
) -> None:
    app, _ = built_db
    client = app.test_client()
    assert "Torrance County Detention Facility" in _text(client, NATIONAL)
    with _statements(app) as seen:
        assert "Torrance County Detention Facility" in _text(client, NATIONAL)
    assert not any("FROM facility" in s for s in seen), "the kept page was not used"
    _write_in_another_process(
        app, "UPDATE facility SET name = 'Estancia Detention Center' WHERE name LIKE 'Torrance%'"
    )
    page = _text(client, NATIONAL)
    assert "Estancia Detention Center" in page and "Torrance County Detention Facility" not in page
    assert "Mapa de los centros" in _text(client, f"{NATIONAL}?lang=es")


def _signed_in(app: Flask, role: str) -> FlaskClient:
    with app.app_context(), session_scope(app) as session:
        create_user(session=session, email=f"{role}@example.org", password=PASSWORD, role=role)
    client = app.test_client()
    assert login(client, f"{role}@example.org").status_code == 302  # type: ignore[attr-defined]
    return client


def test_reviewer_links_never_reach_other_readers(app: Flask, built: Built) -> None:
    anonymous = app.test_client()
    assert "/review/correct/" not in anonymous.get(PAGE).get_data(as_text=True)
    reviewer_page = _signed_in(app, "reviewer").get(PAGE).get_data(as_text=True)
    assert 'href="/review/correct/inspection/' in reviewer_page  # at a glance
    assert 'href="/review/correct/finding/' in reviewer_page  # timeline
    for reader in (anonymous, _signed_in(app, "advocate")):
        assert "/review/correct/" not in reader.get(PAGE).get_data(as_text=True)


def test_each_language_gets_its_own_pieces(app: Flask, built: Built) -> None:
    english = app.test_client()
    assert "At a glance" in _text(english)
    spanish = _text(english, f"{PAGE}?lang=es")
    assert "De un vistazo" in spanish and "Recomendaciones abiertas" in spanish
    browser_in_spanish = app.test_client()
    browser_in_spanish.environ_base["HTTP_ACCEPT_LANGUAGE"] = "es"
    assert "De un vistazo" in _text(browser_in_spanish)  # no ?lang= in the query string
    back = _text(english, f"{PAGE}?lang=en")
    assert "At a glance" in back and "De un vistazo" not in back


@pytest.mark.parametrize("path", [PAGE, NATIONAL])
def test_every_table_the_page_reads_bumps_the_version(db_app: Flask, path: str) -> None:
    from tests.web.builder import build

    with session_scope(db_app) as session:
        build(session)
    with _statements(db_app) as seen:
        assert db_app.test_client().get(path).status_code == 200
    read = {name.lower() for s in seen for name in TABLE_NAME.findall(s)} - {"data_version"}
    with get_engine(db_app).connect() as conn:
        if conn.dialect.name == "sqlite":
            rows = conn.execute(text("SELECT tbl_name, name FROM sqlite_master"))
        else:
            rows = conn.execute(
                text("SELECT event_object_table, trigger_name FROM information_schema.triggers")
            )
        stamped = {table for table, name in rows if str(name).startswith("data_version_")}
    assert read and read <= stamped, f"not stamped: {sorted(read - stamped)}"


def _key(piece: str = "glance") -> PieceKey:
    return PieceKey("facility-1", piece, date(2026, 1, 1), "en", "anonymous")


def test_a_newer_version_drops_older_pieces_and_late_renders_are_not_kept() -> None:
    cache: VersionedCache[Markup] = VersionedCache(max_weight=2)
    cache.put(_key(), 1, Markup("old"))
    cache.put(_key(), 2, Markup("new"))
    assert cache.get(_key(), 1) is None and cache.get(_key(), 2) == "new"
    cache.put(_key("timeline"), 1, Markup("rendered from data already replaced"))
    assert cache.get(_key("timeline"), 1) is None and cache.get(_key("timeline"), 2) is None
    for piece in ("a", "b", "c"):
        cache.put(_key(piece), 2, Markup(piece))
    assert len(cache) == 2 and cache.get(_key("a"), 2) is None


def test_rendered_pieces_are_kept_within_a_size_budget() -> None:
    cache: VersionedCache[Markup] = VersionedCache(max_weight=10, weigh=len)
    cache.put(_key("a"), 1, Markup("123456"))
    cache.put(_key("b"), 1, Markup("1234"))
    assert cache.weight == 10 and len(cache) == 2
    cache.put(_key("c"), 1, Markup("12345"))  # the least recently used goes
    assert cache.get(_key("a"), 1) is None and cache.weight == 9
    cache.put(_key("b"), 1, Markup("12"))  # replacing a piece counts only the new one
    assert cache.weight == 7 and cache.get(_key("b"), 1) == "12"
