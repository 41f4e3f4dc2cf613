"""The checks made before a parse starts, chosen by what the bytes are."""

from __future__ import annotations

from scrapers._limits.budget import Limits, exceeded
from scrapers._limits.pdf import check_pdf
from scrapers._limits.xlsx import check_zip


def check_content(content: bytes, limits: Limits, *, url: str | None = None) -> None:
    """Run the checks that fit the bytes: PDF, zip (xlsx), or only the input size."""
    exceeded("the file size in bytes", len(content), limits.max_input_bytes, url)
    if b"%PDF-" in content[:1024]:
        check_pdf(content, limits, url=url)
    elif content.startswith(b"PK"):
        check_zip(content, limits, url=url)
