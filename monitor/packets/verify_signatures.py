"""Check a packet's two signatures and their timestamps with pyHanko, and say what each proves.

Trust is explicit. The signer is trusted only as the holder of a certificate: the one the
recipient passes (downloaded from the monitor's about page) or, failing that, the copy inside
the packet, in which case the report says the fingerprint must be compared by hand. A
timestamp's authority is trusted only through certificates the recipient passes; otherwise the
report says the token is intact but its authority was not checked against a trusted root.
"""

from __future__ import annotations

import asyncio
import io
from dataclasses import dataclass
from datetime import datetime

from asn1crypto import cms, pem, x509
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation.generic_cms import async_validate_detached_cms
from pyhanko_certvalidator import ValidationContext

from monitor.packets.keys import fingerprint


@dataclass(frozen=True)
class Trust:
    """The certificates a verification trusts, and where the signer's came from."""

    signer_pem: bytes
    signer_from_recipient: bool
    tsa_roots: tuple[x509.Certificate, ...] = ()


@dataclass
class SignatureCheck:
    """The outcome of one signature: problems, statements in words, timestamp time."""

    problems: list[str]
    statements: list[str]
    timestamp: datetime | None = None


def load_certificates(data: bytes) -> list[x509.Certificate]:
    """Every certificate in a PEM or DER file."""
    if pem.detect(data):
        return [x509.Certificate.load(der) for _, _, der in pem.unarmor(data, multiple=True)]
    return [x509.Certificate.load(data)]


def _contexts(trust: Trust, tokens: list[cms.ContentInfo]) -> tuple[ValidationContext, ...]:
    signer = load_certificates(trust.signer_pem)
    roots = list(trust.tsa_roots) or [c for t in tokens for c in _token_certs(t)]
    return (
        ValidationContext(trust_roots=signer, allow_fetching=False),
        ValidationContext(trust_roots=roots, allow_fetching=False),
    )


def _token_certs(token: cms.ContentInfo) -> list[x509.Certificate]:
    certs = token["content"]["certificates"]
    return [c.chosen for c in certs] if certs.native is not None else []


def _timestamp_tokens(signed_data: cms.SignedData) -> list[cms.ContentInfo]:
    """The RFC 3161 tokens stored as unsigned attributes of the signer info."""
    attrs = signed_data["signer_infos"][0]["unsigned_attrs"]
    if attrs.native is None:
        return []
    return [
        value
        for attr in attrs
        if attr["type"].native == "signature_time_stamp_token"
        for value in attr["values"]
    ]


def check_pdf(pdf: bytes, trust: Trust) -> SignatureCheck:
    """Validate the PAdES signature of packet.pdf (there must be exactly one)."""
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        sigs = reader.embedded_signatures
    except (PdfError, ValueError, KeyError, TypeError) as exc:
        return SignatureCheck([f"packet.pdf cannot be read as a signed PDF ({exc})"], [])
    if len(sigs) != 1:
        return SignatureCheck([f"packet.pdf has {len(sigs)} signatures, not 1"], [])
    sig = sigs[0]
    signer_vc, ts_vc = _contexts(trust, _timestamp_tokens(sig.signed_data))
    try:
        status = validate_pdf_signature(sig, signer_vc, ts_validation_context=ts_vc)
    except (SignatureValidationError, ValueError) as exc:
        return SignatureCheck([f"the signature of packet.pdf cannot be validated ({exc})"], [])
    problems: list[str] = []
    if not (status.intact and status.valid):
        problems.append("packet.pdf was changed after it was signed (its signature does not match)")
    elif status.coverage is None or status.coverage.name != "ENTIRE_FILE":
        problems.append("packet.pdf has content added after its signature")
    if not status.trusted:
        problems.append("packet.pdf was signed by a key other than the trusted certificate")
    check = SignatureCheck(problems, [])
    if not problems:
        check.statements.append(
            "packet.pdf: the signature is valid and covers the whole file, so not one byte of "
            f"the PDF has changed since {_holder(trust)} signed it."
        )
    _timestamp(check, "packet.pdf", status.timestamp_validity, trust)
    return check


def check_tag_manifest(tagmanifest: bytes, p7s: bytes, trust: Trust) -> SignatureCheck:
    """Validate the detached CMS signature of tagmanifest-sha256.txt."""
    try:
        signed_data = cms.ContentInfo.load(p7s)["content"]
        tokens = _timestamp_tokens(signed_data)
    except (ValueError, TypeError, KeyError) as exc:
        return SignatureCheck([f"tagmanifest-sha256.txt.p7s is not a CMS signature ({exc})"], [])
    signer_vc, ts_vc = _contexts(trust, tokens)
    job = async_validate_detached_cms(tagmanifest, signed_data, signer_vc, ts_vc)
    try:
        status = asyncio.run(job)
    except (SignatureValidationError, ValueError) as exc:
        return SignatureCheck([f"the tag manifest's signature cannot be validated ({exc})"], [])
    problems: list[str] = []
    if not (status.intact and status.valid):
        problems.append("tagmanifest-sha256.txt was changed after it was signed")
    if not status.trusted:
        problems.append("tagmanifest-sha256.txt was signed by a key other than the trusted one")
    check = SignatureCheck(problems, [])
    if not problems:
        check.statements.append(
            "tagmanifest-sha256.txt: the signature is valid. It lists the hash of "
            "manifest-sha256.txt, which lists the hash of every file, so every file in the bag "
            f"is as {_holder(trust)} signed it."
        )
    _timestamp(check, "tagmanifest-sha256.txt", getattr(status, "timestamp_validity", None), trust)
    return check


def _holder(trust: Trust) -> str:
    where = (
        "the certificate you supplied"
        if trust.signer_from_recipient
        else "the certificate inside the packet"
    )
    return f"the holder of the key of {where} (SHA-256 {fingerprint(trust.signer_pem)})"


def _timestamp(check: SignatureCheck, what: str, ts_status: object, trust: Trust) -> None:
    if ts_status is None:
        check.statements.append(
            f"{what}: no trusted timestamp; the signing time it states is the signer's own claim."
        )
        return
    when = getattr(ts_status, "timestamp", None)
    if not (getattr(ts_status, "intact", False) and getattr(ts_status, "valid", False)):
        check.problems.append(f"the timestamp on {what} does not match its signature")
        return
    check.timestamp = when
    authority = (
        "an authority you trust"
        if trust.tsa_roots and getattr(ts_status, "trusted", False)
        else "a timestamp authority whose certificate was not checked against a root you trust "
        "(pass --tsa-cert to check it)"
    )
    check.statements.append(
        f"{what}: an RFC 3161 timestamp from {authority} proves the signature existed at "
        f"{when:%Y-%m-%d %H:%M:%S} UTC."
    )
    if trust.tsa_roots and not getattr(ts_status, "trusted", False):
        check.problems.append(f"the timestamp on {what} is not from an authority you trust")
