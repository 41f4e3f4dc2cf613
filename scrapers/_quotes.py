"""Quotes as a reader checks them: without page furniture, starting and ending on whole words.

Every source cuts its quotes with these functions, so a quote never carries a running header,
a footer ("www.oig.dhs.gov 3 OIG-22-75", "Page 2 of 9") or half a word ("dards for ...").
Page furniture is found by a general rule rather than per source: short lines at the top or
bottom of a page that repeat, numbers aside, on most pages of the document, and lines that are
only a page number.
"""

from __future__ import annotations

import math
import re
from collections import Counter

ELLIPSIS = " ..."
# Lines this far from a page's top or bottom can be running headers, footers or page numbers.
_EDGE_LINES = 3
_SHORT_LINE = 90
_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-\u2013\u2014]\s*)?(?:page\s+)?\d{1,4}(?:\s+of\s+\d{1,4})?(?:\s*[-\u2013\u2014])?\s*$",
    re.I,
)
# Footers that name the publisher's site or the report number, recognised on any page count.
_KNOWN_FOOTER = re.compile(
    r"^\s*(?:www\.oig\.dhs\.gov\b.*|\d{1,4}\s+OIG-\d{2}-\d{1,3}(?:-[A-Z]+)?|"
    r"OIG-\d{2}-\d{1,3}(?:-[A-Z]+)?(?:\s+\d{1,4})?)\s*$",
    re.I,
)
# The same furniture run into the text: squashed PDF text keeps footers inline.
_INLINE_FOOTER = re.compile(
    r"\s*\bwww\.oig\.dhs\.gov\s+\d{1,4}\s+OIG-\d{2}-\d{1,3}(?:-[A-Z]+)?\b\s*", re.I
)
_SENTENCE_END = re.compile(r"[.;:!?][\"'\u201d\u2019)]*\s+(?=[\"'\u201c(]?[A-Z0-9\u2022])|\n")
_SENTENCE_REACH = 300


def squash(text: str) -> str:
    """Collapse runs of whitespace (PDF line wraps) into single spaces."""
    # PDFium marks a hyphen that breaks a word at a line end with U+0002; rejoin the word.
    text = re.sub(r"[\u00ad\x02]\s*", "", text)
    return re.sub(r"\s+", " ", text).strip()


def _shape(line: str) -> str:
    """A line with its numbers blanked, so 'Page 2 of 9' and 'Page 3 of 9' look the same."""
    return re.sub(r"\d+", "#", squash(line)).lower()


def _edges(lines: list[str]) -> list[int]:
    """Indexes of the first and last few non-blank lines of a page."""
    filled = [index for index, line in enumerate(lines) if line.strip()]
    return sorted(set(filled[:_EDGE_LINES] + filled[-_EDGE_LINES:]))


def running_lines(pages: list[str]) -> set[str]:
    """Shapes of short edge lines that repeat on most pages (at least two) of a document."""
    if len(pages) < 3:
        return set()
    seen: Counter[str] = Counter()
    for page in pages:
        lines = page.splitlines()
        shapes = {_shape(lines[i]) for i in _edges(lines) if len(lines[i].strip()) <= _SHORT_LINE}
        seen.update(shape for shape in shapes if shape.strip("# "))
    needed = max(2, math.ceil(len(pages) / 2))
    return {shape for shape, count in seen.items() if count >= needed}


def is_furniture(line: str, running: set[str] | frozenset[str] = frozenset()) -> bool:
    """Whether an edge line is a page number, a known footer or a running header/footer."""
    return bool(_PAGE_NUMBER.match(line) or _KNOWN_FOOTER.match(line) or _shape(line) in running)


def strip_page_furniture(pages: list[str]) -> list[str]:
    """Pages without their running headers, footers and page-number lines; lines kept."""
    running = running_lines(pages)
    cleaned = []
    for page in pages:
        lines = page.splitlines()
        edges = set(_edges(lines))
        kept = [
            line
            for index, line in enumerate(lines)
            if index not in edges or not is_furniture(line, running)
        ]
        cleaned.append("\n".join(kept))
    return cleaned


def paragraphs(page: str) -> str:
    """A page's text with wrapped lines joined but headings on lines of their own.

    A sentence that follows a heading ("What We Found") then starts a quote on its own,
    instead of dragging the heading in front of it.
    """
    out: list[str] = []
    for line in page.splitlines():
        line = squash(line)
        if not line:
            continue
        if looks_like_heading(line) or (out and looks_like_heading(out[-1])):
            out.append(line)
        elif out:
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return "\n".join(out)


_SMALL_WORDS = {"a", "an", "and", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"}


def looks_like_heading(line: str) -> bool:
    """A short, mostly capitalised line without closing punctuation."""
    words = line.split()
    if not words or len(words) > 12 or line[-1] in ".,;:!?-" or not line[0].isupper():
        return False
    counted = [w for w in words if w.lower() not in _SMALL_WORDS]
    capitals = sum(1 for w in counted if w[:1].isupper() or w[:1].isdigit())
    return capitals >= 0.6 * max(1, len(counted))


def clean_quote(text: str, limit: int = 400) -> str:
    """A squashed quote without inline footers, cut after a whole word within `limit`."""
    text = squash(_INLINE_FOOTER.sub(" ", text))
    if len(text) <= limit:
        return text
    cut = text[: limit + 1]
    head = cut.rsplit(" ", 1)[0] if " " in cut else text[:limit]
    return head.rstrip(" ,;:") + ELLIPSIS


def quote_around(text: str, start: int, end: int, limit: int = 400) -> str:
    """The sentence(s) of `text` holding text[start:end], never starting mid-word."""
    begin, finish = quote_span(text, start, end)
    return clean_quote(text[begin:finish], limit)


def quote_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets of the whole sentence(s) around text[start:end], or of its whole words."""
    return _sentence_start(text, start), _sentence_finish(text, end)


def _sentence_start(text: str, start: int) -> int:
    """Where the sentence holding `start` begins, or else the start of the word there."""
    floor = max(0, start - _SENTENCE_REACH)
    # Search a little past `start`: the sentence end's lookahead must see the next word.
    ahead = min(len(text), start + 2)
    ends = [m for m in _SENTENCE_END.finditer(text, floor, ahead) if m.end() <= start]
    if ends:
        return ends[-1].end()
    if floor == 0:
        return 0
    space = text.find(" ", floor, start)
    return space + 1 if space != -1 else start


def _sentence_finish(text: str, end: int) -> int:
    """Where the sentence holding `end` ends, or else the end of the word there."""
    if end > 0 and text[end - 1 : end] in ".;!?":
        return end
    following = _SENTENCE_END.search(text, end, end + _SENTENCE_REACH)
    if following is not None:
        return following.start() + 1
    if end + _SENTENCE_REACH >= len(text):
        return len(text)
    space = text.find(" ", end)
    return space if space != -1 else len(text)
