"""What the parse limits cost: each parser on the real corpus, in this process and in the child.

The child adds a fork, a pickle each way and the checks made before the parse (declared
sizes, inflated stream sizes, page count). Goal: at most 5% over the unlimited parse.
Best of BENCH_LIMITS_ROUNDS rounds (default 3), since the machine is shared.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from bench.context import BenchContext, row

ROUNDS = int(os.environ.get("BENCH_LIMITS_ROUNDS", "3"))
GOAL = 0.05


def _files(ctx: BenchContext) -> dict[str, list[Path]]:
    return {
        "ice_contract_inspections": sorted((ctx.corpus / "ice-contract-inspections").glob("*.pdf")),
        "ice_stats": sorted(ctx.corpus.glob("ice-fy*-detention-stats*.xlsx")),
    }


def _parse_all(source: str, contents: list[bytes], limited: bool) -> float:
    """Seconds to parse every file once (named errors count as parsed: they are results)."""
    from scrapers import _pdftext
    from scrapers._base import Page, SourceError
    from scrapers._limits.budget import Limits
    from scrapers._limits.sandbox import parse_page, run_limited

    started = time.perf_counter()
    for content in contents:
        _pdftext._cache.clear()  # the child starts cold; so must the comparison
        page = Page(url="file:///bench", content=content)
        try:
            if limited:
                run_limited(
                    parse_page, f"scrapers.{source}", page, True, content=content, limits=Limits()
                )
            else:
                parse_page(f"scrapers.{source}", page, True)
        except SourceError:
            pass
    return time.perf_counter() - started


def _overhead(source: str, paths: list[Path]) -> dict[str, Any]:
    contents = [path.read_bytes() for path in paths]
    _parse_all(source, contents[:1], limited=True)  # start the fork server
    plain, limited = [], []
    for _ in range(ROUNDS):
        plain.append(_parse_all(source, contents, limited=False))
        limited.append(_parse_all(source, contents, limited=True))
    overhead = min(limited) / min(plain) - 1
    return row(
        f"parse limits overhead, {source} ({len(paths)} corpus files)",
        round(overhead * 100, 1),
        "%",
        goal=f"<= {GOAL:.0%}",
        ok=overhead <= GOAL,
        plain_seconds=round(min(plain), 3),
        limited_seconds=round(min(limited), 3),
    )


def run(ctx: BenchContext) -> list[dict]:
    rows = []
    for source, paths in _files(ctx).items():
        if paths:
            rows.append(_overhead(source, paths))
    return rows
