"""PDF text per page, and unreadable PDFs failing by name."""

from __future__ import annotations

import pytest
from fpdf import FPDF

from monitor.demo.pdf import text_pdf
from scrapers._base import BadDocument
from scrapers._pdftext import extract_pages, page_texts


def test_text_comes_back_page_by_page() -> None:
    pages = page_texts(text_pdf(["First page text.", "Second page: Recommendation 1."]))
    assert len(pages) == 2
    assert pages[0].strip() == "First page text."
    assert "Recommendation 1" in pages[1]


def test_truncated_pdf_is_a_bad_document() -> None:
    content = text_pdf(["Some text."])[:400]
    with pytest.raises(BadDocument, match="truncated or corrupt"):
        extract_pages(content)


def test_encrypted_pdf_is_a_bad_document() -> None:
    pdf = FPDF()
    pdf.set_encryption(owner_password="owner", user_password="user")
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(0, 10, "secret")
    with pytest.raises(BadDocument, match="encrypted"):
        extract_pages(bytes(pdf.output()))


def test_pdf_without_a_text_layer_is_a_bad_document() -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")  # a drawing, like a scanned page: no text at all
    with pytest.raises(BadDocument, match="no text layer"):
        extract_pages(bytes(pdf.output()))


def test_html_is_not_a_pdf() -> None:
    with pytest.raises(BadDocument, match="not a PDF"):
        extract_pages(b"<html><body>hello</body></html>")
