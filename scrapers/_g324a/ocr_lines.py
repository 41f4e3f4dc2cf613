"""The facility-name line of an OCR'd G-324A page, read again on its own.

Tesseract's page segmentation can lose words next to a table rule or a redaction bar: the
name cell of a scanned form comes out cut ("Mesa Verde Detention Facili") or empty
("Facilty Name:" with the value gone). Read as a single line, the same strip of the image
gives the whole cell. The second reading is taken only where the first one visibly stopped
short: a label with no value gets the value read after it, and a last word cut off gets
the rest of that word, nothing more (what follows it in the strip may be the next column's
noise). Everything the first reading had must be read the same again.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from scrapers._g324a.older import NAME_LINE

if TYPE_CHECKING:
    from scrapers._ocr import OcrPage, OcrWord

# The current form prints "Facilty Name: value" on one row; older revisions print the value
# on the line below "D. Name and Location of Facility" (NAME_LINE, group 1).
_LABELLED_NAME = re.compile(r"^[^\n]*Facil(?:i)?ty Name:[^\n]*", re.M)
_BARS = re.compile(r"\s*[|{}\[\]]\s*")  # cell borders read as "|", "}" or "["


def reread_name_lines(
    content: bytes, pages: list[str], ocr: Mapping[int, OcrPage], *, url: str | None = None
) -> list[str]:
    """The pages, with each OCR page's facility-name line completed by a second reading."""
    completed = list(pages)
    for number, page in ocr.items():
        text = completed[number - 1]
        line = _name_line(text)
        words = _words_of(page, line) if line else []
        if not line or not words:
            continue
        from scrapers._ocr import read_strip

        again = _BARS.sub(" ", read_strip(content, page, _strip_box(page, words), url=url))
        if longer := _completed(line, again):
            completed[number - 1] = text.replace(line, longer, 1)
    return completed


def _name_line(text: str) -> str | None:
    if m := _LABELLED_NAME.search(text):
        return m.group(0).strip()
    m = NAME_LINE.search(text)
    return m.group(1).strip() if m else None


def _words_of(page: OcrPage, line: str) -> list[OcrWord]:
    """The words of the OCR line whose text is `line`."""
    lines: dict[tuple[int, int, int], list[OcrWord]] = {}
    for word in page.words:
        lines.setdefault(word.line, []).append(word)
    wanted = _letters(line)
    return next(
        (ws for ws in lines.values() if _letters(" ".join(w.text for w in ws)) == wanted), []
    )


def _strip_box(page: OcrPage, words: list[OcrWord]) -> tuple[int, int, int, int]:
    """The line's row from its first word to the next column's first word (or the edge)."""
    height = max(w.height for w in words)
    left, right = min(w.left for w in words), max(w.left + w.width for w in words)
    top, bottom = min(w.top for w in words), max(w.top + w.height for w in words)
    beside = [
        w.left
        for w in page.words
        if w.line != words[0].line and w.left > right and top - height < w.top < bottom
    ]
    end = min(beside) - height // 2 if beside else 1_000_000  # read_strip clips to the page
    return left - height, top - height // 2, end, bottom + height // 2


def _completed(line: str, again: str) -> str | None:
    """The line completed by the second reading, or None when it does not complete it."""
    first, second = line.split(), again.split()
    if len(second) < len(first) or any(
        _letters(a) != _letters(b) for a, b in zip(first[:-1], second, strict=False)
    ):
        return None
    last, read = _letters(first[-1]), _letters(second[len(first) - 1])
    if line.endswith(":") and read == last and len(second) > len(first):
        return " ".join(second)  # the label's value, lost in the first reading
    if len(read) > len(last) and read.startswith(last):
        return " ".join(second[: len(first)])  # the cut word, whole
    return None


def _letters(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())
