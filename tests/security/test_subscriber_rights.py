"""A subscriber sees which accesses touched their address and can delete their data."""

from __future__ import annotations

from flask import Flask
from sqlmodel import select

from monitor.accounts.privacy import address_hash
from monitor.db import session_scope
from monitor.mail.tokens import make_link_token
from monitor.models import AuditLog, OutboxMessage, Subscriber, Subscription, SuppressedAddress
from tests.security.conftest import csrf_from

EMAIL = "reader@example.org"


def _subscribe(app: Flask) -> str:
    """A confirmed subscriber with one subscription and a queued message; returns the token."""
    with app.app_context(), session_scope(app) as db:
        sub = Subscriber(email=EMAIL, email_hash=address_hash(EMAIL))
        db.add(sub)
        db.flush()
        db.add(Subscription(subscriber_id=sub.id or 0, scope="all", confirmed=True))
        db.add(
            OutboxMessage(
                subscriber_id=sub.id,
                to_addr=EMAIL,
                subject="Alert",
                message_id="<m1@monitor.test>",
                body_text="hello",
            )
        )
        return make_link_token(
            app.extensions["monitor.settings"], sub.id or 0, sub.token_version, EMAIL, sub.nonce
        )


def test_subscriber_sees_an_admin_lookup_with_its_purpose(app: Flask, signed_in) -> None:
    token = _subscribe(app)
    admin = signed_in("admin", "admin@example.org")
    csrf = csrf_from(admin, "/admin/subscribers")
    admin.post(
        "/admin/subscribers/lookup",
        data={"csrf_token": csrf, "email": EMAIL, "purpose": "Bounce investigation"},
    )
    page = app.test_client().get(f"/subscribe/manage/{token}/accesses").get_data(as_text=True)
    assert "An administrator looked up your address" in page
    assert "Bounce investigation" in page and "admin@example.org" in page


def test_subscriber_deletes_their_data(app: Flask) -> None:
    token = _subscribe(app)
    client = app.test_client()
    csrf = csrf_from(client, f"/subscribe/manage/{token}/delete")
    missing = client.post(f"/subscribe/manage/{token}/delete")
    assert missing.status_code == 400
    done = client.post(f"/subscribe/manage/{token}/delete", data={"csrf_token": csrf})
    assert done.status_code == 200 and "Your data is deleted" in done.get_data(as_text=True)
    with app.app_context(), session_scope(app) as db:
        assert db.exec(select(Subscriber)).all() == []
        assert db.exec(select(Subscription)).all() == []
        assert db.exec(select(OutboxMessage)).all() == []
        hashes = [s.email_hash for s in db.exec(select(SuppressedAddress))]
        log = [(e.action, e.subject_hash) for e in db.exec(select(AuditLog))]
    assert hashes == [address_hash(EMAIL, secret="test-secret")]
    assert log[-1][0] == "subscriber_data_deleted" and EMAIL not in str(log)
    assert client.get(f"/subscribe/manage/{token}/accesses").status_code == 404


def test_a_forged_token_reveals_nothing(app: Flask) -> None:
    _subscribe(app)
    client = app.test_client()
    assert client.get("/subscribe/manage/not-a-token/accesses").status_code == 404
    assert client.get("/subscribe/manage/not-a-token/delete").status_code == 404
