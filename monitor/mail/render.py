"""Render mail bodies from templates/mail/<name>.txt and .html (Jinja, no tracking), per language."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache, partial
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from monitor import i18n, labels
from monitor.config import Settings
from monitor.resources import templates_dir


@lru_cache(maxsize=len(i18n.LANGUAGES))
def environment(language: str = i18n.DEFAULT_LANGUAGE) -> Environment:
    """A Jinja environment for mail in one language, independent of any Flask app.

    The scheduler renders mail outside a request, so the catalog and the date and number
    filters are bound here rather than through Flask-Babel.
    """
    env = Environment(
        loader=FileSystemLoader(str(templates_dir())),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_translations(i18n.translations(language), newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(
        day=partial(_day, language=language),
        num=partial(i18n.number, language=language),
        pct=partial(i18n.percent, language=language),
        # The same plain words as the pages (monitor/data/labels.toml).
        plain=lambda code, kind: labels.label(kind, code),
        explain=lambda code, kind: labels.explain(kind, code),
    )
    env.globals["language"] = language
    return env


def _day(value: date | datetime | None, language: str) -> str:
    return i18n.day(value, language)


def render_pair(
    name: str, language: str = i18n.DEFAULT_LANGUAGE, **context: object
) -> tuple[str, str]:
    """The plain-text and HTML bodies of one message, in `language`."""
    language = i18n.normalize(language)
    env = environment(language)
    with i18n.writing(language):  # labels and lazy text in the context follow the mail
        text = env.get_template(f"mail/{name}.txt").render(**context)
        html = env.get_template(f"mail/{name}.html").render(**context)
    return text, html


def translate(language: str, message: str, **values: object) -> str:
    """One string (a subject line) in `language`, %(name)s values filled in.

    Mark the message with `N_()` so extraction finds it.
    """
    with i18n.writing(language):  # values built lazily (labels, alert subjects) follow too
        return i18n.gettext(message, **values)


def site_host(settings: Settings) -> str:
    """Host name of the public site, used in Message-ID and List-Id."""
    return _host(settings.base_url)


@lru_cache(maxsize=8)
def _host(base_url: str) -> str:
    return urlsplit(base_url).hostname or "localhost"


def absolute(settings: Settings, path: str) -> str:
    """An absolute link on the public site."""
    return settings.base_url.rstrip("/") + path
