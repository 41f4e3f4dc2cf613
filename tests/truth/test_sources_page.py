"""/sources agrees with itself: counts beside staleness, last error in words or nothing."""

from __future__ import annotations

from bs4 import BeautifulSoup
from flask import Flask


def test_sources_page_agrees_with_itself(demo_app: Flask) -> None:
    html = demo_app.test_client().get("/sources").get_data(as_text=True)
    rows = BeautifulSoup(html, "lxml").select("tbody tr")
    assert rows
    for row in rows:
        cells = [c.get_text(" ", strip=True) for c in row.find_all("td")]
        staleness, documents, error = cells[4], cells[5], cells[6]
        if documents != "0":
            assert "no documents yet" not in staleness, cells
        assert error != "None", cells
