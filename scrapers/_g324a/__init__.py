"""ICE Form G-324A summaries of every revision: the current "Facility Significant Incident
Summary" and the older flattened Rev. 7/9/07 and Rev. 9/3/08 forms.

`parse_summary_form` picks the revision from the text and reads ticked boxes from the
drawing only for the revisions that have them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from scrapers._base import InspectionRecord, LayoutChanged, Record
from scrapers._g324a.current import is_current_form, parse_current_form
from scrapers._g324a.fields import reject_later_previous_date
from scrapers._g324a.marks import PageMarks, read_marks
from scrapers._g324a.ocr_boxes import image_marks
from scrapers._g324a.ocr_lines import reread_name_lines
from scrapers._g324a.ocr_ticks import text_marks
from scrapers._g324a.older import RATINGS, is_older_form, parse_older_form
from scrapers._g324a.standards import TABLE_HEADERS

if TYPE_CHECKING:
    from scrapers._ocr import OcrPage

RATING_FIRST_WORDS = frozenset(rating.split()[0] for rating in RATINGS)

__all__ = ["is_summary_form", "parse_summary_form"]


def is_summary_form(text: str) -> bool:
    """Whether the text is a G-324A summary of any revision."""
    return is_current_form(text) or is_older_form(text)


def parse_summary_form(
    content: bytes, pages: list[str], *, url: str | None = None,
    ocr: Mapping[int, OcrPage] | None = None,
) -> list[Record]:  # fmt: skip
    """Parse a G-324A summary; `ocr` holds the OCR reading of the 1-based pages that had
    no text layer (their text in `pages` is that reading)."""
    ocr = ocr or {}
    if ocr:
        pages = reread_name_lines(content, pages, ocr, url=url)
    text = "\n".join(pages)
    if is_current_form(text):
        records = parse_current_form(pages, url=url, ocr=frozenset(ocr))
    elif is_older_form(text):
        records = parse_older_form(pages, _ticks(content, pages, ocr), url=url)
    else:
        raise LayoutChanged("not a G-324A summary of a known revision", url=url)
    for record in records:
        if isinstance(record, InspectionRecord):
            reject_later_previous_date(record)
    return records


def _ticks(content: bytes, pages: list[str], ocr: Mapping[int, OcrPage]) -> dict[int, PageMarks]:
    """Ticks of the pages that have boxes: page 1, the standards table and the LCI page."""
    wanted = ("D. Name and Location", "Recommended Rating", "Standards Review Summary Report")
    found = {}
    for index, text in enumerate(pages):
        if index + 1 in ocr:
            found[index] = _ocr_ticks(content, text, ocr[index + 1])
        elif any(needle in text for needle in wanted):
            header = next((h for h in TABLE_HEADERS if h in text), None)
            found[index] = read_marks(content, index, header=header)
    return found


def _ocr_ticks(content: bytes, text: str, page: OcrPage) -> PageMarks:
    """Ticks OCR wrote as tokens, and rating boxes the image shows crossed."""
    marks = text_marks(text)
    if "Rating" in text:
        boxes = image_marks(content, page, RATING_FIRST_WORDS)
        marks = PageMarks([*marks.marks, *boxes.marks], marks.columns)
    return marks
