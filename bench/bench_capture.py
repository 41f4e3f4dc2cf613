"""Capture benchmarks: PDF text speed, an unchanged re-scrape, a rate-limited first scrape.

Scale with BENCH_CAPTURE_REPORTS (default 200 reports: listing page, report page and PDF each).
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from io import BytesIO
from pathlib import Path
from typing import Any

from bench.context import BenchContext, row

REPORTS = int(os.environ.get("BENCH_CAPTURE_REPORTS", "200"))
PER_PAGE = 10
LATENCY = 0.05
RATE = 20.0
LISTING = "/reports/audits-inspections-and-evaluations"


def _report_texts(count: int) -> list[tuple[str, str]]:
    """Distinct report texts (number, text) derived from the demo's full report."""
    from monitor.demo.oig_pages import DATA

    template = (DATA / "OIG-22-75.txt").read_text(encoding="utf-8")
    out = []
    for index in range(count):
        number = f"OIG-{90 + index // 900:02d}-{index % 900 + 1:03d}"
        out.append((number, template.replace("OIG-22-75", number)))
    return out


def _pdfs(count: int, pages_each: int = 10) -> list[bytes]:
    from monitor.demo.pdf import split_pages, text_pdf

    pdfs = []
    for number, text in _report_texts(count):
        pages = split_pages(text)
        pdfs.append(text_pdf((pages * pages_each)[:pages_each], footer=number))
    return pdfs


def bench_pdf_text() -> dict[str, Any]:
    """Pages per second: pypdfium2 (ours) against pdfplumber on the same PDFs."""
    import pdfplumber

    from scrapers._pdftext import extract_pages

    pdfs = _pdfs(10)
    started = time.perf_counter()
    ours = sum(len(extract_pages(pdf)) for pdf in pdfs)
    ours_rate = ours / (time.perf_counter() - started)
    started = time.perf_counter()
    theirs = 0
    for pdf in pdfs:
        with pdfplumber.open(BytesIO(pdf)) as document:
            theirs += sum(1 for page in document.pages if page.extract_text() is not None)
    peer_rate = theirs / (time.perf_counter() - started)
    ratio = ours_rate / peer_rate
    return row(
        "capture: PDF text pages/s (pypdfium2)",
        round(ours_rate, 1),
        "pages/s",
        peer="pdfplumber",
        peer_value=round(peer_rate, 1),
        ratio=round(ratio, 1),
        goal=">= 10x pdfplumber",
        ok=ratio >= 10,
    )


class _Site:
    """A threaded local server with listing pages, report pages and PDFs; ETags; latency."""

    def __init__(self, count: int) -> None:
        from monitor.demo.oig_pages import DemoReport, detail_html, listing_html
        from monitor.demo.pdf import split_pages, text_pdf

        self.files: dict[str, bytes] = {}
        self.requests = 0
        reports = []
        for index, (number, text) in enumerate(_report_texts(count)):
            report = DemoReport(
                number,
                f"Results of an Unannounced Inspection number {index}",
                __import__("datetime").date(2022, 1, 1),
                f"r-{number.lower()}",
                f"/files/{number}.pdf",
                "A generated report.",
            )
            reports.append(report)
            self.files[f"/reports/2022/r-{number.lower()}"] = detail_html(report).encode()
            self.files[report.pdf_url] = text_pdf(split_pages(text), footer=number)
        chunks = [reports[i : i + PER_PAGE] for i in range(0, len(reports), PER_PAGE)]
        for index, chunk in enumerate(chunks):
            html = listing_html(chunk)
            if index + 1 < len(chunks):
                html = html.replace(
                    "</table>", f'</table><a rel="next" href="?page={index + 1}">Next</a>'
                )
            self.files[f"{LISTING}?page={index}"] = html.encode()
        self.listing_pages = len(chunks)

    def handle(self, request: Any) -> Any:
        from werkzeug import Response

        time.sleep(LATENCY)
        self.requests += 1
        key = request.path
        if key == LISTING:
            key = f"{LISTING}?page={request.args.get('page', '0')}"
        body = self.files.get(key)
        if body is None:
            return Response("missing", status=404)
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if request.headers.get("If-None-Match") == etag:
            return Response(status=304, headers={"ETag": etag})
        return Response(body, headers={"ETag": etag})


def _app(ctx: BenchContext) -> Any:
    from monitor import create_app
    from monitor.db import upgrade

    path = ctx.work_dir / "capture.sqlite3"
    path.unlink(missing_ok=True)
    upgrade(f"sqlite:///{path}")
    data = ctx.work_dir / "capture-data"
    if data.exists():
        import shutil

        shutil.rmtree(data)
    return create_app(
        {
            "database_url": f"sqlite:///{path}",
            "data_dir": Path(data),
            "instance_path": ctx.work_dir / "capture-instance",
            "secret_key": "bench-secret",
        }
    )


def _warm_up() -> None:
    """Import the scrape path first: the figure is scrape throughput, not import time."""
    import monitor.facilities.registry  # noqa: F401
    import monitor.ingest.runner  # noqa: F401
    import scrapers.dhs_oig  # noqa: F401


def _scrape(app: Any, start_url: str) -> Any:
    from monitor.db import get_settings, session_scope
    from monitor.ingest.runner import RunOptions, run_source

    fetch = {
        "allowed_hosts": ("localhost", "127.0.0.1"),
        "allow_loopback": True,
        "requests_per_second": RATE,
        "respect_robots": False,
        "max_workers": 4,
    }
    with session_scope(app) as session:
        return run_source(
            session=session,
            settings=get_settings(app),
            key="dhs_oig",
            options=RunOptions(start_url=start_url, fetch=fetch),
        )


def bench_scrapes(ctx: BenchContext) -> list[dict[str, Any]]:
    """A first scrape under the rate limit, then a re-scrape where nothing changed."""
    import logging

    from pytest_httpserver import HTTPServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one log line per request otherwise
    site = _Site(REPORTS)
    server = HTTPServer(threaded=True)
    server.expect_request(re.compile(".*")).respond_with_handler(site.handle)
    server.start()
    try:
        app = _app(ctx)
        _warm_up()
        started = time.perf_counter()
        first = _scrape(app, server.url_for(LISTING))
        elapsed = time.perf_counter() - started
        floor = (site.requests - 1) / RATE
        again = _scrape(app, server.url_for(LISTING))
    finally:
        server.clear()
        server.stop()
    return _rows(first, again, elapsed, floor)


def _rows(first: Any, again: Any, elapsed: float, floor: float) -> list[dict[str, Any]]:
    name = f"capture: first scrape of {REPORTS} reports at {RATE:.0f} req/s, {LATENCY * 1000:.0f} ms latency"
    return [
        row(
            name,
            round(elapsed, 2),
            "s",
            peer="rate-limit floor",
            peer_value=round(floor, 2),
            ratio=round(elapsed / floor, 3),
            goal="<= 1.2x the rate-limit floor",
            ok=first.status == "success" and elapsed <= 1.2 * floor,
            new=first.new,
        ),
        row(
            "capture: unchanged re-scrape, body bytes downloaded",
            again.bytes_downloaded,
            "bytes",
            goal="0 bytes",
            ok=again.bytes_downloaded == 0,
        ),
        row(
            "capture: unchanged re-scrape, parses",
            again.parses,
            "parses",
            goal="0 parses",
            ok=again.parses == 0 and again.status == "success",
        ),
    ]


def run(ctx: BenchContext) -> list[dict[str, Any]]:
    return [bench_pdf_text(), *bench_scrapes(ctx)]
