"""Ticked boxes of an OCR'd G-324A page, read from the image beside each option's label.

Tesseract reads a thin "X" in a box as "|", "[" or nothing, so the text alone often cannot say
which option is ticked. The image can: left of each option's first word sits a square box, and
a ticked box has ink inside its four edges while an empty one has none. A box whose edges
are not found, or whose inside is neither clearly empty nor clearly crossed, gives no mark.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from scrapers._g324a.marks import Mark, PageMarks

if TYPE_CHECKING:
    from PIL import Image

    from scrapers._ocr import OcrPage, OcrWord

# Share of dark pixels inside the box: an "X" covers about a sixth, an empty box nothing.
_TICKED, _EMPTY = 0.06, 0.02
_INK = 140  # grey level below which a pixel is ink


def image_marks(content: bytes, page: OcrPage, first_words: Iterable[str]) -> PageMarks:
    """One mark per option (named by its first word) whose box is ticked."""
    from scrapers._ocr import page_image

    wanted = set(first_words)
    candidates = [w for w in page.words if w.text.strip("|[]()") in wanted]
    if not candidates:
        return PageMarks([], [])
    image = page_image(content, page)
    marks = [
        Mark(float(word.left), float(word.top), label=_label(page, word), row="")
        for word in candidates
        if _ticked(image, word) is True
    ]
    return PageMarks(marks, [])


def _label(page: OcrPage, first: OcrWord) -> str:
    """The option's words: its first word and what follows it on the same OCR line."""
    words = [w for w in page.words if w.line == first.line and w.left >= first.left]
    return " ".join(w.text.strip("|[]()") for w in sorted(words, key=lambda w: w.left))


def _ticked(image: Image.Image, word: OcrWord) -> bool | None:
    """True for a crossed box left of the word, False for an empty one, None when unsure."""
    size = word.height
    left = max(word.left - 3 * size, 0)
    region = image.crop((left, max(word.top - size, 0), word.left, word.top + 2 * size))
    ink = _ink_rows(region)
    box = _box(ink, size)
    if box is None:
        return None
    x0, y0, x1, y1 = box  # one pixel kept clear of each edge: scans blur the rules
    inside = [row[x0 + 1 : x1] for row in ink[y0 + 1 : y1]]
    cells = sum(len(row) for row in inside)
    share = sum(sum(row) for row in inside) / cells if cells else 0.0
    return True if share >= _TICKED else False if share <= _EMPTY else None


def _ink_rows(region: Image.Image) -> list[list[int]]:
    width, data = region.width, region.convert("L").tobytes()  # one byte per pixel
    return [[1 if v < _INK else 0 for v in data[i : i + width]] for i in range(0, len(data), width)]


def _box(ink: list[list[int]], size: int) -> tuple[int, int, int, int] | None:
    """The inside (x0, y0, x1, y1) of the box nearest left of the word, about `size` square.

    The word's middle is at 1.5 `size` down the region; the box's top and bottom edges are
    the long horizontal runs just above and below it (boxes of other options are stacked
    above and below), its sides the long vertical runs.
    """
    height, width = len(ink), len(ink[0]) if ink else 0
    sides = _groups([x for x in range(width) if _run([row[x] for row in ink]) >= size * 0.6])
    for right, left in zip(reversed(sides), reversed(sides[:-1]), strict=False):
        x0, x1 = left[-1] + 1, right[0] - 1
        if not size * 0.5 <= x1 - x0 <= size * 1.8:
            continue
        edges = _groups([y for y in range(height) if _run(ink[y][x0 : x1 + 1]) >= (x1 - x0) * 0.8])
        above = [g for g in edges if g[-1] < size * 1.5]
        below = [g for g in edges if g[0] > size * 1.5]
        if above and below:
            y0, y1 = above[-1][-1] + 1, below[0][0] - 1
            if abs((y1 - y0) - (x1 - x0)) <= size * 0.3:
                return x0, y0, x1, y1
        return None
    return None


def _groups(indexes: list[int]) -> list[list[int]]:
    """Consecutive indexes grouped: one group per drawn edge, however thick."""
    groups: list[list[int]] = []
    for index in indexes:
        if groups and index == groups[-1][-1] + 1:
            groups[-1].append(index)
        else:
            groups.append([index])
    return groups


def _run(values: list[int]) -> int:
    """The longest run of ink in a row or column of pixels."""
    best = current = 0
    for value in values:
        current = current + 1 if value else 0
        best = max(best, current)
    return best
