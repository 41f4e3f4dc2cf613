"""Logout ends every copy of a session; idle and absolute lifetimes are settings."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

from monitor.accounts import sessions
from monitor.db import get_settings
from tests.security.conftest import csrf_from, login


def _copy_cookie(source: FlaskClient, app: Flask) -> FlaskClient:
    """A second browser holding a copy of the first one's session cookie."""
    cookie = source.get_cookie("session")
    assert cookie is not None
    thief = app.test_client()
    thief.set_cookie("session", cookie.value)
    return thief


def test_logout_ends_the_session_everywhere_it_was_copied(
    app: Flask, make_user: Callable[..., int]
) -> None:
    make_user("a@example.org", "admin")
    browser = app.test_client()
    assert login(browser, "a@example.org").status_code == 302
    copy = _copy_cookie(browser, app)
    assert copy.get("/admin/users").status_code == 200
    browser.post("/account/logout", data={"csrf_token": csrf_from(browser, "/account/password")})
    assert copy.get("/admin/users").status_code == 302  # sent to the login page
    assert browser.get("/admin/users").status_code == 302


def test_a_session_ends_after_the_idle_time(
    app: Flask, make_user: Callable[..., int], monkeypatch: pytest.MonkeyPatch
) -> None:
    get_settings(app).session_idle_minutes = 30
    make_user("b@example.org", "admin")
    browser = app.test_client()
    login(browser, "b@example.org")
    now = sessions.time.time()
    monkeypatch.setattr(sessions.time, "time", lambda: now + 29 * 60)
    assert browser.get("/admin/users").status_code == 200  # activity moves the clock on
    monkeypatch.setattr(sessions.time, "time", lambda: now + 58 * 60)
    assert browser.get("/admin/users").status_code == 200
    monkeypatch.setattr(sessions.time, "time", lambda: now + 89 * 60)
    assert browser.get("/admin/users").status_code == 302


def test_a_session_ends_after_the_absolute_time_however_active(
    app: Flask, make_user: Callable[..., int], monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = get_settings(app)
    settings.session_max_hours, settings.session_idle_minutes = 2, 60
    make_user("c@example.org", "admin")
    browser = app.test_client()
    login(browser, "c@example.org")
    now = sessions.time.time()
    for minutes in (50, 100):
        monkeypatch.setattr(sessions.time, "time", lambda m=minutes: now + m * 60)
        assert browser.get("/admin/users").status_code == 200
    monkeypatch.setattr(sessions.time, "time", lambda: now + 121 * 60)
    assert browser.get("/admin/users").status_code == 302
