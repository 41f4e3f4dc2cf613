"""The type of an uploaded file, read from its bytes (magic numbers), never from the uploader.

A browser sends whatever type its user's system guesses, and a hostile uploader sends what
they like (text/html for a page with script). The stored and served type is what the
content itself shows: `filetype` knows the magic numbers of PDFs, images, office files and
archives; anything else is plain text when it reads as UTF-8, and opaque bytes otherwise.
"""

from __future__ import annotations

import filetype

TEXT = "text/plain; charset=utf-8"
OPAQUE = "application/octet-stream"


def content_type_of(content: bytes) -> str:
    """The MIME type the bytes show."""
    guessed = filetype.guess_mime(content)
    if guessed:
        return str(guessed)
    if b"\x00" in content[:4096]:
        return OPAQUE
    try:
        content[:65536].decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the 64 KB boundary is still text.
        if exc.start < 65536 - 4:
            return OPAQUE
    return TEXT
