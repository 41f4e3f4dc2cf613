"""Confirmation links are bound to the address and the row; parallel requests stay in bounds."""

from __future__ import annotations

import threading

from flask import Flask
from sqlmodel import Session, delete, select

from monitor.db import get_engine, get_settings
from monitor.mail.tokens import email_hash
from monitor.models import Facility, OutboxMessage, Subscriber, Subscription
from tests.mail.test_subscriptions import CONFIRM, TOKEN, _mails, _subscribe

TARGET = "torrance-county-detention-facility"


def _facility(app: Flask) -> None:
    with Session(get_engine(app)) as session:
        session.add(Facility(slug=TARGET, name="Torrance County Detention Facility", state="NM"))
        session.commit()


def _rows(app: Flask) -> tuple[int, int]:
    with Session(get_engine(app)) as session:
        sub = session.exec(select(Subscription)).one()
        return sub.subscriber_id, sub.id or 0


def test_a_link_for_a_deleted_subscription_never_confirms_another(db_app: Flask) -> None:
    _facility(db_app)
    client = db_app.test_client()
    _subscribe(client, "first@example.org")
    path = CONFIRM.search(_mails(db_app, "confirm")[0].body_text).group(1)
    subscriber_id, subscription_id = _rows(db_app)
    with Session(get_engine(db_app)) as session:  # first@ goes away without confirming
        session.exec(delete(OutboxMessage))  # type: ignore[call-overload]
        session.exec(delete(Subscription))  # type: ignore[call-overload]
        session.exec(delete(Subscriber))  # type: ignore[call-overload]
        # second@ gets the very same row ids, as SQLite hands out again after a delete
        second = "second@example.org"
        session.add(
            Subscriber(
                id=subscriber_id, email=second, email_hash=email_hash(get_settings(db_app), second)
            )
        )
        session.flush()
        session.add(
            Subscription(
                id=subscription_id, subscriber_id=subscriber_id, scope="facility", target=TARGET
            )
        )
        session.commit()
    token = TOKEN.search(client.get(path).get_data(as_text=True))
    answer = client.post(path, data={"csrf_token": token.group(1) if token else ""})
    assert answer.status_code == 400
    assert "no longer valid" in answer.get_data(as_text=True)
    with Session(get_engine(db_app)) as session:
        assert session.exec(select(Subscription.confirmed)).all() == [False]


def test_one_address_from_twenty_clients_at_once(db_app: Flask) -> None:
    _facility(db_app)
    statuses: list[int] = []
    start = threading.Barrier(20)

    def one(n: int) -> None:
        client = db_app.test_client()
        page = client.get("/subscribe", environ_base={"REMOTE_ADDR": f"198.51.100.{n}"})
        token = TOKEN.search(page.get_data(as_text=True)).group(1)
        form = {"csrf_token": token, "email": "crowd@example.org", "scope": "facility",
                "target_facility": TARGET, "frequency": "immediate"}  # fmt: skip
        start.wait()
        answer = client.post(
            "/subscribe", data=form, environ_base={"REMOTE_ADDR": f"198.51.100.{n}"}
        )
        statuses.append(answer.status_code)

    threads = [threading.Thread(target=one, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * 20
    cap = get_settings(db_app).mail.subscribe_per_address_per_hour
    assert 1 <= len(_mails(db_app, "confirm")) <= cap
    with Session(get_engine(db_app)) as session:
        assert len(session.exec(select(Subscriber)).all()) == 1


def test_an_old_unsubscribe_link_never_fits_a_new_row(db_app: Flask) -> None:
    from monitor.mail.outbox import Recipient, links
    from monitor.mail.tokens import TokenInvalid
    from monitor.subscribers.subscriptions import subscriber_for

    settings = get_settings(db_app)
    email = "again@example.org"
    with Session(get_engine(db_app)) as session:
        first = Subscriber(email=email, email_hash=email_hash(settings, email))
        session.add(first)
        session.commit()
        old_id, old_nonce = first.id or 0, first.nonce
        unsubscribe_url, _ = links(settings, Recipient(old_id, email, 1, nonce=old_nonce))
        token = unsubscribe_url.rsplit("/", 1)[-1]
        assert subscriber_for(session=session, settings=settings, token=token) is not None
        session.delete(first)
        session.commit()
        # The same person subscribes again and gets the same id (as SQLite may hand out).
        session.add(Subscriber(id=old_id, email=email, email_hash=email_hash(settings, email)))
        session.commit()
        try:
            subscriber_for(session=session, settings=settings, token=token)
        except TokenInvalid:
            pass
        else:
            raise AssertionError("a link for the deleted row must not act on the new one")
