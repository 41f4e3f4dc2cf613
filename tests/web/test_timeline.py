"""The facility timeline query on every backend: kinds, category, dates, order and paging."""

from __future__ import annotations

from datetime import date

from flask import Flask

from monitor.db import session_scope
from monitor.queries.timeline import TimelineFilter, facility_timeline, timeline_page
from tests.web.builder import Built


def _kinds(app: Flask, fid: int, f: TimelineFilter) -> list[str]:
    with session_scope(app) as session:
        return [i.kind for i in facility_timeline(session=session, facility_id=fid, filters=f)]


def test_timeline_holds_every_kind_newest_first(built_db: tuple[Flask, Built]) -> None:
    app, ids = built_db
    with session_scope(app) as session:
        items = facility_timeline(session=session, facility_id=ids.ids["facility"])
    kinds = {i.kind for i in items}
    assert kinds == {
        "inspection",
        "finding",
        "management_alert",
        "report",
        "recommendation",
        "staffing",
        "statistics",
        "death",
        "ngo",
        "alert",
    }
    dated = [i.when for i in items if i.when]
    assert dated == sorted(dated, reverse=True)
    assert all(i.document_id != ids.ids["hidden"] for i in items)


def test_timeline_filters(built_db: tuple[Flask, Built]) -> None:
    app, ids = built_db
    fid = ids.ids["facility"]
    assert _kinds(app, fid, TimelineFilter(kinds=frozenset({"death"}))) == ["death"]
    assert set(_kinds(app, fid, TimelineFilter(category="STAFFING"))) == {"staffing"}
    window = TimelineFilter(date_from=date(2022, 3, 1), date_to=date(2022, 3, 31))
    assert sorted(_kinds(app, fid, window)) == ["alert", "management_alert", "recommendation"]


def test_timeline_paging(built_db: tuple[Flask, Built]) -> None:
    app, ids = built_db
    with session_scope(app) as session:
        first = timeline_page(
            session=session, facility_id=ids.ids["facility"], per_page=5, count=True
        )
        second = timeline_page(session=session, facility_id=ids.ids["facility"], page=2, per_page=5)
    assert len(first.items) == 5 and first.has_next and first.total and first.total > 10
    assert second.total is None and {i.key for i in first.items}.isdisjoint(
        {i.key for i in second.items}
    )
