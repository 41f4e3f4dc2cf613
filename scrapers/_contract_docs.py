"""What a contract-inspection file is, before any parser reads it, and its text.

Empty files, files that are neither PDF nor HTML, and readable documents of another kind
(the family residential center compliance reviews published beside the inspections) fail
by name here, saying what they are. Scanned pages are read by OCR, and every fact parsed
from a document with OCR pages is marked as such.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from scrapers._base import BadDocument, Cited, NotAnInspection, Page, Record
from scrapers._contract_letter import is_cover_letter
from scrapers._ice_text import clean_text
from scrapers._pdftext import is_pdf, page_texts
from scrapers._scanned import DocumentText, read_pages

if TYPE_CHECKING:
    from scrapers._ocr import OcrLimits

_HTML = re.compile(rb"<\s*(?:!doctype|html|head|body|a\s)", re.I)
# The family residential centers' compliance reviews: "Compliance Inspection: STFRC".
_FRC_REVIEW = re.compile(
    r"Compliance Inspection:\s*(?P<center>[A-Z]{2,6}RC|[A-Z][^\n]*Family Residential[^\n]*)\s*\n\s*(?P<dates>[^\n]*)"
)


def is_listing(page: Page) -> bool:
    """Whether the bytes are an HTML page to read links from (not a document)."""
    if page.kind_hint == "listing":
        return True
    return not is_pdf(page.content) and bool(_HTML.search(page.content[:2048]))


def document_text(page: Page, *, limits: OcrLimits | None = None) -> DocumentText:
    """Every page's text (OCR for scanned pages), or a named error saying what the file is."""
    if not page.content.strip():
        raise BadDocument("the file is empty (0 bytes)", url=page.url)
    if not is_pdf(page.content):
        raise BadDocument("the file is not a PDF", url=page.url)
    layer = _text_layer(page)
    check_other_kinds("\n".join(layer), url=page.url)
    if _text_letter(layer):
        # a text letter's image pages after its rating are a signature: nothing to OCR, and its
        # facts come from the text layer, so none of them may be marked as OCR
        return DocumentText([clean_text(text) for text in layer])
    document = read_pages(page.content, url=page.url, limits=limits)
    if sum(len(text.strip()) for text in document.pages) < 40:
        raise BadDocument("the PDF has no readable text, even by OCR (no text layer)", url=page.url)
    return document


def _text_letter(layer: list[str]) -> bool:
    """A cover letter whose pages up to the recommended rating all have a text layer."""
    if not is_cover_letter(clean_text("\n".join(layer))):
        return False
    rated = [n for n, text in enumerate(layer) if "Recommended Rating" in text]
    return bool(rated) and all(text.strip() for text in layer[: rated[-1] + 1])


def check_other_kinds(text: str, *, url: str | None) -> None:
    """Raise NotAnInspection for known documents that are not contract inspections."""
    if m := _FRC_REVIEW.search(text):
        dates = " ".join(m["dates"].split())
        raise NotAnInspection(
            f"family residential center review ({m['center'].strip()}, {dates}), "
            "not a contract inspection",
            url=url,
        )


def mark_ocr(records: list[Record], document: DocumentText) -> list[Record]:
    """Mark every fact parsed from an OCR document: its quote says so, with the confidence."""
    if not document.is_ocr:
        return records
    for record in records:
        if isinstance(record, Cited):
            confidence = _confidence(document, record.page)
            record.ocr_confidence = confidence
            if record.quote:
                record.quote = f"[OCR, {confidence:.0f}% confidence] {record.quote}"
    return records


def _confidence(document: DocumentText, page: int | None) -> float:
    """The cited page's OCR confidence; the weakest page's when the page is not OCR'd."""
    read = document.ocr.get(page or 0)
    if read is not None and read.confidence is not None:
        return read.confidence
    return document.min_confidence() or 0.0


def _text_layer(page: Page) -> list[str]:
    return page_texts(page.content, url=page.url, allow_blank=True)
