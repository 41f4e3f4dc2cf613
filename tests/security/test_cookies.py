"""Production settings: the session cookie is Secure, HttpOnly and SameSite."""

from __future__ import annotations

from pathlib import Path

from monitor import create_app


def test_production_session_cookie_is_secure(tmp_path: Path) -> None:
    app = create_app(
        {
            "env": "production",
            "secret_key": "a-real-secret-for-this-test-0123456789abcdef",
            "base_url": "https://monitor.example",
            "instance_path": tmp_path,
            "database_url": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        }
    )
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    app.extensions["monitor.engine"].dispose()
