"""Hostile files built at test time: decompression bombs, deep nesting, huge page trees."""

from __future__ import annotations

import io
import zipfile
import zlib

MB = 1024 * 1024


def pdf(objects: list[bytes], *, root: int = 1) -> bytes:
    """A PDF with a correct cross-reference table around `objects` (numbered from 1)."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(b"trailer\n<< /Size %d /Root %d 0 R >>\n" % (len(objects) + 1, root))
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def _one_page(content_stream: bytes) -> list[bytes]:
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        content_stream,
    ]


def flate_bomb(inflated: int = 1024 * MB) -> bytes:
    """One page whose content stream inflates to `inflated` bytes of blanks."""
    data = _deflated_blanks(inflated // MB)
    stream = b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(data), data)
    return pdf(_one_page(stream))


def _deflated_blanks(megabytes: int) -> bytes:
    """A zlib stream of `megabytes` MB of blanks, built from one compressed block repeated.

    After a full flush the compressor starts afresh, so every 1 MB block compresses to the
    same bytes; only the checksum at the end must cover the whole. Compressing 1 GiB for
    real would take 15 s of the test's time.
    """
    block = b" " * MB
    packer = zlib.compressobj(9)
    first = packer.compress(block) + packer.flush(zlib.Z_FULL_FLUSH)
    again = packer.compress(block) + packer.flush(zlib.Z_FULL_FLUSH)
    end = packer.flush(zlib.Z_FINISH)[:-4]
    checksum = 1
    for _ in range(megabytes):
        checksum = zlib.adler32(block, checksum)
    return first + again * (megabytes - 1) + end + checksum.to_bytes(4, "big")


def nesting_bomb(depth: int = 200_000) -> bytes:
    """A page whose content stream opens arrays `depth` times."""
    body = b"[" * depth
    return pdf(_one_page(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(body), body)))


def page_bomb(pages: int = 120_000) -> bytes:
    """A flat page tree of `pages` empty pages."""
    kids = b" ".join(b"%d 0 R" % (3 + i) for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
    ]
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>"
    return pdf(objects + [page] * pages)


# ---------------------------------------------------------------- workbooks


def _xlsx(sheet: bytes | None, shared: bytes | None = None, sheet_lines: int = 0) -> bytes:
    """A minimal .xlsx around one worksheet (optionally streamed from `sheet_lines` rows)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("[Content_Types].xml", _CONTENT_TYPES)
        book.writestr("_rels/.rels", _RELS)
        book.writestr("xl/workbook.xml", _WORKBOOK)
        book.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        if shared is not None:
            book.writestr("xl/sharedStrings.xml", shared)
        if sheet is not None:
            book.writestr("xl/worksheets/sheet1.xml", sheet)
        else:
            with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as handle:
                _write_rows(handle, sheet_lines)
    return out.getvalue()


def _write_rows(handle: io.IOBase, rows: int) -> None:
    handle.write(_SHEET_HEAD.replace(b'<dimension ref="%s"/>', b""))  # no dimension to check
    for start in range(1, rows + 1, 10_000):
        stop = min(rows, start + 9_999)
        handle.write(
            b"".join(
                b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (n, n)
                for n in range(start, stop + 1)
            )
        )
    handle.write(_SHEET_TAIL)


def row_bomb(rows: int = 3_000_000) -> bytes:
    """A sheet declaring `rows` rows (the cells themselves are few)."""
    return _xlsx(_SHEET_HEAD % b"A1:B%d" % rows + _SHEET_TAIL)


def lying_row_bomb(rows: int = 400_000) -> bytes:
    """A sheet that declares no dimension and holds `rows` rows."""
    return _xlsx(None, sheet_lines=rows)


def column_bomb() -> bytes:
    """A 7 KB-class workbook whose dimension is the whole grid, A1:XFD1048576."""
    return _xlsx(_SHEET_HEAD % b"A1:XFD1048576" + _SHEET_TAIL)


def wide_bomb() -> bytes:
    """One row as wide as a sheet can be: A1:XFD1 (openpyxl would pad every row to it)."""
    return _xlsx(_SHEET_HEAD % b"A1:XFD1" + _SHEET_TAIL)


def shared_strings_bomb(count: int = 3_000_000) -> bytes:
    """Millions of tiny shared strings, without the count attributes that would betray them."""
    strings = b"<si><t>x</t></si>" * count
    shared = b'<?xml version="1.0"?><sst xmlns="%s">%s</sst>' % (_NS, strings)
    return _xlsx(_SHEET_HEAD % b"A1:A1" + _SHEET_TAIL, shared=shared)


def huge_member_zip(size: int = 512 * MB) -> bytes:
    """A zip (shaped as a workbook) with one member that unpacks to `size` bytes of zeros."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("[Content_Types].xml", _CONTENT_TYPES)
        with book.open("xl/media/padding.bin", "w", force_zip64=True) as handle:
            block = bytes(MB)
            for _ in range(size // MB):
                handle.write(block)
    return out.getvalue()


_NS = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_SHEET_HEAD = (
    b'<?xml version="1.0"?><worksheet xmlns="' + _NS + b'"><dimension ref="%s"/><sheetData>'
)
_SHEET_TAIL = b"</sheetData></worksheet>"
_CONTENT_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
    'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
    'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
    'worksheet+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
    '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK = (
    '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
    '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Facilities" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
    '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)


def allocate(size: int) -> int:
    """Hold `size` bytes at once (the memory-limit backstop must stop this)."""
    return len(bytearray(size))


def spin() -> None:
    """Burn CPU forever (the CPU-limit backstop must stop this)."""
    while True:
        pass
