"""Where to send someone after login: only paths on this site (no open redirects)."""

from __future__ import annotations

from urllib.parse import urlsplit


def safe_next(target: str | None, default: str = "/") -> str:
    """`target` when it is a local path, otherwise `default`."""
    if not target or len(target) > 2000:
        return default
    # Browsers treat backslashes as slashes and ignore control characters, so "/\\evil.com"
    # or "/\t/evil.com" would leave the site even though they start with a single "/".
    if any(ord(c) < 32 or c == "\\" for c in target):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    return target
