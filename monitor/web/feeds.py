"""Atom feeds: site-wide (new documents and alerts) and per facility (its timeline)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any
from urllib.parse import urlsplit

from feedgen.feed import FeedGenerator
from flask import Blueprint, Response, abort, url_for
from flask_babel import gettext

from monitor.db import get_settings, session_scope
from monitor.models import utcnow
from monitor.queries.facilities import facility_header
from monitor.queries.home import recent_changes
from monitor.queries.timeline import facility_timeline
from monitor.queries.timeline_items import TimelineItem
from monitor.web.language import current_language

bp = Blueprint("feeds", __name__)
MAX_ENTRIES = 50


def _abs(endpoint: str, **values: Any) -> str:
    """An absolute URL on the configured public base URL."""
    return get_settings().base_url.rstrip("/") + url_for(endpoint, **values)


def _tag(key: str) -> str:
    """A stable tag: URI for an entry id (survives URL layout changes)."""
    host = urlsplit(get_settings().base_url).hostname or "localhost"
    return f"tag:{host},2024:{key}"


def _aware(value: date | datetime | None) -> datetime:
    if value is None:
        value = utcnow()
    if not isinstance(value, datetime):
        value = datetime.combine(value, time())
    return value.replace(tzinfo=UTC)


def _feed(feed_id: str, title: str, self_url: str, alt_url: str) -> FeedGenerator:
    fg = FeedGenerator()
    fg.id(_tag(feed_id))
    fg.title(title)
    fg.link(href=alt_url, rel="alternate")
    fg.link(href=self_url, rel="self")
    fg.author({"name": gettext("Detention Conditions Monitor")})
    fg.language(current_language())
    return fg


def _atom(fg: FeedGenerator, newest: datetime) -> Response:
    fg.updated(newest)
    return Response(fg.atom_str(pretty=True), mimetype="application/atom+xml")


@bp.get("/feeds/all.atom")
def site() -> Response:
    """New documents and alerts across every facility."""
    fg = _feed(
        "feed/all",
        gettext("Detention Conditions Monitor: what changed"),
        _abs("feeds.site"),
        _abs("public.home"),
    )
    with session_scope() as session:
        changes = recent_changes(session=session, limit=MAX_ENTRIES)
    for change in reversed(changes):
        entry = fg.add_entry()
        entry.id(_tag(change.key))
        entry.title(change.title)
        entry.updated(_aware(change.at))
        entry.summary(change.summary or change.title)
        if change.document_id:
            entry.link(href=_abs("documents.detail", document_id=change.document_id))
        elif change.facility_slug:
            entry.link(href=_abs("facilities.detail", slug=change.facility_slug))
    return _atom(fg, max((_aware(c.at) for c in changes), default=_aware(None)))


@bp.get("/facilities/<slug>/feed.atom")
def facility(slug: str) -> Response:
    """Everything dated about one facility, newest first."""
    with session_scope() as session:
        header = facility_header(session=session, slug=slug)
        if header is None or header.facility.id is None:
            abort(404, description=f"No facility with the id '{slug}'.")
        items = facility_timeline(
            session=session, facility_id=header.facility.id, limit=MAX_ENTRIES
        )
    name = header.facility.name
    fg = _feed(
        f"facility/{slug}",
        gettext("%(facility)s: timeline", facility=name),
        _abs("feeds.facility", slug=slug),
        _abs("facilities.detail", slug=slug),
    )
    # A fact whose document states no date still reaches readers, dated by its publication.
    dated = [i for i in items if _entry_day(i)][:MAX_ENTRIES]
    for item in reversed(dated):
        entry = fg.add_entry()
        entry.id(_tag(f"facility/{slug}/{item.key}"))
        entry.title(str(item.title))
        entry.updated(_aware(_entry_day(item)))
        summary = [str(item.summary or item.title), item.corrections_text()]
        entry.summary(" ".join(filter(None, summary)))
        href = (
            _abs("documents.detail", document_id=item.document_id)
            if item.document_id
            else _abs("facilities.detail", slug=slug, _anchor=item.key)
        )
        entry.link(href=href)
    return _atom(fg, max((_aware(_entry_day(i)) for i in dated), default=_aware(None)))


def _entry_day(item: TimelineItem) -> date | None:
    """The date a feed entry carries: the one the fact describes, else its publication."""
    published = item.described.published if item.described else None
    return item.when or published
