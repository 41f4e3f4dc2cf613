"""Blueprint registry: each web area is one module with a `bp`; add it to BLUEPRINT_MODULES."""

from __future__ import annotations

import importlib

from flask import Flask

# Order matters only for URL conflicts; every module must expose `bp`.
BLUEPRINT_MODULES: list[str] = [
    "monitor.web.csrf",
    "monitor.web.public",
    "monitor.web.subscribe",
    "monitor.web.alerts",
    "monitor.web.packets",
    "monitor.web.security",
    "monitor.web.errors",
    "monitor.web.facilities",
    "monitor.web.tracker",
    "monitor.web.documents",
    "monitor.web.sources",
    "monitor.web.search",
    "monitor.web.api",
    "monitor.web.feeds",
    "monitor.web.account",
    "monitor.web.review",
    "monitor.web.notes",
    "monitor.web.ngo_form",
    "monitor.web.admin",
    "monitor.web.admin_data",
    "monitor.web.privacy",
    "monitor.web.glossary",
    "monitor.web.national",
]


def register_blueprints(app: Flask) -> None:
    """Import and register every web module (an import error fails loudly)."""
    for name in BLUEPRINT_MODULES:
        module = importlib.import_module(name)
        app.register_blueprint(module.bp)
        init = getattr(module, "init_app", None)
        if init is not None:
            init(app)
