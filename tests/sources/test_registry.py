"""The source registry: every scrapers/<key>.py is discovered, complete, tested and documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlmodel import select

from monitor.capture.sources import load_module, source_keys, sync_sources
from monitor.models import Source

ROOT = Path(__file__).resolve().parents[2]
KEYS = source_keys()


def _readme_keys() -> set[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Sources", 1)[1]
    return set(re.findall(r"^\|\s*`?([a-z0-9_]+)`?\s*\|", section, re.M)) - {"key"}


def test_our_sources_are_discovered() -> None:
    assert {"dhs_oig", "oversight_gov"} <= set(KEYS)


@pytest.mark.parametrize("key", KEYS)
def test_module_imports_and_has_a_complete_source(key: str) -> None:
    info = load_module(key).SOURCE
    assert info.key == key
    assert info.allowed_hosts and all("/" not in host for host in info.allowed_hosts)
    assert info.url.startswith("https://")
    assert len(info.schedule.split()) == 5


@pytest.mark.parametrize("key", KEYS)
def test_module_has_project_fixtures(key: str) -> None:
    folder = ROOT / "tests" / "fixtures" / key
    assert folder.is_dir() and any(p.is_file() for p in folder.rglob("*")), (
        f"tests/fixtures/{key}/ must hold the project-written fixtures of {key}"
    )


@pytest.mark.parametrize("key", KEYS)
def test_module_is_listed_in_the_readme(key: str) -> None:
    assert key in _readme_keys(), f"add {key} to the README's table of sources"


def test_sync_creates_one_row_per_source(session) -> None:
    sync_sources(session=session)
    sync_sources(session=session)
    rows = session.exec(select(Source)).all()
    assert sorted(r.key for r in rows if r.key in KEYS) == KEYS
