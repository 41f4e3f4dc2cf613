"""A sender killed mid-batch (a real process, SIGKILL) re-sends nothing the server already accepted."""

from __future__ import annotations

import collections
import os
import signal
import subprocess
import sys
import time

from sqlmodel import Session, func, select

from monitor.db import get_engine, get_settings
from monitor.mail.sender import send_pending
from monitor.models import OutboxMessage
from tests.mail.conftest import SmtpServer, queue_messages

SENDER = """
from monitor import create_app
from monitor.db import get_engine, get_settings
from monitor.mail.sender import send_pending
app = create_app({"mail": {"claim_seconds": 1, "batch_size": 50}})
send_pending(engine=get_engine(app), settings=get_settings(app))
"""


def _sent(app) -> int:
    with Session(get_engine(app)) as session:
        return int(
            session.exec(
                select(func.count())
                .select_from(OutboxMessage)
                .where(OutboxMessage.status == "sent")
            ).one()
        )


def test_killed_sender_resends_at_most_the_message_in_flight(app, smtp: SmtpServer) -> None:
    settings = get_settings(app)
    ids = queue_messages(app, 20)
    smtp.collector.delay = 0.05
    env = {
        **os.environ,
        "MONITOR_DATABASE_URL": settings.database_url,
        "MONITOR_SMTP_URL": smtp.url,
        "MONITOR_INSTANCE_PATH": str(settings.instance_path),
        "MONITOR_SECRET_KEY": settings.secret_key,
        "MONITOR_BASE_URL": settings.base_url,
    }
    proc = subprocess.Popen([sys.executable, "-c", SENDER], env=env)
    deadline = time.monotonic() + 30
    while len(smtp.collector.messages) < 6 and time.monotonic() < deadline:
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    time.sleep(0.3)  # let the server finish a DATA it was reading
    received_before, marked = len(smtp.collector.messages), _sent(app)
    assert 6 <= received_before < 20, "the kill should land mid-batch"
    assert marked <= received_before <= marked + 1

    time.sleep(1.2)  # the dead sender's claim lapses
    settings.smtp_url = smtp.url
    settings.mail.claim_seconds = 1
    report = send_pending(engine=get_engine(app), settings=settings)
    assert report.sent == 20 - marked
    counts = collections.Counter(smtp.collector.ids())
    assert set(counts) == set(ids)  # nothing lost
    assert sum(n - 1 for n in counts.values()) <= 1  # at most the one in flight twice
