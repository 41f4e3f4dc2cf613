"""Text of every page of a PDF, read by OCR where a page has no text layer.

Text PDFs come back as they are; scanned pages (a whole scan, or the image pages of a form
that is half text) are read by `_ocr`, and the result says which pages are OCR so parsers,
storage and views can mark them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from scrapers._ice_text import clean_text
from scrapers._pdftext import extract_pages

if TYPE_CHECKING:  # Tesseract and Pillow load only when a page needs OCR
    from scrapers._ocr import OcrLimits, OcrPage

# A page with fewer characters than this has no real text layer (a stray page number).
MIN_PAGE_TEXT = 20


@dataclass
class DocumentText:
    pages: list[str]  # cleaned text of every page, 0-based
    ocr: dict[int, OcrPage] = field(default_factory=dict)  # 1-based page -> its OCR reading

    @property
    def is_ocr(self) -> bool:
        """Whether any page was read by OCR."""
        return bool(self.ocr)

    def min_confidence(self) -> float | None:
        """The weakest OCR page's mean word confidence (0-100), None without OCR."""
        values = [page.confidence or 0.0 for page in self.ocr.values()]
        return min(values) if values else None


def read_pages(
    content: bytes, *, url: str | None = None, limits: OcrLimits | None = None
) -> DocumentText:
    """Every page's text, with OCR for the pages that have none."""
    texts = [clean_text(text) for text in extract_pages(content, url=url, allow_blank=True)]
    blank = [n for n, text in enumerate(texts, start=1) if len(text.strip()) < MIN_PAGE_TEXT]
    if not blank:
        return DocumentText(texts)
    from scrapers._ocr import ocr_pages

    read = {page.number: page for page in ocr_pages(content, blank, limits=limits, url=url)}
    for number, page in read.items():
        texts[number - 1] = clean_text(page.text)
    return DocumentText(texts, read)
