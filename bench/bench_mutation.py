"""Mutation score per package, read from the last `make mutation` run (mutmut 3).

Mutation testing takes hours on two cores, so `make bench` reports the stored results rather
than re-running them; `make mutation` (resumable) refreshes them. A mutant counts as killed
when the tests failed or timed out, as surviving when they passed.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from bench.context import BenchContext

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = {
    "scrapers/": "scrapers (parsers)",
    "monitor/alerts/": "monitor/alerts (alert rules)",
    "monitor/facilities/registry/": "monitor/facilities/registry (the matcher)",
}
GOAL = 85.0
SURVIVED = 0
NOT_RUN = (None, 33)  # not yet tested, or no test covers the mutant


def _package_of(meta: Path, mutants: Path) -> str | None:
    relative = meta.relative_to(mutants).as_posix()
    return next((name for prefix, name in PACKAGES.items() if relative.startswith(prefix)), None)


def scores(mutants: Path) -> dict[str, Counter[str]]:
    """Killed, survived and not-yet-run mutants per package."""
    out: dict[str, Counter[str]] = {name: Counter() for name in PACKAGES.values()}
    for meta in mutants.rglob("*.meta"):
        package = _package_of(meta, mutants)
        if package is None:
            continue
        codes = json.loads(meta.read_text()).get("exit_code_by_key", {})
        for code in codes.values():
            state = "pending" if code in NOT_RUN else "survived" if code == SURVIVED else "killed"
            out[package][state] += 1
    return out


def run(ctx: BenchContext) -> list[dict]:
    mutants = ROOT / "mutants"
    if not mutants.is_dir():
        return [{"name": "mutation score: no results (run `make mutation`)", "value": None,
                 "unit": "", "ok": False}]  # fmt: skip
    rows = []
    for package, counts in scores(mutants).items():
        tested = counts["killed"] + counts["survived"]
        score = 100 * counts["killed"] / tested if tested else 0.0
        rows.append(
            {
                "name": f"mutation score, {package}",
                "value": round(score, 1),
                "unit": "% killed",
                "tested": tested,
                "survived": counts["survived"],
                "not_yet_tested": counts["pending"],
                "goal": f">= {GOAL:g}%",
                "ok": tested > 0 and counts["pending"] == 0 and score >= GOAL,
            }
        )
    return rows
