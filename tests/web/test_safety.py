"""Untrusted text stays inert, errors are pages with messages, and every response is locked down."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.web.builder import Built

SLUG = "torrance-county-detention-facility"


def test_scraped_markup_is_escaped_everywhere(client: FlaskClient, built: Built) -> None:
    ngo = built.ids["ngo"]
    pages = [
        f"/facilities/{SLUG}",
        f"/documents/{ngo}",
        f"/documents/{ngo}/pages/1",
        "/",
        "/search?q=detained",
        "/facilities/torrance-county-detention-facility?kind=finding",
    ]
    for url in pages:
        html = client.get(url).get_data(as_text=True)
        assert "<script>alert" not in html, url
        assert "<img src=x" not in html, url
    facility = client.get(f"/facilities/{SLUG}").get_data(as_text=True)
    assert "&lt;script&gt;alert(&#34;pwned&#34;)&lt;/script&gt;" in facility


def test_csp_and_security_headers(client: FlaskClient, built: Built) -> None:
    for url in ("/", f"/facilities/{SLUG}", "/api/facilities", "/nope"):
        headers = client.get(url).headers
        csp = headers["Content-Security-Policy"]
        assert "default-src 'none'" in csp and "unsafe-inline" not in csp
        assert "script-src 'self'" in csp and "style-src 'self'" in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"


def test_no_third_party_assets(client: FlaskClient, built: Built) -> None:
    html = client.get(f"/facilities/{SLUG}").get_data(as_text=True)
    assert "<script" not in html and "style=" not in html
    for marker in ('src="http', 'href="//', "fonts.googleapis", "cdn"):
        assert marker not in html
    css = client.get("/static/site.css")
    assert css.status_code == 200 and "@import" not in css.get_data(as_text=True)
    css.close()


@pytest.mark.parametrize(
    "url",
    [
        "/facilities/no-such-place",
        "/documents/999999",
        "/documents/999999/pages/1",
        "/recommendations/999999",
        "/facilities/no-such-place/feed.atom",
        "/facilities/no-such-place/timeline.csv",
        "/documents/1/versions/999/original",
    ],
)
def test_unknown_ids_give_404_page(client: FlaskClient, built: Built, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 404
    assert "Not found" in response.get_data(as_text=True)


def test_non_public_document_is_404(client: FlaskClient, built: Built) -> None:
    assert client.get(f"/documents/{built.ids['hidden']}").status_code == 404
    html = client.get("/search?q=secret").get_data(as_text=True)
    assert "Nothing matches “secret”" in html and "Unreviewed allegation" not in html


@pytest.mark.parametrize(
    "url, message",
    [
        ("/facilities?sort=bogus", "Parameter &#39;sort&#39; must be one of"),
        ("/facilities?page=0", "between 1 and"),
        ("/facilities?page=abc", "must be a whole number"),
        (f"/facilities/{SLUG}?from=2022-13-01", "must be a date like"),
        (f"/facilities/{SLUG}?from=2023-01-01&to=2022-01-01", "must not be after"),
        (f"/facilities/{SLUG}?kind=rumour", "unknown value(s): rumour"),
        (f"/facilities/{SLUG}?category=NOPE", "must be one of"),
        ("/tracker?implementation=maybe", "must be one of"),
        ("/tracker?overdue=perhaps", "must be 1 or 0"),
        ("/tracker?order=sideways", "must be one of"),
        ("/search?q=%22%22%20%2A%2A", "Enter at least one word"),
        ("/facilities?q=" + "x" * 300, "too long"),
    ],
)
def test_bad_query_parameters_give_400_with_message(
    client: FlaskClient, built: Built, url: str, message: str
) -> None:
    response = client.get(url)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_api_errors_are_json(client: FlaskClient, built: Built) -> None:
    response = client.get("/api/facilities?sort=bogus")
    assert response.status_code == 400
    assert "must be one of" in response.get_json()["error"]["message"]
    missing = client.get("/api/facilities/nowhere")
    assert missing.status_code == 404 and missing.get_json()["error"]["status"] == 404


def test_unexpected_error_is_a_page_not_a_traceback(app: Flask) -> None:
    @app.get("/boom-for-test")
    def boom() -> str:
        raise RuntimeError("secret internals")

    response = app.test_client().get("/boom-for-test")
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "unexpected error" in body and "secret internals" not in body


@pytest.mark.parametrize(
    "url",
    [
        "/documents/99999999999999999999",
        "/documents/1/pages/99999999999999999999",
        "/recommendations/99999999999999999999",
        "/api/documents/99999999999999999999",
        "/api/recommendations/99999999999999999999",
    ],
)
def test_ids_beyond_the_integer_range_are_404_not_500(client: FlaskClient, url: str) -> None:
    assert client.get(url).status_code == 404
