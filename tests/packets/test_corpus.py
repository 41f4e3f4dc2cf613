"""Acceptance: real published documents (../shared/corpus) go through a packet intact."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import corpus_file

pytestmark = pytest.mark.corpus

REAL = (
    ("ice-nakamoto-torrance-2020-10-01-cover-letter.pdf", "application/pdf", date(2020, 10, 1)),
    (
        "ice-nakamoto-torrance-2020-10-01-summary-inspection-standards.pdf",
        "application/pdf",
        date(2020, 10, 2),
    ),
    ("ice-odo-inspection-page-torrance-2022-10.html", "text/html", date(2022, 10, 27)),
    (
        "ice-opr-detainee-death-review-page-kesley-vial-torrance-2022-12.html",
        "text/html",
        date(2022, 12, 8),
    ),
)


def test_real_documents_are_stamped_archived_and_validated(
    packet_data, make_packet, unpack
) -> None:
    sources = {}
    for name, ctype, published in REAL:
        path = corpus_file(name)
        sources[name] = path.read_bytes()
        packet_data.capture(
            name,
            sources[name],
            content_type=ctype,
            published=published,
            title=name,
            source_key="ice_foia",
            publisher="ICE",
        )
        packet_data.finding(name, page=1, found_date=published, quote=f"see {name}")
    packet = unpack(make_packet().path)
    originals = {
        p.name.split("-", 1)[1]: p.read_bytes() for p in packet.data("originals").iterdir()
    }
    for name, content in sources.items():
        stem = Path(name).stem
        assert any(k.startswith(stem[:50]) and v == content for k, v in originals.items())
    for exhibit in sorted(packet.data("exhibits").iterdir()):
        stamps = packet.stamps(f"exhibits/{exhibit.name}")
        assert all(stamps), f"unstamped page in {exhibit.name}: {stamps}"
    first = sorted(packet.data("exhibits").iterdir())[0]
    assert len(PdfReader(first).pages) == len(PdfReader(corpus_file(REAL[0][0])).pages)
    bagit = Path(sys.executable).with_name("bagit.py")
    done = subprocess.run(
        [sys.executable, str(bagit), "--validate", str(packet.root)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
