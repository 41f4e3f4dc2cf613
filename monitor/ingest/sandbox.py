"""Every parse of an untrusted file goes through here: the configured limits, in a child process.

`scrapers._limits` holds the limits and checks and runs the child; this module turns the
settings into `Limits` and gives the CLI and the ingest runner one call each.
"""

from __future__ import annotations

from dataclasses import fields
from types import ModuleType

from monitor.config import Settings
from scrapers._base import Page, Record
from scrapers._limits.budget import Limits
from scrapers._limits.checks import check_content
from scrapers._limits.sandbox import parse_page, run_limited
from scrapers._pdftext import is_pdf
from scrapers._workbook import OLE_MAGIC

# Settings are given in MB and seconds; Limits count bytes.
_MB_FIELDS = {"max_input_bytes", "max_decompressed_bytes", "max_member_bytes", "memory_bytes"}


def limits_from(settings: Settings) -> Limits:
    """The parse limits: defaults, overridden by `settings.parse_limits` (MONITOR_PARSE_*)."""
    values: dict[str, float] = {}
    for item in fields(Limits):
        key = item.name.removesuffix("_bytes") + ("_mb" if item.name in _MB_FIELDS else "")
        raw = settings.parse_limits.get(key)
        if raw is None or raw == "":
            continue
        number = float(raw)
        if item.name in _MB_FIELDS:
            number *= 1024 * 1024
        values[item.name] = number if item.name == "wall_seconds" else int(number)
    return Limits(**values)  # type: ignore[arg-type]


def setting_names() -> list[str]:
    """The keys `parse_limits` accepts (documented in docs/capture.md; a test checks)."""
    return [
        item.name.removesuffix("_bytes") + ("_mb" if item.name in _MB_FIELDS else "")
        for item in fields(Limits)
    ]


def parse_untrusted(
    settings: Settings, module: ModuleType, page: Page
) -> tuple[list[Record], list[str] | None]:
    """Records and PDF page texts of a page; PDFs and zips (xlsx) parse in the limited child.

    HTML pages are already capped in size by the fetcher and parse in this process.
    """
    if is_pdf(page.content) or page.content.startswith((b"PK", OLE_MAGIC)):
        return parse_limited(settings, module, page, with_texts=True)
    check_content(page.content, limits_from(settings), url=page.url)
    return module.parse(page), None


def parse_limited(
    settings: Settings, module: ModuleType, page: Page, *, with_texts: bool = False
) -> tuple[list[Record], list[str] | None]:
    """`module.parse(page)` (and its PDF page texts) run within the configured limits."""
    records, texts = run_limited(
        parse_page,
        module.__name__,
        page,
        with_texts,
        content=page.content,
        limits=limits_from(settings),
    )
    return records, texts
