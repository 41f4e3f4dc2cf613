"""Checks on zip archives and xlsx workbooks, before (declared sizes) and during (rows) a parse."""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from io import BytesIO
from typing import Any

from scrapers._limits.budget import Limits, current_limits, exceeded

_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Z]+)?(\d+)?(?::([A-Z]+)(\d+))?\"")
_UNIQUE = re.compile(rb"uniqueCount=\"(\d+)\"")
_HEAD_BYTES = 4096
_COUNT_CHUNK = 1024 * 1024


def check_zip(content: bytes, limits: Limits, *, url: str | None = None) -> None:
    """Refuse a zip whose declared members are too many or too big, or an oversized sheet."""
    try:
        archive = zipfile.ZipFile(BytesIO(content))
    except (zipfile.BadZipFile, OSError):
        return  # not readable as a zip: the parser names the problem itself
    with archive:
        members = archive.infolist()
        exceeded("the number of zip members", len(members), limits.max_zip_members, url)
        # zipfile stops reading a member at its declared size, so declared sizes bound the work.
        total = sum(member.file_size for member in members)
        exceeded("the unpacked size in bytes", total, limits.max_decompressed_bytes, url)
        for member in members:
            what = f"the unpacked size of {member.filename} in bytes"
            exceeded(what, member.file_size, limits.max_member_bytes, url)
            if member.filename.startswith("xl/"):
                _check_xlsx_member(archive, member, limits, url)


def _check_xlsx_member(
    archive: zipfile.ZipFile, member: zipfile.ZipInfo, limits: Limits, url: str | None
) -> None:
    name = member.filename
    if not (name.startswith("xl/worksheets/") or name == "xl/sharedStrings.xml"):
        return
    try:
        with archive.open(member) as handle:
            head = handle.read(_HEAD_BYTES)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError):
        return  # corrupt or encrypted: openpyxl raises its own named error
    if name == "xl/sharedStrings.xml":
        _check_shared_strings(archive, member, head, limits, url)
        return
    check_dimension(head, limits, sheet=name, url=url)
    # The dimension may be missing or lie: count the rows themselves (a fast byte count).
    what = f"the row count of {name}"
    count_tags(archive, member, (b"<row", b":row"), what, limits.max_rows, url)


def _check_shared_strings(
    archive: zipfile.ZipFile, member: zipfile.ZipInfo, head: bytes, limits: Limits, url: str | None
) -> None:
    """Refuse more shared strings than the limit, declared or counted (openpyxl keeps them all)."""
    what = "the number of shared strings"
    unique = _UNIQUE.search(head)
    if unique:
        exceeded(what, int(unique.group(1)), limits.max_shared_strings, url)
    count_tags(archive, member, (b"<si>", b"<si "), what, limits.max_shared_strings, url)


def count_tags(
    archive: zipfile.ZipFile,
    member: zipfile.ZipInfo,
    tags: tuple[bytes, ...],
    what: str,
    limit: int,
    url: str | None,
) -> None:
    """Count opening `tags` (4 bytes each) in a member, streaming; refuse past `limit`."""
    count, tail = 0, b""
    with archive.open(member) as handle:
        while chunk := handle.read(_COUNT_CHUNK):
            window = tail + chunk
            count += sum(window.count(tag) for tag in tags)
            tail = window[-3:]  # a 4-byte tag split across chunks is counted once
            exceeded(what, count, limit, url)


def check_dimension(head: bytes, limits: Limits, *, sheet: str, url: str | None = None) -> None:
    """Refuse a worksheet whose declared `<dimension>` is over the row, column or cell limit."""
    match = _DIMENSION.search(head)
    if not match:
        return
    first_col, first_row, last_col, last_row = match.groups()
    last_col, last_row = last_col or first_col, last_row or first_row
    if not (last_col and last_row):
        return
    rows = int(last_row) - int(first_row or 1) + 1
    columns = column_number(last_col) - column_number(first_col or "A") + 1
    exceeded(f"the declared row count of {sheet}", rows, limits.max_rows, url)
    exceeded(f"the declared column count of {sheet}", columns, limits.max_columns, url)
    exceeded(f"the declared cell count of {sheet}", rows * columns, limits.max_cells, url)


def column_number(letters: bytes | str) -> int:
    """Spreadsheet column letters as a 1-based number ('A' is 1, 'XFD' is 16384)."""
    text = letters.decode() if isinstance(letters, bytes) else letters
    number = 0
    for char in text.upper():
        number = number * 26 + (ord(char) - ord("A") + 1)
    return number


def bounded_rows(rows: Iterable[tuple[Any, ...]], *, sheet: str) -> Iterator[tuple[Any, ...]]:
    """Yield rows while the sheet stays within the limits (a dimension can lie)."""
    limits = current_limits()
    cells = 0
    for count, row in enumerate(rows, start=1):
        exceeded(f"the row count of sheet {sheet!r}", count, limits.max_rows)
        exceeded(f"the column count of sheet {sheet!r}", len(row), limits.max_columns)
        cells += len(row)
        exceeded(f"the cell count of sheet {sheet!r}", cells, limits.max_cells)
        yield row
