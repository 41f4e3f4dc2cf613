"""Admin pages: only admins, role changes logged and effective, purpose on subscriber data."""

from __future__ import annotations

from flask import Flask
from sqlmodel import select

from monitor.accounts.privacy import accesses_for_subscriber, address_hash
from monitor.accounts.users import get_user_by_email
from monitor.db import session_scope
from monitor.models import AuditLog, ExportLog, Source, Subscriber, UserAccount
from tests.security.conftest import csrf_from, login


def _user(app: Flask, email: str) -> UserAccount:
    with app.app_context(), session_scope(app) as db:
        user = get_user_by_email(session=db, email=email)
        assert user is not None
        return user


def test_non_admins_cannot_reach_admin_pages(signed_in) -> None:
    for role in ("advocate", "reviewer"):
        client = signed_in(role, f"{role}@example.org")
        for path in (
            "/admin/",
            "/admin/users",
            "/admin/audit",
            "/admin/sources",
            "/admin/subscribers",
        ):
            assert client.get(path).status_code == 403, (role, path)


def test_an_advocate_cannot_promote_themselves(app: Flask, signed_in) -> None:
    client = signed_in("advocate", "a@example.org")
    me = _user(app, "a@example.org")
    token = csrf_from(client, "/account/password")
    response = client.post(
        f"/admin/users/{me.id}", data={"csrf_token": token, "action": "set_role", "role": "admin"}
    )
    assert response.status_code == 403
    assert _user(app, "a@example.org").role == "advocate"


def test_admin_changes_a_role_which_is_logged_and_ends_sessions(app: Flask, signed_in) -> None:
    target = signed_in("advocate", "a@example.org")
    admin = signed_in("admin", "admin@example.org")
    user = _user(app, "a@example.org")
    token = csrf_from(admin, "/admin/users")
    response = admin.post(
        f"/admin/users/{user.id}",
        data={"csrf_token": token, "action": "set_role", "role": "reviewer"},
    )
    assert response.status_code == 302
    assert _user(app, "a@example.org").role == "reviewer"
    assert target.get("/account/password").status_code == 302  # signed out
    log = admin.get("/admin/audit?action=role_changed").get_data(as_text=True)
    assert "role_changed" in log and "from=advocate; to=reviewer" in log


def test_the_last_admin_cannot_be_demoted(app: Flask, signed_in) -> None:
    admin = signed_in("admin", "admin@example.org")
    me = _user(app, "admin@example.org")
    token = csrf_from(admin, "/admin/users")
    response = admin.post(
        f"/admin/users/{me.id}",
        data={"csrf_token": token, "action": "set_role", "role": "advocate"},
    )
    assert response.status_code == 400 and "last active admin" in response.get_data(as_text=True)


def test_invited_user_sets_their_own_password(app: Flask, signed_in) -> None:
    admin = signed_in("admin", "admin@example.org")
    token = csrf_from(admin, "/admin/users")
    page = admin.post(
        "/admin/users", data={"csrf_token": token, "email": "new@example.org", "role": "reviewer"}
    ).get_data(as_text=True)
    link = page.split("<code>")[1].split("</code>")[0]
    path = link.removeprefix("https://monitor.test")
    newcomer = app.test_client()
    form_token = csrf_from(newcomer, path)
    done = newcomer.post(
        path,
        data={
            "csrf_token": form_token,
            "password": "my own passphrase",
            "confirm": "my own passphrase",
        },
    )
    assert done.status_code == 302
    assert login(newcomer, "new@example.org", "my own passphrase").status_code == 302


def test_subscriber_export_needs_a_purpose_and_is_visible_to_the_subscriber(
    app: Flask, signed_in
) -> None:
    with app.app_context(), session_scope(app) as db:
        db.add(Subscriber(email="sub@example.org", email_hash=address_hash("sub@example.org")))
    admin = signed_in("admin", "admin@example.org")
    token = csrf_from(admin, "/admin/subscribers")
    refused = admin.post("/admin/subscribers/export", data={"csrf_token": token, "purpose": ""})
    assert refused.status_code == 400
    export = admin.post(
        "/admin/subscribers/export",
        data={"csrf_token": token, "purpose": "Migrating mail provider"},
    )
    assert export.status_code == 200 and b"sub@example.org" in export.data
    lookup = admin.post(
        "/admin/subscribers/lookup",
        data={
            "csrf_token": token,
            "email": "SUB@example.org",
            "purpose": "Subscriber asked by phone",
        },
    )
    assert "sub@example.org" in lookup.get_data(as_text=True)
    with app.app_context(), session_scope(app) as db:
        seen = accesses_for_subscriber(session=db, email="sub@example.org")
        assert len(db.exec(select(ExportLog)).all()) == 1
        stored = [e.details for e in db.exec(select(AuditLog))]
    assert [(e.action, e.purpose) for e in seen] == [
        ("subscriber_data_exported", "Migrating mail provider"),
        ("subscriber_data_viewed", "Subscriber asked by phone"),
    ]
    assert "sub@example.org" not in str(stored)


def test_admin_pauses_a_source(app: Flask, signed_in) -> None:
    with app.app_context(), session_scope(app) as db:
        db.add(Source(key="oig", name="DHS OIG", url="https://www.oig.dhs.gov/"))
    admin = signed_in("admin", "admin@example.org")
    token = csrf_from(admin, "/admin/sources")
    with app.app_context(), session_scope(app) as db:
        source = db.exec(select(Source)).one()
    bad = admin.post(
        f"/admin/sources/{source.id}", data={"csrf_token": token, "cadence_days": "soon"}
    )
    assert bad.status_code == 400
    admin.post(f"/admin/sources/{source.id}", data={"csrf_token": token, "cadence_days": "30"})
    with app.app_context(), session_scope(app) as db:
        source = db.exec(select(Source)).one()
    assert source.enabled is False and source.expected_cadence_days == 30
