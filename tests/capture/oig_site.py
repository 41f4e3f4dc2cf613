"""A small DHS OIG look-alike site for end-to-end scrapes on a local server."""

from __future__ import annotations

import hashlib
from dataclasses import replace

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from monitor.demo.oig_pages import REPORTS, DemoReport, detail_html, listing_html
from monitor.demo.pdf import split_pages, text_pdf

LISTING = "/reports/audits-inspections-and-evaluations"


class OigSite:
    """Serves listing pages (page=N), report pages and PDFs, with ETags and 304s."""

    def __init__(self, server: HTTPServer, reports: list[DemoReport] | None = None) -> None:
        self.server = server
        self.reports = [replace(r, pdf_url=f"/files/{r.number}.pdf") for r in (reports or REPORTS)]
        self.files: dict[str, tuple[bytes, str]] = {}
        self.texts: dict[str, str] = {}  # report number -> text, for reports not in the demo
        self.hits: list[str] = []
        self.build()
        server.expect_request(__import__("re").compile(".*")).respond_with_handler(self.handle)

    def build(self, per_page: int = 2) -> None:
        """(Re)build every page from the current reports."""
        pages = [self.reports[i : i + per_page] for i in range(0, len(self.reports), per_page)]
        for index, chunk in enumerate(pages):
            html = listing_html(chunk)
            if index + 1 < len(pages):
                html = html.replace(
                    "</table>",
                    f'</table><nav class="pager"><a rel="next" '
                    f'href="?page={index + 1}">Next</a></nav>',
                )
            self.files[f"{LISTING}?page={index}"] = (html.encode(), "text/html")
        for report in self.reports:
            self.files[report.detail_url.removeprefix("https://www.oig.dhs.gov")] = (
                detail_html(report).encode(),
                "text/html",
            )
            text = self.texts.get(report.number) or report.text()
            pdf = text_pdf(split_pages(text), footer=report.number)
            self.files[report.pdf_url] = (pdf, "application/pdf")

    @property
    def start_url(self) -> str:
        return self.server.url_for(LISTING)

    def set(self, path: str, content: bytes, content_type: str = "text/html") -> None:
        self.files[path] = (content, content_type)

    def handle(self, request: Request) -> Response:
        key = request.path
        if request.path == LISTING:
            key = f"{LISTING}?page={request.args.get('page', '0')}"
        self.hits.append(key)
        found = self.files.get(key)
        if found is None:
            return Response("not found", status=404)
        content, content_type = found
        etag = '"' + hashlib.sha256(content).hexdigest()[:16] + '"'
        if request.headers.get("If-None-Match") == etag:
            return Response(status=304, headers={"ETag": etag})
        return Response(content, content_type=content_type, headers={"ETag": etag})
