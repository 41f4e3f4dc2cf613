"""NUL bytes, HSTS, the trusted-proxy setting and formula-safe subscriber exports."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest
from flask import Flask, request

from monitor import create_app
from monitor.accounts.privacy import address_hash
from monitor.db import session_scope
from monitor.models import Subscriber
from tests.security.conftest import csrf_from

NUL_URLS = [
    "/facilities/torrance%00",
    "/facilities/torrance%00/timeline",
    "/facilities/torrance%00/feed.atom",
    "/confirm/abc%00def",
    "/search?q=torrance%00",
    "/search.csv?q=%00",
    "/tracker?facility=%00",
    "/tracker.csv?status=open%00",
    "/facilities?state=N%00M",
]


@pytest.mark.parametrize("url", NUL_URLS)
def test_a_nul_byte_in_path_or_query_is_a_bad_request(db_app: Flask, url: str) -> None:
    response = db_app.test_client().get(url)
    assert response.status_code == 400


def _production_app(tmp_path: Path, **extra: object) -> Flask:
    return create_app(
        {
            "env": "production",
            "secret_key": secrets.token_urlsafe(32),
            "base_url": "https://monitor.example",
            "instance_path": tmp_path,
            "database_url": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            **extra,
        }
    )


def test_production_sends_hsts(tmp_path: Path) -> None:
    app = _production_app(tmp_path)
    response = app.test_client().get("/static/does-not-exist.css")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    app.extensions["monitor.engine"].dispose()


def test_development_sends_no_hsts(client) -> None:
    assert "Strict-Transport-Security" not in client.get("/").headers


def _seen_address(app: Flask) -> str:
    @app.get("/_test/remote-addr")
    def remote_addr() -> str:
        return request.remote_addr or ""

    response = app.test_client().get(
        "/_test/remote-addr",
        headers={"X-Forwarded-For": "203.0.113.9, 198.51.100.7"},
        environ_base={"REMOTE_ADDR": "10.0.0.2"},
    )
    return response.get_data(as_text=True)


def test_forwarded_addresses_are_ignored_by_default(tmp_path: Path) -> None:
    app = _production_app(tmp_path)
    assert _seen_address(app) == "10.0.0.2"
    app.extensions["monitor.engine"].dispose()


def test_one_trusted_proxy_gives_the_address_it_saw(tmp_path: Path) -> None:
    app = _production_app(tmp_path, trusted_proxy_hops=1)
    assert _seen_address(app) == "198.51.100.7"  # what our proxy saw; not what the client wrote
    app.extensions["monitor.engine"].dispose()


def test_subscriber_export_defuses_formulas(app: Flask, signed_in) -> None:
    with app.app_context(), session_scope(app) as db:
        for email in ("=1+2@example.net", "+cmd@example.net", "@sum@example.net", "a@example.org"):
            db.add(Subscriber(email=email, email_hash=address_hash(email)))
    admin = signed_in("admin", "admin@example.org")
    token = csrf_from(admin, "/admin/subscribers")
    export = admin.post(
        "/admin/subscribers/export", data={"csrf_token": token, "purpose": "Formula check"}
    )
    lines = export.get_data(as_text=True).splitlines()
    emails = sorted(line.split(",")[0] for line in lines[1:])
    assert emails == [
        "'+cmd@example.net",
        "'=1+2@example.net",
        "'@sum@example.net",
        "a@example.org",
    ]
