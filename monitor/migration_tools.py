"""Regenerate the initial migration from the models (used before the first release)."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from alembic import command

from monitor.db import alembic_config
from monitor.resources import migrations_dir

INITIAL = migrations_dir() / "versions" / "0001_initial.py"


def regenerate() -> None:
    """Write migrations/versions/0001_initial.py from SQLModel.metadata."""
    INITIAL.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'empty.sqlite3'}"
        cfg = alembic_config(url)
        # Later hand-written revisions depend on 0001; hide them while autogenerating.
        hidden = _hide_later_revisions()
        try:
            command.revision(cfg, message="initial", autogenerate=True, rev_id="0001")
        finally:
            for path, text in hidden:
                path.write_text(text)
    print(f"wrote {INITIAL}")


def _hide_later_revisions() -> list[tuple[Path, str]]:
    hidden = []
    for path in sorted(INITIAL.parent.glob("0*.py")):
        if path.name != INITIAL.name:
            hidden.append((path, path.read_text()))
            path.unlink()
    return hidden


if __name__ == "__main__" and sys.argv[1:] == ["regenerate"]:
    regenerate()
