"""The BagIt ZIP writer: streamed payload, correct manifests, stable bytes."""

from __future__ import annotations

import hashlib
import io
import os
import tracemalloc
import zipfile
from datetime import datetime
from pathlib import Path

from monitor.packets.bag import BagZip

WHEN = datetime(2026, 1, 31, 12, 0, 0)


def _bag(big: Path) -> bytes:
    buffer = io.BytesIO()
    bag = BagZip(buffer, root="bag", when=WHEN)
    bag.add_file("originals/big.bin", big)
    bag.add_bytes("facts.csv", b"item\r\nfinding:1\r\n")
    bag.finish({"Source-Organization": "Detention Conditions Monitor"})
    return buffer.getvalue()


def test_large_payload_is_streamed_not_held_in_memory(tmp_path: Path) -> None:
    big = tmp_path / "big.bin"
    big.write_bytes(os.urandom(1024) * 24 * 1024)  # 24 MiB
    tracemalloc.start()
    try:
        with (tmp_path / "bag.zip").open("wb") as out:
            bag = BagZip(out, root="bag", when=WHEN)
            bag.add_file("originals/big.bin", big)
            bag.finish({})
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 6 * 1024 * 1024  # a few 1 MiB chunks, never the 24 MiB file
    with zipfile.ZipFile(tmp_path / "bag.zip") as archive:
        assert archive.read("bag/data/originals/big.bin") == big.read_bytes()


def test_manifests_oxum_and_identical_bytes(tmp_path: Path) -> None:
    big = tmp_path / "big.bin"
    big.write_bytes(b"x" * 5000)
    first, second = _bag(big), _bag(big)
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        manifest = archive.read("bag/manifest-sha256.txt").decode()
        info = archive.read("bag/bag-info.txt").decode()
        tags = archive.read("bag/tagmanifest-sha256.txt").decode()
        bagit = archive.read("bag/bagit.txt")
    assert manifest.splitlines() == sorted(manifest.splitlines(), key=lambda ln: ln.split("  ")[1])
    assert f"{hashlib.sha256(b'x' * 5000).hexdigest()}  data/originals/big.bin" in manifest
    assert "Payload-Oxum: 5017.2" in info
    assert f"{hashlib.sha256(bagit).hexdigest()}  bagit.txt" in tags
    listed = [line.split("  ")[1] for line in tags.splitlines()]
    assert listed == ["bag-info.txt", "bagit.txt", "manifest-sha256.txt"]


def test_dates_before_1980_are_clamped(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    bag = BagZip(buffer, root="old", when=datetime(1970, 1, 1))
    bag.add_bytes("a.txt", b"a")
    bag.finish({})
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
