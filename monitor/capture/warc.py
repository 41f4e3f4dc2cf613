"""WARC records for captures: request + response + metadata (or resource + metadata).

Each record is its own gzip member, so appending to a per-source, per-day file keeps it a
valid WARC that standard web-archive tools replay.
"""

from __future__ import annotations

import fcntl
import json
from dataclasses import dataclass
from datetime import date, datetime
from http import HTTPStatus
from io import BytesIO
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from monitor.config import Settings

# Headers that describe the transfer, not the stored payload (httpx already decoded it).
_TRANSFER_HEADERS = {"content-encoding", "transfer-encoding", "content-length", "connection"}


@dataclass
class WarcInput:
    """Everything the WARC writer needs about one capture."""

    source_key: str
    url: str
    final_url: str | None
    content: bytes
    content_type: str | None
    status: int
    headers: dict[str, str]
    request_headers: dict[str, str] | None
    fetched_at: datetime
    sha: str


def warc_file(settings: Settings, source_key: str, day: date) -> Path:
    """The WARC file captures of this source on this day are appended to."""
    folder = Path(settings.data_dir) / "warc" / source_key
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{source_key}-{day:%Y%m%d}.warc.gz"


def write_warc(settings: Settings, item: WarcInput) -> tuple[Path, str]:
    """Append request/response/metadata (or resource/metadata) records; returns (file, id)."""
    path = warc_file(settings, item.source_key, item.fetched_at.date())
    with open(path, "ab") as handle:
        # One writer at a time per file: each record is its own gzip member, so appends stay valid.
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            writer = WARCWriter(handle, gzip=True)
            if handle.tell() == 0:
                writer.write_record(
                    writer.create_warcinfo_record(
                        path.name, {"software": "detention-monitor", "format": "WARC/1.1"}
                    )
                )
            main = _main_record(writer, item)
            record_id = main.rec_headers.get_header("WARC-Record-ID")
            if item.request_headers is not None:
                writer.write_record(_request_record(writer, item, record_id))
            writer.write_record(main)
            writer.write_record(_metadata_record(writer, item, record_id))
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
    return path, record_id


def _warc_date(item: WarcInput) -> dict[str, str]:
    return {"WARC-Date": item.fetched_at.strftime("%Y-%m-%dT%H:%M:%SZ")}


def _main_record(writer: WARCWriter, item: WarcInput) -> Any:
    """A `response` record for HTTP captures, a `resource` record for files."""
    target = item.final_url or item.url
    if item.request_headers is None:
        return writer.create_warc_record(
            target,
            "resource",
            payload=BytesIO(item.content),
            length=len(item.content),
            warc_content_type=item.content_type or "application/octet-stream",
            warc_headers_dict=_warc_date(item),
        )
    kept = [(k, v) for k, v in item.headers.items() if k.lower() not in _TRANSFER_HEADERS]
    kept.append(("Content-Length", str(len(item.content))))
    http_headers = StatusAndHeaders(
        f"{item.status} {_reason(item.status)}", kept, protocol="HTTP/1.1"
    )
    return writer.create_warc_record(
        target,
        "response",
        payload=BytesIO(item.content),
        length=len(item.content),
        http_headers=http_headers,
        warc_headers_dict=_warc_date(item),
    )


def _request_record(writer: WARCWriter, item: WarcInput, concurrent_to: str) -> Any:
    parts = urlsplit(item.url)
    path = parts.path or "/"
    if parts.query:
        path += f"?{parts.query}"
    headers = [("Host", parts.netloc), *(item.request_headers or {}).items()]
    http_headers = StatusAndHeaders(f"GET {path} HTTP/1.1", headers, is_http_request=True)
    warc_headers = {**_warc_date(item), "WARC-Concurrent-To": concurrent_to}
    return writer.create_warc_record(
        item.url,
        "request",
        payload=BytesIO(b""),
        length=0,
        http_headers=http_headers,
        warc_headers_dict=warc_headers,
    )


def _metadata_record(writer: WARCWriter, item: WarcInput, concurrent_to: str) -> Any:
    body = json.dumps(
        {
            "request_url": item.url,
            "final_url": item.final_url or item.url,
            "status": item.status,
            "sha256": item.sha,
            "fetched_at": item.fetched_at.isoformat(),
            "source": item.source_key,
        }
    ).encode()
    warc_headers = {**_warc_date(item), "WARC-Concurrent-To": concurrent_to}
    # Not the page URL: replay tools (pywb) index metadata records like responses, and one with
    # the same URL and time sorts first and is replayed instead of the page. WARC-Concurrent-To
    # and the JSON body tie this record to its capture.
    return writer.create_warc_record(
        f"urn:detention-monitor:capture:{item.sha}",
        "metadata",
        payload=BytesIO(body),
        length=len(body),
        warc_content_type="application/json",
        warc_headers_dict=warc_headers,
    )


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"
