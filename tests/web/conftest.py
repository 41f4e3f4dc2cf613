"""Fixtures for the web tests: an app whose database holds the builder's Torrance story."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from monitor.db import get_settings, session_scope
from tests.web.builder import Built, build


@pytest.fixture
def built(app: Flask) -> Built:
    """The test story on SQLite."""
    data_dir = get_settings(app).data_dir
    data_dir.mkdir(parents=True, exist_ok=True)
    with session_scope(app) as session:
        return build(session, data_dir)


@pytest.fixture
def built_db(db_app: Flask) -> Iterator[tuple[Flask, Built]]:
    """The test story on every backend."""
    with session_scope(db_app) as session:
        ids = build(session)
    yield db_app, ids
