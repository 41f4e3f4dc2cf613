"""Originals that cannot be stamped still travel byte for byte, and their sheet says why."""

from __future__ import annotations

import hashlib
import io
import subprocess
import sys
from datetime import date
from pathlib import Path

from pypdf import PdfWriter

from monitor.db import session_scope
from monitor.models import Document, Source

from .conftest import make_pdf

CORRUPT = b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntruncated in transit"
WORKBOOK = b"PK\x03\x04" + b"\x00" * 64 + b"xl/workbook.xml"


def _encrypted() -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(make_pdf(["Confidential staffing roster"])))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _add_bad_originals(packet_data) -> None:
    for key, content, ctype in (
        ("corrupt-2022", CORRUPT, "application/pdf"),
        ("encrypted-2022", _encrypted(), "application/pdf"),
        (
            "stats-fy22",
            WORKBOOK,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    ):
        packet_data.capture(
            key,
            content,
            content_type=ctype,
            title=f"Bad original {key}",
            published=date(2022, 6, 1),
            source_key="ice_stats",
        )
        packet_data.finding(
            key,
            category="MEDICAL_CARE",
            page=1,
            quote=f"quote from {key}",
            found_date=date(2022, 5, 1),
        )


def test_bad_originals_are_archived_listed_and_explained(packet_data, make_packet, unpack) -> None:
    _add_bad_originals(packet_data)
    packet = unpack(make_packet().path)
    originals = {p.name: p.read_bytes() for p in packet.data("originals").iterdir()}
    assert originals["004-bad-original-corrupt-2022.pdf"] == CORRUPT
    assert originals["006-bad-original-stats-fy22.xlsx"] == WORKBOOK
    manifest = (packet.root / "manifest-sha256.txt").read_text()
    assert (
        f"{hashlib.sha256(CORRUPT).hexdigest()}  data/originals/004-bad-original-corrupt-2022.pdf"
        in manifest
    )
    pages = [" ".join(lines) for lines in packet.page_lines()]
    sheets = {n: next(p for p in pages if f"EXHIBIT {n}" in p) for n in (4, 5, 6)}
    assert "could not be stamped" in sheets[4] and "damaged" in sheets[4]
    assert "encrypted" in sheets[5]
    assert "not a PDF or an HTML page" in sheets[6]
    toc = next(p for p in pages if "Table of exhibits" in p)
    assert "Not stamped" in toc


def test_slip_sheets_carry_one_bates_number_each(packet_data, make_packet, unpack) -> None:
    _add_bad_originals(packet_data)
    packet = unpack(make_packet().path)
    stamps = [s for s in packet.stamps() if s]
    assert stamps == [f"TCDF-{n:06d}" for n in range(1, 10)]  # 6 document pages + 3 slip sheets
    assert packet.stamps("exhibits/TCDF-000007.pdf") == ["TCDF-000007"]
    dat = packet.data("packet.dat").read_text(encoding="utf-8-sig").splitlines()
    corrupt = next(line for line in dat if "corrupt-2022" in line).split("\x14")
    assert corrupt[0] == corrupt[1] == "\u00feTCDF-000007\u00fe"
    assert corrupt[4] == "\u00fe1\u00fe"


def test_packet_with_bad_originals_still_validates(packet_data, make_packet, unpack) -> None:
    _add_bad_originals(packet_data)
    packet = unpack(make_packet().path)
    bagit = Path(sys.executable).with_name("bagit.py")
    done = subprocess.run(
        [sys.executable, str(bagit), "--validate", str(packet.root)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def test_document_never_archived_gets_a_sheet_and_no_original(
    packet_data, make_packet, unpack
) -> None:
    app = packet_data.app
    with app.app_context(), session_scope(app) as session:
        source = Source(key="ngo_reports", name="NGO reports", url="https://example.org")
        session.add(source)
        session.flush()
        doc = Document(
            source_id=source.id or 0,
            external_id="aclu-2022",
            kind="report",
            title="ACLU letter on Torrance",
            publisher="ACLU of New Mexico",
            published_date=date(2022, 9, 30),
            url="https://example.org/aclu.pdf",
        )
        session.add(doc)
    packet_data.documents["aclu-2022"] = doc
    packet_data.finding("aclu-2022", result="allegation", page=2, found_date=date(2022, 9, 1))
    packet = unpack(make_packet().path)
    assert len(list(packet.data("originals").iterdir())) == 3
    sheet = next(" ".join(p) for p in packet.page_lines() if "EXHIBIT 4" in " ".join(p))
    assert "no archived copy" in sheet
    log = packet.data("capture-log.csv").read_text().splitlines()
    assert any(line.startswith("4,,ACLU letter on Torrance") for line in log)


def test_html_captures_render_offline(packet_data, make_packet, unpack, httpserver) -> None:
    """Archived pages that point at servers (even local ones) are rendered without fetching."""
    httpserver.expect_request("/style.css").respond_with_data("body { color: red }")
    httpserver.expect_request("/track.png").respond_with_data(b"\x89PNG", content_type="image/png")
    page = (
        f'<html><head><link rel="stylesheet" href="{httpserver.url_for("/style.css")}"></head>'
        f'<body><h1>Detainee death review</h1><img src="{httpserver.url_for("/track.png")}">'
        '<img src="file:///etc/hostname"></body></html>'
    ).encode()
    packet_data.capture(
        "opr-2022-12",
        page,
        content_type="text/html",
        source_key="ice_opr",
        title="OPR detainee death review",
        published=date(2022, 12, 8),
    )
    packet_data.finding("opr-2022-12", category="MEDICAL_CARE", found_date=date(2022, 12, 8))
    packet = unpack(make_packet().path)
    assert httpserver.log == []
    stamped = packet.page_lines("exhibits/TCDF-000007.pdf")[0]
    assert "Detainee death review" in " ".join(stamped) and stamped[-1] == "TCDF-000007"
