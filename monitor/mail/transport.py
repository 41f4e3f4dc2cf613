"""Where messages go: an SMTP server from MONITOR_SMTP_URL, or .eml files in the outbox folder."""

from __future__ import annotations

import contextlib
import re
import smtplib
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
from urllib.parse import parse_qs, unquote, urlsplit

from monitor.config import Settings

TRUE = ("1", "true", "yes", "on")


class MailConfigError(ValueError):
    """MONITOR_SMTP_URL cannot be understood."""


Gate = Callable[[], None]


class Transport(Protocol):
    def send(
        self,
        data: bytes,
        *,
        sender: str,
        recipient: str,
        message_id: str,
        during_mail: Gate | None = None,
        during_data: Gate | None = None,
    ) -> None: ...
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

    def send(
        self,
        data: bytes,
        *,
        sender: str,
        recipient: str,
        message_id: str,
        during_mail: Gate | None = None,
        during_data: Gate | None = None,
    ) -> None:
        """Hand one message over; returns only once the server accepted it.

        `during_mail` runs while the server answers MAIL FROM, well before the end-of-data
        line after which the server may accept: the sender records the previous message
        there, so the commit overlaps a round trip and yet at most one accepted message is
        ever unrecorded. `during_data` runs while the server takes in the message (the
        sender builds the next one there).
        """
        if self._conn is None:
            self._conn = self._connect()
        try:
            _transaction(
                self._conn,
                sender,
                recipient,
                data,
                during_mail or _nothing,
                during_data or _nothing,
            )
        except smtplib.SMTPServerDisconnected:
            self._conn = None
            raise

    def close(self) -> None:
        if self._conn is not None:
            # The messages are already accepted; a failed goodbye changes nothing.
            with contextlib.suppress(smtplib.SMTPException, OSError):
                self._conn.quit()
            self._conn = None


def _nothing() -> None:
    return None


def _transaction(
    conn: smtplib.SMTP,
    sender: str,
    recipient: str,
    data: bytes,
    during_mail: Gate,
    during_data: Gate,
) -> None:
    """MAIL, RCPT, DATA and the message, as smtplib.sendmail does, with local work in two waits."""
    conn.ehlo_or_helo_if_needed()
    conn.putcmd("mail", f"FROM:{smtplib.quoteaddr(sender)}")
    during_mail()  # local work while the server answers MAIL FROM
    code, reply = conn.getreply()
    if code != 250:
        _reset(conn, code)
        raise smtplib.SMTPSenderRefused(code, reply, sender)
    code, reply = conn.rcpt(recipient)
    if code not in (250, 251):
        _reset(conn, code)
        raise smtplib.SMTPRecipientsRefused({recipient: (code, reply)})
    code, reply = conn.docmd("data")
    if code != 354:
        _reset(conn, code)
        raise smtplib.SMTPDataError(code, reply)
    body = _DOT_AT_LINE_START.sub(b"..", data)
    conn.send((body if body.endswith(b"\r\n") else body + b"\r\n") + b".\r\n")
    during_data()  # local work while the server takes the message in
    code, reply = conn.getreply()
    if code != 250:
        _reset(conn, code)
        raise smtplib.SMTPDataError(code, reply)


_DOT_AT_LINE_START = re.compile(rb"(?m)^\.")


def _reset(conn: smtplib.SMTP, code: int) -> None:
    """Abandon the transaction (421 means the server is closing: just drop the connection)."""
    if code == 421:
        conn.close()
        return
    with contextlib.suppress(smtplib.SMTPException, OSError):
        conn.rset()


class EmlTransport:
    """Writes each message to <outbox_dir>/<name>.eml, atomically (no SMTP configured)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)

    def send(
        self,
        data: bytes,
        *,
        sender: str,
        recipient: str,
        message_id: str,
        during_mail: Gate | None = None,
        during_data: Gate | None = None,
    ) -> None:
        """Write the message as <Message-ID>.eml (atomically: written aside, then renamed)."""
        for step in (during_mail, during_data):
            if step is not None:
                step()
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
