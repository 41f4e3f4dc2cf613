"""A new file for an accepted NGO document stays unseen until reviewed; types come from bytes."""

from __future__ import annotations

import io

from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import select

from monitor.accounts.users import create_user
from monitor.db import session_scope
from monitor.models import Document, DocumentVersion, ReviewItem, UserAccount
from monitor.review.queue import accept
from monitor.review.upload_type import content_type_of
from tests.security.conftest import PASSWORD, csrf_from
from tests.security.test_ngo_form import _form

FIRST = b"%PDF-1.4 the report as the NGO first published it"
SECOND = b"<html><script>alert(document.cookie)</script>a replacement</html>"


def _submit(client: FlaskClient, facility_id: int, content: bytes, claimed: str) -> None:
    token = csrf_from(client, "/private/findings/new")
    upload = (io.BytesIO(content), "report.pdf", claimed)
    data = _form(token, facility_id, file=upload, summary=f"summary {len(content)}")
    answer = client.post("/private/findings/new", data=data, content_type="multipart/form-data")
    assert answer.status_code == 302


def _accept_all(app: Flask) -> None:
    with app.app_context(), session_scope(app) as db:
        reviewer = create_user(
            session=db, email="rev@example.org", password=PASSWORD, role="reviewer"
        )
        for item in db.exec(select(ReviewItem).where(ReviewItem.status == "pending")).all():
            accept(session=db, item=item, user=reviewer)


def _public_original(app: Flask, client: FlaskClient) -> bytes:
    with app.app_context(), session_scope(app) as db:
        doc = db.exec(select(Document).where(Document.url == "https://ngo.example/report")).one()
        path = f"/documents/{doc.id}/versions/{doc.current_version_id}/original"
    response = client.get(path)
    data = response.data
    response.close()  # send_file's handle
    return data


def test_a_new_file_for_an_accepted_document_waits_for_review(app: Flask, facts, signed_in) -> None:
    first = signed_in("advocate", "first@example.org")
    _submit(first, facts["facility"], FIRST, "application/pdf")
    _accept_all(app)
    public = app.test_client()
    assert _public_original(app, public) == FIRST
    second = signed_in("advocate", "second@example.org")
    _submit(second, facts["facility"], SECOND, "application/pdf")
    assert _public_original(app, public) == FIRST  # nobody reviewed the new file yet
    with app.app_context(), session_scope(app) as db:
        held = db.exec(
            select(DocumentVersion).where(DocumentVersion.review_status == "pending")
        ).one()
        doc_id, held_id = held.document_id, held.id
        assert held.content_type == "text/plain; charset=utf-8"  # not the claimed PDF
    assert public.get(f"/documents/{doc_id}/versions/{held_id}/original").status_code == 404
    page = public.get(f"/documents/{doc_id}").get_data(as_text=True)
    assert f"/versions/{held_id}/" not in page
    with app.app_context(), session_scope(app) as db:
        reviewer = db.exec(select(UserAccount).where(UserAccount.email == "rev@example.org")).one()
        for item in db.exec(select(ReviewItem).where(ReviewItem.status == "pending")).all():
            accept(session=db, item=item, user=reviewer)
    assert _public_original(app, public) == SECOND


def test_types_come_from_the_bytes() -> None:
    assert content_type_of(b"%PDF-1.7\n...") == "application/pdf"
    assert content_type_of(b"\x89PNG\r\n\x1a\n" + bytes(32)) == "image/png"
    assert content_type_of("plain words, café".encode()) == "text/plain; charset=utf-8"
    assert content_type_of(b"\x00\x01\x02binary") == "application/octet-stream"
