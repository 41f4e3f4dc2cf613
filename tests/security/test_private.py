"""Private notes and uploads: author-only, 404 for others, purpose for admins, never public."""

from __future__ import annotations

import io
import re

from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import select

from monitor.db import session_scope
from monitor.models import AuditLog, PrivateNote, PrivateUpload
from tests.security.conftest import csrf_from

MARKER = "PRIVMARK7731"


def _add_note(client: FlaskClient, facility_id: int, body: str) -> int:
    token = csrf_from(client, f"/private/facilities/{facility_id}")
    response = client.post(
        f"/private/facilities/{facility_id}/notes", data={"csrf_token": token, "body": body}
    )
    assert response.status_code == 302
    page = client.get(f"/private/facilities/{facility_id}").get_data(as_text=True)
    ids = re.findall(r"/private/notes/(\d+)", page)
    return int(ids[0])


def _add_upload(client: FlaskClient, facility_id: int, name: str, content: bytes) -> int:
    token = csrf_from(client, f"/private/facilities/{facility_id}")
    data = {"csrf_token": token, "file": (io.BytesIO(content), name)}
    response = client.post(
        f"/private/facilities/{facility_id}/uploads", data=data, content_type="multipart/form-data"
    )
    assert response.status_code == 302
    page = client.get(f"/private/facilities/{facility_id}").get_data(as_text=True)
    return int(re.findall(r"/private/uploads/(\d+)", page)[0])


def test_the_author_reads_their_note(facts, signed_in) -> None:
    lawyer = signed_in("advocate", "lawyer@example.org")
    note_id = _add_note(lawyer, facts["facility"], "Client reports no insulin for 3 days")
    page = lawyer.get(f"/private/notes/{note_id}")
    assert page.status_code == 200
    assert "Client reports no insulin for 3 days" in page.get_data(as_text=True)


def test_guessing_another_users_note_id_is_a_404(facts, signed_in) -> None:
    lawyer = signed_in("advocate", "lawyer@example.org")
    note_id = _add_note(lawyer, facts["facility"], "privileged")
    other = signed_in("advocate", "other@example.org")
    assert other.get(f"/private/notes/{note_id}").status_code == 404
    assert other.get(f"/private/notes/{note_id + 1000}").status_code == 404
    token = csrf_from(other, "/account/password")
    assert (
        other.post(f"/private/notes/{note_id}/delete", data={"csrf_token": token}).status_code
        == 404
    )
    assert "privileged" not in other.get("/private/").get_data(as_text=True)


def test_another_users_upload_is_a_404(facts, signed_in) -> None:
    lawyer = signed_in("advocate", "lawyer@example.org")
    upload_id = _add_upload(lawyer, facts["facility"], "declaration.pdf", b"%PDF-1.4 secret")
    with lawyer.get(f"/private/uploads/{upload_id}") as own:
        assert own.status_code == 200 and own.data == b"%PDF-1.4 secret"
        assert own.headers["Content-Type"] == "application/octet-stream"
        assert own.headers["Content-Disposition"].startswith("attachment")
    other = signed_in("advocate", "other@example.org")
    assert other.get(f"/private/uploads/{upload_id}").status_code == 404


def test_reviewers_have_no_private_area(facts, signed_in) -> None:
    assert signed_in("reviewer", "r@example.org").get("/private/").status_code == 403


def test_admin_needs_a_stated_purpose_which_is_logged(app: Flask, facts, signed_in) -> None:
    lawyer = signed_in("advocate", "lawyer@example.org")
    note_id = _add_note(lawyer, facts["facility"], "privileged")
    admin = signed_in("admin", "admin@example.org")
    ask = admin.get(f"/private/notes/{note_id}")
    assert ask.status_code == 403 and "privileged" not in ask.get_data(as_text=True)
    token = csrf_from(admin, "/account/password")
    blank = admin.post(f"/private/notes/{note_id}", data={"csrf_token": token, "purpose": " "})
    assert blank.status_code == 403
    opened = admin.post(
        f"/private/notes/{note_id}", data={"csrf_token": token, "purpose": "Court order 24-117"}
    )
    assert opened.status_code == 200 and "privileged" in opened.get_data(as_text=True)
    with app.app_context(), session_scope(app) as db:
        views = db.exec(select(AuditLog).where(AuditLog.action == "private_note_viewed")).all()
    assert [(v.actor_label, v.purpose) for v in views][-1] == (
        "admin@example.org",
        "Court order 24-117",
    )


def test_uploads_are_stored_encrypted_outside_the_capture_store(
    app: Flask, facts, signed_in
) -> None:
    lawyer = signed_in("advocate", "lawyer@example.org")
    _add_upload(lawyer, facts["facility"], "notes.txt", b"privileged bytes")
    settings = app.extensions["monitor.settings"]
    with app.app_context(), session_scope(app) as db:
        (upload,) = db.exec(select(PrivateUpload)).all()
    stored = [p for p in (settings.instance_path / "private_uploads").rglob("*") if p.is_file()]
    assert len(stored) == 1 and stored[0].stat().st_mode & 0o077 == 0
    assert not stored[0].is_relative_to(settings.data_dir)
    every_file = [p for p in settings.instance_path.parent.rglob("*") if p.is_file()]
    assert all(b"privileged bytes" not in p.read_bytes() for p in every_file)
    assert all(upload.sha256 not in str(p) for p in every_file)


def test_a_damaged_upload_is_reported_not_served(app: Flask, facts, signed_in) -> None:
    lawyer = signed_in("advocate", "lawyer@example.org")
    upload_id = _add_upload(lawyer, facts["facility"], "notes.txt", b"privileged bytes")
    settings = app.extensions["monitor.settings"]
    (stored,) = [p for p in (settings.instance_path / "private_uploads").rglob("*") if p.is_file()]
    stored.write_bytes(stored.read_bytes()[:-1] + b"x")
    response = lawyer.get(f"/private/uploads/{upload_id}")
    assert response.status_code == 404 and "damaged" in response.get_data(as_text=True)


def test_private_material_never_reaches_public_pages(app: Flask, client, facts, signed_in) -> None:
    lawyer = signed_in("advocate", "lawyer@example.org")
    _add_note(lawyer, facts["facility"], f"note {MARKER} insulin")
    _add_upload(lawyer, facts["facility"], f"{MARKER}.pdf", f"%PDF {MARKER} insulin".encode())
    with app.app_context(), session_scope(app) as db:
        assert db.exec(select(PrivateNote)).first() is not None
    paths = [
        "/",
        "/facilities",
        "/facilities/torrance-nm",
        "/facilities/torrance-nm/feed.atom",
        "/feeds/all.atom",
        "/search?q=insulin",
        "/api/facilities/torrance-nm",
        "/api/facilities/torrance-nm/timeline",
        "/api/search?q=insulin",
        "/tracker",
    ]
    for path in paths:
        response = client.get(path)
        assert response.status_code < 500, path
        assert MARKER not in response.get_data(as_text=True), path
    assert client.get("/facilities/torrance-nm").status_code == 200
