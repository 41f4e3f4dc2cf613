"""Captures replay in standard web-archive tools: `warcio index` reads them, pywb replays them.

pywb lives in its own virtualenv (`make install` builds .venv-pywb): it pins pyOpenSSL and
Werkzeug versions that conflict with the application's, so it runs as a separate program, the
way a court expert would run it.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from flask import Flask

from monitor.capture.store import capture_bytes
from monitor.db import get_settings, session_scope

PAGE = "https://www.ice.gov/detain/detention-facilities/torrance-county-detention-facility"
HTML = b"<!doctype html><html><body><h1>Torrance County Detention Facility</h1></body></html>"
FETCHED = datetime(2025, 6, 1, 8, 30)
PYWB_BIN = Path(os.environ.get("MONITOR_PYWB_BIN", Path(__file__).parents[2] / ".venv-pywb/bin"))
REPLAY = """
import sys
from pywb.apps.frontendapp import FrontEndApp
from werkzeug.test import Client
response = Client(FrontEndApp()).get(sys.argv[1])
sys.stdout.buffer.write(response.status.encode() + b"\\n" + response.get_data())
"""


def _capture(app: Flask) -> tuple[int, int, str]:
    with app.app_context(), session_scope(app) as session:
        result = capture_bytes(
            session=session,
            settings=get_settings(app),
            source_key="ice_odo",
            content=HTML,
            url=PAGE,
            external_id="torrance",
            kind="page",
            title="Torrance County Detention Facility",
            content_type="text/html; charset=utf-8",
            fetched_at=FETCHED,
            headers={"Content-Type": "text/html; charset=utf-8", "ETag": '"t1"'},
            request_headers={"User-Agent": "DetentionConditionsMonitor/test"},
        )
        version = result.version
        return result.document.id or 0, version.id or 0, version.warc_path or ""


def _warcio_index(path: Path) -> list[dict[str, str]]:
    warcio = Path(sys.executable).parent / "warcio"
    done = subprocess.run(
        [str(warcio), "index", str(path)], capture_output=True, text=True, check=True
    )
    return [json.loads(line) for line in done.stdout.splitlines()]


def test_warcio_indexes_the_capture_and_the_downloaded_record(app, client, tmp_path) -> None:
    document_id, version_id, warc_path = _capture(app)
    index = _warcio_index(Path(warc_path))
    assert {"request", "response", "metadata"} <= {row["warc-type"] for row in index}
    download = client.get(f"/documents/{document_id}/versions/{version_id}/warc")
    assert download.status_code == 200 and download.mimetype == "application/warc"
    assert "attachment" in download.headers["Content-Disposition"]
    own = tmp_path / "record.warc.gz"
    own.write_bytes(download.data)
    types = [row["warc-type"] for row in _warcio_index(own)]
    assert types == ["warcinfo", "request", "response", "metadata"]
    page = client.get(f"/documents/{document_id}").get_data(as_text=True)
    assert "Download the WARC record" in page


@pytest.mark.skipif(not (PYWB_BIN / "wb-manager").exists(), reason="pywb is not installed "
                    "(make install builds .venv-pywb; or set MONITOR_PYWB_BIN)")  # fmt: skip
def test_pywb_replays_the_capture_byte_for_byte(app, client, tmp_path) -> None:
    document_id, version_id, _ = _capture(app)
    warc = tmp_path / "record.warc.gz"
    warc.write_bytes(client.get(f"/documents/{document_id}/versions/{version_id}/warc").data)
    root = tmp_path / "pywb"
    root.mkdir()
    (root / "config.yaml").write_text("framed_replay: false\n")  # pywb's defaults otherwise
    run = {"cwd": root, "capture_output": True, "check": True, "timeout": 120}
    subprocess.run([str(PYWB_BIN / "wb-manager"), "init", "evidence"], **run)  # type: ignore[call-overload]
    subprocess.run([str(PYWB_BIN / "wb-manager"), "add", "evidence", str(warc)], **run)  # type: ignore[call-overload]
    url = f"/evidence/{FETCHED:%Y%m%d%H%M%S}id_/{PAGE}"
    done = subprocess.run([str(PYWB_BIN / "python"), "-c", REPLAY, url], **run)  # type: ignore[call-overload]
    status, _, body = done.stdout.partition(b"\n")
    assert status == b"200 OK", body[:300]
    assert hashlib.sha256(body).hexdigest() == hashlib.sha256(HTML).hexdigest()
