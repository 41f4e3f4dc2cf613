"""What the parse limits cost on the real corpus: each parser in this process and in the child.

The child adds a pickle each way and the checks made before the parse (declared sizes, large
inflated streams, page count). Each file is parsed both ways, one after the other, so the
shared machine's load falls on both alike; the figure is the summed difference over the
summed in-process time. Goal: at most 5%. The contract inspections (OCR on scanned pages
makes each take seconds) use every BENCH_LIMITS_EVERY-th file (default 4).
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path
from typing import Any

from bench.context import BenchContext, row

EVERY = int(os.environ.get("BENCH_LIMITS_EVERY", "4"))
GOAL = 0.05


def _files(ctx: BenchContext) -> dict[str, list[Path]]:
    inspections = sorted((ctx.corpus / "ice-contract-inspections").glob("*.pdf"))
    return {
        "ice_contract_inspections": inspections[::EVERY],
        "ice_stats": sorted(ctx.corpus.glob("ice-fy*-detention-stats*.xlsx")),
    }


def _timed(source: str, content: bytes, limited: bool) -> tuple[float, float]:
    """Seconds for one parse (named errors are results too), and the checks' share of it."""
    from scrapers import _pdftext
    from scrapers._base import Page
    from scrapers._limits.budget import Limits
    from scrapers._limits.sandbox import parse_page, run_in_child

    _pdftext._cache.clear()  # the child starts cold; so must the comparison
    page = Page(url="file:///bench", content=content)
    started = time.perf_counter()
    if not limited:
        # Named errors and all: the cost is what is measured, not the outcome.
        with contextlib.suppress(Exception):
            parse_page(f"scrapers.{source}", page, True)
        return time.perf_counter() - started, 0.0
    outcome = run_in_child(
        parse_page, f"scrapers.{source}", page, True, content=content, limits=Limits()
    )
    return time.perf_counter() - started, outcome.checks_seconds


def _overhead(source: str, paths: list[Path]) -> dict[str, Any]:
    _timed(source, paths[0].read_bytes(), limited=True)  # start the worker
    plain = limited = checks = 0.0
    for path in paths:
        content = path.read_bytes()
        plain += _timed(source, content, limited=False)[0]
        seconds, checked = _timed(source, content, limited=True)
        limited += seconds
        checks += checked
    overhead = limited / plain - 1
    return row(
        f"parse limits overhead, {source} ({len(paths)} corpus files)",
        round(overhead * 100, 1),
        "%",
        goal=f"<= {GOAL:.0%}",
        ok=overhead <= GOAL,
        plain_seconds=round(plain, 3),
        limited_seconds=round(limited, 3),
        checks_seconds=round(checks, 3),
    )


def run(ctx: BenchContext) -> list[dict]:
    return [_overhead(source, paths) for source, paths in _files(ctx).items() if paths]
