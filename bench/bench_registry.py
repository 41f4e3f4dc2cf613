"""Registry benchmarks: import the six corpus statistics workbooks, then re-import one unchanged.

Also scores identity on the hand-checked pairs of bench/registry_truth.py: renamed or respelt
facilities matched, queued for review, or silently split; distinct facilities merged.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bench.context import BenchContext, row
from bench.registry_truth import DIFFERENT, SAME
from monitor.db import make_engine, upgrade
from monitor.facilities.registry.accuracy import identity_report, street_audit
from monitor.facilities.statistics import import_workbook
from monitor.facilities.workbook import read_workbook

WORKBOOKS = "ice-fy20*-detention-stats*.xlsx"
IMPORT_GOAL_S = 10.0
REIMPORT_GOAL_S = 2.0


def run(ctx: BenchContext) -> list[dict]:
    """Time a full import of the corpus workbooks and an unchanged re-import."""
    files = sorted(ctx.corpus.glob(WORKBOOKS))
    if len(files) < 6:
        return [row("registry: corpus workbooks not available, skipped", None, "")]
    work = ctx.work_dir / "registry"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    url = f"sqlite:///{work / 'registry.sqlite3'}"
    upgrade(url)  # schema set-up is not part of the figure
    engine = make_engine(url)
    try:
        first = _timed_import(engine, files)
        again = _timed_import(engine, files[-1:])
        identity = _identity_rows(engine)
    finally:
        engine.dispose()
    return identity + [
        row("registry: import six ICE statistics workbooks", round(first, 3), "s",
            goal=f"<= {IMPORT_GOAL_S:g} s", ok=first <= IMPORT_GOAL_S),
        row("registry: re-import one unchanged workbook", round(again, 3), "s",
            goal=f"<= {REIMPORT_GOAL_S:g} s", ok=again <= REIMPORT_GOAL_S),
    ]  # fmt: skip


def _timed_import(engine: Engine, files: list[Path]) -> float:
    """Wall time to read, parse, match and commit `files` in one transaction."""
    started = time.perf_counter()
    with Session(engine) as session:
        for path in files:
            workbook = read_workbook(path.read_bytes(), file_name=path.name)
            import_workbook(session=session, workbook=workbook)
        session.commit()
    return time.perf_counter() - started


def _identity_rows(engine: Engine) -> list[dict]:
    """False splits and false merges on the labelled pairs (both goals: none)."""
    with Session(engine) as session:
        found = identity_report(session=session, same=SAME, different=DIFFERENT)
        audit = street_audit(session=session)
    splits, merges = len(found.false_splits), len(found.false_merges)
    return [
        row(f"registry: labelled renames matched (of {len(SAME)})", found.matched, "pairs"),
        row(f"registry: labelled renames queued for review (of {len(SAME)})", found.queued,
            "pairs"),
        row("registry: false splits (renamed facility became a second one silently)", splits,
            "pairs", goal="0", ok=splits == 0 and not found.missing,
            pairs=[p.note for p in found.false_splits]),
        row(f"registry: false merges (of {len(DIFFERENT)} distinct pairs)", merges, "pairs",
            goal="0", ok=merges == 0, pairs=[p.note for p in found.false_merges]),
        row("registry: all facilities, same street never listed together, no review item",
            len(audit.silent_splits), "pairs", goal="0", ok=not audit.silent_splits),
        row("registry: all facilities, rows differing in both street and town", len(audit.moved),
            "facilities", goal="0", ok=not audit.moved),
    ]  # fmt: skip
