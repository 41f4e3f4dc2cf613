"""Run every benchmark module and write bench/results.json.

Each module `bench/bench_<area>.py` exposes `run(ctx: BenchContext) -> list[dict]`, each dict
with `name`, `value`, `unit`, optionally `peer`, `peer_value`, `ratio`, and `goal` (a
human-readable target such as "<= 10 s") and `ok` (bool).
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
import traceback
from pathlib import Path

from bench.context import BenchContext

BENCH_DIR = Path(__file__).resolve().parent


def discover(only: list[str]) -> list[str]:
    names = sorted(p.stem for p in BENCH_DIR.glob("bench_*.py"))
    if only:
        names = [n for n in names if any(o in n for o in only)]
    return names


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("only", nargs="*", help="run only modules whose name contains this")
    args = parser.parse_args(argv)
    ctx = BenchContext(root=BENCH_DIR)
    results: list[dict] = []
    failed = False
    for name in discover(args.only):
        started = time.perf_counter()
        print(f"== {name}", flush=True)
        try:
            rows = importlib.import_module(f"bench.{name}").run(ctx)
        except Exception:  # noqa: BLE001  (one failing benchmark must not hide the others)
            traceback.print_exc()
            rows = [{"name": f"{name}: crashed", "value": None, "unit": "", "ok": False}]
            failed = True
        for row in rows:
            results.append(row)
            print(format_row(row), flush=True)
        print(f"   ({time.perf_counter() - started:.1f} s)", flush=True)
    (BENCH_DIR / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    print(f"wrote {BENCH_DIR / 'results.json'} ({len(results)} figures)")
    return 1 if failed else 0


def format_row(row: dict) -> str:
    value = row.get("value")
    shown = f"{value:,.3f}" if isinstance(value, float) else str(value)
    line = f"{row['name']}: {shown} {row.get('unit', '')}".rstrip()
    if row.get("peer"):
        line += f" | {row['peer']}: {row.get('peer_value')} (ratio {row.get('ratio')})"
    if row.get("goal"):
        line += f" | goal {row['goal']}: {'ok' if row.get('ok') else 'MISSED'}"
    return line


if __name__ == "__main__":
    sys.exit(main())
