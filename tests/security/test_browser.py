"""In a real headless Chromium: the session cookie is out of reach of scripts, and a forged
cross-site form cannot act for a signed-in admin."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlmodel import select
from werkzeug.wrappers import Request, Response

from monitor.db import session_scope
from monitor.models import UserAccount
from tests.live_server import serve_in_thread
from tests.security.conftest import PASSWORD

CHROMIUM = os.environ.get("MONITOR_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"chromium not installed at {CHROMIUM}"),
]


@pytest.fixture
def live_url(app: Flask) -> Iterator[str]:
    yield from serve_in_thread(app)


@pytest.fixture
def attacker_url(live_url: str) -> Iterator[str]:
    """Another origin serving a page that auto-submits a form to the monitor."""
    page = f"""<!doctype html><form id=f method=post action="{live_url}/admin/users">
      <input name=email value="mallory@evil.example"><input name=role value=admin></form>
      <script>document.getElementById('f').submit()</script>"""

    @Request.application
    def evil(_request: Request) -> Response:
        return Response(page, mimetype="text/html")

    yield from serve_in_thread(evil)


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=CHROMIUM, headless=True, args=ARGS
        )
        yield context
        context.close()


def test_cookie_is_http_only_and_forged_form_is_refused(
    app: Flask, make_user, live_url: str, attacker_url: str, browser: Any
) -> None:
    make_user("admin@example.org", "admin")
    page = browser.new_page()
    page.goto(live_url + "/account/login?next=/admin/users")
    page.get_by_label("Email").fill("admin@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(live_url + "/admin/users")
    assert page.get_by_role("heading", level=1).inner_text() == "Accounts and roles"
    assert "session" not in page.evaluate("document.cookie")
    cookie = next(c for c in browser.cookies() if c["name"] == "session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
    evil = browser.new_page()
    with evil.expect_response(live_url + "/admin/users") as answer:
        evil.goto(attacker_url)
    assert answer.value.status == 400  # the browser did send the forged POST, with the cookie
    with app.app_context(), session_scope(app) as db:
        emails = [u.email for u in db.exec(select(UserAccount))]
    assert emails == ["admin@example.org"]
