"""Fixtures for the security tests: cheap password hashing, accounts per role, signed-in clients."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

from monitor.accounts.users import create_user
from monitor.db import session_scope

PASSWORD = "correct horse battery staple"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def make_user(app: Flask) -> Callable[..., int]:
    """Create an account and return its id."""

    def _make(email: str, role: str = "advocate", password: str = PASSWORD) -> int:
        with app.app_context(), session_scope(app) as db:
            user = create_user(session=db, email=email, password=password, role=role)
            assert user.id is not None
            return user.id

    return _make


def csrf_from(client: FlaskClient, path: str) -> str:
    """The CSRF token of the form served at `path`."""
    page = client.get(path)
    match = _CSRF.search(page.get_data(as_text=True))
    assert match, f"no csrf field on {path} ({page.status_code})"
    return match.group(1)


def login(client: FlaskClient, email: str, password: str = PASSWORD, next_url: str = "") -> object:
    """Sign in through the real form; returns the response."""
    token = csrf_from(client, "/account/login")
    data = {"csrf_token": token, "email": email, "password": password, "next": next_url}
    return client.post("/account/login", data=data)


@pytest.fixture
def signed_in(app: Flask, make_user: Callable[..., int]) -> Callable[..., FlaskClient]:
    """A new client signed in as a new account of `role`."""

    def _signed_in(role: str = "advocate", email: str | None = None) -> FlaskClient:
        address = email or f"{role}-{make_user.__hash__() % 1000}@example.org"
        make_user(address, role)
        client = app.test_client()
        response = login(client, address)
        assert response.status_code == 302, response.get_data(as_text=True)
        return client

    return _signed_in


@pytest.fixture
def facts(app: Flask) -> dict[str, int]:
    """One facility, one source, one document and one finding held for review."""
    from monitor.models import Document, Facility, Finding, Source
    from monitor.review.queue import submit

    with app.app_context(), session_scope(app) as db:
        facility = Facility(
            slug="torrance-nm",
            name="Torrance County Detention Facility",
            city="Estancia",
            state="NM",
        )
        source = Source(key="ngo", name="NGO findings", url="https://example.org/")
        db.add_all([facility, source])
        db.flush()
        doc = Document(
            source_id=source.id or 0, external_id="r1", kind="report", title="Conditions report"
        )
        db.add(doc)
        db.flush()
        finding = Finding(
            document_id=doc.id or 0,
            facility_id=facility.id,
            category="MEDICAL_CARE",
            result="allegation",
            raw_label="Medical care delayed",
        )
        db.add(finding)
        db.flush()
        item = submit(
            session=db,
            kind="ngo_allegation",
            reason="NGO allegation without a primary record",
            subject_table="finding",
            subject_id=finding.id,
        )
        return {
            "facility": facility.id or 0,
            "document": doc.id or 0,
            "finding": finding.id or 0,
            "item": item.id or 0,
            "source": source.id or 0,
        }
