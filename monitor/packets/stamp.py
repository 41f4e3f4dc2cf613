"""Bates stamping and deterministic PDF writing with pypdf.

The stamp is appended as a small content stream (standard Courier-Bold, not embedded) instead of
merging an overlay page: merging re-parses every page's content and is several times slower.
"""

from __future__ import annotations

import hashlib
import zlib
from datetime import datetime
from pathlib import Path
from typing import IO

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.errors import PyPdfError
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    StreamObject,
)

from monitor.version import __version__

FONT_KEY = "/DCMBates"
FONT_SIZE = 9.0
MARGIN = 14.0
# Courier glyphs are all 600/1000 em wide, so the label width is known without metrics.
_CHAR_WIDTH = 0.6
# Damaged or hostile PDFs surface as any of these from pypdf's lazy parser.
PDF_ERRORS: tuple[type[BaseException], ...] = (
    PyPdfError,
    ValueError,
    KeyError,
    TypeError,
    AttributeError,
    IndexError,
    OSError,
    RecursionError,
    zlib.error,
)


class UnstampablePdf(Exception):
    """The PDF can be archived but its pages cannot be read or stamped; the message says why."""


def bates_label(prefix: str, number: int) -> str:
    """The printed Bates number, e.g. TCDF-000001."""
    return f"{prefix}-{number:06d}"


def open_pdf(source: Path | IO[bytes]) -> PdfReader:
    """Open a PDF for stamping, refusing encrypted files and files with no pages."""
    try:
        reader = PdfReader(source, strict=False)
        if reader.is_encrypted:
            raise UnstampablePdf("the PDF is encrypted, so its pages cannot be stamped")
        if len(reader.pages) == 0:
            raise UnstampablePdf("the PDF has no pages")
    except PDF_ERRORS as exc:
        raise UnstampablePdf(f"the PDF is damaged and cannot be read ({_short(exc)})") from exc
    return reader


def stamp_pdf(
    source: Path | IO[bytes],
    out: IO[bytes],
    *,
    prefix: str,
    first: int,
    title: str,
    created: datetime,
    seed: str,
) -> int:
    """Write `source` to `out` with a Bates number on every page; return the page count."""
    reader = open_pdf(source)
    writer = PdfWriter()
    try:
        font = new_font(writer)
        for offset, page in enumerate(reader.pages):
            added = writer.add_page(page)
            stamp_page(writer, added, bates_label(prefix, first + offset), font)
        count = len(reader.pages)
        finish(writer, title=title, created=created, seed=f"{seed}:{count}")
        writer.write(out)
    except PDF_ERRORS as exc:
        raise UnstampablePdf(f"a page of the PDF is damaged ({_short(exc)})") from exc
    return count


def stamp_page(writer: PdfWriter, page: PageObject, label: str, font: IndirectObject) -> None:
    """Append a Bates label at the visual bottom-right of `page`, whatever its rotation."""
    # Edit the (possibly shared, indirect) dictionaries in place so references stay shared.
    resources = _dict_at(page, "/Resources")
    fonts = _dict_at(resources, "/Font")
    fonts[NameObject(FONT_KEY)] = font
    before = writer._add_object(_stream(b"q\n"))
    after = writer._add_object(_stream(b"Q\n" + _stamp_ops(page, label)))
    contents = page.get("/Contents")
    existing: list = []
    if contents is not None:
        resolved = contents.get_object()
        existing = list(resolved) if isinstance(resolved, ArrayObject) else [contents]
    page[NameObject("/Contents")] = ArrayObject([before, *existing, after])


def _dict_at(parent: DictionaryObject, key: str) -> DictionaryObject:
    """The dictionary under `key`, created when missing or malformed."""
    value = parent.get(key)
    resolved = value.get_object() if value is not None else None
    if isinstance(resolved, DictionaryObject):
        return resolved
    fresh = DictionaryObject()
    parent[NameObject(key)] = fresh
    return fresh


def _stamp_ops(page: PageObject, label: str) -> bytes:
    """Drawing operators for a white box and the label, placed with a rotation-aware matrix."""
    box = page.cropbox
    x0, y0, x1, y1 = (float(v) for v in (box.left, box.bottom, box.right, box.top))
    width = len(label) * _CHAR_WIDTH * FONT_SIZE
    m = MARGIN
    matrix = {
        0: (1, 0, 0, 1, x1 - m - width, y0 + m),
        90: (0, 1, -1, 0, x1 - m, y1 - m - width),
        180: (-1, 0, 0, -1, x0 + m + width, y1 - m),
        270: (0, -1, 1, 0, x0 + m, y0 + m + width),
    }[page.rotation % 360]
    cm = " ".join(f"{v:.2f}" for v in matrix)
    return (
        f"q {cm} cm 1 g -3 -3 {width + 6:.2f} {FONT_SIZE + 5:.2f} re f "
        f"0 g BT {FONT_KEY} {FONT_SIZE:g} Tf 0 0 Td ({label}) Tj ET Q\n"
    ).encode("ascii")


def _font_dict() -> DictionaryObject:
    font = DictionaryObject()
    font[NameObject("/Type")] = NameObject("/Font")
    font[NameObject("/Subtype")] = NameObject("/Type1")
    font[NameObject("/BaseFont")] = NameObject("/Courier-Bold")
    font[NameObject("/Encoding")] = NameObject("/WinAnsiEncoding")
    return font


def _stream(data: bytes) -> StreamObject:
    stream = StreamObject()
    stream.set_data(data)
    return stream


def new_font(writer: PdfWriter) -> IndirectObject:
    """Register the stamp font once per writer."""
    # pypdf has no public call for adding a free-standing indirect object; this one is stable.
    return writer._add_object(_font_dict())


def finish(writer: PdfWriter, *, title: str, created: datetime, seed: str) -> None:
    """Set metadata and a file /ID derived from the content, never from the clock or randomness."""
    stamp = created.strftime("D:%Y%m%d%H%M%SZ")
    writer.add_metadata(
        {
            "/Title": title,
            "/Producer": f"Detention Conditions Monitor {__version__} (pypdf)",
            "/Creator": "Detention Conditions Monitor",
            "/CreationDate": stamp,
            "/ModDate": stamp,
        }
    )
    digest = hashlib.sha256(f"{seed}|{stamp}".encode()).digest()[:16]
    # pypdf writes no /ID unless one is set; there is no public setter.
    writer._ID = ArrayObject([ByteStringObject(digest), ByteStringObject(digest)])


def _short(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) <= 160 else text[:157] + "..."
