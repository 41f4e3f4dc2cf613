"""Turn an outbox row into a MIME message: multipart text and HTML with list headers."""

from __future__ import annotations

from datetime import UTC
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime

from monitor.models import OutboxMessage


def build_message(row: OutboxMessage, sender: str) -> EmailMessage:
    """The message exactly as it will be handed to the SMTP server or written as .eml."""
    msg = EmailMessage(policy=SMTP)
    msg["From"] = sender
    msg["To"] = row.to_addr
    msg["Subject"] = row.subject
    msg["Date"] = format_datetime(row.created_at.replace(tzinfo=UTC))
    msg["Message-ID"] = row.message_id
    msg["Auto-Submitted"] = "auto-generated"
    for name, value in (row.headers or {}).items():
        msg[name] = value
    msg.set_content(row.body_text)
    if row.body_html:
        msg.add_alternative(row.body_html, subtype="html")
    return msg
