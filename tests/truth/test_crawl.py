"""Every citation resolves: crawl the whole demo site and follow every internal link."""

from __future__ import annotations

from flask import Flask

from tests.truth.crawl import crawl


def test_every_link_of_the_demo_site_resolves(demo_app: Flask) -> None:
    report = crawl(demo_app.test_client(), "/")
    print(f"demo crawl: {report.pages} pages, {report.links} links followed")
    assert report.errors() == []
    assert report.pages > 150 and report.links > 1500


def test_every_document_has_pages(demo_app: Flask) -> None:
    client = demo_app.test_client()
    for document_id in (18, 25, 27, 31):  # ODO, contract inspection, NGO web page
        page = client.get(f"/documents/{document_id}/pages/1")
        assert page.status_code == 200, document_id
        assert b"Text extracted" in page.data or b"Visible text" in page.data
