"""Markup typed into any field comes back as inert text on every page that shows it."""

from __future__ import annotations

import io

from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import select

from monitor.db import session_scope
from monitor.models import ReviewItem
from tests.security.conftest import csrf_from

EVIL = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _inert(page: str) -> None:
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;" in page


def _note_and_upload(client: FlaskClient, facility_id: int) -> None:
    token = csrf_from(client, f"/private/facilities/{facility_id}")
    client.post(
        f"/private/facilities/{facility_id}/notes", data={"csrf_token": token, "body": EVIL}
    )
    client.post(
        f"/private/facilities/{facility_id}/uploads",
        content_type="multipart/form-data",
        data={"csrf_token": token, "file": (io.BytesIO(b"x"), f"{EVIL}.pdf")},
    )


def test_note_body_and_upload_name(facts, signed_in) -> None:
    lawyer = signed_in("advocate", "lawyer@example.org")
    _note_and_upload(lawyer, facts["facility"])
    _inert(lawyer.get(f"/private/facilities/{facts['facility']}").get_data(as_text=True))
    _inert(lawyer.get("/private/").get_data(as_text=True))


def test_ngo_form_fields_in_the_form_and_the_review_queue(app: Flask, facts, signed_in) -> None:
    lawyer = signed_in("advocate", "lawyer@example.org")
    token = csrf_from(lawyer, "/private/findings/new")
    data = {
        "csrf_token": token,
        "facility_id": str(facts["facility"]),
        "organisation": EVIL,
        "title": EVIL,
        "url": "https://ngo.example/a",
        "category": "MEDICAL_CARE",
        "summary": EVIL,
        "quote": EVIL,
    }
    assert lawyer.post("/private/findings/new", data=data).status_code == 302
    refused = lawyer.post("/private/findings/new", data={**data, "url": EVIL})
    _inert(refused.get_data(as_text=True))
    reviewer = signed_in("reviewer", "r@example.org")
    _inert(reviewer.get("/review/").get_data(as_text=True))
    with app.app_context(), session_scope(app) as db:
        item = db.exec(
            select(ReviewItem)
            .where(ReviewItem.kind == "ngo_allegation")
            .order_by(ReviewItem.id.desc())
        ).first()
        assert item is not None
    _inert(reviewer.get(f"/review/{item.id}").get_data(as_text=True))


def test_review_note_and_correction_reason(facts, signed_in, client) -> None:
    reviewer = signed_in("reviewer", "r@example.org")
    path = f"/review/correct/finding/{facts['finding']}"
    token = csrf_from(reviewer, path)
    reviewer.post(
        path, data={"csrf_token": token, "field": "summary", "value": EVIL, "reason": EVIL}
    )
    _inert(reviewer.get(path).get_data(as_text=True))
    reviewer.post(
        f"/review/{facts['item']}/decide",
        data={"csrf_token": token, "action": "accept", "note": EVIL},
    )
    _inert(reviewer.get("/review/").get_data(as_text=True))
    public = client.get("/facilities/torrance-nm").get_data(as_text=True)
    assert "<script>alert" not in public


def test_login_email_echo_and_admin_pages(app: Flask, client, signed_in) -> None:
    token = csrf_from(client, "/account/login")
    page = client.post(
        "/account/login", data={"csrf_token": token, "email": EVIL, "password": "x"}
    ).get_data(as_text=True)
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    admin = signed_in("admin", "admin@example.org")
    token = csrf_from(admin, "/admin/users")
    refused = admin.post(
        "/admin/users", data={"csrf_token": token, "email": f"{EVIL}@x.org", "role": "advocate"}
    )
    assert refused.status_code == 400
    audit_page = admin.get("/admin/audit").get_data(as_text=True)
    assert "<script>alert" not in audit_page


def test_source_schedule_and_audit_details(app: Flask, signed_in) -> None:
    from monitor.models import Source

    with app.app_context(), session_scope(app) as db:
        db.add(Source(key="oig", name="DHS OIG", url="https://www.oig.dhs.gov/"))
    admin = signed_in("admin", "admin@example.org")
    token = csrf_from(admin, "/admin/sources")
    admin.post(
        "/admin/sources/1", data={"csrf_token": token, "schedule": EVIL[:90], "enabled": "on"}
    )
    _inert(admin.get("/admin/sources").get_data(as_text=True))
    _inert(admin.get("/admin/audit?action=source_settings_changed").get_data(as_text=True))
