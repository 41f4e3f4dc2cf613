"""Shared fixtures: an app on a freshly migrated SQLite file, and the same on PostgreSQL.

`app` / `client` / `runner` always use SQLite. `db_app` is parametrized over SQLite and,
when MONITOR_TEST_POSTGRES_URL is set, a real PostgreSQL server: use it for tests of the
data layer so both backends are exercised.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from hypothesis import settings as hypothesis_settings
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from monitor import create_app
from monitor.config import test_postgres_url
from monitor.db import session_scope, upgrade

# The suite shares two cores with whatever else runs: time limits per example would only
# measure the machine's load. Speed is measured by `make bench`, never by tests.
hypothesis_settings.register_profile("suite", deadline=None)
hypothesis_settings.load_profile("suite")

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def corpus_file(name: str) -> Path:
    """A file of ../shared/corpus, or a clean skip when the corpus is absent."""
    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"corpus file {name} not available")
    return path


@pytest.fixture(scope="session", autouse=True)
def cheap_password_hashing() -> Iterator[None]:
    """The cheapest argon2 profile keeps sign-in tests fast; the accounts bench measures the real one."""
    from argon2 import profiles

    from monitor.accounts import passwords

    real = passwords.PARAMETERS
    passwords.PARAMETERS = profiles.CHEAPEST
    yield
    passwords.PARAMETERS = real


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated SQLite file per test session, copied for each test (fast and isolated)."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str | None]:
    """A throwaway PostgreSQL database, migrated once, dropped at the end."""
    base = test_postgres_url()
    if not base:
        yield None
        return
    name = f"monitor_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(base).set(database=name).render_as_string(hide_password=False)
    upgrade(url)
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _truncate_all(url: str) -> None:
    from sqlmodel import SQLModel

    engine = create_engine(url)
    names = ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    engine.dispose()


def _make_app(tmp_path: Path, database_url: str, **overrides: object) -> Flask:
    config = {
        "TESTING": True,
        "instance_path": tmp_path / "instance",
        "database_url": database_url,
        "data_dir": tmp_path / "captures",
        "secret_key": "test-secret",
        "base_url": "https://monitor.test",
    }
    config.update(overrides)
    return create_app(config)


@pytest.fixture
def app(tmp_path: Path, sqlite_template: Path) -> Iterator[Flask]:
    db_file = tmp_path / "monitor.sqlite3"
    shutil.copy(sqlite_template, db_file)
    application = _make_app(tmp_path, f"sqlite:///{db_file}")
    yield application
    application.extensions["monitor.engine"].dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def db_app(
    request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path
) -> Iterator[Flask]:
    """The app on each available backend (PostgreSQL skipped when not configured)."""
    if request.param == "sqlite":
        db_file = tmp_path / "monitor.sqlite3"
        shutil.copy(sqlite_template, db_file)
        url = f"sqlite:///{db_file}"
    else:
        url = request.getfixturevalue("postgres_database")
        if url is None:
            pytest.skip("MONITOR_TEST_POSTGRES_URL not set")
        _truncate_all(url)
    application = _make_app(tmp_path, url)
    yield application
    application.extensions["monitor.engine"].dispose()


@pytest.fixture
def client(app: Flask):
    return app.test_client()


@pytest.fixture
def runner(app: Flask):
    return app.test_cli_runner()


@pytest.fixture
def session(app: Flask):
    with app.app_context(), session_scope(app) as s:
        yield s
