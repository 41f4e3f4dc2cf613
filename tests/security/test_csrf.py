"""CSRF: every state-changing form of the accounts area refuses a missing or foreign token."""

from __future__ import annotations

import pytest
from flask import Flask

from tests.security.conftest import PASSWORD, csrf_from

MY_BLUEPRINTS = ("account", "review", "notes", "ngo_form", "admin", "admin_data", "privacy")


def _post_paths(app: Flask) -> list[str]:
    """A concrete URL for every POST route of the accounts-area blueprints."""
    paths = []
    for rule in app.url_map.iter_rules():
        if "POST" not in (rule.methods or ()) or rule.endpoint.split(".")[0] not in MY_BLUEPRINTS:
            continue
        values = {arg: (1 if "id" in arg else "x") for arg in rule.arguments}
        values.setdefault("table", "finding")
        paths.append(rule.build(values)[1])  # type: ignore[index]
    return sorted(paths)


def test_every_post_route_needs_the_token(app: Flask, signed_in) -> None:
    admin = signed_in("admin", "admin@example.org")
    paths = _post_paths(app)
    assert len(paths) >= 15, paths
    for path in paths:
        response = admin.post(path, data={"purpose": "x", "body": "x", "action": "accept"})
        assert response.status_code == 400, path
        assert "CSRF" in response.get_data(as_text=True), path


def test_login_without_a_token_is_refused(client, make_user) -> None:
    make_user("a@example.org")
    response = client.post("/account/login", data={"email": "a@example.org", "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/account/password").status_code == 302  # still signed out


def test_a_token_from_another_session_is_refused(app: Flask, signed_in) -> None:
    victim = signed_in("admin", "admin@example.org")
    attacker = app.test_client()
    foreign = csrf_from(attacker, "/account/login")
    response = victim.post(
        "/admin/users",
        data={"csrf_token": foreign, "email": "mallory@example.org", "role": "admin"},
    )
    assert response.status_code == 400


@pytest.mark.parametrize("origin", ["https://evil.example", "http://monitor.test.evil.example"])
def test_a_cross_site_origin_is_refused_even_with_a_token(signed_in, origin: str) -> None:
    admin = signed_in("admin", "admin@example.org")
    token = csrf_from(admin, "/admin/users")
    response = admin.post(
        "/admin/users",
        headers={"Origin": origin},
        data={"csrf_token": token, "email": "m@example.org", "role": "admin"},
    )
    assert response.status_code == 400


def test_the_public_origin_is_accepted(signed_in) -> None:
    admin = signed_in("admin", "admin@example.org")
    token = csrf_from(admin, "/admin/users")
    response = admin.post(
        "/admin/users",
        headers={"Origin": "https://monitor.test"},
        data={"csrf_token": token, "email": "m@example.org", "role": "reviewer"},
    )
    assert response.status_code == 200 and "Account created" in response.get_data(as_text=True)
