"""The account, audit and privacy commands as an operator uses them."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from sqlalchemy import text
from sqlmodel import select

from monitor.accounts import audit
from monitor.accounts.privacy import address_hash
from monitor.cli import cli
from monitor.db import get_engine, session_scope
from monitor.models import Subscriber, Subscription, SuppressedAddress, utcnow


def _run(app: Flask, *args: str, stdin: str | None = None):
    return app.test_cli_runner().invoke(cli, list(args), input=stdin)


def test_create_list_and_change_role(app: Flask) -> None:
    made = _run(
        app,
        "users",
        "create",
        "Ada@Example.org",
        "--role",
        "reviewer",
        "--password-stdin",
        stdin="a long enough passphrase\n",
    )
    assert made.exit_code == 0, made.output
    assert "created ada@example.org (reviewer)" in made.output
    listed = _run(app, "users", "list")
    assert "ada@example.org\treviewer\tactive" in listed.output
    changed = _run(app, "users", "set-role", "ada@example.org", "admin")
    assert "reviewer -> admin" in changed.output
    assert "ada@example.org\tadmin" in _run(app, "users", "list").output


def test_create_refuses_a_short_password_and_a_duplicate(app: Flask) -> None:
    short = _run(app, "users", "create", "a@example.org", "--password-stdin", stdin="short\n")
    assert short.exit_code != 0 and "at least 12" in short.output
    _run(app, "users", "create", "a@example.org", "--password-stdin", stdin="long passphrase x\n")
    again = _run(
        app, "users", "create", "a@example.org", "--password-stdin", stdin="long passphrase x\n"
    )
    assert again.exit_code != 0 and "already exists" in again.output


def test_audit_verify_exit_codes(app: Flask) -> None:
    _run(app, "users", "create", "a@example.org", "--password-stdin", stdin="long passphrase x\n")
    _run(app, "users", "set-role", "a@example.org", "admin")
    ok = _run(app, "audit", "verify")
    assert ok.exit_code == 0 and "intact: 2 entries" in ok.output
    with get_engine(app).begin() as conn:
        conn.execute(text("DROP TRIGGER audit_log_no_update"))
        conn.execute(text("UPDATE audit_log SET details = NULL WHERE id = 2"))
    broken = _run(app, "audit", "verify")
    assert broken.exit_code == 1 and "BROKEN at entry 2" in broken.output


def test_reset_link_is_printed_for_an_existing_account(app: Flask) -> None:
    _run(app, "users", "create", "a@example.org", "--password-stdin", stdin="long passphrase x\n")
    result = _run(app, "users", "reset-link", "a@example.org")
    assert result.output.startswith("https://monitor.test/account/reset/")
    assert _run(app, "users", "reset-link", "nobody@example.org").exit_code != 0


def _subscriber(db, email: str, *, days_ago: int, confirmed: bool, subscribed: bool) -> None:
    when = utcnow() - timedelta(days=days_ago)
    row = Subscriber(
        email=email,
        email_hash=address_hash(email),
        created_at=when,
        confirmed_at=when if confirmed else None,
    )
    db.add(row)
    db.flush()
    if subscribed:
        db.add(Subscription(subscriber_id=row.id, scope="all", confirmed=confirmed))


def test_purge_deletes_expired_addresses_and_keeps_only_a_hash(app: Flask) -> None:
    with app.app_context(), session_scope(app) as db:
        _subscriber(db, "kept@example.org", days_ago=40, confirmed=True, subscribed=True)
        _subscriber(db, "new@example.org", days_ago=2, confirmed=False, subscribed=True)
        _subscriber(db, "unconfirmed@example.org", days_ago=40, confirmed=False, subscribed=True)
        _subscriber(db, "empty@example.org", days_ago=40, confirmed=True, subscribed=False)
    assert "2 address(es) would be deleted" in _run(app, "privacy", "purge", "--dry-run").output
    assert "deleted 2 address" in _run(app, "privacy", "purge").output
    with app.app_context(), session_scope(app) as db:
        emails = sorted(s.email for s in db.exec(select(Subscriber)))
        hashes = {s.email_hash for s in db.exec(select(SuppressedAddress))}
        log = audit.verify(session=db)
    assert emails == ["kept@example.org", "new@example.org"]
    assert hashes == {
        address_hash(e, secret="test-secret")
        for e in ("unconfirmed@example.org", "empty@example.org")
    }
    assert log.ok and log.checked == 2


def test_audit_show_lists_entries(app: Flask) -> None:
    _run(app, "users", "create", "a@example.org", "--password-stdin", stdin="long passphrase x\n")
    _run(app, "users", "set-role", "a@example.org", "reviewer")
    shown = _run(app, "audit", "show", "--action", "role_changed")
    assert shown.exit_code == 0
    lines = [line for line in shown.output.splitlines() if "\t" in line]
    assert len(lines) == 1 and "\tcli\trole_changed\tuser_account#1" in lines[0]
