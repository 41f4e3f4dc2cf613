"""Every citation resolves at scale: crawl the scale dataset's busiest facility (issue 12).

A small copy of the benchmark dataset (bench/scale.py, scale 0.05) keeps the test quick while
the busiest facility still holds dozens of documents and recommendations and hundreds of
findings. The crawl fetches the facility's page and its timeline pages, then one level of
the documents, document pages and recommendations they link to, and checks every link those
pages hold: 0 broken, 0 5xx, on SQLite and (when configured) PostgreSQL.
"""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import text
from werkzeug.test import TestResponse

from bench.scale import BUSIEST_SLUG, insert_tables, write_archive
from bench.scale_rows import ScaleRows
from monitor.db import get_settings
from monitor.ingest.search_entries import refresh_entries
from tests.truth.crawl import crawl, links_in

SCALE = 0.05
FACILITY_PAGE = f"/facilities/{BUSIEST_SLUG}"
ITEMS = ("/documents/", "/recommendations/")
LIMIT = 3_000


@pytest.fixture
def scale_app(db_app: Flask) -> Flask:
    """The app holding a small copy of the scale dataset and its busiest facility's files."""
    rows = ScaleRows(scale=SCALE)
    engine = db_app.extensions["monitor.engine"]
    with engine.begin() as conn:
        insert_tables(conn, rows)
    with engine.begin() as conn:
        refresh_entries(conn)
    data_dir = get_settings(db_app).data_dir
    assert write_archive(data_dir, rows, facility_id=1) >= 40
    return db_app


def _counts(app: Flask) -> tuple[int, int, int]:
    """Documents, findings and recommendations of the busiest facility."""
    with app.extensions["monitor.engine"].connect() as conn:
        return tuple(  # type: ignore[return-value]
            conn.execute(text(f"SELECT count(*) FROM {table} WHERE facility_id = 1")).scalar_one()
            for table in ("document_facility", "finding", "recommendation")
        )


class _FacilityCrawl:
    """Which URLs to expand: the facility's timeline pages, and the items they link to."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client
        self.items: set[str] = set()

    @staticmethod
    def timeline_page(url: str) -> bool:
        """The facility page or one of its numbered timeline pages (filters are only checked)."""
        return re.fullmatch(rf"{re.escape(FACILITY_PAGE)}(?:\?page=\d+)?", url) is not None

    def get(self, url: str) -> TestResponse:
        """Fetch like the test client; remember the items a timeline page links to."""
        response = self.client.get(url)
        if self.timeline_page(url) and response.status_code == 200:
            self.items.update(u for u in links_in(response.data, url) if u.startswith(ITEMS))
        return response

    def expand(self, url: str) -> bool:
        return self.timeline_page(url) or url in self.items


def test_every_link_of_the_busiest_facility_resolves(scale_app: Flask) -> None:
    documents, findings, recommendations = _counts(scale_app)
    assert documents >= 40 and findings >= 400 and recommendations >= 30
    walk = _FacilityCrawl(scale_app.test_client())
    report = crawl(walk, FACILITY_PAGE, expand=walk.expand, limit=LIMIT)  # type: ignore[arg-type]
    print(f"scale crawl ({BUSIEST_SLUG}): {report.pages} pages, {report.links} links followed")
    assert report.errors() == []
    assert report.pages < LIMIT  # bounded: the crawl finished, it did not stop at the limit
    reached = {u.split("/")[2] for u in walk.items if u.startswith("/documents/")}
    assert len(reached) >= documents  # every document of the facility was opened
    assert report.links > 1_000
