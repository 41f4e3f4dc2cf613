"""Detention Conditions Monitor: `create_app` is the whole entry point."""

from __future__ import annotations

from typing import Any

from flask import Flask

from monitor.version import __version__

__all__ = ["__version__", "create_app"]


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the Flask app; nothing connects, schedules or starts threads here."""
    from monitor import db
    from monitor.config import Settings
    from monitor.resources import static_dir, templates_dir
    from monitor.web import register_blueprints

    settings = Settings.from_env(test_config)
    settings.validate()
    app = Flask(
        __name__,
        instance_path=str(settings.instance_path),
        template_folder=str(templates_dir()),
        static_folder=str(static_dir()),
    )
    app.config.update(
        SECRET_KEY=settings.secret_key,
        TESTING=bool((test_config or {}).get("TESTING")),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.is_production,
        MAX_CONTENT_LENGTH=50 * 1024 * 1024,
    )
    db.init_app(app, settings)
    register_blueprints(app)
    return app
