"""Contract-inspection PDFs (cover letters and G-324A forms) parsed per second.

Uses the real Nakamoto PDFs of ../shared/corpus when present, else the demo's project-written
letters. Each parse gets distinct bytes (a trailing comment) so the text cache never answers.
"""

from __future__ import annotations

import time
from pathlib import Path

from bench.context import BenchContext, row
from scrapers import ice_contract_inspections
from scrapers._base import Page

ROUNDS = 12
GOAL_PER_SECOND = 5.0


def _samples(ctx: BenchContext) -> tuple[str, list[bytes]]:
    """The PDFs to parse and where they come from."""
    real = sorted(Path(ctx.corpus).glob("ice-nakamoto-*.pdf"))
    if real:
        return "corpus", [path.read_bytes() for path in real]
    from monitor.demo.ice import content_of
    from monitor.demo.ice_catalog import CONTRACT_DOCS

    return "demo", [content_of(doc) for doc in CONTRACT_DOCS]


def run(ctx: BenchContext) -> list[dict]:
    """Parse every sample ROUNDS times and report PDFs and pages per second."""
    origin, samples = _samples(ctx)
    count = 0
    records = 0
    started = time.perf_counter()
    for round_number in range(ROUNDS):
        for index, content in enumerate(samples):
            unique = content + f"\n% bench {round_number}-{index}\n".encode()
            records += len(ice_contract_inspections.parse(Page(url="bench.pdf", content=unique)))
            count += 1
    elapsed = time.perf_counter() - started
    rate = count / elapsed if elapsed else 0.0
    return [
        row(
            f"contract-inspection PDFs parsed per second ({origin}, {len(samples)} files)",
            round(rate, 2),
            "PDFs/s",
            goal=f">= {GOAL_PER_SECOND:g} PDFs/s",
            ok=rate >= GOAL_PER_SECOND,
        ),  # fmt: skip
        row(
            "records extracted per contract-inspection PDF",
            round(records / max(count, 1), 1),
            "records",
        ),  # fmt: skip
    ]
