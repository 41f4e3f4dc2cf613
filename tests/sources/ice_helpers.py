"""Helpers for the ICE and NGO source tests: fixtures, PDFs made with fpdf2, fuzz checks."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fpdf import FPDF

from scrapers._base import Page, SourceError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def fixture_bytes(source: str, name: str) -> bytes:
    """The bytes of tests/fixtures/<source>/<name>."""
    return (FIXTURES / source / name).read_bytes()


def fixture_text(source: str, name: str) -> str:
    """A text fixture (form feeds separate PDF pages)."""
    return (FIXTURES / source / name).read_text(encoding="utf-8")


def make_pdf(text: str) -> bytes:
    """A text PDF: one page per form-feed-separated chunk, one line per text line."""
    pdf = FPDF()
    pdf.set_font("Helvetica", size=9)
    for chunk in text.split("\f"):
        pdf.add_page()
        for line in chunk.strip("\n").splitlines():
            pdf.cell(0, 4.5, line.encode("latin-1", "replace").decode("latin-1"),
                     new_x="LMARGIN", new_y="NEXT")  # fmt: skip
    return bytes(pdf.output())


def scanned_pdf() -> bytes:
    """A PDF with pages but no text layer, like a scan."""
    pdf = FPDF()
    for _ in range(2):
        pdf.add_page()
        pdf.rect(20, 20, 150, 200, style="F")
    return bytes(pdf.output())


def page(content: bytes, url: str = "https://www.ice.gov/node/70001", **meta: Any) -> Page:
    """A Page as the fetcher would hand it over."""
    return Page(url=url, content=content, meta=dict(meta))


def only_named_errors(parse: Callable[[Page], object], content: bytes, **meta: Any) -> None:
    """Parse and let only the named source errors escape (the fuzz property)."""
    with contextlib.suppress(SourceError):
        parse(page(content, **meta))


def mutations(content: bytes, seed: int) -> list[bytes]:
    """Deterministic damaged copies: truncated, a byte range dropped, bytes flipped."""
    size = max(len(content), 1)
    cut = (seed * 7919) % size
    flipped = bytearray(content)
    for offset in range(0, len(flipped), max(size // 16, 1)):
        flipped[(offset + seed) % size] ^= 0x5A
    return [content[:cut], content[:cut] + content[cut + size // 10 :], bytes(flipped)]
