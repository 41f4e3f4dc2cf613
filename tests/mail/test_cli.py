"""`monitor mail send` and `monitor digests send` as an operator runs them."""

from __future__ import annotations

from monitor.cli import cli
from monitor.db import get_settings
from tests.mail.conftest import SmtpServer, queue_messages


def test_mail_send_writes_eml_without_smtp(app, runner) -> None:
    queue_messages(app, 2)
    result = runner.invoke(cli, ["mail", "send"])
    assert result.exit_code == 0, result.output
    assert "sent 2 via .eml files" in result.output
    assert len(list(get_settings(app).outbox_dir.glob("*.eml"))) == 2


def test_mail_send_over_smtp(app, runner, smtp: SmtpServer) -> None:
    get_settings(app).smtp_url = smtp.url
    queue_messages(app, 3)
    result = runner.invoke(cli, ["mail", "send"])
    assert result.exit_code == 0 and "sent 3 via SMTP" in result.output
    assert len(smtp.collector.messages) == 3


def test_mail_send_reports_an_unreachable_server(app, runner) -> None:
    from tests.mail.conftest import free_port

    get_settings(app).smtp_url = f"smtp://127.0.0.1:{free_port()}"
    queue_messages(app, 1)
    result = runner.invoke(cli, ["mail", "send"])
    assert result.exit_code == 0 and "stopped early, will retry" in result.output


def test_mail_send_rejects_a_bad_smtp_url(app, runner) -> None:
    get_settings(app).smtp_url = "mailto:nobody"
    queue_messages(app, 1)
    result = runner.invoke(cli, ["mail", "send"])
    assert result.exit_code == 2 and "MONITOR_SMTP_URL" in result.output


def test_digests_send(runner) -> None:
    result = runner.invoke(cli, ["digests", "send", "--frequency", "weekly"])
    assert result.exit_code == 0 and "queued 0 weekly digest(s)" in result.output
    assert runner.invoke(cli, ["digests", "send", "--frequency", "hourly"]).exit_code == 2
