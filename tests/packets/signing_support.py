"""Real key pairs and a local RFC 3161 timestamp authority for the signing tests.

The authority is pyHanko's DummyTimeStamper (a genuine RFC 3161 implementation signing with
its own key) served over HTTP by pytest-httpserver, so packets are timestamped through the same
HTTP client a deployment uses.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from asn1crypto import keys as asn1_keys
from asn1crypto import tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from flask import Flask
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from werkzeug import Request, Response

from monitor.config import Settings
from monitor.db import get_settings
from monitor.packets.keys import KeyPaths, create_keys


@dataclass(frozen=True)
class Authority:
    """A timestamp authority: its root (what a verifier trusts) and the stamper."""

    root_pem: bytes
    stamper: DummyTimeStamper

    def handle(self, request: Request) -> Response:
        """Answer one RFC 3161 request, as a real TSA's HTTP endpoint does."""
        reply = self.stamper.request_tsa_response(tsp.TimeStampReq.load(request.get_data()))
        return Response(reply.dump(), content_type="application/timestamp-reply")


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


def make_authority() -> Authority:
    """A root CA and a TSA certificate (EKU timeStamping, critical) issued by it."""
    now = datetime.now(UTC)
    root_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    root = (
        x509.CertificateBuilder()
        .subject_name(_name("Test TSA Root"))
        .issuer_name(_name("Test TSA Root"))
        .public_key(root_key.public_key())
        .serial_number(1)
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(root_key, hashes.SHA256())
    )
    tsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    tsa = (
        x509.CertificateBuilder()
        .subject_name(_name("Test Timestamp Authority"))
        .issuer_name(root.subject)
        .public_key(tsa_key.public_key())
        .serial_number(2)
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=365))
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .sign(root_key, hashes.SHA256())
    )
    der = serialization.Encoding.DER
    stamper = DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(tsa.public_bytes(der)),
        tsa_key=asn1_keys.PrivateKeyInfo.load(
            tsa_key.private_bytes(
                der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        ),
        certs_to_embed=[asn1_x509.Certificate.load(root.public_bytes(der))],
    )
    return Authority(root.public_bytes(serialization.Encoding.PEM), stamper)


def make_key_files(folder: Path) -> KeyPaths:
    """A signing key and certificate made by the real `create_keys`."""
    return create_keys(Settings(instance_path=folder), organization="Test Monitor")


def install_keys(app: Flask, keys: KeyPaths) -> Settings:
    """Copy prepared key files into the app's signing folder (key generation is slow)."""
    settings = get_settings(app)
    target = KeyPaths.of(settings)
    target.key.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(keys.key, target.key)
    shutil.copy(keys.cert, target.cert)
    return settings
