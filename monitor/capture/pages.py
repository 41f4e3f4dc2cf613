"""Pages of every captured document, so every "page N" citation resolves.

A PDF page gives its text layer; a page without one is read by OCR (tesseract); a page
where OCR finds nothing either is kept as an image, with a note saying so. An HTML capture
is one page of its visible text. Other bytes (workbooks) get one page saying what they are,
so a citation to them still lands somewhere a reader can follow to the original.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from dataclasses import dataclass

import pypdfium2 as pdfium
from bs4 import BeautifulSoup
from sqlmodel import Session, col, delete, select

from monitor.models import DocumentPage, DocumentVersion
from scrapers._pdftext import PDFIUM_LOCK, is_pdf

# How each page's text was obtained (DocumentPage.method).
TEXT, OCR, IMAGE, HTML, OTHER = "text", "ocr", "image", "html", "other"
METHOD_NOTES = {
    TEXT: "Text extracted from the archived original; layout is not preserved.",
    OCR: "This page has no text layer; the text below was read by OCR and may contain errors.",
    IMAGE: "This page has no text layer and OCR found no text; it is shown as an image.",
    HTML: "Visible text of the archived web page; layout and links are not preserved.",
    OTHER: "This file has no pages of text; download the original to read it.",
}
OCR_MAX_PAGES = 200  # bounded work on a huge scan: later pages are kept as images
OCR_TIMEOUT_S = 60
RENDER_SCALE = 2.0  # about 144 dpi: legible for OCR and on screen
_SKIP_TAGS = ("script", "style", "noscript", "template", "nav", "header", "footer")


@dataclass(frozen=True)
class PageContent:
    text: str
    method: str


def document_pages(content: bytes, content_type: str | None = None) -> list[PageContent]:
    """The pages of a capture, whatever kind of file it is."""
    if is_pdf(content):
        return pdf_pages(content)
    kind = (content_type or "").lower()
    if "html" in kind or content.lstrip()[:15].lower().startswith((b"<!doctype", b"<html")):
        return [PageContent(html_text(content), HTML)]
    return [PageContent("", OTHER)]


def html_text(content: bytes) -> str:
    """Visible text of an HTML page, one block per line."""
    soup = BeautifulSoup(content, "lxml")
    for tag in soup(_SKIP_TAGS):
        tag.decompose()
    root = soup.find("main") or soup.body or soup
    lines = (line.strip() for line in root.get_text("\n").splitlines())
    return "\n".join(line for line in lines if line)


def pdf_pages(content: bytes) -> list[PageContent]:
    """Text layer per page; OCR for pages without one; an image note where OCR finds nothing."""
    with PDFIUM_LOCK:
        try:
            document = pdfium.PdfDocument(content)
        except pdfium.PdfiumError:
            return [PageContent("", OTHER)]  # unreadable: the parser reports why, by name
        try:
            return [_pdf_page(document, index) for index in range(len(document))]
        finally:
            document.close()


def _pdf_page(document: pdfium.PdfDocument, index: int) -> PageContent:
    page = document[index]
    try:
        textpage = page.get_textpage()
        text = textpage.get_text_range().replace("\r\n", "\n").replace("\r", "\n")
        textpage.close()
        if text.strip():
            return PageContent(text, TEXT)
        if index < OCR_MAX_PAGES:
            ocr = ocr_png(render_png(page))
            if ocr.strip():
                return PageContent(ocr, OCR)
        return PageContent("", IMAGE)
    finally:
        page.close()


def render_png(page: pdfium.PdfPage) -> bytes:
    """One PDF page as PNG bytes."""
    image = page.render(scale=RENDER_SCALE).to_pil()
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def render_page_png(content: bytes, page_number: int) -> bytes | None:
    """PNG of page `page_number` (1-based) of a PDF, or None when there is no such page."""
    with PDFIUM_LOCK:
        try:
            document = pdfium.PdfDocument(content)
        except pdfium.PdfiumError:
            return None
        try:
            if not 1 <= page_number <= len(document):
                return None
            page = document[page_number - 1]
            try:
                return render_png(page)
            finally:
                page.close()
        finally:
            document.close()


def ocr_png(png: bytes) -> str:
    """Text tesseract reads in a PNG ('' when tesseract is missing, fails or times out)."""
    binary = shutil.which("tesseract")
    if binary is None:
        return ""
    try:
        done = subprocess.run(  # noqa: S603  (fixed binary, bytes on stdin, no shell)
            [binary, "stdin", "stdout", "-l", "eng"],
            input=png,
            capture_output=True,
            timeout=OCR_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return ""
    return done.stdout.decode("utf-8", "replace") if done.returncode == 0 else ""


def store_pages(session: Session, version: DocumentVersion, pages: list[PageContent]) -> int:
    """Replace the stored pages of a version with these."""
    session.exec(
        delete(DocumentPage).where(col(DocumentPage.version_id) == version.id)  # type: ignore[call-overload]
    )
    for number, page in enumerate(pages, start=1):
        session.add(
            DocumentPage(
                version_id=version.id or 0, page_number=number, text=page.text, method=page.method
            )
        )
    version.page_count = len(pages)
    session.add(version)
    return len(pages)


def ensure_pages(session: Session, version: DocumentVersion, content: bytes) -> int:
    """Store the version's pages unless it already has some; returns the page count."""
    existing = session.exec(
        select(DocumentPage.id).where(DocumentPage.version_id == version.id).limit(1)
    ).first()
    if existing is not None:
        return version.page_count or 0
    return store_pages(session, version, document_pages(content, version.content_type))
