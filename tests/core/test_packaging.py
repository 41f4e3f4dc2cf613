"""The wheel's package list names every package of the tree (it is listed, not found, because
templates and migrations are mapped into the package from the top of the repository)."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _listed() -> set[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return set(config["tool"]["setuptools"]["packages"])


def _in_tree() -> set[str]:
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for top in ("monitor", "scrapers")
        for init in (ROOT / top).rglob("__init__.py")
    }
    return found | {"monitor.templates", "monitor.migrations"}


def test_every_package_is_listed_for_the_wheel() -> None:
    assert sorted(_in_tree() - _listed()) == []


def test_nothing_listed_is_missing() -> None:
    assert sorted(_listed() - _in_tree()) == []
