"""The reset form answers known and unknown addresses in the same time; the mail follows."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import select

from monitor.db import session_scope
from monitor.models import OutboxMessage
from tests.security.conftest import csrf_from

ROUNDS = 30


def _answer_seconds(client: FlaskClient, token: str, email: str) -> float:
    """Time until the whole answer is in hand; the deferred work runs after, at close."""
    started = time.perf_counter()
    page = client.post("/account/reset", data={"csrf_token": token, "email": email})
    page.get_data()
    elapsed = time.perf_counter() - started
    page.close()
    return elapsed


def test_known_and_unknown_addresses_answer_in_the_same_time(
    app: Flask, make_user: Callable[..., int]
) -> None:
    make_user("known@example.org")
    client = app.test_client()
    token = csrf_from(client, "/account/reset")
    for email in ("known@example.org", "unknown@example.org"):  # warm both paths
        _answer_seconds(client, token, email)
    times: dict[str, list[float]] = {"known@example.org": [], "unknown@example.org": []}
    for round_ in range(ROUNDS):
        # Interleaved, each first in turn, so the machine's load falls on both alike.
        order = sorted(times, reverse=bool(round_ % 2))
        for email in order:
            times[email].append(_answer_seconds(client, token, email))
    known, unknown = times["known@example.org"], times["unknown@example.org"]
    fast, slow = sorted([statistics.median(known), statistics.median(unknown)])
    assert slow <= fast * 1.2, (statistics.median(known), statistics.median(unknown))


def test_the_mail_is_queued_in_the_outbox_after_the_answer(
    app: Flask, make_user: Callable[..., int]
) -> None:
    make_user("owner@example.org")
    client = app.test_client()
    token = csrf_from(client, "/account/reset")
    page = client.post("/account/reset", data={"csrf_token": token, "email": "owner@example.org"})
    assert "If an account exists" in page.get_data(as_text=True)
    with app.app_context(), session_scope(app) as db:
        assert db.exec(select(OutboxMessage)).all() == []  # nothing while the person waits
    page.close()
    with app.app_context(), session_scope(app) as db:
        [mail] = db.exec(select(OutboxMessage)).all()
    assert mail.to_addr == "owner@example.org" and mail.kind == "password_reset"
