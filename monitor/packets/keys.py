"""The deployment's packet-signing key: create it once, publish its certificate, load it to sign.

The key is an RSA key with a self-signed X.509 certificate. Self-signed is deliberate: the
certificate's trust comes from being published (on the about page and in every packet), which a
court expert can compare byte for byte; no commercial authority is needed to prove that two
packets came from the same key. RSA (PKCS #1 v1.5) also keeps signatures deterministic, so an
unchanged packet signed twice gives the same signature bytes when no timestamp is involved.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from monitor.config import Settings
from monitor.packets.errors import PacketError

KEY_FILE = "packet-signing-key.pem"
CERT_FILE = "packet-signing-certificate.pem"
KEY_BITS = 3072
VALID_YEARS = 10


class SigningKeyError(PacketError):
    """The signing key or certificate is missing, unreadable, or would be overwritten."""


@dataclass(frozen=True)
class KeyPaths:
    key: Path
    cert: Path

    @classmethod
    def of(cls, settings: Settings) -> KeyPaths:
        return cls(settings.signing_dir / KEY_FILE, settings.signing_dir / CERT_FILE)

    def exist(self) -> bool:
        return self.key.is_file() and self.cert.is_file()


def create_keys(
    settings: Settings, *, organization: str, force: bool = False, now: datetime | None = None
) -> KeyPaths:
    """Write a new private key (mode 0600) and its self-signed certificate."""
    paths = KeyPaths.of(settings)
    if (paths.key.exists() or paths.cert.exists()) and not force:
        raise SigningKeyError(
            f"a signing key already exists in {settings.signing_dir}; packets signed with it "
            "could no longer be matched to a published certificate if it were replaced "
            "(use --force to replace it anyway)"
        )
    key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)
    cert = _self_signed(key, organization, now or datetime.now(UTC))
    paths.key.parent.mkdir(parents=True, exist_ok=True)
    _write_private(paths.key, key)
    paths.cert.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return paths


def _self_signed(key: rsa.RSAPrivateKey, organization: str, now: datetime) -> x509.Certificate:
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, f"{organization} packet signing"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization),
        ]
    )
    usage = x509.KeyUsage(
        digital_signature=True,
        content_commitment=True,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=365 * VALID_YEARS))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(usage, critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )


def _write_private(path: Path, key: rsa.RSAPrivateKey) -> None:
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)


def fingerprint(cert_pem: bytes) -> str:
    """SHA-256 of the certificate, as `openssl x509 -fingerprint -sha256` prints it."""
    der = x509.load_pem_x509_certificate(cert_pem).public_bytes(serialization.Encoding.DER)
    return ":".join(f"{b:02X}" for b in hashlib.sha256(der).digest())


def subject(cert_pem: bytes) -> str:
    """The certificate's subject, in the RFC 4514 form openssl and pdfsig show."""
    return x509.load_pem_x509_certificate(cert_pem).subject.rfc4514_string()


def published_certificate(settings: Settings) -> bytes | None:
    """The certificate PEM this deployment publishes, or None when no key was created."""
    path = KeyPaths.of(settings).cert
    return path.read_bytes() if path.is_file() else None
