"""Build small text PDFs (demo documents, test fixtures, benchmarks) with fpdf2: the one PDF
writer of the project besides WeasyPrint's packet rendering.

The bytes are deterministic for the same text (fixed creation date), so re-loading the demo
finds the same capture instead of a new version.
"""

from __future__ import annotations

from datetime import UTC, datetime

from fpdf import FPDF

_FIXED_DATE = datetime(2020, 1, 1, tzinfo=UTC)
# Characters the core Helvetica font cannot draw, mapped to plain equivalents.
_PLAIN = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"',
                        "\u2013": "-", "\u2014": "-", "\u2022": "-"})  # fmt: skip


class _ReportPDF(FPDF):
    """FPDF with a report-style footer on every page."""

    footer_text = ""

    def footer(self) -> None:
        if not self.footer_text:
            return
        self.set_y(-15)
        self.set_font("Helvetica", size=8)
        self.cell(0, 5, f"www.oig.dhs.gov {self.page_no()} {self.footer_text}")


def text_pdf(pages: list[str], *, title: str = "", footer: str = "", wrap: bool = True) -> bytes:
    """A PDF with one page per string; lines wrap as in a real report unless `wrap` is False
    (forms and letters whose parsers read line by line keep each line whole)."""
    pdf = _ReportPDF(format="Letter")
    pdf.footer_text = footer.translate(_PLAIN)
    pdf.set_creation_date(_FIXED_DATE)
    pdf.set_title(title.translate(_PLAIN))
    pdf.set_auto_page_break(auto=True, margin=20)
    for body in pages:
        pdf.add_page()
        pdf.set_font("Helvetica", size=11 if wrap else 8)
        for paragraph in body.translate(_PLAIN).split("\n"):
            if not paragraph.strip():
                pdf.ln(3)
            elif wrap:
                pdf.multi_cell(0, 5.5, paragraph.strip(), new_x="LMARGIN", new_y="NEXT")
            else:
                pdf.cell(0, 4, paragraph.rstrip(), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def split_pages(text: str) -> list[str]:
    """Page texts of a fixture file: pages separated by form feeds or '=== page ===' lines."""
    parts = text.replace("\r\n", "\n").replace("\f", "\n=== page ===\n").split("\n=== page ===\n")
    return [part.strip("\n") for part in parts if part.strip()]
