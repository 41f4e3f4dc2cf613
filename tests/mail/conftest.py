"""A real SMTP server (aiosmtpd) on a free loopback port, and helpers to fill the outbox."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default

import pytest
from aiosmtpd.controller import Controller
from flask import Flask
from sqlmodel import Session

from monitor.db import get_engine, get_settings
from monitor.mail.outbox import Recipient, message_row, new_message_id, write_rows
from monitor.models import Subscriber


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Collector:
    """Keeps every accepted message; can refuse the next N, reject some recipients, or go slow."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.refuse_next = 0
        self.reject_rcpt: set[str] = set()
        self.delay = 0.0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: ANN001, ANN201, N802
        if address in self.reject_rcpt:
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: ANN001, ANN201, N802
        if self.refuse_next > 0:
            self.refuse_next -= 1
            return "451 4.3.0 try again later"
        if self.delay:
            await asyncio.sleep(self.delay)
        self.messages.append(message_from_bytes(envelope.content, policy=default))  # type: ignore[arg-type]
        return "250 OK"

    def ids(self) -> list[str]:
        return [m["Message-ID"] for m in self.messages]


class SmtpServer:
    def __init__(self, port: int | None = None, **controller_args: object) -> None:
        self.port = port or free_port()
        self.collector = Collector()
        self.controller = Controller(
            self.collector, hostname="127.0.0.1", port=self.port, **controller_args
        )

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def start(self) -> SmtpServer:
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer().start()
    yield server
    server.stop()


def subscriber(session: Session, email: str) -> Recipient:
    row = Subscriber(email=email, email_hash=f"hash-{email}")
    session.add(row)
    session.flush()
    return Recipient(row.id, email, row.token_version, nonce=row.nonce)  # type: ignore[arg-type]


def queue_messages(app: Flask, count: int, prefix: str = "person") -> list[str]:
    """Queue `count` simple messages to distinct subscribers; returns their Message-IDs."""
    settings = get_settings(app)
    ids = []
    with Session(get_engine(app)) as session:
        rows = []
        for n in range(count):
            recipient = subscriber(session, f"{prefix}{n}@example.org")
            mid = new_message_id(settings, "test", f"{prefix}{n}")
            ids.append(mid)
            rows.append(
                message_row(
                    settings,
                    recipient,
                    kind="alert",
                    subject=f"Alert {n}",
                    text=f"Hello {n}\n__UNSUBSCRIBE_URL__",
                    html=f"<p>Hello {n}</p>",
                    message_id=mid,
                )
            )
        write_rows(session, rows)
        session.commit()
    return ids
