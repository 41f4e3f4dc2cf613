"""Sampled mutation testing: a fixed-seed random sample of mutants per package (`make mutation-sample`).

All ~11,500 mutants (`make mutation`) take many hours on two cores. A simple random sample of a few
hundred per package estimates each package's killed share with a known error: the summary gives a
95% Wilson interval next to the share. The sample is drawn from the sorted mutant names with a
seed per package, so the same seed and commit give the same sample.

Steps: generate the mutants (mutmut generates them, then stops at an unknown mutant name), draw
the sample, run exactly those mutants, and write bench/mutation_results.json, which `make bench`
reports on a clone without mutants/. `--rerun-survivors` re-runs the stored sample's survivors
after tests were added; the summary then keeps the first run's figures beside the new ones,
because a sample whose survivors were targeted by new tests overstates the population's score
(draw a fresh sample with another `--seed` for an unbiased figure).
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.bench_mutation import (
    MUTANTS,
    PACKAGES,
    RESULTS_FILE,
    ROOT,
    exit_codes_by_package,
    state_of,
    wilson_interval,
)

SEED = 20261204
# Sized so the run takes about 45 minutes at `nice -n 15` beside other work on two cores: the
# registry's mutants each reach ~30 s of tests, the parsers' and rules' ~10 s.
SIZES = {"scrapers/": 300, "monitor/alerts/": 200, "monitor/facilities/registry/": 150}
# mutmut's own launcher (not `python -m mutmut`, which mutmut warns breaks its module bookkeeping)
MUTMUT = [str(Path(sys.executable).parent / "mutmut")]
# A name no mutant has: `mutmut run` generates every mutant and collects the test statistics,
# then stops because nothing matches, which is how mutmut 3 offers "generate only".
NO_SUCH_MUTANT = "generate_only.x_no_such_mutant__mutmut_0"

# Survivors read and judged equivalent (no input can tell them from the original). They still
# count as not killed; the summary lists them so nobody writes a test that cannot fail for them.
JUDGED_EQUIVALENT = {
    "scrapers._ngo_feeds.x_read_feed__mutmut_7": "drops huge_tree=False, lxml's default",
    "scrapers.dhs_oig.text.x_facility_names__mutmut_26": "upper() for lower() in a dedup key",
    "scrapers.oversight_gov.x__table_after__mutmut_22": "the searched nodes are never tables",
    "scrapers._ocr.x_ocr_pages__mutmut_18": "thread count changes speed, not results",
    "scrapers.dhs_oig.recs.x__defined__mutmut_19": "31 for 30 look-back chars, end-anchored",
    "scrapers._g324a.ocr_ticks.x_text_marks__mutmut_12": "OCR marks have no columns to place",
    "monitor.facilities.registry.naming.x__exact__mutmut_31": "a facility's name is also its alias",
    "monitor.facilities.registry.naming.x__exact__mutmut_34": "a facility's name is also its alias",
}


class SampleError(RuntimeError):
    """The mutants could not be generated, sampled or run as asked."""


def draw_sample(
    names_by_package: dict[str, list[str]], sizes: dict[str, int], seed: int
) -> dict[str, list[str]]:
    """Up to sizes[package] names from each package, drawn with a per-package seed.

    Each package gets its own generator, so changing one package's size leaves the others'
    samples as they were.
    """
    sample = {}
    for prefix, names in names_by_package.items():
        generator = random.Random(f"{seed}:{prefix}")
        size = min(sizes.get(prefix, 0), len(names))
        sample[prefix] = sorted(generator.sample(sorted(names), size))
    return sample


def generate_mutants() -> None:
    result = subprocess.run(
        ["nice", "-n", "15", *MUTMUT, "run", "--max-children", "2", NO_SUCH_MUTANT],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if "nothing matches" not in result.stdout + result.stderr:
        sys.stderr.write(result.stdout[-4000:] + result.stderr[-4000:])
        raise SampleError(f"mutmut did not generate the mutants (exit code {result.returncode})")


def run_mutants(names: list[str]) -> None:
    """Run exactly these mutants (mutmut re-runs every mutant it is given by name)."""
    if not names:
        return
    command = ["nice", "-n", "15", *MUTMUT, "run", "--max-children", "2", *names]
    if subprocess.run(command, cwd=ROOT, check=False).returncode != 0:
        raise SampleError("mutmut run failed; see its output above")


def git_commit() -> str:
    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()

    commit = git("rev-parse", "--short=12", "HEAD") or "unknown"
    return commit + (
        "+uncommitted" if git("status", "--porcelain", "--", "scrapers", "monitor", "tests") else ""
    )


def package_result(codes: dict[str, int | None], sample: list[str]) -> dict[str, Any]:
    states = {name: state_of(codes.get(name)) for name in sample}
    counts = Counter(states.values())
    if counts["pending"]:
        raise SampleError(f"{counts['pending']} sampled mutants have no result; run them first")
    tested = counts["killed"] + counts["survived"]
    result: dict[str, Any] = {
        "population": len(codes),
        "sampled": len(sample),
        "killed": counts["killed"],
        "survived": counts["survived"],
        "no_tests": sum(1 for name in sample if codes.get(name) == 33),
    }
    if tested:
        result["score"] = round(100 * counts["killed"] / tested, 1)
        result["interval_95"] = list(wilson_interval(counts["killed"], tested))
    result["survivors"] = sorted(name for name, state in states.items() if state == "survived")
    result["judged_equivalent"] = {
        name: JUDGED_EQUIVALENT[name] for name in result["survivors"] if name in JUDGED_EQUIVALENT
    }
    result["sample"] = sample
    return result


def summarise(
    codes_by_package: dict[str, dict[str, int | None]],
    sample: dict[str, list[str]],
    seed: int,
    previous: dict[str, Any] | None,
    tested_at: str,
) -> dict[str, Any]:
    """The committed summary; keeps the first run of the same sample as `first_run`.

    `tested_at` is the commit whose tests ran (taken when the run started, not when it ended).
    """
    packages = {
        prefix: package_result(codes_by_package[prefix], names) for prefix, names in sample.items()
    }
    same_sample = previous is not None and previous.get("seed") == seed
    for prefix, result in packages.items():
        before = (previous or {}).get("packages", {}).get(prefix, {}) if same_sample else {}
        if before.get("sample") == result["sample"]:
            result["first_run"] = before.get("first_run") or _first_run_of(before)
        else:
            result["first_run"] = _first_run_of(result) | {"git_commit": tested_at}
    return {
        "tool": "mutmut 3.8.1, [tool.mutmut] in pyproject.toml",
        "method": "simple random sample per package; killed = tests failed or timed out; "
        "interval = 95% Wilson score interval",
        "note": "first_run is the unbiased estimate for the tests of its commit; when the "
        "figures differ from it, only that sample's survivors were re-run after tests were "
        "written for them, which overstates the package's score until a fresh --seed is drawn",
        "date": datetime.now(UTC).strftime("%Y-%m-%d"),
        "git_commit": tested_at,
        "seed": seed,
        "packages": packages,
    }


def _first_run_of(result: dict[str, Any]) -> dict[str, Any]:
    keys = ("killed", "survived", "score", "interval_95")
    return {key: result[key] for key in keys if key in result}


def _pending(codes: dict[str, dict[str, int | None]], sample: dict[str, list[str]]) -> list[str]:
    """Sampled mutants without a result, so an interrupted run resumes where it stopped."""
    return [
        name
        for prefix, chosen in sample.items()
        for name in chosen
        if state_of(codes[prefix][name]) == "pending"
    ]


def validation(
    codes_by_package: dict[str, dict[str, int | None]], sample: dict[str, list[str]], seed: int
) -> dict[str, Any]:
    """A fresh sample's scores: unbiased by tests written for the stored sample's survivors."""
    packages = {}
    for prefix, names in sample.items():
        if names:
            result = package_result(codes_by_package[prefix], names)
            keys = ("sampled", "killed", "survived", "score", "interval_95", "survivors")
            packages[prefix] = {key: result[key] for key in keys if key in result}
    date = datetime.now(UTC).strftime("%Y-%m-%d")
    return {"seed": seed, "date": date, "packages": packages}


def parse_sizes(pairs: list[str]) -> dict[str, int]:
    sizes = dict(SIZES)
    for pair in pairs:
        prefix, _, size = pair.partition("=")
        if prefix not in PACKAGES or not size.isdigit():
            raise SampleError(
                f"--size takes PACKAGE=N with PACKAGE one of {sorted(PACKAGES)}, got {pair!r}"
            )
        sizes[prefix] = int(size)
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.mutation_sample", description=__doc__)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--size", action="append", default=[], metavar="PACKAGE=N")
    parser.add_argument(
        "--skip-generate", action="store_true", help="mutants/ is already generated"
    )
    parser.add_argument(
        "--rerun-survivors", action="store_true", help="re-run the stored sample's survivors"
    )
    parser.add_argument("--summarise-only", action="store_true", help="only rewrite the summary")
    parser.add_argument(
        "--validate",
        action="store_true",
        help="run a fresh sample (give another --seed) and store it as the summary's validation",
    )
    args = parser.parse_args(argv)
    previous = json.loads(RESULTS_FILE.read_text()) if RESULTS_FILE.is_file() else None
    tested_at = git_commit()
    if args.summarise_only and previous is not None and previous.get("seed") == args.seed:
        tested_at = previous["git_commit"]  # nothing ran: the results are still that commit's

    if not (args.skip_generate or args.summarise_only):
        generate_mutants()
    codes = exit_codes_by_package(MUTANTS)
    names = {prefix: sorted(found) for prefix, found in codes.items()}
    sample = draw_sample(names, parse_sizes(args.size), args.seed)
    for prefix, chosen in sample.items():
        print(f"{PACKAGES[prefix]}: {len(chosen)} of {len(names[prefix])} mutants sampled")

    if args.validate:
        if previous is None or previous.get("seed") == args.seed:
            raise SampleError("--validate needs a stored summary and a different --seed")
        run_mutants(_pending(codes, sample))
        previous["validation"] = validation(exit_codes_by_package(MUTANTS), sample, args.seed)
        previous["validation"]["git_commit"] = tested_at
        RESULTS_FILE.write_text(json.dumps(previous, indent=1) + "\n")
        print(json.dumps(previous["validation"], indent=1))
        return 0
    if args.rerun_survivors:
        if previous is None or previous.get("seed") != args.seed:
            raise SampleError("no stored summary for this seed to take the survivors from")
        run_mutants(
            [name for result in previous["packages"].values() for name in result["survivors"]]
        )
    elif not args.summarise_only:
        run_mutants(_pending(codes, sample))

    summary = summarise(exit_codes_by_package(MUTANTS), sample, args.seed, previous, tested_at)
    RESULTS_FILE.write_text(json.dumps(summary, indent=1) + "\n")
    for prefix, result in summary["packages"].items():
        print(
            f"{PACKAGES[prefix]}: {result.get('score')}% killed, 95% interval {result.get('interval_95')}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
