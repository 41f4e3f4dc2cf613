"""How long `monitor --help` takes to start (goal: at most 0.5 s), beside bare `python -c pass`."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.context import BenchContext

RUNS = 15


def _median_seconds(cmd: list[str]) -> float:
    samples = []
    for _ in range(RUNS):
        started = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def run(ctx: BenchContext) -> list[dict]:
    monitor = str(Path(sys.executable).with_name("monitor"))
    cli = _median_seconds([monitor, "--help"])
    bare = _median_seconds([sys.executable, "-c", "pass"])
    return [
        {
            "name": f"CLI start: `monitor --help`, median of {RUNS}",
            "value": round(cli, 3),
            "unit": "s",
            "peer": "python -c pass (interpreter start alone)",
            "peer_value": round(bare, 3),
            "ratio": round(cli / bare, 1) if bare else None,
            "goal": "<= 0.5 s",
            "ok": cli <= 0.5,
        }
    ]
