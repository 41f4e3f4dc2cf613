"""What every benchmark module gets: paths, the scale dataset, timing helpers."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


@dataclass
class BenchContext:
    root: Path

    @property
    def work_dir(self) -> Path:
        path = self.root / ".data"
        path.mkdir(exist_ok=True)
        return path

    @property
    def corpus(self) -> Path:
        return CORPUS

    def scale_db(self) -> Path:
        """Path of the migrated SQLite file holding the deterministic scale dataset."""
        from bench.scale import ensure_scale_db

        return ensure_scale_db(self.work_dir)


def median_seconds(fn: Callable[[], object], repeat: int = 5) -> float:
    """Median wall time of `fn` over `repeat` runs."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def row(
    name: str,
    value: float | None,
    unit: str,
    *,
    goal: str | None = None,
    ok: bool | None = None,
    **extra: object,
) -> dict:
    """One result line in the results.json shape."""
    out: dict = {"name": name, "value": value, "unit": unit}
    out.update(extra)
    if goal is not None:
        out["goal"] = goal
        out["ok"] = bool(ok)
    return out
