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

from pyhanko.pdf_utils.generic import ArrayObject, ByteStringObject, NameObject, pdf_date
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes
from pyhanko.sign.timestamps.api import TimeStamper

from monitor.config import Settings
from monitor.packets.keys import KeyPaths, SigningKeyError, fingerprint, subject
from monitor.packets.timestamp import HttpxTimeStamper, TimestampUnavailable

FIELD_NAME = "PacketSignature"
# Fixed room for the CMS blob, so the signed PDF's size and layout never depend on the token.
RESERVED_BYTES = 32 * 1024
REASON = "Evidence packet produced and signed by Detention Conditions Monitor"


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
    try:
        signer = signers.SimpleSigner.load(str(paths.key), str(paths.cert))
    except (OSError, ValueError) as exc:
        raise SigningKeyError(f"cannot load the signing key in {paths.key.parent}: {exc}") from exc
    if signer is None:
        raise SigningKeyError(f"the signing key or certificate in {paths.key.parent} is unreadable")
    stamper = timestamper or (HttpxTimeStamper(settings.tsa_url) if settings.tsa_url else None)
    return PacketSigning(
        signer, paths.cert.read_bytes(), stamper, settings.tsa_url, settings.base_url
    )


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
