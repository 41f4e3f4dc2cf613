"""OCR limits that mutation testing showed no test pinned down: the pixel limit counts the
rendered image, and a limit error names the document it stopped."""

from __future__ import annotations

import pytest

from monitor.demo.pdf import text_pdf
from scrapers._ocr import OcrLimitExceeded, OcrLimits, ocr_pages, tesseract_available

URL = "https://www.ice.gov/doclib/foia/scanned-report.pdf"
needs_tesseract = pytest.mark.skipif(not tesseract_available(), reason="Tesseract not installed")


@needs_tesseract
def test_the_pixel_limit_applies_to_the_image_at_the_ocr_resolution() -> None:
    # a letter page is 612 x 792 points: 0.5 million at 72 dpi, 2.6 million at 200 dpi
    limits = OcrLimits(dpi=200, max_pixels=1_000_000)
    with pytest.raises(OcrLimitExceeded, match="page 1 is too large") as caught:
        ocr_pages(text_pdf(["A scanned page."]), [1], limits=limits, url=URL)
    assert caught.value.url == URL


@needs_tesseract
def test_running_out_of_time_names_the_document() -> None:
    with pytest.raises(OcrLimitExceeded, match="longer than 0 s") as caught:
        ocr_pages(text_pdf(["A scanned page."]), [1], limits=OcrLimits(seconds=0), url=URL)
    assert caught.value.url == URL
