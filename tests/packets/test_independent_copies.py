"""A packet lists each original's independent web-archive copy in the capture log and certification."""

from __future__ import annotations

import csv
from datetime import UTC, datetime

from monitor.db import session_scope
from monitor.models import CaptureArchive

COPY = "https://web.archive.org/web/20250601083512/https://www.oig.dhs.gov/reports/oig-22-31.pdf"


def test_archived_copies_are_listed_and_pending_ones_are_not(packet_data, make_packet, unpack):
    alert = packet_data.documents["oig-22-31"]
    letter = packet_data.documents["nakamoto-2021-07"]
    with session_scope(packet_data.app) as session:
        session.add(
            CaptureArchive(
                version_id=alert.current_version_id or 0,
                page_url="https://www.oig.dhs.gov/reports/oig-22-31.pdf",
                endpoint="https://web.archive.org/save/",
                status="archived",
                attempts=1,
                archived_url=COPY,
                archived_at=datetime(2025, 6, 1, 8, 35, 12, tzinfo=UTC),
            )
        )
        session.add(
            CaptureArchive(
                version_id=letter.current_version_id or 0,
                page_url="https://www.ice.gov/doclib/foia/nakamoto-torrance-2021.pdf",
                endpoint="https://web.archive.org/save/",
            )
        )
    packet = unpack(make_packet().path)
    rows = {
        r["title"]: r
        for r in csv.DictReader(packet.data("capture-log.csv").read_text().splitlines())
    }
    alert_row = rows["Management Alert - Immediate Removal of All Detainees from Torrance"]
    assert alert_row["independent_copy_url"] == COPY
    assert alert_row["independent_copy_at_utc"] == "2025-06-01T08:35:12Z"
    assert rows["Nakamoto annual inspection cover letter, July 2021"]["independent_copy_url"] == ""
    certification = packet.data("certification.txt").read_text()
    assert (
        f"Independent copy in a web archive (not made by the System):\n                    {COPY}"
        in certification
    )
    assert "Archived (UTC): 2025-06-01 08:35:12" in certification
    assert certification.count("Independent copy in a web archive") == 1
