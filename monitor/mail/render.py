"""Render mail bodies from templates/mail/<name>.txt and .html (Jinja, no tracking)."""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from monitor import labels
from monitor.config import Settings
from monitor.resources import templates_dir


@lru_cache(maxsize=1)
def environment() -> Environment:
    """One Jinja environment for mail, independent of any Flask app (the scheduler uses it)."""
    env = Environment(
        loader=FileSystemLoader(str(templates_dir())),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # Mail speaks the same plain language as the pages (monitor/data/labels.toml).
    env.filters.update(
        plain=lambda code, kind: labels.label(kind, code),
        explain=lambda code, kind: labels.explain(kind, code),
    )
    return env


def render_pair(name: str, **context: object) -> tuple[str, str]:
    """The plain-text and HTML bodies of one message."""
    env = environment()
    text = env.get_template(f"mail/{name}.txt").render(**context)
    html = env.get_template(f"mail/{name}.html").render(**context)
    return text, html


def site_host(settings: Settings) -> str:
    """Host name of the public site, used in Message-ID and List-Id."""
    return _host(settings.base_url)


@lru_cache(maxsize=8)
def _host(base_url: str) -> str:
    return urlsplit(base_url).hostname or "localhost"


def absolute(settings: Settings, path: str) -> str:
    """An absolute link on the public site."""
    return settings.base_url.rstrip("/") + path
