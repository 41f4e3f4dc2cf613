"""The ice_stats source through the ingest runner, network faked at the transport."""

from __future__ import annotations

import httpx
from flask import Flask
from sqlmodel import Session, select

from monitor.db import get_settings
from monitor.ingest.runner import RunOptions, run_source
from monitor.models import Document, FacilityStatSnapshot, StatRelease
from tests.registry.workbooks import TORRANCE, Row, workbook_bytes

LISTING = (
    b"<html><body><main><h2>Detention statistics</h2>"
    b'<a href="/doclib/detention/FY23_detentionStats.xlsx">FY 2023 Detention Statistics</a>'
    b'<a href="/doclib/detention/guide.pdf">Guide</a></main></body></html>'
)
WORKBOOK = workbook_bytes(
    [
        TORRANCE,
        Row("OTERO COUNTY PROCESSING CENTER", "26 MCGREGOR RANGE ROAD", "CHAPARRAL", "NM", 88081),
    ]
)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _transport() -> httpx.MockTransport:
    routes = {
        "/detain/detention-management": (LISTING, "text/html"),
        "/doclib/detention/FY23_detentionStats.xlsx": (WORKBOOK, XLSX),
    }

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path not in routes:
            return httpx.Response(404)
        body, kind = routes[request.url.path]
        return httpx.Response(200, content=body, headers={"content-type": kind})

    return httpx.MockTransport(handler)


def test_run_captures_the_workbook_and_imports_its_release(app: Flask, session: Session) -> None:
    options = RunOptions(transport=_transport(),
                         fetch={"check_dns": False, "respect_robots": False, "requests_per_second": 1000})  # fmt: skip
    summary = run_source(
        session=session, settings=get_settings(app), key="ice_stats", options=options
    )
    assert summary.status == "success", summary.error
    (release,) = session.exec(select(StatRelease)).all()
    assert release.label == "FY2023 as of 2023-09-30"
    document = session.get(Document, release.document_id)
    assert document is not None and document.url is not None
    assert document.url.endswith("FY23_detentionStats.xlsx")
    assert len(session.exec(select(FacilityStatSnapshot)).all()) == 2
    again = run_source(
        session=session, settings=get_settings(app), key="ice_stats", options=options
    )
    assert again.status == "success", again.error
    assert len(session.exec(select(StatRelease)).all()) == 1
    assert len(session.exec(select(FacilityStatSnapshot)).all()) == 2
