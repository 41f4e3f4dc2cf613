"""Checks on a PDF before its text is extracted: page count, inflated streams, nesting depth."""

from __future__ import annotations

import re
import zlib

import pypdfium2 as pdfium

from scrapers._limits.budget import Limits, exceeded

# A stream's data starts after the keyword and one end-of-line; its dictionary comes before.
_STREAM = re.compile(rb">>\s*stream(?:\r\n|\n|\r)")
_IMAGE = re.compile(rb"/Subtype\s*/Image")
_FLATE = re.compile(rb"/FlateDecode|/Fl\b")
_DICT_LOOKBACK = 4096
_IN_CHUNK = 64 * 1024
# Deflate inflates at most 1032 to 1: a stream under 64 KB gives at most 66 MB, which the
# child's memory and time limits bound. Inflating only the larger ones costs a tenth as much.
SMALL_STREAM = 64 * 1024
_OUT_CHUNK = 1024 * 1024


def check_pdf(content: bytes, limits: Limits, *, url: str | None = None) -> None:
    """Refuse a PDF that declares too many pages, nests too deep or inflates too far."""
    check_nesting(content, limits, url=url)
    check_streams(content, limits, url=url)
    check_pages(content, limits, url=url)


def check_nesting(content: bytes, limits: Limits, *, url: str | None = None) -> None:
    """Refuse arrays or dictionaries opened `max_nesting` times in a row."""
    depth = limits.max_nesting
    # Two patterns anchored on their first byte: one alternation with `\s*` costs 100 times more.
    for opener in (rb"\[", rb"<<"):
        if re.search(rb"%s(?:\s*%s){%d}" % (opener, opener, depth), content):
            exceeded("the nesting depth of arrays or dictionaries", depth + 1, depth, url)


def check_pages(content: bytes, limits: Limits, *, url: str | None = None) -> None:
    """Refuse a PDF whose page tree counts more pages than the limit."""
    try:
        document = pdfium.PdfDocument(content)
    except pdfium.PdfiumError:
        return  # unreadable: the parser raises BadDocument with the reason
    try:
        exceeded("the page count", len(document), limits.max_pages, url)
    finally:
        document.close()


def check_streams(content: bytes, limits: Limits, *, url: str | None = None) -> None:
    """Refuse a PDF whose large Flate streams (not images) together inflate past the limit."""
    data = memoryview(content)
    budget = limits.max_decompressed_bytes
    total = 0
    for match in _STREAM.finditer(content):
        header = content[max(0, match.start() - _DICT_LOOKBACK) : match.start()]
        header = header[header.rfind(b" obj") + 1 :]
        # Text extraction never decodes images, so only their compressed size matters.
        if _IMAGE.search(header) or not _FLATE.search(header):
            continue
        if content.find(b"endstream", match.end(), match.end() + SMALL_STREAM) != -1:
            continue
        total += inflated_size(data[match.end() :], budget - total + 1)
        exceeded("the inflated size of the PDF's streams in bytes", total, budget, url)


def inflated_size(data: memoryview, budget: int) -> int:
    """Bytes that `data` inflates to, counting no further than `budget` (memory stays small)."""
    inflater = zlib.decompressobj()
    total, offset = 0, 0
    pending: bytes | memoryview = b""
    try:
        while total <= budget and not inflater.eof:
            if not pending:
                if offset >= len(data):
                    break
                pending, offset = data[offset : offset + _IN_CHUNK], offset + _IN_CHUNK
            total += len(inflater.decompress(pending, _OUT_CHUNK))
            pending = inflater.unconsumed_tail
    except zlib.error:
        pass  # a damaged stream: PDFium skips or repairs it, and the parse names the problem
    return total
