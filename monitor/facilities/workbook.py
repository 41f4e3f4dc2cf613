"""A statistics workbook read and parsed before anything is written, and release ordering."""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from datetime import date

from scrapers._limits.budget import Limits
from scrapers._limits.sandbox import run_limited
from scrapers.ice_stats import ParsedWorkbook, parse_workbook


@dataclass
class Workbook:
    """A workbook read and parsed, ready to import (parsing happens before any write)."""

    file_name: str
    sha256: str
    parsed: ParsedWorkbook
    content: bytes = b""


def read_workbook(content: bytes, *, file_name: str, limits: Limits | None = None) -> Workbook:
    """Parse the bytes (in a limited child when `limits` is given); errors name the problem."""
    if limits is None:
        parsed = parse_workbook(content, file_name=file_name)
    else:
        parse = functools.partial(parse_workbook, file_name=file_name)
        parsed = run_limited(parse, content, content=content, limits=limits)
    return Workbook(file_name, hashlib.sha256(content).hexdigest(), parsed, content)


def release_order(workbook: Workbook) -> tuple[date, str]:
    """Chronological order of releases, so drift compares each with the one before."""
    release = workbook.parsed.release
    when = release.data_date or (date(release.fiscal_year, 1, 1) if release.fiscal_year else None)
    return (when or date.max, release.label)
