"""Every page and API answers on every backend (SQLite always, PostgreSQL when configured)."""

from __future__ import annotations

from flask import Flask

from tests.web.builder import Built

SLUG = "torrance-county-detention-facility"


def test_every_page_renders_on_each_backend(built_db: tuple[Flask, Built]) -> None:
    app, ids = built_db
    client = app.test_client()
    doc = ids.ids["alert_doc"]
    urls = [
        "/",
        "/facilities",
        "/facilities?sort=staffing&order=desc",
        f"/facilities/{SLUG}",
        f"/facilities/{SLUG}?kind=finding&from=2021-01-01",
        "/tracker?sort=target_date",
        "/tracker?overdue=1",
        f"/documents/{doc}",
        f"/documents/{doc}/pages/1",
        "/sources",
        "/search?q=torrance",
        "/feeds/all.atom",
        f"/facilities/{SLUG}/feed.atom",
        "/facilities.csv",
        "/tracker.csv",
        "/api/facilities",
        f"/api/facilities/{SLUG}",
        f"/api/facilities/{SLUG}/timeline",
        "/api/recommendations",
        "/api/sources",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Torrance" in response.get_data(as_text=True) or url.endswith("/sources"), url
