"""Jinja helpers shared by the public templates."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import Flask, current_app, request, url_for
from werkzeug.routing import BuildError

from monitor import i18n
from monitor.queries.common import label
from monitor.queries.timeline import KINDS
from scrapers._taxonomy import CATEGORIES


def optional_url(endpoint: str, **values: Any) -> str | None:
    """URL of an endpoint another area may or may not have registered (None when absent)."""
    if endpoint not in current_app.view_functions:
        return None
    try:
        return url_for(endpoint, **values)
    except BuildError:
        return None


def with_args(**changes: Any) -> str:
    """The current URL with some query parameters replaced (None removes one)."""
    args: dict[str, Any] = request.args.to_dict(flat=False)
    for key, value in changes.items():
        if value is None:
            args.pop(key, None)
        else:
            args[key] = [str(value)]
    return url_for(request.endpoint or "public.home", **(request.view_args or {}), **args)


def fmt_date(value: date | datetime | None) -> str:
    """ISO date (dates are shown unambiguously everywhere)."""
    if value is None:
        return ""
    return value.date().isoformat() if isinstance(value, datetime) else value.isoformat()


def fmt_pct(value: float | None) -> str:
    return "" if value is None else f"{value:.0f}%"


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(
        optional_url=optional_url, with_args=with_args, CATEGORIES=CATEGORIES, KINDS=KINDS
    )
    app.jinja_env.filters.update(iso=fmt_date, pct=fmt_pct, words=label, category=_category)


def _category(code: str | None) -> str:
    """A finding category's name in the reader's language (the names are catalog entries)."""
    name = CATEGORIES.get(code or "")
    return i18n.gettext(name) if name else code or ""
