"""Ticked boxes on OCR'd form pages, read from what Tesseract makes of them.

On the scanned forms a ticked box comes out as a short token of box edges and crosses
right before its label ("[Xx] Acceptable", "KX] Meets Standards", "YX] Acceptable",
"><] Acceptable", "Xx Acceptable") while an empty box comes out as "|_|", "[_]" or nothing. A token of that
shape, and only that shape, counts as a tick; a page where no such token is read gives no
rating rather than a guess.
"""

from __future__ import annotations

import re

from scrapers._g324a.marks import Mark, PageMarks

# The box's left edge is read as one of "[(|LKYIl{", its right edge as one of "])|J".
_TICK = re.compile(r"(?:^|\s)[\[(|LKYIl{]?(?:[xX×]{1,2}|><)[\])|J]?\s+(?=[A-Z])")


def text_marks(page_text: str) -> PageMarks:
    """One mark per tick token, with the words after it as the label (no table columns)."""
    marks = []
    for line in page_text.splitlines():
        for m in _TICK.finditer(line):
            marks.append(Mark(0.0, 0.0, label=line[m.end() :].strip(), row=line[: m.start()]))
    return PageMarks(marks, [])
