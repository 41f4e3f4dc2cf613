"""Check a packet ZIP in place: manifests, signatures, timestamps and the ZIP container itself.

Recipients should also run independent tools (`bagit.py --validate`, `sha256sum -c`, `pdfsig`,
`openssl cms -verify`; docs/packets.md lists them); this is the check that needs nothing but the
monitor and does not unpack anything.
"""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

from monitor.packets.bag import CHUNK
from monitor.packets.errors import PacketError
from monitor.packets.verify_bag import check_container, check_signatures
from monitor.packets.verify_report import DAMAGE_ERRORS, VerifyReport

__all__ = ["VerifyReport", "verify_packet"]


def verify_packet(
    path: Path, *, cert: bytes | None = None, tsa_certs: bytes | None = None
) -> VerifyReport:
    """Verify the bag's manifests, its signatures (if any) and the ZIP's canonical form."""
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise PacketError(f"{path} is not a readable ZIP file ({exc})") from exc
    with archive:
        root = _root(archive)
        report = VerifyReport()
        payload = _check_manifest(archive, root, "manifest-sha256.txt", report)
        _check_manifest(archive, root, "tagmanifest-sha256.txt", report)
        present = {n[len(root) + 1 :] for n in archive.namelist() if n.startswith(f"{root}/data/")}
        for missing in sorted(present - set(payload)):
            report.problems.append(f"{missing} is in the bag but not in the manifest")
        _check_oxum(archive, root, payload, report)
        if not report.problems:
            report.statements.append(
                f"Manifests: all {report.checked} files match the SHA-256 hashes listed in "
                "manifest-sha256.txt and tagmanifest-sha256.txt, so none was altered, swapped "
                "or lost after the hashes were written."
            )
        check_signatures(archive, root, report, cert=cert, tsa_certs=tsa_certs)
        check_container(path, archive, root, report)
    return report


def _root(archive: zipfile.ZipFile) -> str:
    roots = {name.split("/", 1)[0] for name in archive.namelist()}
    if len(roots) != 1:
        raise PacketError("a packet ZIP holds exactly one bag folder")
    return roots.pop()


def _check_manifest(
    archive: zipfile.ZipFile, root: str, name: str, report: VerifyReport
) -> dict[str, int]:
    """Hash every listed file; return the listed paths with their sizes."""
    try:
        lines = archive.read(f"{root}/{name}").decode("utf-8").splitlines()
    except KeyError as exc:
        raise PacketError(f"the packet has no {name}") from exc
    except (*DAMAGE_ERRORS, UnicodeDecodeError) as exc:
        report.problems.append(f"{name} is damaged inside the ZIP ({exc})")
        return {}
    sizes: dict[str, int] = {}
    for line in lines:
        expected, _, rel = line.partition("  ")
        rel = rel.replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%")
        try:
            digest, size = _hash_member(archive, f"{root}/{rel}")
        except KeyError:
            report.problems.append(f"{rel} is listed in {name} but missing")
            continue
        except DAMAGE_ERRORS as exc:
            report.problems.append(f"{rel} is damaged inside the ZIP ({exc})")
            continue
        report.checked += 1
        sizes[rel] = size
        if digest != expected:
            report.problems.append(f"{rel} does not match its SHA-256 in {name}")
    return sizes


def _hash_member(archive: zipfile.ZipFile, name: str) -> tuple[str, int]:
    hasher, size = hashlib.sha256(), 0
    with archive.open(name) as member:
        while chunk := member.read(CHUNK):
            hasher.update(chunk)
            size += len(chunk)
    return hasher.hexdigest(), size


def _check_oxum(
    archive: zipfile.ZipFile, root: str, payload: dict[str, int], report: VerifyReport
) -> None:
    try:
        info = archive.read(f"{root}/bag-info.txt").decode("utf-8")
    except KeyError:
        report.problems.append("the packet has no bag-info.txt")
        return
    except (*DAMAGE_ERRORS, UnicodeDecodeError) as exc:
        report.problems.append(f"bag-info.txt is damaged inside the ZIP ({exc})")
        return
    oxum = next(
        (ln.split(":", 1)[1].strip() for ln in info.splitlines() if ln.startswith("Payload-Oxum:")),
        None,
    )
    actual = f"{sum(payload.values())}.{len(payload)}"
    if oxum != actual:
        report.problems.append(f"Payload-Oxum says {oxum}, the payload is {actual}")
