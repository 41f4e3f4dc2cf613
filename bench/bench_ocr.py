"""OCR of scanned inspections: ours (PDFium + Tesseract, pages in parallel) against plain
`ocrmypdf` on the same scans, side by side, with the settings of each printed.

Both run Tesseract 'eng' on every page of the corpus's scanned documents (INDEX.csv kind
"scanned (no text layer)"); ocrmypdf also writes a PDF, which is its job and part of its
cost. Scale with BENCH_OCR_FILES (default 4 scans; 0 = all).
"""

from __future__ import annotations

import csv
import os
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.context import BenchContext, row

FOLDER = "ice-contract-inspections"
FILES = int(os.environ.get("BENCH_OCR_FILES", "4"))


def run(ctx: BenchContext) -> list[dict[str, Any]]:
    from scrapers._ocr import OcrLimits, tesseract_available

    scans = _scans(ctx.corpus / FOLDER)
    if not scans or not tesseract_available():
        return [row("OCR: skipped (no scanned corpus or no Tesseract)", None, "")]
    limits = OcrLimits()
    pages = sum(_page_count(path) for path in scans)
    ours = _time(lambda: [_ours(path, limits) for path in scans])
    peer = _time(lambda: [_ocrmypdf(path, limits.workers) for path in scans])
    ours_rate, peer_rate = pages / ours, pages / peer
    print(f"   ours: PDFium render {limits.dpi} dpi grayscale, pytesseract --psm 3 lang={limits.lang},"
          f" {limits.workers} pages at a time, OMP_THREAD_LIMIT=1")  # fmt: skip
    print(f"   peer: ocrmypdf --jobs {limits.workers} --skip-text --sidecar (defaults otherwise)")
    print(f"   {len(scans)} scans, {pages} pages")
    return [
        row("OCR of scans: ours", round(ours_rate, 3), "pages/s", peer="ocrmypdf",
            peer_value=round(peer_rate, 3), ratio=round(ours_rate / peer_rate, 2),
            goal=">= ocrmypdf", ok=ours_rate >= peer_rate),
    ]  # fmt: skip


def _scans(folder: Path) -> list[Path]:
    index = folder / "INDEX.csv"
    if not index.exists():
        return []
    with index.open(newline="", encoding="utf-8") as handle:
        names = [r["file"] for r in csv.DictReader(handle) if r["kind"].startswith("scanned")]
    names = sorted(names)
    return [folder / name for name in (names[:FILES] if FILES else names)]


def _page_count(path: Path) -> int:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(path.read_bytes())
    try:
        return len(document)
    finally:
        document.close()


def _ours(path: Path, limits: Any) -> None:
    from scrapers._ocr import ocr_pages

    content = path.read_bytes()
    ocr_pages(content, list(range(1, _page_count(path) + 1)), limits=limits)


def _ocrmypdf(path: Path, jobs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out, sidecar = Path(tmp) / "out.pdf", Path(tmp) / "out.txt"
        command = ["ocrmypdf", "--jobs", str(jobs), "--skip-text", "--sidecar", str(sidecar),
                   "--quiet", str(path), str(out)]  # fmt: skip
        subprocess.run(command, check=True, env={**os.environ, "PATH": _path()})


def _path() -> str:
    """PATH with this virtualenv's bin first, where pip put the ocrmypdf command."""
    import sys

    return os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])


def _time(fn: Any) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started
