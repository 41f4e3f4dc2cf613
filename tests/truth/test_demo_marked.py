"""Demo data says it is demo data, and never claims an HTTP capture that did not happen."""

from __future__ import annotations

import zipfile
from pathlib import Path

from flask import Flask
from sqlmodel import select

from monitor.cli import cli
from monitor.db import session_scope
from monitor.models import Document


def test_every_demo_document_is_marked(demo_app: Flask) -> None:
    with session_scope(demo_app) as session:
        assert all(session.exec(select(Document.is_demo)).all())


def test_demo_document_pages_say_demo_and_claim_no_fetch(demo_app: Flask) -> None:
    page = demo_app.test_client().get("/documents/18").get_data(as_text=True)
    assert "<strong>DEMO</strong>" in page
    assert "never fetched from the publisher" in page and "Fetched from" not in page


def test_a_demo_packet_says_demo_on_cover_certification_and_separators(
    demo_app: Flask, tmp_path: Path
) -> None:
    out = tmp_path / "demo.zip"
    result = demo_app.test_cli_runner().invoke(cli, ["packet", "Torrance", "--out", str(out)])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as bag:
        names = bag.namelist()
        certification = bag.read(next(n for n in names if n.endswith("certification.txt"))).decode()
    assert "DEMO DATA -- NOT EVIDENCE" in certification
    assert "HTTP status:" not in certification and "Requested URL:" not in certification
    assert certification.count("DEMO:") >= 10
    pdf_name = next(n for n in names if n.endswith("packet.pdf"))
    with zipfile.ZipFile(out) as bag:
        pdf = bag.read(pdf_name)
    text = _pdf_text(pdf)
    assert "DEMO: " in text.split("Table of exhibits")[0]  # the cover
    assert text.count("· DEMO") >= 10  # every separator sheet


def _pdf_text(content: bytes) -> str:
    from scrapers._pdftext import full_text

    return full_text(content)
