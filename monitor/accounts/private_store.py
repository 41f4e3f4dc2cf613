"""Encrypted storage for private uploads, apart from the public capture store.

Each file is AES-256-GCM encrypted with a key derived from the app secret, under a name that
is a keyed hash of the content's SHA-256 (so neither the bytes nor their plain digest can be
read off the disk). Rotating the secret makes existing files unreadable: keep the old secret.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from monitor.config import Settings

NONCE_BYTES = 12


class UploadUnreadable(RuntimeError):
    """The stored file is missing, damaged, or was written under another secret."""


def _derive(settings: Settings, purpose: str) -> bytes:
    return hmac.new(settings.secret_key.encode(), purpose.encode(), hashlib.sha256).digest()


def private_dir(settings: Settings) -> Path:
    """Where private uploads live (never inside the public capture store)."""
    return Path(settings.instance_path) / "private_uploads"


def stored_path(settings: Settings, sha256: str) -> Path:
    """The file holding the upload whose plaintext has this SHA-256."""
    name = hmac.new(
        _derive(settings, "monitor.private.name"), sha256.encode(), hashlib.sha256
    ).hexdigest()
    return private_dir(settings) / name[:2] / name


def write_private(settings: Settings, sha256: str, content: bytes) -> Path:
    """Encrypt and store `content` (owner-only permissions); identical content is kept once."""
    path = stored_path(settings, sha256)
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(_derive(settings, "monitor.private.key")).encrypt(
        nonce, content, sha256.encode()
    )
    temp = path.with_suffix(".part")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(nonce + sealed)
    os.replace(temp, path)  # a reader never sees a half-written file
    return path


def read_private(settings: Settings, sha256: str) -> bytes:
    """Decrypt a stored upload and check it is the content that was stored."""
    path = stored_path(settings, sha256)
    try:
        blob = path.read_bytes()
        content = AESGCM(_derive(settings, "monitor.private.key")).decrypt(
            blob[:NONCE_BYTES], blob[NONCE_BYTES:], sha256.encode()
        )
    except (OSError, InvalidTag) as exc:
        raise UploadUnreadable("the stored file is missing or cannot be decrypted") from exc
    if hashlib.sha256(content).hexdigest() != sha256:
        raise UploadUnreadable("the stored file does not match its recorded digest")
    return content
