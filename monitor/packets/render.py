"""HTML to PDF with WeasyPrint: front matter, separator sheets and archived HTML captures.

Rendering never touches the network: the URL fetcher only allows `data:` URIs, so an archived
page that links to remote images or stylesheets is rendered from its own bytes alone.
"""

from __future__ import annotations

import hashlib
import logging
from functools import lru_cache
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher

from monitor.resources import templates_dir

_CAPTURE_CSS = "@page { size: Letter; margin: 0.6in 0.6in 0.8in 0.6in; } body { font-size: 10pt; }"


@lru_cache(maxsize=1)
def template_env() -> Environment:
    """The Jinja environment for templates/packets (also plain-text templates)."""
    env = Environment(
        loader=FileSystemLoader(str(templates_dir())),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env


def render_text(name: str, **context: Any) -> str:
    """Render a template under templates/packets/ to a string."""
    return template_env().get_template(f"packets/{name}").render(**context)


def html_to_pdf(html: str, *, seed: str) -> bytes:
    """Render HTML to PDF bytes; the identifier is derived from `seed` so output is stable."""
    document = HTML(string=html, base_url=None, url_fetcher=_offline_fetcher())
    return document.write_pdf(pdf_identifier=_identifier(seed)) or b""


def capture_to_pdf(content: bytes, *, seed: str) -> bytes:
    """Render an archived HTML capture to PDF pages for stamping, offline and without scripts."""
    document = HTML(
        string=content.decode("utf-8", errors="replace"),
        base_url=None,
        url_fetcher=_offline_fetcher(),
    )
    return (
        document.write_pdf(stylesheets=[CSS(string=_CAPTURE_CSS)], pdf_identifier=_identifier(seed))
        or b""
    )


def _offline_fetcher() -> URLFetcher:
    # WeasyPrint warns about every unsupported CSS property of archived pages: not our errors.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    return URLFetcher(allowed_protocols={"data"}, allow_redirects=False, timeout=1)


def _identifier(seed: str) -> bytes:
    return hashlib.sha256(seed.encode()).hexdigest()[:32].encode()
