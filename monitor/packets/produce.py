"""Turn each exhibit's original into Bates-stamped pages, then assemble packet.pdf.

Page counts are settled first (stamping each exhibit in Bates order), so the front matter and
separator sheets are rendered once with the final numbers.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from pypdf import PdfReader, PdfWriter

from monitor.packets.errors import PacketError
from monitor.packets.exhibits import Exhibit, sniff_media
from monitor.packets.render import capture_to_pdf
from monitor.packets.stamp import (
    PDF_ERRORS,
    UnstampablePdf,
    bates_label,
    finish,
    new_font,
    stamp_page,
    stamp_pdf,
)

# WeasyPrint fails on hostile or broken HTML with ordinary Python errors from its parsers.
RENDER_ERRORS: tuple[type[BaseException], ...] = (
    ValueError,
    TypeError,
    KeyError,
    AttributeError,
    IndexError,
    OSError,
    RecursionError,
    UnicodeError,
)
HTML_NOTE = (
    "Rendered for reading from the archived HTML page (offline, without scripts or remote "
    "images); the exact bytes as captured are in data/{name}"
)


def exhibit_pdf(work: Path, exhibit: Exhibit) -> Path:
    """Where the stamped PDF of an exhibit is kept while the packet is built."""
    return work / f"exhibit-{exhibit.number:04d}.pdf"


def produce_exhibits(
    exhibits: list[Exhibit],
    *,
    work: Path,
    prefix: str,
    created: datetime,
    on_step: Callable[[], None],
) -> None:
    """Stamp every exhibit in order, assigning consecutive Bates numbers."""
    number = 1
    for exhibit in exhibits:
        exhibit.bates_begin = number
        _produce_one(exhibit, work, prefix, created)
        if not exhibit.stamped:
            exhibit.page_count = 1  # the separator sheet stands in and carries the number
        exhibit.bates_end = number + exhibit.page_count - 1
        number = exhibit.bates_end + 1
        on_step()


def _produce_one(exhibit: Exhibit, work: Path, prefix: str, created: datetime) -> None:
    """Stamp one exhibit into its work file, or record why it cannot be stamped."""
    exhibit.stamped, exhibit.note, exhibit.page_count = False, "", 0  # plans can be rewritten
    path = exhibit.original_path
    if path is None:
        exhibit.note = "no archived copy of this document exists"
        return
    if not path.is_file():
        raise PacketError(f"the archived file of {exhibit.document.title!r} is missing: {path}")
    with path.open("rb") as handle:
        head = handle.read(2048)
    version = exhibit.version
    exhibit.media = sniff_media(head, version.content_type if version else None)
    seed = f"{prefix}:{exhibit.bates_begin}:{version.sha256 if version else ''}"
    title = f"{exhibit.label}: {exhibit.document.title}"
    with exhibit_pdf(work, exhibit).open("wb") as out:
        try:
            source = path if exhibit.media == "pdf" else _html_source(exhibit, path, seed)
            exhibit.page_count = stamp_pdf(
                source,
                out,
                prefix=prefix,
                first=exhibit.bates_begin,
                title=title,
                created=created,
                seed=seed,
            )
            exhibit.stamped = True
        except UnstampablePdf as exc:
            exhibit.note = str(exc)


def _html_source(exhibit: Exhibit, path: Path, seed: str) -> io.BytesIO:
    """PDF pages for an HTML capture; anything else cannot be stamped."""
    if exhibit.media != "html":
        ctype = exhibit.version.content_type if exhibit.version else None
        raise UnstampablePdf(
            f"it is not a PDF or an HTML page ({ctype or 'unknown type'}), so it is included as "
            "a native file"
        )
    try:
        rendered = capture_to_pdf(path.read_bytes(), seed=seed)
    except RENDER_ERRORS as exc:
        raise UnstampablePdf(f"the archived HTML page could not be rendered ({exc})") from exc
    exhibit.note = HTML_NOTE.format(name=exhibit.original_name)
    return io.BytesIO(rendered)


def write_slip_sheets(
    separators: PdfReader, exhibits: list[Exhibit], *, work: Path, prefix: str, created: datetime
) -> None:
    """For exhibits that could not be stamped, the stamped separator is the exhibit PDF."""
    for index, exhibit in enumerate(exhibits):
        if exhibit.stamped:
            continue
        writer = PdfWriter()
        page = writer.add_page(separators.pages[index])
        stamp_page(writer, page, bates_label(prefix, exhibit.bates_begin), new_font(writer))
        finish(
            writer,
            title=f"{exhibit.label} (slip sheet)",
            created=created,
            seed=f"slip:{prefix}:{exhibit.bates_begin}",
        )
        with exhibit_pdf(work, exhibit).open("wb") as out:
            writer.write(out)


def assemble(
    front: bytes,
    separators: PdfReader,
    exhibits: list[Exhibit],
    *,
    work: Path,
    out: Path,
    title: str,
    created: datetime,
    seed: str,
) -> int:
    """Write packet.pdf: front matter, then each separator and exhibit; return the page count."""
    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(front)).pages:
        writer.add_page(page)
    for index, exhibit in enumerate(exhibits):
        start = len(writer.pages)
        if exhibit.stamped:
            writer.add_page(separators.pages[index])
        try:
            for page in PdfReader(exhibit_pdf(work, exhibit)).pages:
                writer.add_page(page)
        except PDF_ERRORS as exc:  # our own output; a failure here is a bug, say where
            raise PacketError(f"could not re-read stamped {exhibit.label}: {exc}") from exc
        writer.add_outline_item(
            title=f"{exhibit.label}: {exhibit.document.title}"[:200], page_number=start
        )
    finish(writer, title=title, created=created, seed=seed)
    with out.open("wb") as handle:
        writer.write(handle)
    return len(writer.pages)
