"""Turn an outbox row into MIME bytes: multipart/alternative text and HTML, with list headers.

Built by hand rather than through `email.message.EmailMessage`: the modern email policy
parses and refolds every header, which cost several milliseconds a message and capped
delivery far below what the SMTP connection allows. The output is plain RFC 5322/2045 that
the standard `email` parser reads back (the tests check it does).
"""

from __future__ import annotations

import quopri
import uuid
from datetime import UTC, datetime
from email.header import Header
from email.utils import format_datetime, parseaddr
from functools import lru_cache
from typing import Protocol

CRLF = "\r\n"


class Mail(Protocol):
    """An outbox message as the sender reads it (an OutboxMessage or a row of its columns)."""

    @property
    def to_addr(self) -> str: ...
    @property
    def subject(self) -> str: ...
    @property
    def message_id(self) -> str: ...
    @property
    def body_text(self) -> str: ...
    @property
    def body_html(self) -> str | None: ...
    @property
    def headers(self) -> dict[str, str] | None: ...
    @property
    def created_at(self) -> datetime: ...


def _header(name: str, value: str) -> str:
    """One header line; non-ASCII values become RFC 2047 encoded words."""
    value = value.replace("\r", " ").replace("\n", " ")
    if not value.isascii():
        value = Header(value, "utf-8", header_name=name).encode(linesep=CRLF)
    return f"{name}: {value}"


def _part(content_type: str, body: str) -> str:
    encoded = quopri.encodestring(body.replace("\r\n", "\n").replace("\n", CRLF).encode("utf-8"))
    return CRLF.join(
        [
            f'Content-Type: {content_type}; charset="utf-8"',
            "Content-Transfer-Encoding: quoted-printable",
            "",
            encoded.decode("ascii"),
        ]
    )


def build_bytes(row: Mail, sender: str) -> bytes:
    """The message exactly as it is handed to the SMTP server or written as .eml."""
    headers = [
        _header("From", sender),
        _header("To", row.to_addr),
        _header("Subject", row.subject),
        f"Date: {format_datetime(row.created_at.replace(tzinfo=row.created_at.tzinfo or UTC))}",
        f"Message-ID: {row.message_id}",
        "MIME-Version: 1.0",
        "Auto-Submitted: auto-generated",
        *[_header(name, value) for name, value in (row.headers or {}).items()],
    ]
    if not row.body_html:
        text = _part("text/plain", row.body_text)
        return (CRLF.join(headers) + CRLF + text + CRLF).encode("ascii")
    boundary = f"=_monitor_{uuid.uuid4().hex}"
    body = [
        f'Content-Type: multipart/alternative; boundary="{boundary}"',
        "",
        f"--{boundary}",
        _part("text/plain", row.body_text),
        f"--{boundary}",
        _part("text/html", row.body_html),
        f"--{boundary}--",
        "",
    ]
    return (CRLF.join(headers) + CRLF + CRLF.join(body)).encode("ascii")


@lru_cache(maxsize=8)
def envelope_sender(sender: str) -> str:
    """The bare address of a `Name <address>` From line, for the SMTP envelope."""
    return parseaddr(sender)[1] or sender
