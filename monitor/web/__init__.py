"""The web areas: each module holds one blueprint `bp` (and may have `init_app`).

To add an area, import its module here and add it to AREAS; the type checker sees every one.
"""

from __future__ import annotations

from types import ModuleType

from flask import Flask

from monitor.web import (
    account,
    admin,
    admin_data,
    alerts,
    api,
    csrf,
    documents,
    errors,
    facilities,
    feeds,
    glossary,
    national,
    ngo_form,
    notes,
    packets,
    privacy,
    public,
    review,
    search,
    security,
    sources,
    subscribe,
    tracker,
)

# Order matters only for URL conflicts.
AREAS: tuple[ModuleType, ...] = (
    csrf,
    public,
    subscribe,
    alerts,
    packets,
    security,
    errors,
    facilities,
    tracker,
    documents,
    sources,
    search,
    api,
    feeds,
    account,
    review,
    notes,
    ngo_form,
    admin,
    admin_data,
    privacy,
    glossary,
    national,
)


def register_blueprints(app: Flask) -> None:
    """Register every area's blueprint and run its `init_app`, if it has one."""
    for module in AREAS:
        app.register_blueprint(module.bp)
        init = getattr(module, "init_app", None)
        if init is not None:
            init(app)
