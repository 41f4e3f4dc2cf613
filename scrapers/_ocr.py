"""OCR of PDF pages that have no text layer: PDFium renders, Tesseract reads (pytesseract).

Each page gives its text, the mean word confidence (0-100) and the word boxes, so a caller
can mark the text as OCR, send weak pages to review, and find ticked boxes beside words.
Work is bounded: a page limit, a pixel limit per page and a wall-clock limit per document,
each failing as `OcrLimitExceeded`. Pages are read in parallel, one Tesseract per core.
"""

from __future__ import annotations

import os
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pypdfium2 as pdfium

from scrapers._base import OcrLimitExceeded, OcrUnavailable
from scrapers._pdftext import pdfium_lock

if TYPE_CHECKING:  # pytesseract and Pillow load when a page is read, not at import
    from PIL import Image


@dataclass(frozen=True)
class OcrLimits:
    """How much OCR one document may cost (settings; the defaults suit 2 cores)."""

    max_pages: int = 40
    seconds: float = 180.0
    dpi: int = 200  # the scans are 144-200 dpi; more costs time without better words
    max_pixels: int = 40_000_000  # one page image; a poster-sized page is refused
    workers: int = min(2, os.cpu_count() or 1)
    lang: str = "eng"


@dataclass(frozen=True)
class OcrWord:
    text: str
    left: int
    top: int
    width: int
    height: int
    confidence: float
    line: tuple[int, int, int] = (0, 0, 0)  # Tesseract's block, paragraph and line numbers


@dataclass
class OcrPage:
    """One page read by OCR; `scale` is image pixels per PDF point."""

    number: int
    text: str
    confidence: float | None
    scale: float
    words: list[OcrWord] = field(default_factory=list)
    image: Image.Image | None = field(default=None, repr=False)


_defaults = OcrLimits()


def set_default_limits(limits: OcrLimits) -> None:
    """The limits used when a caller passes none (the monitor sets them from its settings)."""
    global _defaults
    _defaults = limits


def tesseract_available() -> bool:
    """Whether the Tesseract program is installed."""
    import pytesseract

    return shutil.which(pytesseract.pytesseract.tesseract_cmd) is not None


def ocr_pages(
    content: bytes, numbers: list[int], *, limits: OcrLimits | None = None, url: str | None = None
) -> list[OcrPage]:
    """OCR the given 1-based pages of a PDF, in order."""
    limits = limits or _defaults
    if not tesseract_available():
        raise OcrUnavailable("the PDF has no text layer and Tesseract is not installed", url=url)
    if len(numbers) > limits.max_pages:
        raise OcrLimitExceeded(f"{len(numbers)} scanned pages (limit {limits.max_pages})", url=url)
    # Tesseract's own threads would fight the per-page workers for the same cores.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    deadline = time.monotonic() + limits.seconds
    with ThreadPoolExecutor(max_workers=limits.workers) as pool:
        futures = []
        for number in numbers:  # render one page at a time: PDFium is single-threaded
            image, scale = _render(content, number, limits, url)
            futures.append(pool.submit(_read, image, number, scale, limits, deadline, url))
        return [future.result() for future in futures]


def _render(
    content: bytes, number: int, limits: OcrLimits, url: str | None
) -> tuple[Image.Image, float]:
    with pdfium_lock:
        document = pdfium.PdfDocument(content)
        try:
            page = document[number - 1]
            width, height = page.get_size()
            scale = limits.dpi / 72
            if width * height * scale * scale > limits.max_pixels:
                raise OcrLimitExceeded(f"page {number} is too large to OCR", url=url)
            image = page.render(scale=scale, grayscale=True).to_pil()
        finally:
            document.close()
    return image, scale


def _read(
    image: Image.Image,
    number: int,
    scale: float,
    limits: OcrLimits,
    deadline: float,
    url: str | None,
) -> OcrPage:
    import pytesseract

    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise OcrLimitExceeded(f"OCR took longer than {limits.seconds:.0f} s", url=url)
    try:
        data = pytesseract.image_to_data(
            image, lang=limits.lang, config="--psm 3", output_type=pytesseract.Output.DICT,
            timeout=remaining,
        )  # fmt: skip
    except RuntimeError as exc:  # pytesseract's timeout
        raise OcrLimitExceeded(f"OCR took longer than {limits.seconds:.0f} s", url=url) from exc
    words = _words(data)
    text = _lines(data)
    confidence = sum(w.confidence for w in words) / len(words) if words else None
    return OcrPage(number, text, confidence, scale, words, image)


def page_image(content: bytes, page: OcrPage) -> Image.Image:
    """The page rendered again as it was for OCR, so word boxes fall on its pixels."""
    with pdfium_lock:
        document = pdfium.PdfDocument(content)
        try:
            return document[page.number - 1].render(scale=page.scale, grayscale=True).to_pil()
        finally:
            document.close()


def read_strip(
    content: bytes, page: OcrPage, box: tuple[int, int, int, int], *, url: str | None = None
) -> str:
    """Read one line of a page again on its own: `box` is (left, top, right, bottom) in
    the page's OCR pixels. Page segmentation can drop words beside a table rule or a
    redaction bar; a strip read as a single line (--psm 7) has no segmentation to get wrong.
    """
    import pytesseract

    if not tesseract_available():
        raise OcrUnavailable("Tesseract is not installed", url=url)
    image = page_image(content, page)
    left, top, right, bottom = box
    strip = image.crop(
        (max(left, 0), max(top, 0), min(right, image.width), min(bottom, image.height))
    )
    try:
        text: str = pytesseract.image_to_string(
            strip, lang=_defaults.lang, config="--psm 7", timeout=_defaults.seconds
        )
    except RuntimeError as exc:  # pytesseract's timeout
        raise OcrLimitExceeded(f"OCR took longer than {_defaults.seconds:.0f} s", url=url) from exc
    return " ".join(text.split())


def _words(data: dict[str, list]) -> list[OcrWord]:
    words = []
    for i, text in enumerate(data["text"]):
        conf = float(data["conf"][i])
        if text.strip() and conf >= 0:
            box = (data["left"][i], data["top"][i], data["width"][i], data["height"][i])
            line = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
            words.append(OcrWord(text.strip(), *box, confidence=conf, line=line))
    return words


def _lines(data: dict[str, list]) -> str:
    """Words joined into Tesseract's lines, lines into paragraphs, as plain text."""
    lines: dict[tuple[int, int, int], list[str]] = {}
    for i, text in enumerate(data["text"]):
        if text.strip():
            key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
            lines.setdefault(key, []).append(text.strip())
    return "\n".join(" ".join(words) for words in lines.values())
