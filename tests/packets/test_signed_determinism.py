"""With a fixed key and --generated-at, only the signature and timestamp tokens differ."""

from __future__ import annotations

import re
import zipfile

from monitor.packets.verify import verify_packet

VARIABLE = {"manifest-sha256.txt", "tagmanifest-sha256.txt", "tagmanifest-sha256.txt.p7s"}


def _members(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {n.split("/", 1)[1]: archive.read(n) for n in archive.namelist()}


def _outside_signature(pdf: bytes) -> tuple[bytes, bytes]:
    """The signed byte ranges of a PDF: everything but the signature value."""
    start, first, second, length = map(
        int, re.findall(rb"/ByteRange \[(\d+) (\d+) (\d+) (\d+)\]", pdf)[-1]
    )
    return pdf[start : start + first], pdf[second : second + length]


def test_timestamped_runs_differ_only_in_signature_and_timestamp_tokens(
    make_packet, tsa_url
) -> None:
    one, two = make_packet("one.zip"), make_packet("two.zip")
    assert one.sha256 != two.sha256  # each run gets a fresh timestamp token
    a, b = _members(one.path), _members(two.path)
    assert a.keys() == b.keys()
    same = {name for name in a if a[name] == b[name]}
    assert set(a) - same <= VARIABLE | {"data/packet.pdf"}
    assert _outside_signature(a["data/packet.pdf"]) == _outside_signature(b["data/packet.pdf"])
    first, second = verify_packet(one.path), verify_packet(two.path)
    assert first.ok and second.ok
    assert first.fingerprint == second.fingerprint
    assert any("the signature value inside data/packet.pdf" in p for p in first.expected_to_differ)


def test_without_a_timestamp_a_signed_packet_is_byte_identical(make_packet, signed_app) -> None:
    # RSA PKCS #1 v1.5 signatures are deterministic, and nothing else reads the clock.
    assert make_packet("one.zip").sha256 == make_packet("two.zip").sha256


def test_a_different_generated_at_changes_the_fingerprint(make_packet, signed_app) -> None:
    from datetime import datetime

    one = verify_packet(make_packet("one.zip").path)
    later = verify_packet(make_packet("later.zip", generated_at=datetime(2026, 2, 1)).path)
    assert one.fingerprint != later.fingerprint
