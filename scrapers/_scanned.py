"""Text of every page of a PDF, read by OCR where a page has no text layer.

Text PDFs come back as they are; scanned pages (a whole scan, or the image pages of a form
that is half text) are read by `_ocr`, and the result says which pages are OCR so parsers,
storage and views can mark them.
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from scrapers._ice_text import clean_text
from scrapers._pdftext import page_texts, pdfium_lock

if TYPE_CHECKING:  # Tesseract and Pillow load only when a page needs OCR
    from scrapers._ocr import OcrLimits, OcrPage

# A page with fewer characters than this has no real text layer (a stray page number).
MIN_PAGE_TEXT = 20
_CACHE_SIZE = 8


@dataclass
class DocumentText:
    pages: list[str]  # cleaned text of every page, 0-based; OCR pages hold the OCR text
    ocr: dict[int, OcrPage] = field(default_factory=dict)  # 1-based page -> its OCR reading

    @property
    def is_ocr(self) -> bool:
        """Whether any page was read by OCR."""
        return bool(self.ocr)

    def min_confidence(self) -> float | None:
        """The weakest OCR page's mean word confidence (0-100), None without OCR."""
        values = [page.confidence or 0.0 for page in self.ocr.values()]
        return min(values) if values else None


_cache: OrderedDict[str, DocumentText] = OrderedDict()


def read_pages(
    content: bytes, *, url: str | None = None, limits: OcrLimits | None = None
) -> DocumentText:
    """Every page's text, with OCR for the pages that have none."""
    key = hashlib.sha256(content).hexdigest()
    if key in _cache:  # the ingest runner asks again for the pages the parser just read
        return _cache[key]
    texts = [clean_text(text) for text in page_texts(content, url=url, allow_blank=True)]
    blank = [n for n, text in enumerate(texts, start=1) if len(text.strip()) < MIN_PAGE_TEXT]
    blank = _with_images(content, blank)  # a page with neither text nor image is empty
    read = _ocr(content, blank, limits, url) if blank else {}
    for number, page in read.items():
        texts[number - 1] = page.text
    document = DocumentText(texts, read)
    _cache[key] = document
    if len(_cache) > _CACHE_SIZE:
        _cache.popitem(last=False)
    return document


def _ocr(
    content: bytes, numbers: list[int], limits: OcrLimits | None, url: str | None
) -> dict[int, OcrPage]:
    from scrapers._ocr import ocr_pages

    read = {}
    for page in ocr_pages(content, numbers, limits=limits, url=url):
        page.text = _rejoin_hyphens(clean_text(page.text))
        page.image = None  # the image was only needed while reading
        read[page.number] = page
    return read


def _with_images(content: bytes, numbers: list[int]) -> list[int]:
    """The pages among `numbers` that draw an image (a scan); others are left unread."""
    if not numbers:
        return []
    with pdfium_lock:
        document = pdfium.PdfDocument(content)
        try:
            return [n for n in numbers if _has_image(document[n - 1])]
        finally:
            document.close()


def _has_image(page: pdfium.PdfPage) -> bool:
    images = page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=4)
    return next(iter(images), None) is not None


# "Deten-\ntion": a word broken at the line end (PDFium rejoins these in text PDFs; OCR
# does not). A capital after the hyphen is a real hyphen ("Follow-\nUp") and stays.
_BROKEN_WORD = re.compile(r"([a-z])-\n([a-z]\S*)[ \t]*")


def _rejoin_hyphens(text: str) -> str:
    return _BROKEN_WORD.sub(r"\1\2\n", text)
