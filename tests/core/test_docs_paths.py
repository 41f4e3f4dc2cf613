"""Docs name only paths that exist: a renamed or deleted module fails here, not in a reader's hands."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = sorted([ROOT / "README.md", *(ROOT / "docs").glob("*.md")])
TOP = ("monitor", "scrapers", "tests", "bench", "templates", "migrations", "docs", ".ci")
# `monitor/capture/client.py`, `scrapers/`, `templates/mail/` ... in backticks or markdown links.
_TOPS = "|".join(re.escape(t) for t in TOP)
PATH = re.compile(rf"[`(]((?:{_TOPS})/[\w./-]*)[`)]")


def generated_paths() -> tuple[str, ...]:
    """Paths .gitignore lists: made by commands (bench results, caches), not in the repository."""
    lines = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    return tuple(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def named_paths(text: str) -> set[str]:
    """Repository paths a document names (placeholders such as <key> skipped)."""
    return {m.rstrip(".") for m in PATH.findall(text) if "<" not in m and "*" not in m}


def test_finder_sees_backticks_and_links() -> None:
    text = "see `monitor/config.py`, [x](docs/web.md) and `scrapers/` but not monitor/x.py"
    assert named_paths(text) == {"monitor/config.py", "docs/web.md", "scrapers/"}


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_every_path_a_doc_names_exists(doc: Path) -> None:
    base = doc.parent if doc.parent.name == "docs" else ROOT
    missing = sorted(
        path
        for path in named_paths(doc.read_text(encoding="utf-8"))
        if not (ROOT / path).exists()
        and not (base / path).exists()
        and not path.startswith(generated_paths())
    )
    assert missing == [], f"{doc.name} names paths that do not exist: {missing}"


def _layout_section() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return text.split("## How data flows: the layout", 1)[1].split("\n## ", 1)[0]


def _folders() -> set[str]:
    """Folders a newcomer meets: the top-level ones and every folder inside `monitor/`."""
    top = {"scrapers/", "templates/", "migrations/", "translations/", "tests/", "bench/", "docs/"}
    inner = {
        f"monitor/{p.name}/"
        for p in (ROOT / "monitor").iterdir()
        if p.is_dir() and not p.name.startswith(("_", "."))
    }
    return top | inner


def test_readme_layout_has_a_paragraph_for_every_folder() -> None:
    bullets = _layout_section().split("\n- ")[1:]  # each bullet with its continuation lines
    headed = {name for b in bullets for name in re.findall(r"\*\*`([\w/]+/)`\*\*", b)}
    assert headed == _folders()
