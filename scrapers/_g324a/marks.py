"""Which boxes of a flattened G-324A form are ticked, read from the PDF drawing.

The older form revisions (Rev. 7/9/07, Rev. 9/3/08) are filled in and flattened before
publication, so a ticked box is no text at all: it is a small "X" drawn as two diagonal
strokes inside the box. The text beside a mark says what was ticked; the header digits of
the standards table say which column a mark is in.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from scrapers._pdftext import pdfium_lock

# A tick is drawn inside a box of about 7 points; anything larger is a table rule.
_MARK_MIN, _MARK_MAX = 2.5, 16.0
# Two strokes of one "X" start within this distance of each other.
_SAME_MARK = 4.0


@dataclass(frozen=True)
class Mark:
    """A tick on a page (PDF points, origin bottom left) and the text on its line."""

    x: float
    y: float
    label: str  # the words right of the tick: a box label such as "Acceptable"
    row: str  # the words left of the tick: a table row such as "9. Food Service"


@dataclass(frozen=True)
class Column:
    """A numbered column of the standards table and its centre."""

    number: int
    x: float


@dataclass(frozen=True)
class PageMarks:
    marks: list[Mark]
    columns: list[Column]

    def column_of(self, mark: Mark) -> int | None:
        """The table column a tick sits in, when the page has numbered columns."""
        if not self.columns:
            return None
        nearest = min(self.columns, key=lambda column: abs(column.x - mark.x))
        return nearest.number if abs(nearest.x - mark.x) < 12 else None


def read_marks(content: bytes, page_index: int, *, header: str | None = None) -> PageMarks:
    """Every tick on one page with its text, and the numbered columns under `header`."""
    with pdfium_lock:
        document = pdfium.PdfDocument(content)
        try:
            page = document[page_index]
            textpage = page.get_textpage()
            marks = [
                Mark(x, y, _text_in(textpage, x + 3, y, x + 200), _text_in(textpage, 0, y, x - 3))
                for x, y in _mark_centres(page)
            ]
            columns = _digit_columns(textpage, header) if header else []
            return PageMarks(marks, columns)
        finally:
            document.close()


def _mark_centres(page: pdfium.PdfPage) -> list[tuple[float, float]]:
    """Centres of the small diagonal-stroke drawings, one per tick."""
    centres: list[tuple[float, float]] = []
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=8):
        left, bottom, right, top = obj.get_bounds()
        small = _MARK_MIN < right - left < _MARK_MAX and _MARK_MIN < top - bottom < _MARK_MAX
        if not small or not _has_diagonal(obj):
            continue
        centre = ((left + right) / 2, (bottom + top) / 2)
        if all(abs(centre[0] - x) + abs(centre[1] - y) > _SAME_MARK for x, y in centres):
            centres.append(centre)
    return centres


def _has_diagonal(obj: pdfium.PdfObject) -> bool:
    """Whether a path has a straight stroke that is neither horizontal nor vertical."""
    points = []
    for index in range(pdfium_c.FPDFPath_CountSegments(obj.raw)):
        segment = pdfium_c.FPDFPath_GetPathSegment(obj.raw, index)
        x, y = ctypes.c_float(), ctypes.c_float()
        pdfium_c.FPDFPathSegment_GetPoint(segment, x, y)
        points.append((pdfium_c.FPDFPathSegment_GetType(segment), x.value, y.value))
    return any(
        kind == pdfium_c.FPDF_SEGMENT_LINETO and abs(x - px) > 1 and abs(y - py) > 1
        for (_, px, py), (kind, x, y) in zip(points, points[1:], strict=False)
    )


def _text_in(textpage: pdfium.PdfTextPage, left: float, y: float, right: float) -> str:
    """The words between two x positions on the line at height `y`."""
    return _clean(textpage.get_text_bounded(left, y - 3, right, y + 3))


def _digit_columns(textpage: pdfium.PdfTextPage, header: str) -> list[Column]:
    searcher = textpage.search(header)
    found = searcher.get_next()
    if found is None:
        return []
    _, bottom, right, top = textpage.get_charbox(found[0] + found[1] - 1)
    columns = []
    for index in range(textpage.count_chars()):
        left, b, r, t = textpage.get_charbox(index)
        char = textpage.get_text_range(index, 1)
        if char.isdigit() and left > right and abs((b + t) / 2 - (bottom + top) / 2) < 4:
            columns.append(Column(int(char), (left + r) / 2))
    return columns


def _clean(text: str) -> str:
    return " ".join(text.replace("\r", " ").replace("\n", " ").split())
