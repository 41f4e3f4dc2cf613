"""Tampering with any byte of a signed packet is detected: the ZIP, the PDF, the manifest.

The PDF and manifest cases are the hard ones: the forger also rewrites the manifests so that
every hash matches and re-zips in the canonical form, so only the signatures can catch it.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import pytest

from monitor.packets.bag import BagZip
from monitor.packets.errors import PacketError
from monitor.packets.verify import verify_packet

from .conftest import GENERATED_AT

POSITIONS = 40


def _flip(data: bytes, offset: int) -> bytes:
    return data[:offset] + bytes([data[offset] ^ 0x01]) + data[offset + 1 :]


def _spread(length: int) -> list[int]:
    """Offsets spread over the whole of something `length` bytes long, ends included."""
    return sorted({round(i * (length - 1) / (POSITIONS - 1)) for i in range(POSITIONS)})


def _detected(path: Path) -> bool:
    try:
        return not verify_packet(path).ok
    except PacketError:  # not even readable as a packet: detected
        return True


def _manifest(entries: dict[str, bytes]) -> bytes:
    lines = sorted(f"{hashlib.sha256(d).hexdigest()}  {n}\n" for n, d in entries.items())
    return "".join(lines).encode()


def _forge(src: Path, dst: Path, rel: str, offset: int) -> None:
    """Flip one byte of member `rel`, then rewrite the manifests to match, canonically zipped."""
    with zipfile.ZipFile(src) as archive:
        root = archive.namelist()[0].split("/", 1)[0]
        members = {n[len(root) + 1 :]: archive.read(n) for n in archive.namelist()}
    members[rel] = _flip(members[rel], offset)
    payload = {n: d for n, d in members.items() if n.startswith("data/")}
    if rel != "manifest-sha256.txt":
        members["manifest-sha256.txt"] = _manifest(payload)
    tags = ("bagit.txt", "bag-info.txt", "manifest-sha256.txt", "signing-certificate.pem")
    members["tagmanifest-sha256.txt"] = _manifest({n: members[n] for n in tags})
    with dst.open("wb") as handle:
        bag = BagZip(handle, root=root, when=GENERATED_AT)
        for name, data in members.items():
            bag.copy_entry(name, io.BytesIO(data), large=False)
        bag.close()


@pytest.mark.parametrize("target", ["zip", "data/packet.pdf", "manifest-sha256.txt"])
def test_every_tampered_byte_is_detected(make_packet, signed_app, tmp_path, target) -> None:
    packet = make_packet().path
    assert verify_packet(packet).ok
    missed: list[int] = []
    if target == "zip":
        original = packet.read_bytes()
        offsets = _spread(len(original))
        for offset in offsets:
            bad = tmp_path / f"zip-{offset}.zip"
            bad.write_bytes(_flip(original, offset))
            if not _detected(bad):
                missed.append(offset)
    else:
        with zipfile.ZipFile(packet) as archive:
            size = next(i.file_size for i in archive.infolist() if i.filename.endswith(target))
        offsets = _spread(size)
        for offset in offsets:
            bad = tmp_path / f"forged-{offset}.zip"
            _forge(packet, bad, target, offset)
            if not _detected(bad):
                missed.append(offset)
    assert len(offsets) >= 30
    assert missed == [], f"{len(missed)} of {len(offsets)} tampered bytes went unnoticed"


def test_a_forged_pdf_with_matching_manifests_fails_on_both_signatures(
    make_packet, signed_app, tmp_path
) -> None:
    packet = make_packet().path
    bad = tmp_path / "forged.zip"
    _forge(packet, bad, "data/packet.pdf", 2000)
    report = verify_packet(bad)
    assert "packet.pdf was changed after it was signed (its signature does not match)" in (
        report.problems
    )
    assert "tagmanifest-sha256.txt was changed after it was signed" in report.problems
