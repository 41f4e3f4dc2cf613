"""Sign-in: session fixation, open redirects, lockout, rate limit, session invalidation."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlmodel import select

from monitor.accounts.users import get_user_by_email, set_role
from monitor.db import session_scope
from monitor.models import AuditLog
from tests.security.conftest import PASSWORD, csrf_from, login


def test_login_rejects_a_wrong_password_and_logs_it(app: Flask, client, make_user) -> None:
    make_user("a@example.org")
    response = login(client, "a@example.org", "wrong password here")
    assert response.status_code == 401
    assert "incorrect" in response.get_data(as_text=True)
    with app.app_context(), session_scope(app) as db:
        actions = [e.action for e in db.exec(select(AuditLog))]
    assert actions == ["login_failed"]


def test_login_starts_a_new_session(app: Flask, client, make_user) -> None:
    make_user("a@example.org")
    before = csrf_from(client, "/account/login")
    old_cookie = client.get_cookie("session")
    assert old_cookie is not None
    assert login(client, "a@example.org").status_code == 302
    new_cookie = client.get_cookie("session")
    assert new_cookie is not None and new_cookie.value != old_cookie.value
    # The token planted before login is worthless afterwards.
    after = csrf_from(client, "/account/password")
    assert after != before
    # Replaying the pre-login cookie does not give a signed-in session.
    attacker = app.test_client()
    attacker.set_cookie("session", old_cookie.value, domain="localhost")
    assert attacker.get("/account/password").status_code == 302


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "\\\\evil.example",
        "/\t/evil.example",
        "javascript:alert(1)",
        "http:/evil.example",
        "evil.example",
    ],
)
def test_login_never_redirects_off_site(client, make_user, target: str) -> None:
    make_user("a@example.org")
    response = login(client, "a@example.org", next_url=target)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_login_follows_a_local_next(client, make_user) -> None:
    make_user("a@example.org")
    response = login(client, "a@example.org", next_url="/account/password?x=1")
    assert response.headers["Location"] == "/account/password?x=1"


def test_lockout_after_five_failures_even_with_the_right_password(client, make_user) -> None:
    make_user("a@example.org")
    for _ in range(5):
        assert login(client, "a@example.org", "wrong password here").status_code == 401
    assert login(client, "a@example.org", PASSWORD).status_code == 401


def test_rate_limit_per_address(client, make_user) -> None:
    for _ in range(20):
        login(client, "nobody@example.org", "wrong password here")
    make_user("a@example.org")
    assert login(client, "a@example.org").status_code == 429


def test_role_change_ends_existing_sessions(app: Flask, signed_in) -> None:
    client = signed_in("reviewer", "r@example.org")
    assert client.get("/account/password").status_code == 200
    with app.app_context(), session_scope(app) as db:
        user = get_user_by_email(session=db, email="r@example.org")
        assert user is not None
        set_role(session=db, user=user, role="advocate")
    assert client.get("/account/password").status_code == 302


def test_session_cookie_flags(app: Flask, client, make_user) -> None:
    make_user("a@example.org")
    response = login(client, "a@example.org")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_navigation_shows_only_the_areas_of_the_role(client, signed_in) -> None:
    assert "Sign in" in client.get("/account/login").get_data(as_text=True)
    reviewer = signed_in("reviewer", "r@example.org").get("/account/password")
    page = reviewer.get_data(as_text=True)
    assert "Sign out" in page and "Review</a>" in page
    assert "Admin</a>" not in page and "My notes</a>" not in page


def test_account_page_lists_failed_and_successful_sign_ins(client, make_user) -> None:
    make_user("a@example.org")
    login(client, "a@example.org", "wrong password here")
    login(client, "a@example.org")
    page = client.get("/account/password").get_data(as_text=True)
    assert "login failed" in page and "<td>login</td>" in page
