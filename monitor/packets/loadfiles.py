"""Files for lawyers and review platforms: capture log, facts, Concordance DAT, Opticon OPT.

Concordance DAT uses its standard delimiters: fields are quoted with þ (U+00FE) and separated
by ASCII 20 (DC4, which Concordance displays as ¶). The file is UTF-8 with a byte-order mark so
review platforms detect the encoding.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from monitor.models import CaptureArchive
from monitor.packets.exhibits import Exhibit
from monitor.packets.facts import Fact
from monitor.packets.stamp import bates_label

DAT_QUOTE = "\u00fe"
DAT_SEPARATOR = "\x14"
DAT_NEWLINE = "\u00ae"  # Concordance's stand-in for a line break inside a field
DAT_FIELDS = ("BEGBATES", "ENDBATES", "FILENAME", "SHA256", "PAGECOUNT", "SOURCEURL", "CUSTODIAN")
CAPTURE_FIELDS = (
    "exhibit",
    "filename",
    "title",
    "request_url",
    "final_url",
    "fetched_at_utc",
    "http_status",
    "etag",
    "last_modified",
    "sha256",
    "size_bytes",
    "warc_record_id",
    "warc_file",
    "independent_copy_url",
    "independent_copy_at_utc",
)
FACT_FIELDS = (
    "item",
    "date",
    "kind",
    "category",
    "heading",
    "summary",
    "exhibit",
    "bates",
    "document",
    "report_number",
    "page",
    "quote",
    "source_url",
)


def source_url(exhibit: Exhibit) -> str:
    """Where the original was fetched from (final URL after redirects when known)."""
    version = exhibit.version
    if version is not None:
        return version.final_url or version.request_url or exhibit.document.url or ""
    return exhibit.document.url or ""


def concordance_dat(exhibits: list[Exhibit], prefix: str) -> bytes:
    """One header line and one line per exhibit, CRLF line ends as Concordance expects."""
    lines = [_dat_line(DAT_FIELDS)]
    for ex in exhibits:
        begin, end = ex.bates(prefix)
        lines.append(
            _dat_line(
                (
                    begin,
                    end,
                    ex.original_name or "",
                    ex.version.sha256 if ex.version else "",
                    str(ex.page_count),
                    source_url(ex),
                    ex.custodian,
                )
            )
        )
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


def _dat_line(values: tuple[str, ...]) -> str:
    cleaned = (
        v.replace("\r\n", DAT_NEWLINE).replace("\n", DAT_NEWLINE).replace(DAT_QUOTE, "")
        for v in values
    )
    return DAT_SEPARATOR.join(f"{DAT_QUOTE}{v}{DAT_QUOTE}" for v in cleaned)


def opticon_opt(exhibits: list[Exhibit], prefix: str) -> bytes:
    """One line per stamped page: Bates,volume,image path,document break,,,page count."""
    lines = []
    for ex in exhibits:
        image = ex.stamped_name(prefix).replace("/", "\\")
        for offset in range(ex.page_count):
            first = offset == 0
            lines.append(
                ",".join(
                    (
                        bates_label(prefix, ex.bates_begin + offset),
                        "VOL001",
                        image,
                        "Y" if first else "",
                        "",
                        "",
                        str(ex.page_count) if first else "",
                    )
                )
            )
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def capture_log_csv(
    exhibits: list[Exhibit], archives: Mapping[int, CaptureArchive] | None = None
) -> bytes:
    """For each original: URL, final URL, fetch time, status, validators, hash, WARC record,
    and the independent copy in a web archive when there is one."""
    rows = []
    for ex in exhibits:
        v = ex.version
        copy = (archives or {}).get(v.id or 0) if v else None
        rows.append(
            {
                "exhibit": ex.number,
                "filename": ex.original_name or "",
                "title": ex.document.title,
                "request_url": (v.request_url if v else None) or ex.document.url or "",
                "final_url": (v.final_url or "") if v else "",
                "fetched_at_utc": ex.fetched_at,
                "http_status": v.status_code if v and v.status_code is not None else "",
                "etag": (v.etag or "") if v else "",
                "last_modified": (v.last_modified or "") if v else "",
                "sha256": v.sha256 if v else "",
                "size_bytes": v.size if v else "",
                "warc_record_id": (v.warc_record_id or "") if v else "",
                "warc_file": _basename(v.warc_path) if v else "",
                "independent_copy_url": (copy.archived_url or "") if copy else "",
                "independent_copy_at_utc": _iso(copy.archived_at) if copy else "",
            }
        )
    return _csv(CAPTURE_FIELDS, rows)


def _iso(when: datetime | None) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ") if when else ""


def _basename(path: str | None) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1] if path else ""


def fact_rows(facts: list[Fact], exhibits: list[Exhibit], prefix: str) -> list[dict[str, Any]]:
    """Each selected fact with its citation resolved to an exhibit and Bates number."""
    by_doc = {ex.document.id: ex for ex in exhibits}
    rows = []
    for fact in facts:
        ex = by_doc.get(fact.document_id)
        rows.append(
            {
                "item": fact.key,
                "date": fact.when.isoformat() if fact.when else None,
                "kind": fact.kind,
                "category": fact.category,
                "heading": fact.heading,
                "summary": fact.summary,
                "exhibit": ex.number if ex else None,
                "bates": ex.cite(fact.page, prefix) if ex else None,
                "document": ex.document.title if ex else None,
                "report_number": ex.document.report_number if ex else None,
                "page": fact.page,
                "quote": fact.quote,
                "source_url": source_url(ex) if ex else None,
            }
        )
    return rows


def facts_csv(rows: list[dict[str, Any]]) -> bytes:
    """The fact rows as CSV (empty cells for missing values)."""
    return _csv(FACT_FIELDS, [{k: ("" if v is None else v) for k, v in r.items()} for r in rows])


def facts_json(rows: list[dict[str, Any]], selection: dict[str, Any]) -> bytes:
    """The selection and fact rows as stable, sorted, indented JSON."""
    payload = {"selection": selection, "facts": rows}
    return (json.dumps(payload, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode()


def _csv(fields: tuple[str, ...], rows: list[dict[str, Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")
