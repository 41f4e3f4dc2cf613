"""One capture's WARC records, cut out of the per-source, per-day WARC file for download.

The result is a small, valid WARC file of its own (warcinfo, then the request, response or
resource, and metadata records of that capture, unchanged), which replay tools such as pywb
and ReplayWeb.page open directly.
"""

from __future__ import annotations

import io
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.warcwriter import WARCWriter

from scrapers._base import BadDocument


def capture_records(warc_path: Path, record_id: str) -> bytes:
    """A gzipped WARC with the records of the capture whose main record is `record_id`."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    writer.write_record(
        writer.create_warcinfo_record(
            f"{record_id}.warc.gz", {"software": "detention-monitor", "format": "WARC/1.1"}
        )
    )
    found = 0
    try:
        with warc_path.open("rb") as handle:
            for record in ArchiveIterator(handle):
                headers = record.rec_headers
                ids = (
                    headers.get_header("WARC-Record-ID"),
                    headers.get_header("WARC-Concurrent-To"),
                )
                if record_id in ids:
                    writer.write_record(record)
                    found += 1
    except ArchiveLoadFailed as exc:
        raise BadDocument(f"the WARC file {warc_path.name} is damaged ({exc})") from exc
    if not found:
        raise BadDocument(f"no record {record_id} in {warc_path.name}")
    return out.getvalue()
