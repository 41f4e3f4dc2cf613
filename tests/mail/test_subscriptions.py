"""The subscription flow through the web pages, as a person (and a link scanner) meets it."""

from __future__ import annotations

import re
import time

import pytest
from itsdangerous.timed import TimestampSigner
from sqlmodel import Session, select

from monitor.db import get_engine, get_settings
from monitor.mail.tokens import email_hash
from monitor.models import Facility, OutboxMessage, Subscriber, Subscription, SuppressedAddress

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
CONFIRM = re.compile(r"https://monitor\.test(/subscribe/confirm/[\w.\-]+)")
MANAGE = re.compile(r"https://monitor\.test(/subscribe/manage/[\w.\-]+)")


@pytest.fixture
def facility(app) -> Facility:
    with Session(get_engine(app), expire_on_commit=False) as session:
        row = Facility(
            slug="torrance-county-detention-facility",
            name="Torrance County Detention Facility",
            state="NM",
            aor="ELP",
        )
        session.add(row)
        session.commit()
        return row


def _csrf(client, url: str = "/subscribe") -> str:
    page = client.get(url)
    assert page.status_code == 200
    return TOKEN.search(page.get_data(as_text=True)).group(1)


def _subscribe(
    client,
    email: str,
    scope: str = "facility",
    target: str = "torrance-county-detention-facility",
    frequency: str = "immediate",
):
    return client.post(
        "/subscribe",
        data={
            "csrf_token": _csrf(client),
            "email": email,
            "scope": scope,
            f"target_{scope}": target,
            "frequency": frequency,
        },
    )


def _mails(app, kind: str | None = None) -> list[OutboxMessage]:
    with Session(get_engine(app)) as session:
        query = select(OutboxMessage).order_by(OutboxMessage.id)
        if kind:
            query = query.where(OutboxMessage.kind == kind)
        return list(session.exec(query).all())


def _subscriptions(app) -> list[Subscription]:
    with Session(get_engine(app)) as session:
        return list(session.exec(select(Subscription)).all())


def test_form_offers_facilities_and_needs_csrf(client, facility) -> None:
    page = client.get("/subscribe").get_data(as_text=True)
    assert "Torrance County Detention Facility" in page and 'name="csrf_token"' in page
    refused = client.post("/subscribe", data={"email": "a@example.org", "scope": "all"})
    assert refused.status_code == 400


def test_double_opt_in_survives_link_scanners(app, client, facility) -> None:
    answer = _subscribe(client, "Advocate@Example.org ")
    assert answer.status_code == 200 and "Check your inbox" in answer.get_data(as_text=True)
    [mail] = _mails(app, "confirm")
    assert mail.to_addr == "advocate@example.org"
    path = CONFIRM.search(mail.body_text).group(1)

    scanner = app.test_client()  # a mail gateway fetching every link, without cookies
    page = scanner.get(path)
    assert page.status_code == 200 and "Confirm my subscription" in page.get_data(as_text=True)
    assert [s.confirmed for s in _subscriptions(app)] == [False]

    token = TOKEN.search(client.get(path).get_data(as_text=True)).group(1)
    done = client.post(path, data={"csrf_token": token})
    assert (
        done.status_code == 200
        and "alerts for Torrance County Detention Facility" in done.get_data(as_text=True)
    )
    assert [s.confirmed for s in _subscriptions(app)] == [True]
    again = client.post(path, data={"csrf_token": token})
    assert again.status_code == 200 and [s.confirmed for s in _subscriptions(app)] == [True]


def test_expired_and_tampered_confirmation_links(app, client, facility, monkeypatch) -> None:
    real = TimestampSigner.get_timestamp
    monkeypatch.setattr(
        TimestampSigner, "get_timestamp", lambda self: int(time.time()) - 8 * 24 * 3600
    )
    _subscribe(client, "late@example.org")
    monkeypatch.setattr(TimestampSigner, "get_timestamp", real)
    path = CONFIRM.search(_mails(app, "confirm")[0].body_text).group(1)
    expired = client.get(path)
    assert expired.status_code == 400 and "expired" in expired.get_data(as_text=True)
    assert client.get(path[:-3] + "abc").status_code == 400
    assert [s.confirmed for s in _subscriptions(app)] == [False]


def test_form_never_reveals_an_existing_subscription(app, client, facility) -> None:
    first = _subscribe(client, "new@example.org").get_data(as_text=True)
    path = CONFIRM.search(_mails(app, "confirm")[0].body_text).group(1)
    client.post(
        path, data={"csrf_token": TOKEN.search(client.get(path).get_data(as_text=True)).group(1)}
    )
    known = _subscribe(client, "new@example.org").get_data(as_text=True)
    stranger = _subscribe(client, "other@example.org").get_data(as_text=True)
    strip = re.compile(r'value="[^"]+"')
    assert strip.sub("", first) == strip.sub("", known) == strip.sub("", stranger)
    assert [m.kind for m in _mails(app, "already")] == ["already"]  # the owner learns it, by mail


def test_rate_limited_per_client_address(app, facility) -> None:
    get_settings(app).mail.subscribe_per_client_per_hour = 2
    client = app.test_client()
    assert _subscribe(client, "a@example.org").status_code == 200
    assert _subscribe(client, "b@example.org").status_code == 200
    limited = _subscribe(client, "c@example.org")
    assert limited.status_code == 429 and "Too many" in limited.get_data(as_text=True)
    other = app.test_client()
    ok = other.post(
        "/subscribe",
        environ_base={"REMOTE_ADDR": "10.0.0.9"},
        data={"csrf_token": _csrf(other), "email": "d@example.org", "scope": "all"},
    )
    assert ok.status_code == 200


def test_rate_limited_per_address_silently(app, facility) -> None:
    for n in range(5):
        client = app.test_client()
        answer = client.post(
            "/subscribe",
            environ_base={"REMOTE_ADDR": f"10.0.0.{n}"},
            data={"csrf_token": _csrf(client), "email": "target@example.org", "scope": "all"},
        )
        assert answer.status_code == 200
    assert len(_mails(app, "confirm")) == 3  # the default per-address limit per hour


def test_one_click_unsubscribe_needs_no_csrf_and_forgets_the_address(app, client, facility) -> None:
    _subscribe(client, "leaver@example.org")
    [mail] = _mails(app, "confirm")
    url = mail.headers["List-Unsubscribe"].strip("<>")
    assert url.startswith("https://monitor.test/subscribe/unsubscribe/")
    fresh = app.test_client()  # a mail client: no cookie, no CSRF token
    answer = fresh.post(
        url.removeprefix("https://monitor.test"), data={"List-Unsubscribe": "One-Click"}
    )
    assert answer.status_code == 200 and "unsubscribed" in answer.get_data(as_text=True)
    with Session(get_engine(app)) as session:
        assert session.exec(select(Subscriber)).all() == []
        assert session.exec(select(OutboxMessage)).all() == []
        [suppressed] = session.exec(select(SuppressedAddress)).all()
    assert suppressed.email_hash == email_hash(get_settings(app), "leaver@example.org")
    again = fresh.post(
        url.removeprefix("https://monitor.test"), data={"List-Unsubscribe": "One-Click"}
    )
    assert again.status_code == 200


def test_unsubscribe_link_page_shows_a_button(app, client, facility) -> None:
    _subscribe(client, "reader@example.org")
    url = (
        _mails(app, "confirm")[0]
        .headers["List-Unsubscribe"]
        .strip("<>")
        .removeprefix("https://monitor.test")
    )
    page = client.get(url).get_data(as_text=True)
    assert "Unsubscribe from everything" in page
    assert len(_subscriptions(app)) == 1  # a GET changes nothing


def test_manage_preferences_by_emailed_link(app, client, facility) -> None:
    _subscribe(client, "prefs@example.org", frequency="immediate")
    _subscribe(client, "prefs@example.org", scope="all", target="")
    path = MANAGE.search(_mails(app, "confirm")[0].body_text).group(1)
    page = client.get(path).get_data(as_text=True)
    assert "alerts for Torrance County Detention Facility" in page and "every alert" in page
    subs = sorted(_subscriptions(app), key=lambda s: s.id)
    token = TOKEN.search(page).group(1)
    saved = client.post(
        path,
        data={
            "csrf_token": token,
            f"frequency_{subs[0].id}": "weekly",
            f"frequency_{subs[1].id}": "daily",
            "remove": str(subs[1].id),
        },
    )
    assert saved.status_code == 200 and "saved" in saved.get_data(as_text=True)
    assert [(s.scope, s.frequency) for s in _subscriptions(app)] == [("facility", "weekly")]
    assert client.post(path, data={f"frequency_{subs[0].id}": "daily"}).status_code == 400  # CSRF


def test_invalid_form_input_is_explained(client, facility) -> None:
    bad = _subscribe(client, "not-an-address")
    assert bad.status_code == 400 and "valid email" in bad.get_data(as_text=True)
    unknown = _subscribe(client, "a@example.org", target="no-such-facility")
    assert unknown.status_code == 400 and "Choose a facility" in unknown.get_data(as_text=True)


def test_manage_page_links_to_the_access_log(app, client, facility) -> None:
    _subscribe(client, "curious@example.org")
    path = MANAGE.search(_mails(app, "confirm")[0].body_text).group(1)
    page = client.get(path).get_data(as_text=True)
    assert f"{path}/accesses" in page
