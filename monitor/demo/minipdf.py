"""A tiny text-only PDF writer, so demo documents are real PDFs without a PDF library at runtime.

Each page is a list of lines set in Helvetica; enough for PDFium to extract the text layer.
"""

from __future__ import annotations

LINES_PER_PAGE = 60


def _escape(line: str) -> str:
    """Escape a line for a PDF literal string (ASCII only: demo text is plain English)."""
    ascii_line = line.encode("ascii", "replace").decode("ascii")
    return ascii_line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _stream(lines: list[str]) -> bytes:
    """The content stream drawing the lines top to bottom."""
    body = " ".join(f"({_escape(line)}) Tj T*" for line in lines)
    return f"BT /F1 10 Tf 13 TL 50 790 Td {body} ET".encode("ascii")


def text_pdf(text: str) -> bytes:
    """A PDF whose pages hold `text` (form feeds start new pages; long pages are split)."""
    pages: list[list[str]] = []
    for chunk in text.split("\f"):
        lines = chunk.strip("\n").splitlines() or [""]
        pages.extend(lines[i : i + LINES_PER_PAGE] for i in range(0, len(lines), LINES_PER_PAGE))
    count = len(pages)
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids ["
        + b" ".join(f"{4 + 2 * i} 0 R".encode() for i in range(count))
        + f"] /Count {count} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    for i, lines in enumerate(pages):
        stream = _stream(lines)
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 842] /Resources "
            f"<< /Font << /F1 3 0 R >> >> /Contents {5 + 2 * i} 0 R >>".encode()
        )
        objects.append(f"<< /Length {len(stream)} >>\nstream\n".encode() + stream + b"\nendstream")
    return _assemble(objects)


def _assemble(objects: list[bytes]) -> bytes:
    """Serialise numbered objects with a cross-reference table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)
