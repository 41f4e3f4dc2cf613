"""Where messages go: an SMTP server from MONITOR_SMTP_URL, or .eml files in the outbox folder."""

from __future__ import annotations

import contextlib
import smtplib
import ssl
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
from urllib.parse import parse_qs, unquote, urlsplit

from monitor.config import Settings

TRUE = ("1", "true", "yes", "on")


class MailConfigError(ValueError):
    """MONITOR_SMTP_URL cannot be understood."""


class Transport(Protocol):
    def send(self, data: bytes, *, sender: str, recipient: str, message_id: str) -> None: ...
    def close(self) -> None: ...


@dataclass(frozen=True)
class SmtpTarget:
    host: str
    port: int
    implicit_tls: bool
    starttls: bool
    username: str | None
    password: str | None
    timeout: float = 30.0


def parse_smtp_url(url: str) -> SmtpTarget:
    """smtp://[user:pass@]host[:port][?starttls=1], or smtps:// for TLS from the first byte."""
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise MailConfigError(
            f"MONITOR_SMTP_URL must look like smtp://host:port or smtps://host, got {parts.scheme}://"
        )
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    implicit = parts.scheme == "smtps"
    return SmtpTarget(
        host=parts.hostname,
        port=parts.port or (465 if implicit else 25),
        implicit_tls=implicit,
        starttls=not implicit and query.get("starttls", query.get("tls", "0")).lower() in TRUE,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        timeout=float(query.get("timeout", 30)),
    )


class SmtpTransport:
    """One SMTP connection reused for a whole batch; opened lazily, reopened after a drop."""

    def __init__(self, target: SmtpTarget) -> None:
        self.target = target
        self._conn: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        t = self.target
        context = ssl.create_default_context()
        conn: smtplib.SMTP
        if t.implicit_tls:
            conn = smtplib.SMTP_SSL(t.host, t.port, timeout=t.timeout, context=context)
        else:
            conn = smtplib.SMTP(t.host, t.port, timeout=t.timeout)
            if t.starttls:
                conn.starttls(context=context)
        if t.username:
            conn.login(t.username, t.password or "")
        return conn

    def send(self, data: bytes, *, sender: str, recipient: str, message_id: str) -> None:
        """Hand one message over; returns only once the server accepted it."""
        if self._conn is None:
            self._conn = self._connect()
        try:
            self._conn.sendmail(sender, [recipient], data)
        except smtplib.SMTPServerDisconnected:
            self._conn = None
            raise

    def close(self) -> None:
        if self._conn is not None:
            # The messages are already accepted; a failed goodbye changes nothing.
            with contextlib.suppress(smtplib.SMTPException, OSError):
                self._conn.quit()
            self._conn = None


class EmlTransport:
    """Writes each message to <outbox_dir>/<name>.eml, atomically (no SMTP configured)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)

    def send(self, data: bytes, *, sender: str, recipient: str, message_id: str) -> None:
        name = "".join(c if c.isalnum() or c in "-._" else "_" for c in message_id.strip("<>"))
        tmp = self.folder / f".{name}.tmp"
        tmp.write_bytes(data)
        tmp.replace(self.folder / f"{name}.eml")

    def close(self) -> None:
        return None


def open_transport(settings: Settings) -> Transport:
    """The configured transport: SMTP when MONITOR_SMTP_URL is set, else .eml files."""
    if settings.smtp_url:
        return SmtpTransport(parse_smtp_url(settings.smtp_url))
    return EmlTransport(settings.outbox_dir)
