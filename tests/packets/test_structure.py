"""A packet is a valid BagIt bag that tools no one here wrote accept as-is."""

from __future__ import annotations

import csv
import hashlib
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from monitor.capture.store import blob_path
from monitor.db import get_settings

BAGIT = Path(sys.executable).with_name("bagit.py")


def _run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )


def test_zip_is_one_bag_folder_with_the_expected_files(make_packet, unpack) -> None:
    packet = unpack(make_packet().path)
    assert packet.root.name == "TCDF-torrance-county-20260131T120000Z"
    names = sorted(
        p.relative_to(packet.root).as_posix() for p in packet.root.rglob("*") if p.is_file()
    )
    for expected in (
        "bagit.txt",
        "bag-info.txt",
        "manifest-sha256.txt",
        "tagmanifest-sha256.txt",
        "data/packet.pdf",
        "data/capture-log.csv",
        "data/facts.csv",
        "data/facts.json",
        "data/packet.dat",
        "data/packet.opt",
        "data/certification.txt",
    ):
        assert expected in names
    assert [n for n in names if n.startswith("data/originals/")] == [
        "data/originals/001-nakamoto-annual-inspection-cover-letter-july-2021.pdf",
        "data/originals/002-odo-compliance-inspection-torrance-november-2021.html",
        "data/originals/003-oig-22-31.pdf",
    ]


@pytest.mark.skipif(not BAGIT.exists(), reason="bagit.py not installed in the venv")
def test_bagit_validate_accepts_the_packet(make_packet, unpack) -> None:
    packet = unpack(make_packet().path)
    done = _run(sys.executable, BAGIT, "--validate", packet.root)
    assert done.returncode == 0, done.stderr
    assert "is valid" in done.stderr


@pytest.mark.skipif(shutil.which("sha256sum") is None, reason="sha256sum missing")
def test_sha256sum_checks_every_manifest_line(make_packet, unpack) -> None:
    packet = unpack(make_packet().path)
    done = _run("sha256sum", "-c", "manifest-sha256.txt", cwd=packet.root)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count(": OK") == len(
        (packet.root / "manifest-sha256.txt").read_text().splitlines()
    )


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf not installed (apt qpdf)")
def test_qpdf_finds_no_errors_in_any_pdf(make_packet, unpack) -> None:
    packet = unpack(make_packet().path)
    pdfs = sorted((packet.root / "data").rglob("*.pdf"))
    pdfs = [p for p in pdfs if "originals" not in p.parts]
    assert len(pdfs) == 4  # packet.pdf and three stamped exhibits
    for pdf in pdfs:
        done = _run("qpdf", "--check", pdf)
        assert done.returncode == 0, f"{pdf.name}: {done.stdout}{done.stderr}"


@pytest.mark.skipif(
    shutil.which("pdfinfo") is None, reason="pdfinfo not installed (apt poppler-utils)"
)
def test_pdfinfo_reads_title_pages_and_fixed_dates(make_packet, unpack) -> None:
    result = make_packet()
    packet = unpack(result.path)
    done = _run("pdfinfo", "-isodates", packet.data("packet.pdf"))
    assert done.returncode == 0, done.stderr
    assert "Evidence packet: Torrance County Detention Facility" in done.stdout
    assert f"Pages:           {result.pdf_pages}" in done.stdout
    assert "2026-01-31T12:00:00" in done.stdout


def test_originals_are_the_captured_bytes(make_packet, unpack, packet_data) -> None:
    packet = unpack(make_packet().path)
    settings = get_settings(packet_data.app)
    for name in (
        "001-nakamoto-annual-inspection-cover-letter-july-2021.pdf",
        "002-odo-compliance-inspection-torrance-november-2021.html",
        "003-oig-22-31.pdf",
    ):
        content = packet.data(f"originals/{name}").read_bytes()
        sha = hashlib.sha256(content).hexdigest()
        assert blob_path(settings, sha).read_bytes() == content


def test_capture_log_lists_url_status_validators_hash_and_warc(make_packet, unpack) -> None:
    packet = unpack(make_packet().path)
    rows = list(csv.DictReader(packet.data("capture-log.csv").read_text().splitlines()))
    assert [r["filename"] for r in rows] == [
        "originals/001-nakamoto-annual-inspection-cover-letter-july-2021.pdf",
        "originals/002-odo-compliance-inspection-torrance-november-2021.html",
        "originals/003-oig-22-31.pdf",
    ]
    oig = rows[2]
    assert oig["request_url"] == "https://www.oig.dhs.gov/reports/oig-22-31.pdf"
    assert oig["http_status"] == "200"
    assert oig["etag"] == '"oig-22-31"'
    assert oig["fetched_at_utc"].startswith("2025-06-01T08:30:00")
    assert oig["warc_record_id"].startswith("<urn:uuid:")
    content = packet.data("originals/003-oig-22-31.pdf").read_bytes()
    assert oig["sha256"] == hashlib.sha256(content).hexdigest()


def test_certification_names_rules_files_hashes_and_leaves_blanks(make_packet, unpack) -> None:
    packet = unpack(make_packet().path)
    text = packet.data("certification.txt").read_text(encoding="utf-8")
    assert "902(13)" in text and "902(14)" in text
    assert "[name]" in text and "[signature]" in text and "______" in text
    for name in ("001-nakamoto-annual-inspection-cover-letter-july-2021.pdf", "003-oig-22-31.pdf"):
        sha = hashlib.sha256(packet.data(f"originals/{name}").read_bytes()).hexdigest()
        assert f"data/originals/{name}" in text
        assert sha in text
    assert "TCDF-000001 to TCDF-000006" in text


def test_bag_info_records_selection_and_payload_oxum(make_packet, unpack) -> None:
    packet = unpack(make_packet(date_from=__import__("datetime").date(2021, 1, 1)).path)
    info = (packet.root / "bag-info.txt").read_text()
    assert '"from": "2021-01-01"' in info
    assert "Payload-Oxum: " in info
    assert "Bagging-Date: 2026-01-31" in info


def test_zip_entries_have_fixed_times_and_permissions(make_packet) -> None:
    with zipfile.ZipFile(make_packet().path) as archive:
        infos = archive.infolist()
    assert {i.date_time for i in infos} == {(2026, 1, 31, 12, 0, 0)}
    assert {i.external_attr >> 16 for i in infos} == {0o100644}
    names = [i.filename.split("/", 1)[1] for i in infos]
    assert names[0] == "data/packet.pdf"
    assert names[-4:] == [
        "bagit.txt",
        "bag-info.txt",
        "manifest-sha256.txt",
        "tagmanifest-sha256.txt",
    ]
