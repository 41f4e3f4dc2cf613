"""Where the files shipped inside the package live: templates, static files, migrations.

The repository keeps `templates/` and `migrations/` at the top level; pyproject.toml maps them
to the packages `monitor.templates` and `monitor.migrations`, so an installed wheel and an
editable checkout both find them by import, never by a path relative to the checkout.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path


class MissingPackageData(RuntimeError):
    """A data package that ships with the monitor is not installed (a broken install)."""


@cache
def package_dir(name: str) -> Path:
    """The folder of an installed package (e.g. `monitor.templates`)."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise MissingPackageData(
            f"{name} is not installed; reinstall the detention-monitor package"
        )
    return Path(next(iter(spec.submodule_search_locations)))


def templates_dir() -> Path:
    """Jinja2 templates of pages, mail and packets."""
    return package_dir("monitor.templates")


def static_dir() -> Path:
    """CSS and other files served under /static."""
    return package_dir("monitor") / "static"


def migrations_dir() -> Path:
    """Alembic's script folder (env.py, versions/, alembic.ini)."""
    return package_dir("monitor.migrations")
