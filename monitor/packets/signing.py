"""Sign a packet: a PAdES signature on packet.pdf and a detached CMS signature on the tag manifest.

Both carry an RFC 3161 timestamp when a timestamp authority is configured. Everything the
signer itself contributes is derived from the packet, not the clock: the claimed signing time
is the packet's --generated-at time and the PDF's new /ID comes from the packet's seed. So with
a fixed key and --generated-at, only the signature and timestamp tokens can differ between runs
(and with RSA and no timestamp, not even those).
"""

from __future__ import annotations

import asyncio
import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from pyhanko.pdf_utils.generic import ArrayObject, ByteStringObject, NameObject, pdf_date
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes
from pyhanko.sign.timestamps.api import TimeStamper
from pyhanko_certvalidator.registry import SimpleCertificateStore
from pyhanko_certvalidator.util import get_pyca_cryptography_hash

from monitor.config import Settings
from monitor.packets.keys import KeyPaths, SigningKeyError, fingerprint, subject
from monitor.packets.timestamp import HttpxTimeStamper, TimestampUnavailable

FIELD_NAME = "PacketSignature"
# Fixed room for the CMS blob, so the signed PDF's size and layout never depend on the token.
RESERVED_BYTES = 32 * 1024
REASON = "Evidence packet produced and signed by Detention Conditions Monitor"
_DER = serialization.Encoding.DER


@dataclass(frozen=True)
class PacketSigning:
    """How (and whether) packets are signed: the key, its certificate, the timestamp authority."""

    signer: signers.SimpleSigner | None = None
    cert_pem: bytes = b""
    timestamper: TimeStamper | None = None
    tsa_url: str = ""
    location: str = ""

    @property
    def signed(self) -> bool:
        return self.signer is not None

    @property
    def timestamped(self) -> bool:
        return self.timestamper is not None

    def describe(self) -> dict[str, Any]:
        """What the cover and certification say about the signature."""
        if not self.signed:
            return {"signed": False, "timestamped": False}
        return {
            "signed": True,
            "subject": subject(self.cert_pem),
            "fingerprint": fingerprint(self.cert_pem),
            "timestamped": self.timestamped,
            "tsa_url": self.tsa_url,
            "location": self.location,
        }


def deployment_signing(
    settings: Settings, *, timestamper: TimeStamper | None = None
) -> PacketSigning:
    """The deployment's signing set-up; unsigned when `monitor keys create` was never run."""
    paths = KeyPaths.of(settings)
    if not paths.exist():
        return PacketSigning()
    signer = _load_signer(paths)
    stamper = timestamper or (HttpxTimeStamper(settings.tsa_url) if settings.tsa_url else None)
    return PacketSigning(
        signer, paths.cert.read_bytes(), stamper, settings.tsa_url, settings.base_url
    )


def _load_signer(paths: KeyPaths) -> signers.SimpleSigner:
    try:
        # Our own key, written by create_keys into a private folder: RSA's expensive
        # consistency check (about 0.3 s) guards against hostile key files, not this one.
        key = serialization.load_pem_private_key(
            paths.key.read_bytes(), password=None, unsafe_skip_rsa_key_validation=True
        )
        cert = asn1_x509.Certificate.load(
            x509.load_pem_x509_certificate(paths.cert.read_bytes()).public_bytes(_DER)
        )
    except (OSError, ValueError, TypeError) as exc:
        raise SigningKeyError(f"cannot load the signing key in {paths.key.parent}: {exc}") from exc
    if not isinstance(key, rsa.RSAPrivateKey):
        raise SigningKeyError(f"the signing key in {paths.key.parent} is not an RSA key")
    pkcs8 = key.private_bytes(_DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    return _ParsedKeySigner(
        key,
        signing_key=asn1_keys.PrivateKeyInfo.load(pkcs8),
        signing_cert=cert,
        cert_registry=SimpleCertificateStore.from_certs([cert]),
    )


class _ParsedKeySigner(signers.SimpleSigner):
    """A SimpleSigner that parses its private key once.

    pyHanko's SimpleSigner parses the key again for every signature, which for RSA includes
    the same 0.3 s consistency check; a packet makes two signatures.
    """

    def __init__(self, key: rsa.RSAPrivateKey, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._key = key

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
        if mechanism != "rsassa_pkcs1v15":
            return super().sign_raw(data, digest_algorithm)
        return self._key.sign(data, PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm))


class _FixedTimeSigner(signers.PdfSigner):
    """A PdfSigner whose claimed signing time (/M) is given, not read from the clock."""

    def __init__(self, *args: Any, when: datetime, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._when = when

    def init_signing_session(self, pdf_out: Any, existing_fields_only: bool = False) -> Any:
        session = super().init_signing_session(pdf_out, existing_fields_only)
        session.system_time = self._when
        return session


class _FixedClockWriter(IncrementalPdfFileWriter):
    """pyHanko stamps /ModDate with the wall clock on every write; use the packet's time."""

    def __init__(self, stream: Any, *, when: datetime) -> None:
        super().__init__(stream)
        self._when = when

    def _update_meta(self) -> None:
        super()._update_meta()
        if self._info is not None:
            self._info.get_object()[NameObject("/ModDate")] = pdf_date(self._when)


def sign_pdf(signing: PacketSigning, src: Path, dst: Path, *, when: datetime, seed: str) -> None:
    """Write `src` plus an incremental PAdES signature (and timestamp) to `dst`."""
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=REASON,
        location=signing.location or None,
    )
    pdf_signer = _FixedTimeSigner(
        meta, signing.signer, timestamper=signing.timestamper, when=_aware(when)
    )
    with src.open("rb") as inf, dst.open("wb") as out:
        writer = _FixedClockWriter(inf, when=_aware(when))
        _derive_id(writer, seed)
        try:
            pdf_signer.sign_pdf(writer, output=out, bytes_reserved=RESERVED_BYTES)
        except OSError as exc:  # pyHanko's TimestampRequestError is an IOError
            raise TimestampUnavailable(_tsa_message(signing, exc)) from exc


def _derive_id(writer: IncrementalPdfFileWriter, seed: str) -> None:
    """Keep the original first /ID and derive the second from the packet, not os.urandom."""
    # pyHanko exposes no setter; the attribute is what it writes into the trailer.
    first = writer._document_id[0]
    second = ByteStringObject(hashlib.sha256(f"signed:{seed}".encode()).digest()[:16])
    writer._document_id = ArrayObject([first, second])


def sign_detached(signing: PacketSigning, data: bytes, *, when: datetime) -> bytes:
    """A DER CMS (PKCS #7) detached signature of `data`, timestamped when a TSA is set."""
    if signing.signer is None:
        raise SigningKeyError("no signing key is configured")
    attrs = PdfCMSSignedAttributes(signing_time=_aware(when))
    job = signing.signer.async_sign_general_data(
        data,
        "sha256",
        detached=True,
        timestamper=signing.timestamper,
        signed_attr_settings=attrs,
    )
    try:
        return asyncio.run(job).dump()
    except OSError as exc:
        raise TimestampUnavailable(_tsa_message(signing, exc)) from exc


def _tsa_message(signing: PacketSigning, exc: BaseException) -> str:
    return (
        f"the timestamp authority {signing.tsa_url or '(test)'} gave no timestamp ({exc}); no "
        "packet was written. Try again later, or unset MONITOR_TSA_URL to sign without one."
    )


def _aware(when: datetime) -> datetime:
    return when.replace(tzinfo=UTC) if when.utcoffset() is None else when.astimezone(UTC)
