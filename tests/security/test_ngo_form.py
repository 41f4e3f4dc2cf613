"""NGO findings added through the form are cited, held for review, public only once accepted."""

from __future__ import annotations

import io

from flask import Flask
from sqlmodel import select

from monitor.db import session_scope
from monitor.models import AuditLog, Document, DocumentVersion, Finding, ReviewItem
from tests.security.conftest import csrf_from

SUMMARY = "Detainees waited weeks for dental care"


def _form(token: str, facility_id: int, **extra: object) -> dict[str, object]:
    data: dict[str, object] = {
        "csrf_token": token,
        "facility_id": str(facility_id),
        "organisation": "ACLU of Somewhere",
        "title": "Conditions at the facility",
        "url": "https://ngo.example/report",
        "published": "2024-03-01",
        "category": "MEDICAL_CARE",
        "summary": SUMMARY,
        "quote": "weeks without care",
        "page": "4",
    }
    data.update(extra)
    return data


def test_finding_with_file_is_captured_and_held(app: Flask, facts, signed_in) -> None:
    lawyer = signed_in("advocate", "lawyer@example.org")
    token = csrf_from(lawyer, "/private/findings/new")
    data = _form(token, facts["facility"], file=(io.BytesIO(b"%PDF-1.4 ngo report"), "r.pdf"))
    response = lawyer.post("/private/findings/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 302
    with app.app_context(), session_scope(app) as db:
        finding = db.exec(select(Finding).where(Finding.summary == SUMMARY)).one()
        doc = db.get(Document, finding.document_id)
        versions = db.exec(
            select(DocumentVersion).where(DocumentVersion.document_id == finding.document_id)
        ).all()
        item = db.exec(
            select(ReviewItem).where(
                ReviewItem.subject_id == finding.id, ReviewItem.subject_table == "finding"
            )
        ).one()
    assert finding.result == "allegation" and finding.review_status == "pending"
    assert doc is not None and doc.url == "https://ngo.example/report"
    assert doc.review_status == "pending" and len(versions) == 1
    assert item.kind == "ngo_allegation" and item.status == "pending"


def test_missing_citation_is_refused(app: Flask, facts, signed_in) -> None:
    lawyer = signed_in("advocate", "lawyer@example.org")
    token = csrf_from(lawyer, "/private/findings/new")
    response = lawyer.post(
        "/private/findings/new", data=_form(token, facts["facility"], url="javascript:alert(1)")
    )
    assert response.status_code == 400
    assert "citation" in response.get_data(as_text=True)


def test_public_page_shows_the_finding_only_after_acceptance(
    app: Flask, client, facts, signed_in
) -> None:
    lawyer = signed_in("advocate", "lawyer@example.org")
    token = csrf_from(lawyer, "/private/findings/new")
    lawyer.post("/private/findings/new", data=_form(token, facts["facility"]))
    before = client.get("/facilities/torrance-nm")
    assert before.status_code == 200 and SUMMARY not in before.get_data(as_text=True)
    with app.app_context(), session_scope(app) as db:
        item = db.exec(
            select(ReviewItem)
            .where(ReviewItem.kind == "ngo_allegation")
            .order_by(ReviewItem.id.desc())
        ).first()
        assert item is not None
    reviewer = signed_in("reviewer", "r@example.org")
    token = csrf_from(reviewer, f"/review/{item.id}")
    reviewer.post(f"/review/{item.id}/decide", data={"csrf_token": token, "action": "accept"})
    page = client.get("/facilities/torrance-nm").get_data(as_text=True)
    assert "Conditions at the facility" in page or SUMMARY in page


def test_held_publication_is_not_downloadable_until_accepted(
    app: Flask, client, facts, signed_in
) -> None:
    lawyer = signed_in("advocate", "lawyer@example.org")
    token = csrf_from(lawyer, "/private/findings/new")
    data = _form(token, facts["facility"], file=(io.BytesIO(b"%PDF-1.4 held"), "r.pdf"))
    lawyer.post("/private/findings/new", data=data, content_type="multipart/form-data")
    with app.app_context(), session_scope(app) as db:
        finding = db.exec(select(Finding).where(Finding.summary == SUMMARY)).one()
        version = db.exec(
            select(DocumentVersion).where(DocumentVersion.document_id == finding.document_id)
        ).one()
        item = db.exec(
            select(ReviewItem).where(
                ReviewItem.subject_id == finding.id, ReviewItem.subject_table == "finding"
            )
        ).one()
    original = f"/documents/{finding.document_id}/versions/{version.id}/original"
    assert client.get(f"/documents/{finding.document_id}").status_code == 404
    assert client.get(original).status_code == 404
    reviewer = signed_in("reviewer", "r@example.org")
    token = csrf_from(reviewer, f"/review/{item.id}")
    reviewer.post(f"/review/{item.id}/decide", data={"csrf_token": token, "action": "accept"})
    with client.get(original) as response:
        assert response.status_code == 200 and response.data == b"%PDF-1.4 held"


def test_reviewer_downloads_the_held_file_and_the_download_is_logged(
    app: Flask, facts, signed_in
) -> None:
    lawyer = signed_in("advocate", "lawyer@example.org")
    token = csrf_from(lawyer, "/private/findings/new")
    data = _form(token, facts["facility"], file=(io.BytesIO(b"%PDF-1.4 to check"), "r.pdf"))
    lawyer.post("/private/findings/new", data=data, content_type="multipart/form-data")
    with app.app_context(), session_scope(app) as db:
        item = db.exec(
            select(ReviewItem)
            .where(ReviewItem.kind == "ngo_allegation")
            .order_by(ReviewItem.id.desc())
        ).first()
        assert item is not None
    reviewer = signed_in("reviewer", "r@example.org")
    assert "Download the captured document" in reviewer.get(f"/review/{item.id}").get_data(
        as_text=True
    )
    response = reviewer.get(f"/review/{item.id}/original")
    assert response.status_code == 200 and response.data == b"%PDF-1.4 to check"
    assert lawyer.get(f"/review/{item.id}/original").status_code == 403
    assert reviewer.get(f"/review/{facts['item']}/original").status_code == 404
    with app.app_context(), session_scope(app) as db:
        logged = db.exec(select(AuditLog).where(AuditLog.action == "held_document_viewed")).all()
    assert len(logged) == 1
