"""Private note text sealed at rest (AES-256-GCM) under keys from the configuration.

`MONITOR_DATA_KEYS` lists keys, newest first (comma-separated, each at least 32 characters);
the first seals, all of them open, so a key is rotated by putting a new one in front,
running `reseal_notes` (`monitor notes reseal`), then dropping the old one. Without the
setting, one key is derived from the secret key, as for uploads. A sealed value names its
key by a short fingerprint: `sealed:v1:<key id>:<base64 of nonce and ciphertext>`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from monitor.config import Settings

PREFIX = "sealed:v1:"
NONCE_BYTES = 12
_CONTEXT = b"monitor.private-note"


class SealedUnreadable(RuntimeError):
    """A sealed value names a key that is no longer configured, or was damaged."""


def data_keys(settings: Settings) -> list[bytes]:
    """The configured keys as AES-256 keys, newest first."""
    given = [k for k in settings.data_keys if k]
    if not given:
        given = [settings.secret_key]
    return [hmac.new(k.encode(), _CONTEXT, hashlib.sha256).digest() for k in given]


def _key_id(key: bytes) -> str:
    return hashlib.sha256(b"key-id:" + key).hexdigest()[:8]


def seal(settings: Settings, text: str) -> str:
    """`text` sealed under the newest key."""
    key = data_keys(settings)[0]
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(key).encrypt(nonce, text.encode("utf-8"), _CONTEXT)
    return f"{PREFIX}{_key_id(key)}:{base64.b64encode(nonce + sealed).decode('ascii')}"


def unseal(settings: Settings, value: str) -> str:
    """The text of a sealed value (a value stored before sealing existed is returned as is)."""
    if not value.startswith(PREFIX):
        return value
    key_id, _, payload = value[len(PREFIX) :].partition(":")
    keys = {_key_id(key): key for key in data_keys(settings)}
    if key_id not in keys:
        raise SealedUnreadable(f"sealed under key {key_id}, which is not configured")
    raw = base64.b64decode(payload)
    try:
        plain = AESGCM(keys[key_id]).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], _CONTEXT)
    except InvalidTag as exc:
        raise SealedUnreadable("the sealed value is damaged") from exc
    return plain.decode("utf-8")


def needs_reseal(settings: Settings, value: str) -> bool:
    """True for plain text and for values sealed under an older key."""
    current = _key_id(data_keys(settings)[0])
    return not value.startswith(f"{PREFIX}{current}:")
