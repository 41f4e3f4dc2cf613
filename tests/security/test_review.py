"""Review queue and corrections: only reviewers decide, decisions and corrections are kept."""

from __future__ import annotations

from flask import Flask
from sqlmodel import select

from monitor.db import session_scope
from monitor.models import AuditLog, Correction, Finding, ReviewItem
from tests.security.conftest import csrf_from


def _finding(app: Flask, finding_id: int) -> Finding:
    with app.app_context(), session_scope(app) as db:
        row = db.get(Finding, finding_id)
        assert row is not None
        return row


def test_a_held_fact_is_pending_until_accepted(app: Flask, facts, signed_in) -> None:
    assert _finding(app, facts["finding"]).review_status == "pending"
    client = signed_in("reviewer", "r@example.org")
    page = client.get("/review/")
    assert "NGO allegation without a primary record" in page.get_data(as_text=True)
    token = csrf_from(client, f"/review/{facts['item']}")
    response = client.post(
        f"/review/{facts['item']}/decide",
        data={"csrf_token": token, "action": "accept", "note": "FOIA confirms"},
    )
    assert response.status_code == 302
    assert _finding(app, facts["finding"]).review_status == "accepted"
    with app.app_context(), session_scope(app) as db:
        item = db.get(ReviewItem, facts["item"])
        assert item is not None and item.status == "accepted" and item.decided_by_id
        actions = [e.action for e in db.exec(select(AuditLog))]
    assert "review_accepted" in actions


def test_reject_needs_a_reason(app: Flask, facts, signed_in) -> None:
    client = signed_in("reviewer", "r@example.org")
    token = csrf_from(client, f"/review/{facts['item']}")
    response = client.post(
        f"/review/{facts['item']}/decide",
        data={"csrf_token": token, "action": "reject", "note": " "},
    )
    assert response.status_code == 400
    assert "say why" in response.get_data(as_text=True)
    assert _finding(app, facts["finding"]).review_status == "pending"


def test_edit_records_corrections_then_accepts(app: Flask, facts, signed_in) -> None:
    client = signed_in("reviewer", "r@example.org")
    token = csrf_from(client, f"/review/{facts['item']}")
    data = {
        "csrf_token": token,
        "action": "edit",
        "note": "Category was misread",
        "field_category": "MENTAL_HEALTH_SUICIDE",
        "field_raw_label": "Medical care delayed",
    }
    assert client.post(f"/review/{facts['item']}/decide", data=data).status_code == 302
    row = _finding(app, facts["finding"])
    assert row.category == "MENTAL_HEALTH_SUICIDE" and row.review_status == "accepted"
    with app.app_context(), session_scope(app) as db:
        (fix,) = db.exec(select(Correction)).all()
    assert (fix.field_name, fix.old_value, fix.new_value) == (
        "category",
        "MEDICAL_CARE",
        "MENTAL_HEALTH_SUICIDE",
    )


def test_correction_shows_date_and_reason(app: Flask, facts, signed_in) -> None:
    client = signed_in("reviewer", "r@example.org")
    path = f"/review/correct/finding/{facts['finding']}"
    token = csrf_from(client, path)
    bad = client.post(
        path, data={"csrf_token": token, "field": "result", "value": "invented", "reason": "x"}
    )
    assert bad.status_code == 400 and "must be one of" in bad.get_data(as_text=True)
    client.post(
        path,
        data={
            "csrf_token": token,
            "field": "result",
            "value": "deficient",
            "reason": "ODO report confirms the deficiency",
        },
    )
    page = client.get(path).get_data(as_text=True)
    assert "corrected on" in page and "ODO report confirms the deficiency" in page
    assert _finding(app, facts["finding"]).result == "deficient"


def test_advocates_cannot_review_or_correct(app: Flask, facts, signed_in) -> None:
    client = signed_in("advocate", "a@example.org")
    assert client.get("/review/").status_code == 403
    token = csrf_from(client, "/account/password")
    response = client.post(
        f"/review/{facts['item']}/decide", data={"csrf_token": token, "action": "accept"}
    )
    assert response.status_code == 403
    assert _finding(app, facts["finding"]).review_status == "pending"


def test_anonymous_visitors_are_sent_to_sign_in(client, facts) -> None:
    response = client.get("/review/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/account/login?next=/review/")


def test_accepting_an_unmatched_name_teaches_the_registry(app: Flask, facts, signed_in) -> None:
    from monitor.facilities.registry import resolve_facility
    from monitor.models import DocumentFacility, FacilityAlias

    with app.app_context(), session_scope(app) as db:
        item = ReviewItem(
            kind="unmatched_facility",
            reason="no confident match",
            payload={
                "raw_name": "Torrance Cnty Det Ctr, Estancia, NM",
                "source": "ngo",
                "document_id": facts["document"],
            },
        )
        db.add(item)
        db.flush()
        item_id = item.id
    reviewer = signed_in("reviewer", "r@example.org")
    token = csrf_from(reviewer, f"/review/{item_id}")
    missing = reviewer.post(
        f"/review/{item_id}/decide", data={"csrf_token": token, "action": "accept"}
    )
    assert missing.status_code == 400 and "choose the facility" in missing.get_data(as_text=True)
    done = reviewer.post(
        f"/review/{item_id}/decide",
        data={"csrf_token": token, "action": "accept", "facility_id": str(facts["facility"])},
    )
    assert done.status_code == 302
    with app.app_context(), session_scope(app) as db:
        aliases = db.exec(
            select(FacilityAlias).where(FacilityAlias.facility_id == facts["facility"])
        ).all()
        links = db.exec(select(DocumentFacility)).all()
        match = resolve_facility(
            session=db, name="Torrance Cnty Det Ctr", city="Estancia", state="NM"
        )
    assert any(a.alias == "Torrance Cnty Det Ctr" for a in aliases)
    assert [(link.document_id, link.facility_id) for link in links] == [
        (facts["document"], facts["facility"])
    ]
    assert match.facility_id == facts["facility"]


def test_accepting_a_name_attaches_and_publishes_the_held_inspection(
    app: Flask, facts, signed_in
) -> None:
    from monitor.models import Inspection

    with app.app_context(), session_scope(app) as db:
        held = Inspection(inspector="ODO", document_id=facts["document"], review_status="pending")
        loose = Finding(
            document_id=facts["document"],
            category="OTHER",
            result="observation",
            raw_label="programme-wide",
        )
        db.add_all([held, loose])
        db.flush()
        item = ReviewItem(
            kind="unmatched_facility",
            reason="no confident match",
            payload={
                "raw_name": "TCDF, Estancia, NM",
                "subject": "inspection",
                "document_id": facts["document"],
            },
        )
        db.add(item)
        db.flush()
        ids = (held.id, loose.id, item.id)
    reviewer = signed_in("reviewer", "r@example.org")
    token = csrf_from(reviewer, f"/review/{ids[2]}")
    reviewer.post(
        f"/review/{ids[2]}/decide",
        data={"csrf_token": token, "action": "accept", "facility_id": str(facts["facility"])},
    )
    with app.app_context(), session_scope(app) as db:
        inspection, finding = db.get(Inspection, ids[0]), db.get(Finding, ids[1])
        assert inspection is not None and finding is not None
        assert (inspection.facility_id, inspection.review_status) == (facts["facility"], "accepted")
        assert finding.facility_id is None  # published, facility-less rows are left alone


def test_two_pending_names_in_one_document_attach_nothing(app: Flask, facts, signed_in) -> None:
    from monitor.models import Inspection

    with app.app_context(), session_scope(app) as db:
        held = Inspection(inspector="ODO", document_id=facts["document"], review_status="pending")
        db.add(held)
        items = [
            ReviewItem(
                kind="unmatched_facility",
                reason="r",
                payload={
                    "raw_name": name,
                    "subject": "inspection",
                    "document_id": facts["document"],
                },
            )
            for name in ("TCDF, Estancia, NM", "Otero, Chaparral, NM")
        ]
        db.add_all(items)
        db.flush()
        held_id, item_id = held.id, items[0].id
    reviewer = signed_in("reviewer", "r@example.org")
    token = csrf_from(reviewer, f"/review/{item_id}")
    reviewer.post(
        f"/review/{item_id}/decide",
        data={"csrf_token": token, "action": "accept", "facility_id": str(facts["facility"])},
    )
    with app.app_context(), session_scope(app) as db:
        inspection = db.get(Inspection, held_id)
        assert inspection is not None and inspection.facility_id is None
        assert inspection.review_status == "pending"
