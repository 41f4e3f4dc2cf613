"""Build report PDFs for the tests from project-written texts (fixtures and demo texts)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from monitor.demo.oig_pages import DATA
from monitor.demo.pdf import split_pages, text_pdf

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@cache
def report_pdf(name: str) -> bytes:
    """A PDF of a demo report text (OIG-22-31 ...) or of a tests/fixtures/dhs_oig text."""
    demo = DATA / f"{name}.txt"
    path = demo if demo.exists() else FIXTURES / "dhs_oig" / f"{name}.txt"
    return text_pdf(split_pages(path.read_text(encoding="utf-8")), footer=name)


def fixture(source: str, name: str) -> bytes:
    """Bytes of tests/fixtures/<source>/<name>."""
    return (FIXTURES / source / name).read_bytes()
