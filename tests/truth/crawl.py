"""A link checker for the site: fetch pages with the Flask test client and follow every link.

Only same-site links are followed (external sources are the publishers' business, and tests
never touch the network). Downloads (Content-Disposition: attachment) are checked but not
parsed: an archived web page's own links point at its publisher, not at this site.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup
from flask.testing import FlaskClient

BASE = "http://localhost"
# Links a crawl must not follow: they change state or need a signed-in session.
SKIP_PREFIXES = ("/account/logout",)


@dataclass
class CrawlReport:
    pages: int = 0
    links: int = 0
    broken: list[tuple[int, str, str]] = field(default_factory=list)  # status, url, found on

    def errors(self) -> list[tuple[int, str, str]]:
        """Links answered with 404 or any 5xx."""
        return [b for b in self.broken if b[0] == 404 or b[0] >= 500]


def links_in(html: bytes, page_url: str) -> list[str]:
    """Same-site paths (with query) of every link, image, stylesheet, script and GET form."""
    soup = BeautifulSoup(html, "lxml")
    found = []
    for tag in soup.find_all(["a", "link", "img", "script", "form"]):
        href = tag.get("href") or tag.get("src")
        if tag.name == "form":
            get = (tag.get("method") or "get").lower() == "get"
            href = (tag.get("action") or page_url) if get else None
        if not href or str(href).startswith(("mailto:", "tel:", "#", "javascript:")):
            continue
        parts = urlsplit(urljoin(BASE + page_url, str(href)))
        if f"{parts.scheme}://{parts.netloc}" == BASE:
            found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def crawl(
    client: FlaskClient,
    start: str,
    *,
    expand: Callable[[str], bool] = lambda url: True,
    limit: int = 20_000,
) -> CrawlReport:
    """Fetch `start` and every link reachable from it; pages failing `expand` are only checked."""
    report = CrawlReport()
    seen, queue = {start}, deque([(start, "")])
    while queue and report.pages < limit:
        url, parent = queue.popleft()
        response = client.get(url)
        response.close()  # downloads are streamed from an open file
        report.pages += 1
        if response.status_code >= 400:
            report.broken.append((response.status_code, url, parent))
            continue
        html = response.content_type.startswith("text/html")
        if not html or "attachment" in response.headers.get("Content-Disposition", ""):
            continue
        if not expand(url):
            continue
        for link in links_in(response.data, url):
            report.links += 1
            if link not in seen and not link.startswith(SKIP_PREFIXES):
                seen.add(link)
                queue.append((link, url))
    return report
