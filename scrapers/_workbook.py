"""Cell-value converters and workbook loading for spreadsheet sources (openpyxl, read-only)."""

from __future__ import annotations

import re
import zipfile
import zlib
from datetime import date, datetime, timedelta
from io import BytesIO
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from scrapers._base import BadDocument
from scrapers._limits.xlsx import bounded_rows

BLANKS = frozenset({"", "n/a", "na", "-", "--", "none", "null", "tbd", "#n/a"})
OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")  # legacy .xls and password-protected files
EXCEL_EPOCH = date(1899, 12, 30)  # Excel's day 0, after its 1900 leap-year bug
_TEXT_DATE = re.compile(r"^(\d{1,2})[/-](\d{1,2})[/-](\d{2}|\d{4})$")
_ZIP_PLUS_FOUR = re.compile(r"^(\d{5})(?:-|\s)?\d{4}$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T].*)?$")

Rows = list[tuple[Any, ...]]


def read_sheets(content: bytes, *, url: str | None = None) -> dict[str, Rows]:
    """Every sheet's cell values; a named error when the bytes are not a readable workbook."""
    if content.startswith(OLE_MAGIC):
        raise BadDocument("an old-style .xls or encrypted workbook; save it as .xlsx", url=url)
    if not content.startswith(b"PK"):
        raise BadDocument("not an Excel workbook (.xlsx)", url=url)
    try:
        book = load_workbook(BytesIO(content), read_only=True, data_only=True)
        try:
            return {
                ws.title: list(bounded_rows(ws.iter_rows(values_only=True), sheet=ws.title))
                for ws in book.worksheets
            }
        finally:
            book.close()
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise BadDocument(f"truncated or corrupt workbook ({exc})", url=url) from exc
    except (InvalidFileException, KeyError, ValueError, TypeError, OSError) as exc:
        raise BadDocument(f"unreadable workbook ({exc})", url=url) from exc


def clean_header(value: Any) -> str:
    """A header cell as one line of single-spaced text."""
    return " ".join(str(value).split()) if value is not None else ""


def blank(value: Any) -> bool:
    """True for empty cells and the placeholders ICE writes for 'no value'."""
    return value is None or (isinstance(value, str) and value.strip().lower() in BLANKS)


def to_text(value: Any) -> str | None:
    """Cell as stripped text, None when blank."""
    if blank(value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def to_float(value: Any) -> float | None:
    """Cell as a number; text with thousands separators accepted."""
    if blank(value) or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value).replace(",", "").strip())
    except ValueError:
        return None


def to_int(value: Any) -> int | None:
    """Cell as a whole number (rounded), None when blank or not numeric."""
    number = to_float(value)
    return None if number is None else int(round(number))


def to_zip(value: Any) -> str | None:
    """ZIP code text: numbers get their leading zeros back, ZIP+4 keeps the first five digits."""
    text = to_text(value)
    if text is None:
        return None
    if text.isdigit() and len(text) <= 5:
        return text.zfill(5)
    plus_four = _ZIP_PLUS_FOUR.match(text)
    return plus_four.group(1) if plus_four else text


def to_date(value: Any) -> date | None:
    """Excel date, Excel serial number, or text 'm/d/yyyy' / 'yyyy-mm-dd' as a date."""
    if blank(value) or isinstance(value, bool):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float):
        # Serial numbers between 1927 and 2064 only; anything else is not a date.
        return EXCEL_EPOCH + timedelta(days=int(value)) if 10000 < value < 60000 else None
    return _text_date(str(value).strip())


def _text_date(text: str) -> date | None:
    match = _TEXT_DATE.match(text)
    try:
        if match:
            month, day, year = (int(g) for g in match.groups())
            year += 2000 if year < 100 else 0
            return date(year, month, day)
        iso = _ISO_DATE.match(text)
        if iso:
            return date(*(int(g) for g in iso.groups()))
    except ValueError:
        return None
    return None


def jsonable(value: Any) -> Any:
    """A cell value that JSON can hold (dates as ISO text)."""
    if isinstance(value, datetime):
        return (
            value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value != value:
        return None
    return value
