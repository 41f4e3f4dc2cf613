"""Public pages are compressed and cacheable (ETag, 304); personal pages never are."""

from __future__ import annotations

import gzip

from flask.testing import FlaskClient

from tests.web.builder import Built

SLUG = "torrance-county-detention-facility"


def test_public_page_is_compressed_when_the_browser_accepts_it(
    client: FlaskClient, built: Built
) -> None:
    plain = client.get(f"/facilities/{SLUG}")
    packed = client.get(f"/facilities/{SLUG}", headers={"Accept-Encoding": "gzip"})
    assert packed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed.headers["Vary"]
    assert gzip.decompress(packed.get_data()) == plain.get_data()
    assert len(packed.get_data()) < len(plain.get_data()) / 3


def test_public_page_is_cacheable_and_answers_304(client: FlaskClient, built: Built) -> None:
    first = client.get(f"/facilities/{SLUG}")
    assert first.status_code == 200
    assert "public" in first.headers["Cache-Control"]
    assert "max-age=60" in first.headers["Cache-Control"]
    etag = first.headers["ETag"]
    again = client.get(f"/facilities/{SLUG}", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.get_data() == b""


def test_compressed_etag_revalidates_too(client: FlaskClient, built: Built) -> None:
    gz = {"Accept-Encoding": "gzip"}
    first = client.get("/facilities", headers=gz)
    etag = first.headers["ETag"]
    assert etag.endswith(':gzip"')
    again = client.get("/facilities", headers={**gz, "If-None-Match": etag})
    assert again.status_code == 304


def test_feeds_and_api_are_cacheable(client: FlaskClient, built: Built) -> None:
    for path in ("/feeds/all.atom", "/api/facilities"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "public" in response.headers["Cache-Control"], path
        assert response.headers.get("ETag"), path


def test_changed_language_changes_the_etag(client: FlaskClient, built: Built) -> None:
    english = client.get("/facilities", headers={"Accept-Language": "en"})
    spanish = client.get("/facilities", headers={"Accept-Language": "es"})
    assert english.headers["ETag"] != spanish.headers["ETag"]
    assert "Accept-Language" in english.headers["Vary"]


def test_forms_and_signed_in_pages_are_never_stored(client: FlaskClient, built: Built) -> None:
    form = client.get("/subscribe")  # carries a CSRF token tied to this visitor's session
    assert form.headers["Cache-Control"] == "no-store"
    assert "ETag" not in form.headers
    login = client.get("/account/login")
    assert "no-store" in login.headers["Cache-Control"]


def test_a_visitor_with_a_session_gets_no_shared_copy(client: FlaskClient, built: Built) -> None:
    client.get("/subscribe")  # now the visitor holds a session cookie (CSRF token)
    page = client.get(f"/facilities/{SLUG}")
    assert page.headers["Cache-Control"] == "no-store"
    assert "ETag" not in page.headers
