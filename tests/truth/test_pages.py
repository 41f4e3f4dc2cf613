"""Every document has pages: text layer, OCR text, or the page as an image with a note."""

from __future__ import annotations

import io

from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFont

from monitor.capture.pages import HTML, IMAGE, OCR, OTHER, TEXT, document_pages, render_page_png


def _scan_pdf(words: str | None) -> bytes:
    """A one-page PDF holding only a picture (of `words`, or of nothing): no text layer."""
    image = Image.new("L", (1200, 300), 255)
    if words:
        font = ImageFont.load_default(size=64)
        ImageDraw.Draw(image).text((40, 100), words, fill=0, font=font)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    pdf = FPDF(unit="pt", format=(600, 150))
    pdf.add_page()
    pdf.image(io.BytesIO(buffer.getvalue()), x=0, y=0, w=600, h=150)
    return bytes(pdf.output())


def _text_pdf(line: str) -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text=line)
    return bytes(pdf.output())


def test_a_text_layer_is_used_as_is() -> None:
    (page,) = document_pages(_text_pdf("Detainees reported mold in cells."))
    assert page.method == TEXT and "mold in cells" in page.text


def test_a_scanned_page_is_read_by_ocr() -> None:
    (page,) = document_pages(_scan_pdf("PLUMBING FAILURES"))
    assert page.method == OCR
    assert "PLUMBING" in page.text.upper()


def test_a_page_with_nothing_to_read_is_kept_as_an_image() -> None:
    content = _scan_pdf(None)
    (page,) = document_pages(content)
    assert page.method == IMAGE and page.text == ""
    png = render_page_png(content, 1)
    assert png is not None and png.startswith(b"\x89PNG")
    assert render_page_png(content, 2) is None


def test_a_web_page_is_one_page_of_its_visible_text() -> None:
    html = b"<html><head><script>var x;</script></head><body><nav>Menu</nav><main><h1>Torrance</h1><p>54% vacancy</p></main></body></html>"
    (page,) = document_pages(html, "text/html")
    assert page.method == HTML
    assert page.text == "Torrance\n54% vacancy"


def test_other_files_get_one_page_saying_so() -> None:
    assert document_pages(b"PK\x03\x04 workbook", "application/vnd.ms-excel")[0].method == OTHER


def test_an_image_page_is_shown_with_its_note(app) -> None:  # noqa: ANN001
    from monitor.capture.store import capture_bytes
    from monitor.db import get_settings, session_scope

    with app.app_context(), session_scope(app) as session:
        captured = capture_bytes(
            session=session, settings=get_settings(app), source_key="ngo", content=_scan_pdf(None),
            url="https://example.org/scan.pdf", external_id="scan", kind="ngo", title="A scan",
            content_type="application/pdf",
        )  # fmt: skip
        document_id = captured.document.id
    client = app.test_client()
    page = client.get(f"/documents/{document_id}/pages/1")
    assert page.status_code == 200
    assert b"OCR found no text; it is shown as an image" in page.data
    image = client.get(f"/documents/{document_id}/pages/1/image")
    assert image.status_code == 200 and image.mimetype == "image/png"
    assert client.get(f"/documents/{document_id}/pages/2/image").status_code == 404
