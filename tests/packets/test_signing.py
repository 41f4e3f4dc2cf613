"""Signed, timestamped packets: keys, the cover, packet-verify, and independent validators."""

from __future__ import annotations

import io
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from monitor.cli import cli
from monitor.packets.signing_bag import CERT_NAME, TAG_SIGNATURE_NAME

from .signing_support import make_key_files


def _member(zip_path, suffix: str) -> bytes:
    with zipfile.ZipFile(zip_path) as archive:
        return archive.read(next(n for n in archive.namelist() if n.endswith(suffix)))


def test_keys_create_writes_a_private_key_and_refuses_to_overwrite_it(app, runner) -> None:
    result = runner.invoke(cli, ["keys", "create", "--organization", "Test Monitor"])
    assert result.exit_code == 0, result.output
    assert "SHA-256 fingerprint: " in result.output
    key = app.extensions["monitor.settings"].signing_dir / "packet-signing-key.pem"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    again = runner.invoke(cli, ["keys", "create"])
    assert again.exit_code == 1 and "a signing key already exists" in again.output


def test_a_timestamped_packet_verifies_and_says_what_each_check_proves(
    make_packet, tsa_url, runner, authority, tmp_path, unpack
) -> None:
    result = make_packet()
    assert result.signed and result.timestamped
    cover = unpack(result.path).page_lines()[0]
    assert any("RFC 3161 timestamp" in line for line in cover)
    tsa_root = tmp_path / "tsa-root.pem"
    tsa_root.write_bytes(authority.root_pem)
    out = runner.invoke(cli, ["packet-verify", str(result.path), "--tsa-cert", str(tsa_root)])
    assert out.exit_code == 0, out.output
    assert "packet.pdf: the signature is valid and covers the whole file" in out.output
    assert "packet.pdf: an RFC 3161 timestamp from an authority you trust proves" in out.output
    assert "tagmanifest-sha256.txt: an RFC 3161 timestamp from an authority you trust" in out.output
    assert "ZIP container: rebuilding the ZIP from its files gives the same bytes" in out.output
    assert f"* {TAG_SIGNATURE_NAME} (the signature of the tag manifest)" in out.output


def test_pyhanko_validates_the_pdf_with_the_published_certificate_and_tsa_root(
    make_packet, tsa_url, key_files, authority
) -> None:
    pdf = _member(make_packet().path, "data/packet.pdf")
    (sig,) = PdfFileReader(io.BytesIO(pdf)).embedded_signatures
    signer = ValidationContext(trust_roots=[_asn1(key_files.cert.read_bytes())])
    tsa = ValidationContext(trust_roots=[_asn1(authority.root_pem)])
    status = validate_pdf_signature(sig, signer, ts_validation_context=tsa)
    assert status.bottom_line and status.coverage.name == "ENTIRE_FILE"
    assert status.timestamp_validity is not None and status.timestamp_validity.trusted


def _asn1(pem_bytes: bytes):
    from monitor.packets.verify_signatures import load_certificates

    return load_certificates(pem_bytes)[0]


@pytest.mark.skipif(shutil.which("pdfsig") is None, reason="poppler's pdfsig is not installed")
def test_pdfsig_and_openssl_check_the_signatures_without_this_software(
    make_packet, tsa_url, unpack
) -> None:
    bag = unpack(make_packet().path).root
    pdfsig = subprocess.run(
        ["pdfsig", str(bag / "data/packet.pdf")], capture_output=True, text=True, check=True
    )
    assert "Signature is Valid" in pdfsig.stdout and "Total document signed" in pdfsig.stdout
    cms = subprocess.run(
        ["openssl", "cms", "-verify", "-binary", "-inform", "DER", "-purpose", "any",
         "-in", str(bag / TAG_SIGNATURE_NAME), "-content", str(bag / "tagmanifest-sha256.txt"),
         "-CAfile", str(bag / CERT_NAME), "-out", "/dev/null"],
        capture_output=True, text=True,
    )  # fmt: skip
    assert cms.returncode == 0 and "Verification successful" in cms.stderr
    bagit = Path(sys.executable).with_name("bagit.py")  # the extra tag files keep it a valid bag
    done = subprocess.run([str(bagit), "--validate", str(bag)], capture_output=True, text=True)
    assert done.returncode == 0 and "is valid" in done.stderr


def test_without_a_timestamp_authority_the_cover_and_verify_say_so(
    make_packet, signed_app, runner, unpack
) -> None:
    result = make_packet()
    assert result.signed and not result.timestamped
    cover = " ".join(unpack(result.path).page_lines()[0])
    assert "No trusted timestamp: no timestamp authority is configured" in cover
    out = runner.invoke(cli, ["packet-verify", str(result.path)])
    assert out.exit_code == 0, out.output
    assert (
        "packet.pdf: no trusted timestamp; the signing time it states is the signer" in out.output
    )


def test_without_a_key_the_packet_is_unsigned_and_says_so(make_packet, runner, unpack) -> None:
    result = make_packet()
    assert not result.signed
    assert "Not signed:" in " ".join(unpack(result.path).page_lines()[0])
    out = runner.invoke(cli, ["packet-verify", str(result.path)])
    assert out.exit_code == 0 and "Not signed: the packet carries no signature" in out.output


def test_a_certificate_from_another_key_is_refused(
    make_packet, signed_app, runner, tmp_path
) -> None:
    other = make_key_files(tmp_path / "other")
    out = runner.invoke(cli, ["packet-verify", str(make_packet().path), "--cert", str(other.cert)])
    assert out.exit_code == 1
    assert "the packet was signed with a different key" in out.stderr
    assert "signed by a key other than the trusted certificate" in out.stderr


def test_an_unreachable_timestamp_authority_leaves_no_packet(
    make_packet, signed_app, out_dir
) -> None:
    from monitor.db import get_settings
    from monitor.packets.timestamp import TimestampUnavailable

    get_settings(signed_app).tsa_url = "http://127.0.0.1:9/tsa"
    with pytest.raises(TimestampUnavailable, match="gave no timestamp"):
        make_packet()
    assert list(out_dir.iterdir()) == []


def test_the_about_page_publishes_the_certificate(client, signed_app, key_files) -> None:
    from monitor.packets.keys import fingerprint

    page = client.get("/about").get_data(as_text=True)
    assert fingerprint(key_files.cert.read_bytes()) in page
    assert "-----BEGIN CERTIFICATE-----" in page
    download = client.get("/about/signing-certificate.pem")
    assert download.status_code == 200 and download.data == key_files.cert.read_bytes()


def test_the_about_page_says_when_packets_are_not_signed(client) -> None:
    assert "does not sign its evidence packets yet" in client.get("/about").get_data(as_text=True)
    assert client.get("/about/signing-certificate.pem").status_code == 404


def test_the_packet_command_says_whether_it_signed(packet_data, tsa_url, runner, out_dir) -> None:
    out = out_dir / "cli.zip"
    result = runner.invoke(
        cli,
        ["packet", "torrance-county", "--generated-at", "2026-01-31T12:00:00", "--out", str(out)],
    )
    assert result.exit_code == 0, result.output
    assert "Signed and timestamped." in result.output
    assert runner.invoke(cli, ["packet-verify", str(out)]).exit_code == 0
