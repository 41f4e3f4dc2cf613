"""Password reset: one use, one hour, void after a password change; no account discovery."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from sqlmodel import select

from monitor.accounts.tokens import InvalidToken, check_reset_token, make_reset_token
from monitor.accounts.users import get_user_by_email, set_password
from monitor.db import session_scope
from monitor.models import OutboxMessage
from tests.security.conftest import PASSWORD, csrf_from, login

NEW = "a brand new passphrase"


def _request_link(app: Flask, client, email: str) -> str | None:
    token = csrf_from(client, "/account/reset")
    page = client.post("/account/reset", data={"csrf_token": token, "email": email})
    assert "If an account exists" in page.get_data(as_text=True)
    page.close()  # as the WSGI server does once the answer is sent: the link is queued then
    with app.app_context(), session_scope(app) as db:
        msgs = db.exec(select(OutboxMessage).where(OutboxMessage.to_addr == email)).all()
    if not msgs:
        return None
    match = re.search(r"https://monitor\.test(/account/reset/\S+)", msgs[-1].body_text)
    assert match
    return match.group(1)


def _reset(client, path: str, password: str = NEW):
    token = csrf_from(client, path)
    return client.post(path, data={"csrf_token": token, "password": password, "confirm": password})


def test_reset_link_works_once(app: Flask, client, make_user) -> None:
    make_user("a@example.org")
    path = _request_link(app, client, "a@example.org")
    assert path is not None
    assert _reset(client, path).status_code == 302
    assert login(client, "a@example.org", NEW).status_code == 302
    again = app.test_client().get(path)
    assert again.status_code == 400 and "no longer valid" in again.get_data(as_text=True)


def test_unknown_address_gets_the_same_answer_and_no_mail(app: Flask, client) -> None:
    assert _request_link(app, client, "nobody@example.org") is None


def test_expired_token_is_refused(app: Flask, make_user) -> None:
    make_user("a@example.org")
    with app.app_context(), session_scope(app) as db:
        user = get_user_by_email(session=db, email="a@example.org")
        assert user is not None
        token = make_reset_token(user, secret="test-secret")
        with pytest.raises(InvalidToken, match="expired"):
            check_reset_token(session=db, token=token, secret="test-secret", max_age=-1)


def test_token_dies_when_the_password_changes(app: Flask, make_user) -> None:
    make_user("a@example.org")
    with app.app_context(), session_scope(app) as db:
        user = get_user_by_email(session=db, email="a@example.org")
        assert user is not None
        token = make_reset_token(user, secret="test-secret")
        set_password(session=db, user=user, password="another passphrase")
        with pytest.raises(InvalidToken):
            check_reset_token(session=db, token=token, secret="test-secret")


def test_tampered_token_is_refused(app: Flask, client, make_user) -> None:
    make_user("a@example.org")
    path = _request_link(app, client, "a@example.org")
    assert path is not None
    assert client.get(path[:-3] + "abc").status_code == 400


def test_reset_ends_other_sessions_and_rejects_weak_passwords(
    app: Flask, client, signed_in, make_user
) -> None:
    other_device = signed_in("advocate", "a@example.org")
    path = _request_link(app, client, "a@example.org")
    assert path is not None
    weak = _reset(client, path, "short")
    assert weak.status_code == 400 and "at least 12" in weak.get_data(as_text=True)
    assert _reset(client, path).status_code == 302
    assert other_device.get("/account/password").status_code == 302
    assert login(app.test_client(), "a@example.org", PASSWORD).status_code == 401


def test_change_password_keeps_this_session_only(app: Flask, signed_in) -> None:
    first = signed_in("advocate", "a@example.org")
    from tests.security.conftest import login as sign_in

    second = app.test_client()
    assert sign_in(second, "a@example.org").status_code == 302
    token = csrf_from(first, "/account/password")
    wrong = first.post(
        "/account/password",
        data={"csrf_token": token, "current": "nope", "password": NEW, "confirm": NEW},
    )
    assert wrong.status_code == 400
    done = first.post(
        "/account/password",
        data={"csrf_token": token, "current": PASSWORD, "password": NEW, "confirm": NEW},
    )
    assert done.status_code == 302
    assert first.get("/account/password").status_code == 200
    assert second.get("/account/password").status_code == 302


def test_reset_mails_are_capped_per_account(app: Flask, client, make_user) -> None:
    make_user("a@example.org")
    for _ in range(5):
        _request_link(app, client, "a@example.org")
    with app.app_context(), session_scope(app) as db:
        sent = db.exec(select(OutboxMessage).where(OutboxMessage.to_addr == "a@example.org"))
        assert len(sent.all()) == 3
