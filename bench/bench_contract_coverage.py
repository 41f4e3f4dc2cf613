"""Coverage per document kind of the real contract-inspection corpus, and extract speed.

Runs what `monitor extract FOLDER/*.pdf --source ice_contract_inspections --summary` runs, in
this one process: per kind (INDEX.csv), the share of files giving an inspection with facility,
start and end date and rating; for cover letters, the share of listed deficient standards that
became findings; and text PDFs extracted per second (PDFs with a text layer on every page;
scans and the half-scanned older forms need OCR, which the OCR bench measures). The machine
is shared by several people, so the rate is given per CPU second of this process (the goal:
on an idle machine wall time equals it) and per wall second.
"""

from __future__ import annotations

import time
from pathlib import Path

from bench.context import BenchContext, row
from scrapers import _coverage as coverage
from scrapers import ice_contract_inspections
from scrapers._base import SourceError
from scrapers._pdftext import extract_pages
from scrapers._scanned import MIN_PAGE_TEXT

FOLDER = "ice-contract-inspections"
GOAL_PER_SECOND = 20.0
COMPLETE_GOALS = {
    coverage.LETTER: 0.98,
    coverage.FORM_CURRENT: 0.98,
    coverage.FORM_OLDER: 0.98,
    coverage.SCANNED: 0.90,
}
FINDINGS_GOAL = 0.95


def _examine(folder: Path) -> tuple[list[coverage.FileResult], float, float, int]:
    """Every file's result, with the wall and CPU seconds spent on the text PDFs (every page
    with a text layer: no OCR); scans and half-scanned forms go through OCR, timed apart."""
    kinds = coverage.read_index(folder / "INDEX.csv")
    results, wall, cpu, text_pdfs = [], 0.0, 0.0, 0
    for name, kind in sorted(kinds.items()):
        content = (folder / name).read_bytes()
        all_text = _all_pages_have_text(content)
        started, started_cpu = time.perf_counter(), time.process_time()
        result = coverage.examine(name, content, ice_contract_inspections.parse, listed_kind=kind)
        if all_text:
            wall += time.perf_counter() - started
            cpu += time.process_time() - started_cpu
            text_pdfs += 1
        results.append(result)
    return results, wall, cpu, text_pdfs


def _all_pages_have_text(content: bytes) -> bool:
    """Whether every page has a text layer (uncached read: the timed run starts cold)."""
    try:
        texts = extract_pages(content, allow_blank=True)
    except SourceError:
        return False
    return all(len(text.strip()) >= MIN_PAGE_TEXT for text in texts)


def _kind_rows(totals: dict[str, coverage.KindTotals]) -> list[dict]:
    """One row per kind: complete inspections; for letters also findings of listed."""
    rows = []
    for kind, t in totals.items():
        goal = COMPLETE_GOALS.get(kind)
        rows.append(row(
            f"contract corpus, {kind}: complete inspections ({t.complete}/{t.files})",
            round(100 * t.complete_share, 1), "%",
            **({"goal": f">= {goal:.0%}", "ok": t.complete_share >= goal} if goal else {}),
        ))  # fmt: skip
        if kind == coverage.FAMILY_REVIEW:  # the goal: a named error that says what it is
            named = sum(
                n for message, n in t.errors.items() if "family residential" in message.lower()
            )
            rows.append(row(
                f"contract corpus, {kind}: refused by name as such ({named}/{t.files})",
                round(100 * named / t.files, 1), "%", goal=">= 100%", ok=named == t.files,
            ))  # fmt: skip
        if t.findings_share is not None:
            rows.append(row(
                f"contract corpus, {kind}: listed deficient standards found "
                f"({t.found_of_listed}/{t.listed_deficient})",
                round(100 * t.findings_share, 1), "%",
                goal=f">= {FINDINGS_GOAL:.0%}", ok=t.findings_share >= FINDINGS_GOAL,
            ))  # fmt: skip
    return rows


def run(ctx: BenchContext) -> list[dict]:
    """Coverage per kind and text PDFs per second over the corpus folder."""
    folder = Path(ctx.corpus) / FOLDER
    if not (folder / "INDEX.csv").is_file():
        return [row("contract corpus: not available (skipped)", None, "")]
    results, wall, cpu, count = _examine(folder)
    per_cpu = count / cpu if cpu else 0.0
    return [
        *_kind_rows(coverage.summarize(results)),
        row(
            f"monitor extract, text PDFs per CPU second ({count} files, one process)",
            round(per_cpu, 1),
            "PDFs/s",
            goal=f">= {GOAL_PER_SECOND:g} PDFs/s",
            ok=per_cpu >= GOAL_PER_SECOND,
        ),  # fmt: skip
        row(
            "monitor extract, text PDFs per wall second (shared machine)",
            round(count / wall, 1) if wall else None,
            "PDFs/s",
        ),  # fmt: skip
    ]
