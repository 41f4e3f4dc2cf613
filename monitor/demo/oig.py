"""Demo part: DHS OIG reports on the demo facilities, through the real fetcher and parsers.

The listing, report pages and PDFs are served at their public URLs by an in-process fake
transport (no network), then captured, parsed and written by the real ingest runner, so the
demo's Torrance recommendations, staffing and findings come out of documents, not rows.
"""

from __future__ import annotations

import httpx
from sqlmodel import Session

from monitor.config import Settings
from monitor.demo.oig_pages import REPORTS, SITE, detail_html, listing_html
from monitor.demo.pdf import split_pages, text_pdf
from monitor.ingest.runner import RunOptions, RunSummary, run_source
from scrapers import dhs_oig

ROBOTS = b"User-agent: *\nAllow: /\n"


def demo_site() -> dict[str, tuple[bytes, str]]:
    """Every URL the demo serves, with its bytes and content type."""
    site: dict[str, tuple[bytes, str]] = {
        f"{SITE}/robots.txt": (ROBOTS, "text/plain"),
        dhs_oig.SOURCE.url: (listing_html(REPORTS).encode(), "text/html; charset=utf-8"),
    }
    for report in REPORTS:
        site[report.detail_url] = (detail_html(report).encode(), "text/html; charset=utf-8")
        pdf = text_pdf(split_pages(report.text()), title=report.title, footer=report.number)
        site[report.pdf_url] = (pdf, "application/pdf")
    return {str(httpx.URL(url)): value for url, value in site.items()}


def demo_transport() -> httpx.MockTransport:
    """A fake transport answering from `demo_site()` (404 for anything else)."""
    site = demo_site()

    def handler(request: httpx.Request) -> httpx.Response:
        found = site.get(str(request.url))
        if found is None:
            return httpx.Response(404, text="not found")
        content, content_type = found
        return httpx.Response(200, content=content, headers={"Content-Type": content_type})

    return httpx.MockTransport(handler)


def load(session: Session, settings: Settings) -> RunSummary:
    """Scrape the demo OIG site into the database (idempotent: a re-run changes nothing)."""
    options = RunOptions(
        transport=demo_transport(),
        fetch={"check_dns": False, "requests_per_second": 1000.0, "max_workers": 1},
    )
    summary = run_source(
        session=session, settings=settings, key=dhs_oig.SOURCE.key, options=options
    )
    if summary.status != "success":
        raise RuntimeError(f"demo OIG scrape failed: {summary.error}")
    return summary
