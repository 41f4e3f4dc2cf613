"""Fixtures for the web tests: an app whose database holds the builder's Torrance story."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from monitor.db import get_settings, session_scope
from monitor.demo import load_demo
from tests.live_server import serve_in_thread
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


# ---------------------------------------------------------------- browser tests (Chromium)

CHROMIUM = os.environ.get("MONITOR_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture
def demo(app: Flask) -> Flask:
    """The app with the project's demo data (Torrance, OIG-22-31 and the rest)."""
    with app.app_context(), session_scope(app) as session:
        load_demo(session, get_settings(app))
    return app


@pytest.fixture
def live_url(demo: Flask) -> Iterator[str]:
    """The demo app served on a free loopback port in a thread."""
    yield from serve_in_thread(demo)


@pytest.fixture
def browser_context(tmp_path: Path):  # noqa: ANN201
    """A fresh Chromium profile; nothing leaves loopback."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(tmp_path / "profile"),
            executable_path=CHROMIUM,
            headless=True,
            args=ARGS,
            accept_downloads=True,
            viewport={"width": 1280, "height": 900},
        )
        yield context
        context.close()
