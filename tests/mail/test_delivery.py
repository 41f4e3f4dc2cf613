"""Delivery to a real SMTP server: headers, refusals, outages, permanent failures, .eml fallback."""

from __future__ import annotations

from datetime import date
from email import message_from_bytes
from email.policy import default

import pytest
from sqlmodel import Session, select

from monitor.alerts.service import evaluate_and_notify
from monitor.db import get_engine, get_settings, session_scope
from monitor.mail.sender import send_pending
from monitor.mail.transport import MailConfigError, parse_smtp_url
from monitor.models import (
    Document,
    Facility,
    OutboxMessage,
    Recommendation,
    RecommendationStatusEvent,
    Source,
    Subscription,
)
from tests.mail.conftest import SmtpServer, free_port, queue_messages, subscriber


def _send(app):
    return send_pending(engine=get_engine(app), settings=get_settings(app))


def _statuses(app) -> list[str]:
    with Session(get_engine(app)) as session:
        return [
            m.status for m in session.exec(select(OutboxMessage).order_by(OutboxMessage.id)).all()
        ]


def _torrance_alert_for(app, email: str) -> None:
    """A non-concurred recommendation at a facility, and one immediate subscriber to it."""
    with session_scope(app) as s:
        source = Source(key="oig", name="OIG", url="https://oig.test")
        facility = Facility(slug="torrance", name="Torrance County Detention Facility", state="NM")
        s.add_all([source, facility])
        s.flush()
        doc = Document(
            source_id=source.id,
            external_id="OIG-22-31",
            kind="report",
            title="Management Alert",
            report_number="OIG-22-31",
            published_date=date(2022, 3, 16),
        )
        s.add(doc)
        s.flush()
        rec = Recommendation(
            document_id=doc.id, number=1, text="Relocate all detainees.", facility_id=facility.id
        )
        s.add(rec)
        s.flush()
        s.add(
            RecommendationStatusEvent(
                recommendation_id=rec.id,
                observed_date=date(2022, 3, 16),
                concurrence="non_concur",
                implementation="open",
            )
        )
        recipient = subscriber(s, email)
        s.add(
            Subscription(
                subscriber_id=recipient.id, scope="facility", target="torrance", confirmed=True
            )
        )
        s.flush()
        evaluate_and_notify(
            session=s, settings=get_settings(app), as_of=date(2022, 4, 1), rules=["NON_CONCUR_OPEN"]
        )


def test_alert_mail_arrives_with_list_headers_and_both_parts(app, smtp: SmtpServer) -> None:
    get_settings(app).smtp_url = smtp.url
    _torrance_alert_for(app, "advocate@example.org")
    report = _send(app)
    assert report.sent == 1 and _statuses(app) == ["sent"]
    [msg] = smtp.collector.messages
    assert msg["To"] == "advocate@example.org"
    assert (
        "ICE disagreed and it is still open" in msg["Subject"]
        and "NON_CONCUR_OPEN" not in msg["Subject"]
        and msg["Date"]
        and msg["Message-ID"].endswith("@monitor.test>")
    )
    assert msg["List-Id"] == "Detention Conditions Monitor alerts <alerts.monitor.test>"
    assert msg["List-Unsubscribe"].startswith("<https://monitor.test/subscribe/unsubscribe/")
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert msg.get_content_type() == "multipart/alternative"
    text = msg.get_body(("plain",)).get_content()
    html = msg.get_body(("html",)).get_content()
    assert "Torrance County Detention Facility" in text and "ICE did not concur" in text
    assert "https://monitor.test/facilities/torrance" in html
    assert "<img" not in html  # no tracking pixels
    assert "https://monitor.test/subscribe/unsubscribe/" in text and "/subscribe/manage/" in html


def test_server_that_refuses_then_accepts(app, smtp: SmtpServer) -> None:
    settings = get_settings(app)
    settings.smtp_url = smtp.url
    settings.mail.backoff_seconds = 0
    ids = queue_messages(app, 3)
    smtp.collector.refuse_next = 2
    first = _send(app)
    assert (first.sent, first.deferred, first.failed) == (1, 2, 0)
    assert _send(app).sent == 2
    assert sorted(smtp.collector.ids()) == sorted(ids)  # each exactly once
    assert _statuses(app) == ["sent"] * 3


def test_outage_loses_nothing(app) -> None:
    settings = get_settings(app)
    port = free_port()
    settings.smtp_url = f"smtp://127.0.0.1:{port}"
    settings.mail.backoff_seconds = 0
    ids = queue_messages(app, 5)
    for _ in range(4):  # an hour of failed passes, one per "minute"
        report = _send(app)
        assert report.sent == 0 and report.stopped_early
    assert _statuses(app) == ["pending"] * 5
    server = SmtpServer(port=port).start()
    try:
        assert _send(app).sent == 5
    finally:
        server.stop()
    assert sorted(server.collector.ids()) == sorted(ids)


def test_backoff_delays_the_retry(app, smtp: SmtpServer) -> None:
    get_settings(app).smtp_url = smtp.url
    queue_messages(app, 1)
    smtp.collector.refuse_next = 1
    assert _send(app).deferred == 1
    assert _send(app).sent == 0  # not due yet: the default backoff is a minute
    with Session(get_engine(app)) as session:
        [row] = session.exec(select(OutboxMessage)).all()
    assert row.attempts == 1 and "451" in (row.last_error or "")


def test_permanent_refusal_fails_one_message_only(app, smtp: SmtpServer) -> None:
    get_settings(app).smtp_url = smtp.url
    queue_messages(app, 3)
    smtp.collector.reject_rcpt = {"person1@example.org"}
    report = _send(app)
    assert (report.sent, report.failed) == (2, 1)
    assert _statuses(app) == ["sent", "failed", "sent"]


def test_authentication_is_used(app) -> None:
    seen = []

    def authenticator(server, session, envelope, mechanism, auth_data):  # noqa: ANN001, ANN202
        from aiosmtpd.smtp import AuthResult

        seen.append((auth_data.login, auth_data.password))
        return AuthResult(success=auth_data.password == b"s3cret")

    server = SmtpServer(authenticator=authenticator, auth_require_tls=False).start()
    try:
        get_settings(app).smtp_url = f"smtp://mailer:s3cret@127.0.0.1:{server.port}"
        queue_messages(app, 1)
        assert _send(app).sent == 1
    finally:
        server.stop()
    assert seen == [(b"mailer", b"s3cret")]


def test_eml_files_without_smtp(app) -> None:
    ids = queue_messages(app, 2)
    assert _send(app).sent == 2
    files = sorted((get_settings(app).outbox_dir).glob("*.eml"))
    assert len(files) == 2
    parsed = [message_from_bytes(f.read_bytes(), policy=default) for f in files]
    assert sorted(m["Message-ID"] for m in parsed) == sorted(ids)
    assert all(m["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click" for m in parsed)
    assert _send(app).sent == 0  # nothing twice


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("smtp://mail.example.org", ("mail.example.org", 25, False, False, None)),
        (
            "smtp://u%40x:p%3Aw@mail.example.org:587?starttls=1",
            ("mail.example.org", 587, False, True, "u@x"),
        ),
        ("smtps://mail.example.org", ("mail.example.org", 465, True, False, None)),
    ],
)
def test_smtp_url_forms(url: str, expected: tuple) -> None:
    t = parse_smtp_url(url)
    assert (t.host, t.port, t.implicit_tls, t.starttls, t.username) == expected


def test_bad_smtp_url_fails_by_name() -> None:
    with pytest.raises(MailConfigError, match="smtp://"):
        parse_smtp_url("http://mail.example.org")


def test_each_delivery_is_recorded_before_the_next_can_be_accepted(
    app, smtp: SmtpServer, monkeypatch
) -> None:
    """The bookkeeping overlaps the next envelope but always lands before the next acceptance."""
    import time

    from monitor.mail import sender

    get_settings(app).smtp_url = smtp.url
    queue_messages(app, 4)
    recorded: list[float] = []
    real = sender._mark_sent

    def slow_mark(conn, row_id: int, attempts: int) -> None:  # noqa: ANN001
        time.sleep(0.1)  # a slow disk: the next envelope must still wait for this commit
        real(conn, row_id, attempts)
        recorded.append(time.monotonic())

    accepted: list[float] = []
    handle = smtp.collector.handle_DATA

    async def timed_data(server, session, envelope):  # noqa: ANN001, ANN202
        accepted.append(time.monotonic())
        return await handle(server, session, envelope)

    monkeypatch.setattr(sender, "_mark_sent", slow_mark)
    monkeypatch.setattr(smtp.collector, "handle_DATA", timed_data)
    assert _send(app).sent == 4
    assert len(recorded) == 4 and len(accepted) == 4
    assert all(recorded[n] < accepted[n + 1] for n in range(3))
    assert _statuses(app) == ["sent"] * 4
