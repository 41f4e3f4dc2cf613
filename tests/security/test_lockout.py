"""Failed sign-ins are counted atomically; a stranger can slow an account, not lock it out."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from flask import Flask

from monitor.accounts import login as login_module
from monitor.accounts.login import LoginPolicy, LoginRefused, authenticate
from monitor.accounts.users import create_user
from monitor.db import session_scope
from tests.security.conftest import PASSWORD

EMAIL = "target@example.org"


@pytest.fixture
def account(db_app: Flask) -> Flask:
    with db_app.app_context(), session_scope(db_app) as db:
        create_user(session=db, email=EMAIL, password=PASSWORD, role="advocate")
    return db_app


def _attempt(app: Flask, password: str, policy: LoginPolicy, client_ip: str) -> bool:
    """One sign-in attempt in its own transaction, committed either way (as the view does)."""
    with app.app_context(), session_scope(app) as db:
        try:
            authenticate(
                session=db, email=EMAIL, password=password, client_ip=client_ip, policy=policy
            )
        except LoginRefused:
            return False
        return True


def test_forty_parallel_guesses_get_at_most_the_limit_checked(
    account: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked: list[str] = []
    real_verify = login_module.verify_password
    monkeypatch.setattr(
        login_module, "verify_password", lambda h, p: checked.append(p) or real_verify(h, p)
    )
    policy = LoginPolicy(first_delay=timedelta(minutes=10), ip_max_failures=1000)
    start = threading.Barrier(40)

    def guess(n: int) -> None:
        start.wait()
        _attempt(account, f"wrong guess {n}", policy, f"203.0.113.{n}")

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert 1 <= len(checked) <= policy.max_failures


def test_a_stranger_slows_the_account_but_the_owner_gets_back_in(account: Flask) -> None:
    policy = LoginPolicy(first_delay=timedelta(seconds=1), max_delay=timedelta(seconds=1))
    for n in range(8):
        assert not _attempt(account, f"stranger guess {n}", policy, "198.51.100.1")
    assert not _attempt(account, PASSWORD, policy, "192.0.2.10")  # within the delay
    time.sleep(1.2)
    assert _attempt(account, PASSWORD, policy, "192.0.2.10")


def test_the_delay_doubles_up_to_its_cap() -> None:
    policy = LoginPolicy(first_delay=timedelta(seconds=2), max_delay=timedelta(minutes=1))
    assert [policy.delay_after(n).total_seconds() for n in (4, 5, 6, 7, 9, 20)] == [
        0,
        2,
        4,
        8,
        32,
        60,
    ]
