"""The limits one parse must stay within, and the named error for going past one."""

from __future__ import annotations

from dataclasses import dataclass

from scrapers._base import ResourceLimitExceeded

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """What one parse may use; every field is a setting (see docs/capture.md)."""

    max_input_bytes: int = 200 * MB
    max_decompressed_bytes: int = 128 * MB  # large inflated PDF streams, or all zip members
    max_member_bytes: int = 64 * MB  # one zip member (a worksheet, the shared strings)
    max_zip_members: int = 2_000
    max_pages: int = 5_000
    max_rows: int = 100_000
    max_columns: int = 2_000
    max_cells: int = 5_000_000
    max_shared_strings: int = 1_000_000
    max_nesting: int = 256
    memory_bytes: int = 768 * MB  # address space of the parsing child process
    cpu_seconds: int = 120
    wall_seconds: float = 240.0  # above OCR's own 180 s limit (scrapers/_ocr.py)


_current = Limits()


def current_limits() -> Limits:
    """The limits of the parse running in this process (set by the sandbox child)."""
    return _current


def set_current_limits(limits: Limits) -> None:
    """Make `limits` the ones `bounded_rows` and the checks use in this process."""
    global _current
    _current = limits


def exceeded(what: str, found: int | float, limit: int | float, url: str | None = None) -> None:
    """Raise the named error when `found` is over `limit`."""
    if found > limit:
        raise ResourceLimitExceeded(f"{what} is {found:,} (limit {limit:,})", url=url)
