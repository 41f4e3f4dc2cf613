"""Mutation score per package (mutmut 3), with a 95% Wilson interval.

Mutation testing takes hours on two cores, so `make bench` reports stored results rather than
re-running them. It reads the mutants/ folder of the last `make mutation` or `make mutation-sample`
run when there is one; on a fresh clone (mutants/ is not committed) it reads the summary that
`make mutation-sample` committed in bench/mutation_results.json, headed by its fresh validation
sample when there is one (see bench/mutation_sample.py). Each row says which it used.

A mutant counts as killed when the tests failed or timed out, and as not killed when they passed
or no test reached it. Mutants not yet run are left out of the score and counted separately.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.context import BenchContext

ROOT = Path(__file__).resolve().parent.parent
MUTANTS = ROOT / "mutants"
RESULTS_FILE = ROOT / "bench" / "mutation_results.json"
PACKAGES = {
    "scrapers/": "scrapers (parsers)",
    "monitor/alerts/": "monitor/alerts (alert rules)",
    "monitor/facilities/registry/": "monitor/facilities/registry (the matcher)",
}
GOAL = 85.0
Z_95 = 1.959964
NOT_RUN = (None,)
# mutmut's exit codes: 1 and 3 are failing tests, these are its timeouts (SIGXCPU and friends)
KILLED = frozenset({1, 3, 36, 24, -24, 152, 255})


def state_of(exit_code: int | None) -> str:
    """killed, survived (tests passed, or none reached the mutant) or pending (not run yet)."""
    if exit_code in NOT_RUN:
        return "pending"
    return "killed" if exit_code in KILLED else "survived"


def wilson_interval(killed: int, tested: int, z: float = Z_95) -> tuple[float, float]:
    """95% Wilson score interval of the killed share, in percent (sound for shares near 100%)."""
    if tested <= 0:
        raise ValueError("a score interval needs at least one tested mutant")
    if not 0 <= killed <= tested:
        raise ValueError(f"killed ({killed}) must be between 0 and tested ({tested})")
    share = killed / tested
    denominator = 1 + z * z / tested
    centre = (share + z * z / (2 * tested)) / denominator
    half_width = z * math.sqrt(share * (1 - share) / tested + z * z / (4 * tested * tested))
    half_width /= denominator
    return round(100 * max(0.0, centre - half_width), 1), round(
        100 * min(1.0, centre + half_width), 1
    )


def package_of(relative_path: str) -> str | None:
    """The PACKAGES key a mutated file (path relative to mutants/) belongs to."""
    return next((prefix for prefix in PACKAGES if relative_path.startswith(prefix)), None)


def exit_codes_by_package(mutants: Path) -> dict[str, dict[str, int | None]]:
    """Every mutant's name and last exit code (None: not run), per PACKAGES key."""
    out: dict[str, dict[str, int | None]] = {prefix: {} for prefix in PACKAGES}
    for meta in sorted(mutants.rglob("*.meta")):
        prefix = package_of(meta.relative_to(mutants).as_posix())
        if prefix is not None:
            out[prefix].update(json.loads(meta.read_text()).get("exit_code_by_key", {}))
    return out


def score_row(package: str, counts: Counter[str], source: str) -> dict[str, Any]:
    tested = counts["killed"] + counts["survived"]
    if tested == 0:
        return {"name": f"mutation score, {package}: nothing tested ({source})", "value": None,
                "unit": "", "ok": False}  # fmt: skip
    score = 100 * counts["killed"] / tested
    low, high = wilson_interval(counts["killed"], tested)
    return {
        "name": f"mutation score, {package} ({source})",
        "value": round(score, 1),
        "unit": f"% killed (95% interval {low:g}-{high:g}%, {tested} tested)",
        "tested": tested,
        "killed": counts["killed"],
        "survived": counts["survived"],
        "not_yet_tested": counts["pending"],
        "interval_95": [low, high],
        "goal": f">= {GOAL:g}% killed",
        "ok": score >= GOAL,
    }


def rows_from_mutants(mutants: Path) -> list[dict[str, Any]]:
    newest = max((meta.stat().st_mtime for meta in mutants.rglob("*.meta")), default=0.0)
    when = datetime.fromtimestamp(newest, UTC).strftime("%Y-%m-%d %H:%M UTC")
    rows = []
    for prefix, codes in exit_codes_by_package(mutants).items():
        counts = Counter(state_of(code) for code in codes.values())
        rows.append(score_row(PACKAGES[prefix], counts, f"from mutants/, last run {when}"))
    return rows


def rows_from_summary(summary: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per package from the committed summary.

    The headline is the fresh validation sample when there is one: the fixed sample's own
    survivors had tests written for them, so its re-run score overstates the package's.
    """
    rows = []
    validation = summary.get("validation", {})
    for prefix, name in PACKAGES.items():
        result = summary["packages"].get(prefix, {})
        fresh = validation.get("packages", {}).get(prefix)
        shown, run = (fresh, validation) if fresh else (result, summary)
        source = (
            f"from bench/mutation_results.json, sampled run of {run['date']} "
            f"at commit {run['git_commit']}, seed {run['seed']}"
        )
        counts = Counter(killed=shown.get("killed", 0), survived=shown.get("survived", 0))
        row = score_row(name, counts, source)
        row["population"] = result.get("population")
        # the fixed sample: as first run, and after tests were added for its survivors
        row["first_run"] = result.get("first_run")
        row["fixed_sample"] = {key: result.get(key) for key in ("sampled", "score", "interval_95")}
        row["judged_equivalent"] = len(result.get("judged_equivalent", {}))
        rows.append(row)
    return rows


def has_tested_mutants(mutants: Path) -> bool:
    return mutants.is_dir() and any(
        state_of(code) != "pending"
        for codes in exit_codes_by_package(mutants).values()
        for code in codes.values()
    )


def run(ctx: BenchContext) -> list[dict[str, Any]]:
    if has_tested_mutants(MUTANTS):
        return rows_from_mutants(MUTANTS)
    if RESULTS_FILE.is_file():
        return rows_from_summary(json.loads(RESULTS_FILE.read_text()))
    return [{"name": "mutation score: no results (run `make mutation-sample`)", "value": None,
             "unit": "", "ok": False}]  # fmt: skip
