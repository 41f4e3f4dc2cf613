"""The parts of packet verification beyond the manifests: signatures, the container, reproducibility.

The ZIP container is checked by rebuilding it: a packet is written deterministically from its
contents, so re-writing every member with the same rules must give the same bytes. Any byte of
the ZIP that is not a file's content (headers, timestamps, the central directory) is thereby
checked too, and the file contents are covered by the manifests and signatures.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
import zipfile
from datetime import datetime
from pathlib import Path

from asn1crypto import x509

from monitor.packets.bag import CHUNK, BagZip
from monitor.packets.signing_bag import CERT_NAME, TAG_SIGNATURE_NAME
from monitor.packets.verify_report import DAMAGE_ERRORS, VerifyReport
from monitor.packets.verify_signatures import (
    Trust,
    check_pdf,
    check_tag_manifest,
    load_certificates,
)

MAX_SIGNED_PDF = 1 << 30  # the signature check reads packet.pdf whole; refuse absurd sizes
# The container check rewrites the ZIP to a temporary file; a hostile "ZIP bomb" must not fill
# the disk. zipfile never reads past a member's declared size, so the declared total bounds it.
MAX_REBUILD_BYTES = 16 << 30
_STAMP = re.compile(r"-(\d{8}T\d{6})Z$")
_BYTE_RANGE = re.compile(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]")
# Files whose bytes legitimately change between two runs with the same key and --generated-at.
VARIABLE = (
    "the signature value inside data/packet.pdf (the bytes between its /ByteRange parts)",
    f"{TAG_SIGNATURE_NAME} (the signature of the tag manifest)",
    "the line for data/packet.pdf in manifest-sha256.txt, and the line for manifest-sha256.txt "
    "in tagmanifest-sha256.txt (they hash the files above)",
    "so the SHA-256 of the ZIP as a whole",
)


def check_signatures(
    archive: zipfile.ZipFile,
    root: str,
    report: VerifyReport,
    *,
    cert: bytes | None,
    tsa_certs: bytes | None,
) -> None:
    """Check the PDF and tag-manifest signatures when the packet is signed."""
    names = set(archive.namelist())
    pdf = _read_pdf(archive, root, report)
    report.fingerprint = _fingerprint(archive, root, pdf)
    if f"{root}/{TAG_SIGNATURE_NAME}" not in names:
        report.statements.append(
            "Not signed: the packet carries no signature, so nothing shows who produced it or "
            "when; only the manifests above protect it."
        )
        if cert is not None:
            report.problems.append("you gave a certificate, but this packet is not signed")
        return
    report.signed = True
    trust = _trust(archive, root, report, cert, tsa_certs)
    tagmanifest = _read(archive, f"{root}/tagmanifest-sha256.txt", report)
    p7s = _read(archive, f"{root}/{TAG_SIGNATURE_NAME}", report)
    if trust is None or pdf is None or tagmanifest is None or p7s is None:
        return
    for check in (check_pdf(pdf, trust), check_tag_manifest(tagmanifest, p7s, trust)):
        report.problems.extend(check.problems)
        report.statements.extend(check.statements)
    report.expected_to_differ.extend(VARIABLE)


def _trust(
    archive: zipfile.ZipFile,
    root: str,
    report: VerifyReport,
    cert: bytes | None,
    tsa_certs: bytes | None,
) -> Trust | None:
    inside = _read(archive, f"{root}/{CERT_NAME}", report)
    if inside is None:
        return None
    try:
        tsa_roots: tuple[x509.Certificate, ...] = (
            tuple(load_certificates(tsa_certs or b"")) if tsa_certs else ()
        )
        if cert is not None and _der(cert) != _der(inside):
            report.problems.append(
                f"{CERT_NAME} in the packet is not the certificate you gave: the packet was "
                "signed with a different key"
            )
    except ValueError as exc:
        report.problems.append(f"a certificate cannot be read ({exc})")
        return None
    return Trust(cert or inside, cert is not None, tsa_roots)


def _read(archive: zipfile.ZipFile, name: str, report: VerifyReport) -> bytes | None:
    """A small member's bytes, or None with the problem reported."""
    short = name.split("/", 1)[1]
    try:
        return archive.read(name)
    except KeyError:
        report.problems.append(f"the packet is signed but has no {short}")
    except DAMAGE_ERRORS as exc:
        report.problems.append(f"{short} is damaged inside the ZIP ({exc})")
    return None


def _der(pem_or_der: bytes) -> bytes:
    return load_certificates(pem_or_der)[0].dump()


def _read_pdf(archive: zipfile.ZipFile, root: str, report: VerifyReport) -> bytes | None:
    name = f"{root}/data/packet.pdf"
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_SIGNED_PDF:
        report.problems.append("packet.pdf is too large to check its signature here")
        return None
    try:
        return archive.read(name)
    except DAMAGE_ERRORS:
        return None  # already reported by the manifest check


def _fingerprint(archive: zipfile.ZipFile, root: str, pdf: bytes | None) -> str:
    """A hash of everything that must be identical between two runs (see VARIABLE)."""
    skip = {"manifest-sha256.txt", "tagmanifest-sha256.txt", TAG_SIGNATURE_NAME}
    total = hashlib.sha256()
    for info in archive.infolist():
        rel = info.filename[len(root) + 1 :]
        if rel in skip:
            continue
        if rel == "data/packet.pdf" and pdf is not None:
            digest = hashlib.sha256(_blank_signature(pdf)).hexdigest()
        else:
            digest = _member_digest(archive, info)
        total.update(f"{rel}\0{digest}\n".encode())
    return total.hexdigest()


def _blank_signature(pdf: bytes) -> bytes:
    """The PDF with its signature value (the gap between the byte ranges) zeroed."""
    found = list(_BYTE_RANGE.finditer(pdf[-(256 * 1024) :]))
    if not found:
        return pdf
    _, first_len, second_start, _ = (int(g) for g in found[-1].groups())
    if not 0 < first_len < second_start <= len(pdf):
        return pdf
    return pdf[:first_len] + b"0" * (second_start - first_len) + pdf[second_start:]


def _member_digest(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> str:
    hasher = hashlib.sha256()
    try:
        with archive.open(info) as member:
            while chunk := member.read(CHUNK):
                hasher.update(chunk)
    except DAMAGE_ERRORS:
        return "damaged"
    return hasher.hexdigest()


def check_container(path: Path, archive: zipfile.ZipFile, root: str, report: VerifyReport) -> None:
    """Rebuild the ZIP from its members with the writer's rules; the bytes must be identical."""
    stamp = _STAMP.search(root)
    if stamp is None:
        report.problems.append(f"the bag folder {root!r} is not named the way packets are")
        return
    when = datetime.strptime(stamp.group(1), "%Y%m%dT%H%M%S")
    if sum(info.file_size for info in archive.infolist()) > MAX_REBUILD_BYTES:
        report.problems.append("the ZIP declares more than 16 GiB of files; not rebuilt")
        return
    with tempfile.TemporaryFile() as rebuilt:
        bag = BagZip(rebuilt, root=root, when=when)
        try:
            for info in archive.infolist():
                with archive.open(info) as member:
                    name = info.filename[len(root) + 1 :]
                    bag.copy_entry(name, member, large=BagZip.is_large(info.file_size))
        except DAMAGE_ERRORS:
            report.problems.append("the ZIP container is damaged")
            return
        finally:
            bag.close()
        rebuilt.seek(0)
        same = _stream_sha256(rebuilt) == _file_sha256(path)
    if same:
        report.statements.append(
            "ZIP container: rebuilding the ZIP from its files gives the same bytes, so nothing "
            "outside the files (names, dates, headers) was changed either."
        )
    else:
        report.problems.append(
            "the ZIP container differs from the form this software writes (a header, date or "
            "the file order was changed, or it was re-zipped); compare the files, not the ZIP"
        )


def _stream_sha256(handle) -> str:  # type: ignore[no-untyped-def]
    hasher = hashlib.sha256()
    while chunk := handle.read(CHUNK):
        hasher.update(chunk)
    return hasher.hexdigest()


def _file_sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return _stream_sha256(handle)
