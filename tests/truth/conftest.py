"""Fixtures for the truth-chain tests: the demo dataset on every backend."""

from __future__ import annotations

import pytest
from flask import Flask

from monitor.db import get_settings, session_scope
from monitor.demo import load_demo


@pytest.fixture
def demo_app(db_app: Flask) -> Flask:
    """The app holding the project's demo data, on SQLite and (when configured) PostgreSQL."""
    get_settings(db_app).data_dir.mkdir(parents=True, exist_ok=True)
    with db_app.app_context(), session_scope(db_app) as session:
        load_demo(session, get_settings(db_app))
    return db_app
