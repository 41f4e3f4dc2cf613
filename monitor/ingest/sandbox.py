"""Every parse of an untrusted file goes through here: the configured limits, in a child process.

`scrapers._limits` holds the limits and checks and runs the child; this module turns the
settings into `Limits` and gives the CLI and the ingest runner one call each.
"""

from __future__ import annotations

from types import ModuleType

from monitor.config import Settings
from scrapers._base import Page, Record
from scrapers._limits.budget import MB, Limits
from scrapers._limits.checks import check_content
from scrapers._limits.sandbox import parse_page, run_limited
from scrapers._ocr import OcrLimits
from scrapers._pdftext import is_pdf
from scrapers._scanned import DocumentText
from scrapers._workbook import OLE_MAGIC


def limits_from(settings: Settings) -> Limits:
    """The parse limits of `settings.parse` (MONITOR_PARSE_*), in the units Limits counts."""
    parse = settings.parse
    return Limits(
        max_input_bytes=parse.max_input_mb * MB,
        max_decompressed_bytes=parse.max_decompressed_mb * MB,
        max_member_bytes=parse.max_member_mb * MB,
        max_zip_members=parse.max_zip_members,
        max_pages=parse.max_pages,
        max_rows=parse.max_rows,
        max_columns=parse.max_columns,
        max_cells=parse.max_cells,
        max_shared_strings=parse.max_shared_strings,
        max_nesting=parse.max_nesting,
        memory_bytes=parse.memory_mb * MB,
        cpu_seconds=parse.cpu_seconds,
        wall_seconds=parse.wall_seconds,
    )


def parse_untrusted(
    settings: Settings, module: ModuleType, page: Page
) -> tuple[list[Record], DocumentText | None]:
    """Records and PDF page texts of a page; PDFs and zips (xlsx) parse in the limited child.

    HTML pages are already capped in size by the fetcher and parse in this process.
    """
    if is_pdf(page.content) or page.content.startswith((b"PK", OLE_MAGIC)):
        return parse_limited(settings, module, page, with_texts=True)
    check_content(page.content, limits_from(settings), url=page.url)
    return module.parse(page), None


def parse_limited(
    settings: Settings, module: ModuleType, page: Page, *, with_texts: bool = False
) -> tuple[list[Record], DocumentText | None]:
    """`module.parse(page)` (and its PDF pages' text) run within the configured limits."""
    records, texts = run_limited(
        parse_page,
        module.__name__,
        page,
        with_texts,
        OcrLimits(**settings.ocr.limits()),
        content=page.content,
        limits=limits_from(settings),
    )
    return records, texts
