"""Project-written G-324A forms for tests: flattened older revisions with drawn ticks.

The older revisions publish ticked boxes as drawings, not text, so these fixtures draw an
"X" of two strokes in a box exactly as a flattened form does; nothing is copied from a real
document.
"""

from __future__ import annotations

import io

import pypdfium2 as pdfium
from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFont

BOX = 7.0
COLUMNS = {1: 420.0, 2: 440.0, 3: 460.0, 4: 480.0}  # x of each standards-table column


def _box(pdf: FPDF, x: float, baseline: float, ticked: bool) -> None:
    top = baseline - BOX
    pdf.rect(x, top, BOX, BOX)
    if ticked:
        pdf.line(x + 0.5, top + 0.5, x + BOX - 0.5, top + BOX - 0.5)
        pdf.line(x + BOX - 0.5, top + 0.5, x + 0.5, top + BOX - 0.5)


def _lines(pdf: FPDF, x: float, y: float, lines: list[str]) -> float:
    for line in lines:
        pdf.text(x, y, line)
        y += 14
    return y


def _option(pdf: FPDF, x: float, y: float, label: str, ticked: bool) -> None:
    _box(pdf, x, y, ticked)
    pdf.text(x + BOX + 4, y, label)


def older_form(
    *,
    name: str = "Example County Jail",
    dates: str = "03/02/2021 - 03/04/2021",
    previous: str = "08/01/1983 - 08/01/1983",
    rating: str = "Does Not Meet Standards",
    rows: dict[str, set[int]] | None = None,
) -> bytes:
    """A Rev. 9/3/08 form: page 1 identity, page 2 standards table, page 3 the LCI rating."""
    pdf = FPDF(unit="pt", format="letter")
    pdf.set_font("Helvetica", size=9)
    pdf.add_page()
    y = _lines(pdf, 40, 40, ["Form G-324A SIS (Rev. 9/3/08)", "Detention Review Summary Form",
                             "A. Type of Facility Reviewed"])  # fmt: skip
    for label in ("ICE Service Processing Center", "ICE Intergovernmental Service Agreement"):
        _option(pdf, 40, y, label, ticked=label.endswith("Agreement"))
        y += 14
    y = _lines(pdf, 40, y, ["B. Current Inspection", "Date[s] of Facility Review", dates,
                            "C. Previous/Most Recent Facility Review",
                            "Date[s] of Last Facility Review", previous, "Previous Rating"])  # fmt: skip
    _option(pdf, 40, y, "Meets Standards", ticked=True)
    _option(pdf, 160, y, "Does Not Meet Standards", ticked=False)
    _lines(pdf, 40, y + 14, ["D. Name and Location of Facility", "Name", name,
                             "Address (Street and Name)", "1 Main Street",
                             "City, State and Zip Code", "Springfield, Illinois 62701"])  # fmt: skip
    _standards_page(pdf, rows if rows is not None else _DEFAULT_ROWS)
    _rating_page(pdf, rating)
    return bytes(pdf.output())


_DEFAULT_ROWS = {"Emergency Plans": {1}, "Food Service": {2}, "Medical Care": {2, 3},
                 "Marriage Requests": {4}}  # fmt: skip


def _standards_page(pdf: FPDF, rows: dict[str, set[int]]) -> None:
    pdf.add_page()
    legend = "1. Meets Standards 2. Does Not Meet Standards 3.Repeat Finding 4. Not Applicable"
    _lines(pdf, 40, 40, ["Form G-324A SIS (Rev. 9/3/08)", "DHS/ICE Detention Standards Review Summary Report"])  # fmt: skip
    pdf.text(40, 68, legend)
    for number, x in COLUMNS.items():
        pdf.text(x + 2, 68, str(number))
    y = 90.0
    for index, (label, ticked) in enumerate(rows.items(), start=1):
        pdf.text(40, y, f"{index} {label}")
        for number, x in COLUMNS.items():
            _box(pdf, x, y, number in ticked)
        y += 14


def _rating_page(pdf: FPDF, rating: str) -> None:
    pdf.add_page()
    _lines(pdf, 40, 40, ["Form G-324A SIS (Rev. 9/3/08)", "LCI Review Assurance Statement",
                         "Lead Compliance Inspector, The Nakamoto Group, Inc."])  # fmt: skip
    pdf.text(40, 100, "Recommended Rating:")
    for offset, label in enumerate(("Meets Standards", "Does Not Meet Standards")):
        _option(pdf, 200, 100 + 14 * offset, label, ticked=label == rating)
    pdf.text(40, 140, "Comments: no deaths during this inspection period.")


# ---------------------------------------------------------------- scans of the forms


def as_scan(images: list[Image.Image]) -> bytes:
    """An image-only PDF, one letter-size page per image, as a scanner produces it."""
    pdf = FPDF(unit="pt", format="letter")
    for image in images:
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        pdf.add_page()
        pdf.image(io.BytesIO(buffer.getvalue()), x=0, y=0, w=612, h=792)
    return bytes(pdf.output())


def page_images(content: bytes, count: int) -> list[Image.Image]:
    """The first `count` pages of a PDF as 200 dpi images (a form printed and scanned)."""
    document = pdfium.PdfDocument(content)
    try:
        return [document[i].render(scale=200 / 72, grayscale=True).to_pil() for i in range(count)]
    finally:
        document.close()


def scanned_rating_page(ticked: str) -> Image.Image:
    """A Rev. 7/9/07 LCI page whose rating box is crossed by a thin grey "X" (as the real
    scans have it): Tesseract reads such a box as nothing at all."""
    image = Image.new("L", (1700, 2200), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype("DejaVuSans.ttf", 34)
    bold = ImageFont.truetype("DejaVuSans-Bold.ttf", 34)
    lines = ["Form G-324A SIS (Rev. 7/9/07)", "LCI Review Assurance Statement",
             "Lead Compliance Inspector, The Nakamoto Group, Inc."]  # fmt: skip
    for number, line in enumerate(lines):
        draw.text((120, 150 + 60 * number), line, fill=0, font=font)
    draw.text((120, 500), "Recommended Rating:", fill=0, font=bold)
    for number, label in enumerate(("Superior", "Good", "Acceptable", "Deficient", "At-Risk")):
        x, y = 800, 500 + 46 * number
        draw.rectangle((x, y, x + 36, y + 36), outline=0, width=2)
        if label == ticked:
            draw.line((x + 3, y + 3, x + 33, y + 33), fill=90, width=2)
            draw.line((x + 3, y + 33, x + 33, y + 3), fill=90, width=2)
        draw.text((x + 48, y - 2), label, fill=0, font=bold)
    return image
