"""PDF text per page with pypdfium2 (PDFium's native text layer: fast and faithful).

Unreadable files fail by name: `BadDocument` for truncated, corrupt or encrypted PDFs and
for PDFs without a text layer (scanned images), so the ingest runner can say which.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict

import pypdfium2 as pdfium

from scrapers._base import BadDocument

_CACHE_SIZE = 16
_cache: OrderedDict[str, list[str]] = OrderedDict()
# PDFium is not thread-safe; one extraction at a time per process.
_lock = threading.Lock()
pdfium_lock = _lock  # for other readers of PDFium objects (form ticks, page images)
# PDFium's error code for a password-protected file.
_PASSWORD_ERROR = 4


def is_pdf(content: bytes) -> bool:
    """Whether the bytes start like a PDF (a header may follow a little junk)."""
    return b"%PDF-" in content[:1024]


def page_texts(content: bytes, *, url: str | None = None, allow_blank: bool = False) -> list[str]:
    """Text of every page (1-based page n is index n-1); cached by content hash."""
    key = hashlib.sha256(content).hexdigest()
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            texts = _cache[key]
        else:
            texts = extract_pages(content, url=url, allow_blank=True)
            _cache[key] = texts
            if len(_cache) > _CACHE_SIZE:
                _cache.popitem(last=False)
    if not allow_blank and not any(text.strip() for text in texts):
        raise BadDocument("the PDF has no text layer (scanned images need OCR)", url=url)
    return list(texts)


def extract_pages(
    content: bytes, *, url: str | None = None, allow_blank: bool = False
) -> list[str]:
    """Text of every page, without the cache; `allow_blank` accepts scans (for OCR)."""
    if not is_pdf(content):
        raise BadDocument("the file is not a PDF", url=url)
    try:
        document = pdfium.PdfDocument(content)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == _PASSWORD_ERROR:
            raise BadDocument("the PDF is encrypted (password required)", url=url) from exc
        raise BadDocument(f"the PDF is truncated or corrupt ({exc})", url=url) from exc
    try:
        texts = [_page_text(document, index, url) for index in range(len(document))]
    finally:
        document.close()
    if not texts:
        raise BadDocument("the PDF has no pages", url=url)
    if not allow_blank and not any(text.strip() for text in texts):
        raise BadDocument("the PDF has no text layer (scanned images need OCR)", url=url)
    return texts


def _page_text(document: pdfium.PdfDocument, index: int, url: str | None) -> str:
    try:
        page = document[index]
        textpage = page.get_textpage()
        text = textpage.get_text_range()
    except pdfium.PdfiumError as exc:
        raise BadDocument(f"page {index + 1} cannot be read ({exc})", url=url) from exc
    textpage.close()
    page.close()
    return text.replace("\r\n", "\n").replace("\r", "\n")


def full_text(content: bytes, *, url: str | None = None) -> str:
    """All pages joined with form feeds (page breaks)."""
    return "\f".join(page_texts(content, url=url))
