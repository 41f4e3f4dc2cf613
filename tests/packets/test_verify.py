"""`monitor packet-verify`: the quick in-place check of a packet a lawyer received."""

from __future__ import annotations

import zipfile
from pathlib import Path

from monitor.cli import cli


def _tampered(source: Path, target: Path, suffix: str, content: bytes | None) -> None:
    """Copy a packet ZIP, replacing (or, with None, dropping) the member ending in `suffix`."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as dst:
        for info in src.infolist():
            if info.filename.endswith(suffix):
                if content is not None:
                    dst.writestr(info, content)
                continue
            dst.writestr(info, src.read(info))


def test_untouched_packet_verifies(make_packet, runner) -> None:
    result = runner.invoke(cli, ["packet-verify", str(make_packet().path)])
    assert result.exit_code == 0, result.output
    assert "OK: 16 files match their SHA-256 manifests" in result.output


def test_an_altered_original_is_caught(make_packet, runner, tmp_path) -> None:
    bad = tmp_path / "bad.zip"
    _tampered(make_packet().path, bad, "originals/003-oig-22-31.pdf", b"%PDF-1.4 forged")
    result = runner.invoke(cli, ["packet-verify", str(bad)])
    assert result.exit_code == 1
    assert "FAILED: data/originals/003-oig-22-31.pdf does not match its SHA-256" in result.stderr
    assert "Payload-Oxum says" in result.stderr


def test_a_removed_file_and_a_non_zip_are_reported(make_packet, runner, tmp_path) -> None:
    bad = tmp_path / "bad.zip"
    _tampered(make_packet().path, bad, "data/facts.csv", None)
    result = runner.invoke(cli, ["packet-verify", str(bad)])
    assert (
        result.exit_code == 1 and "data/facts.csv is listed in manifest-sha256.txt" in result.stderr
    )
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"not a zip")
    result = runner.invoke(cli, ["packet-verify", str(junk)])
    assert result.exit_code == 1 and "is not a readable ZIP file" in result.output
