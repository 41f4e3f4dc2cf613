"""The per-client subscribe limit holds across web workers and stores no address."""

from __future__ import annotations

from sqlmodel import select

from monitor import create_app
from monitor.db import get_settings, session_scope
from monitor.models import RateLimitHit
from tests.mail.test_subscriptions import _csrf


def _post(app, email: str):
    client = app.test_client()
    return client.post(
        "/subscribe",
        environ_base={"REMOTE_ADDR": "203.0.113.7"},
        data={"csrf_token": _csrf(client), "email": email, "scope": "all"},
    )


def test_limit_is_shared_by_two_workers_and_keeps_no_address(app) -> None:
    settings = get_settings(app)
    overrides = {
        "TESTING": True,
        "instance_path": settings.instance_path,
        "database_url": settings.database_url,
        "data_dir": settings.data_dir,
        "secret_key": settings.secret_key,
        "base_url": settings.base_url,
        "mail": {"subscribe_per_client_per_hour": 2},
    }
    worker_a, worker_b = create_app(overrides), create_app(overrides)
    assert _post(worker_a, "a@example.org").status_code == 200
    assert _post(worker_b, "b@example.org").status_code == 200
    assert _post(worker_a, "c@example.org").status_code == 429
    with session_scope(app) as session:
        hashes = [hit.key_hash for hit in session.exec(select(RateLimitHit))]
    assert len(hashes) == 2 and all("203.0.113.7" not in h for h in hashes)
