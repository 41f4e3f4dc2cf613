"""The export button on the facility page: advocates only, CSRF-protected, returns the ZIP."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile

import pytest
from flask.testing import FlaskClient
from sqlmodel import select

from monitor.accounts.users import create_user
from monitor.db import session_scope
from monitor.models import ExportLog

PASSWORD = "correct horse battery staple"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
FORM = "/facilities/torrance-county/packet"


def _token(client: FlaskClient, path: str) -> str:
    match = _CSRF.search(client.get(path).get_data(as_text=True))
    assert match, f"no CSRF field on {path}"
    return match.group(1)


@pytest.fixture
def sign_in(packet_data):
    """A client signed in through the real login form as a new account of `role`."""

    def _sign_in(role: str) -> FlaskClient:
        app = packet_data.app
        email = f"{role}@example.org"
        with app.app_context(), session_scope(app) as session:
            create_user(session=session, email=email, password=PASSWORD, role=role)
        client = app.test_client()
        data = {
            "csrf_token": _token(client, "/account/login"),
            "email": email,
            "password": PASSWORD,
            "next": "",
        }
        assert client.post("/account/login", data=data).status_code == 302
        return client

    return _sign_in


def test_anonymous_visitors_are_sent_to_sign_in(packet_data, client) -> None:
    response = client.get(FORM)
    assert response.status_code == 302 and "/account/login" in response.headers["Location"]
    assert client.post(FORM, data={"item": "finding:1"}).status_code in (400, 401)


def test_reviewers_cannot_export(sign_in) -> None:
    assert sign_in("reviewer").get(FORM).status_code == 403


def test_facility_page_has_the_packet_button(sign_in) -> None:
    page = sign_in("advocate").get("/facilities/torrance-county").get_data(as_text=True)
    assert f'href="{FORM}"' in page and "Evidence packet" in page


def test_form_lists_timeline_items_with_csrf(sign_in) -> None:
    page = sign_in("advocate").get(FORM).get_data(as_text=True)
    assert "Evidence packet for Torrance County Detention Facility" in page
    assert 'name="csrf_token"' in page
    for key in ("finding:1", "inspection:1", "recommendation:1", "staffing:1", "staffing:2"):
        assert f'value="{key}"' in page
    assert "Download packet (ZIP)" in page


def test_post_returns_the_zip_and_logs_the_user(sign_in, packet_data) -> None:
    client = sign_in("advocate")
    data = {
        "csrf_token": _token(client, FORM),
        "item": ["staffing:1", "finding:1"],
        "bates_prefix": "tcdf",
    }
    response = client.post(FORM, data=data)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/zip"
    assert "attachment" in response.headers["Content-Disposition"]
    body = response.get_data()
    response.close()  # as a WSGI server does; the temporary packet is then deleted
    assert list(_tmp(packet_data).iterdir()) == []
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        names = archive.namelist()
        facts = archive.read(next(n for n in names if n.endswith("data/facts.csv"))).decode()
    assert any(n.endswith("data/originals/001-oig-22-31.pdf") for n in names)
    assert "staffing:1" in facts and "finding:1" in facts and "inspection:1" not in facts
    sha = hashlib.sha256(body).hexdigest()
    assert response.headers["X-Packet-SHA256"] == sha
    with session_scope(packet_data.app) as session:
        log = session.exec(select(ExportLog)).one()
    assert log.sha256 == sha and log.user_id is not None
    assert log.selection is not None and log.selection["items"] == ["finding:1", "staffing:1"]


def _tmp(packet_data):
    from pathlib import Path

    return Path(packet_data.app.instance_path) / "tmp"


def test_post_without_csrf_token_is_refused(sign_in) -> None:
    response = sign_in("advocate").post(FORM, data={"item": "finding:1"})
    assert response.status_code == 400


def test_post_with_nothing_chosen_explains(sign_in) -> None:
    client = sign_in("advocate")
    response = client.post(FORM, data={"csrf_token": _token(client, FORM)})
    assert response.status_code == 400
    assert "Choose at least one timeline item" in response.get_data(as_text=True)


def test_unknown_facility_is_404(sign_in) -> None:
    assert sign_in("advocate").get("/facilities/nowhere/packet").status_code == 404


def test_admins_may_export_and_filters_apply(sign_in) -> None:
    client = sign_in("admin")
    data = {
        "csrf_token": _token(client, FORM),
        "item": ["staffing:1", "staffing:2", "finding:1"],
        "category": ["STAFFING"],
        "from": "2022-01-01",
    }
    response = client.post(FORM, data=data)
    assert response.status_code == 200
    body = response.get_data()
    response.close()
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        facts = archive.read(next(n for n in archive.namelist() if n.endswith("facts.csv")))
    lines = facts.decode().splitlines()[1:]
    assert [line.split(",")[0] for line in lines] == ["staffing:1"]
    assert next(n for n in archive.namelist()).startswith("DCM-torrance-county-")


def test_a_facility_without_facts_says_so(sign_in, packet_data) -> None:
    from monitor.models import Facility

    app = packet_data.app
    with app.app_context(), session_scope(app) as session:
        session.add(Facility(slug="empty-facility", name="Empty Facility"))
    page = sign_in("advocate").get("/facilities/empty-facility/packet").get_data(as_text=True)
    assert "No facts about this facility can go in a packet yet." in page
