"""A BagIt bag (RFC 8493) written straight into a deterministic ZIP, one file at a time.

Payload files are streamed in chunks and hashed as they are written, so no document is held in
memory whole. Every entry gets the same timestamp and permissions, and entries are written in the
order the caller adds them, so the same inputs give a byte-identical archive.
"""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import IO

CHUNK = 1024 * 1024
_ZIP64_OVER = 1 << 30  # streamed entries of unknown final size need ZIP64 headers beyond 2 GiB
_STORED_SUFFIXES = (".pdf", ".zip", ".xlsx", ".gz", ".png", ".jpg", ".jpeg")


class BagZip:
    """Write payload under `<root>/data/`, then the tag files, into one ZIP file object."""

    def __init__(self, fileobj: IO[bytes], *, root: str, when: datetime) -> None:
        self.root = root
        self._zip = zipfile.ZipFile(fileobj, "w", allowZip64=True)
        # ZIP timestamps cannot precede 1980; clamp so any --generated-at works.
        self._date_time = max(when.timetuple()[:6], (1980, 1, 1, 0, 0, 0))
        self.manifest: dict[str, str] = {}
        self.octets = 0

    def add_file(self, rel: str, path: Path) -> str:
        """Stream a file into data/`rel`; return its SHA-256."""
        with path.open("rb") as src:
            return self._add_stream(rel, src, large=path.stat().st_size > _ZIP64_OVER)

    def add_bytes(self, rel: str, data: bytes) -> str:
        """Add a small generated payload file to data/`rel`; return its SHA-256."""
        digest = hashlib.sha256(data).hexdigest()
        with self._open(f"data/{rel}") as out:
            out.write(data)
        self.manifest[f"data/{rel}"] = digest
        self.octets += len(data)
        return digest

    def _add_stream(self, rel: str, src: IO[bytes], *, large: bool) -> str:
        hasher = hashlib.sha256()
        with self._open(f"data/{rel}", large=large) as out:
            while chunk := src.read(CHUNK):
                hasher.update(chunk)
                out.write(chunk)
                self.octets += len(chunk)
        digest = hasher.hexdigest()
        self.manifest[f"data/{rel}"] = digest
        return digest

    def copy_entry(self, name: str, src: IO[bytes], *, large: bool) -> None:
        """Write `name` (relative to the bag root) from a stream, outside the manifests.

        Verification uses this to rebuild a received ZIP in the canonical form.
        """
        with self._open(name, large=large) as out:
            while chunk := src.read(CHUNK):
                out.write(chunk)

    def close(self) -> None:
        self._zip.close()

    def _open(self, name: str, *, large: bool = False) -> IO[bytes]:
        info = zipfile.ZipInfo(f"{self.root}/{name}", date_time=self._date_time)  # type: ignore[arg-type]
        info.external_attr = 0o100644 << 16
        info.create_system = 3  # Unix, whatever the platform, for identical bytes
        stored = name.lower().endswith(_STORED_SUFFIXES)
        info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
        return self._zip.open(info, "w", force_zip64=large)

    @staticmethod
    def is_large(size: int) -> bool:
        return size > _ZIP64_OVER

    def finish(
        self,
        info: dict[str, str],
        *,
        extra_tags: dict[str, bytes] | None = None,
        sign: Callable[[bytes], dict[str, bytes]] | None = None,
    ) -> None:
        """Write the tag files and manifests, then close.

        `extra_tags` (such as the signing certificate) are listed in the tag manifest; `sign`
        receives the tag manifest's bytes and returns files written after it (its signature,
        which cannot list itself).
        """
        tags: dict[str, bytes] = {
            "bagit.txt": b"BagIt-Version: 0.97\nTag-File-Character-Encoding: UTF-8\n",
            "bag-info.txt": _bag_info(info, self.octets, len(self.manifest)).encode(),
            "manifest-sha256.txt": _manifest(self.manifest).encode(),
            **(extra_tags or {}),
        }
        tag_hashes = {name: hashlib.sha256(data).hexdigest() for name, data in tags.items()}
        tags["tagmanifest-sha256.txt"] = _manifest(tag_hashes).encode()
        if sign is not None:
            tags.update(sign(tags["tagmanifest-sha256.txt"]))
        for name, data in tags.items():
            with self._open(name) as out:
                out.write(data)
        self._zip.close()


def _manifest(entries: dict[str, str]) -> str:
    return "".join(f"{digest}  {_encode_path(path)}\n" for path, digest in sorted(entries.items()))


def _encode_path(path: str) -> str:
    """Percent-encode the characters RFC 8493 reserves in manifest paths."""
    return path.replace("%", "%25").replace("\n", "%0A").replace("\r", "%0D")


def _bag_info(info: dict[str, str], octets: int, count: int) -> str:
    lines = [f"{key}: {_one_line(value)}" for key, value in info.items()]
    lines.append(f"Payload-Oxum: {octets}.{count}")
    return "\n".join(lines) + "\n"


def _one_line(value: str) -> str:
    return " ".join(value.split())
