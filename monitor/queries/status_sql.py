"""Every recommendation's current status computed in the database (list views).

The same rules as `fold_status`, as one GROUP BY: each axis takes its latest non-null
observation (events ordered by observed date, then id), and a closed recommendation's
closing date is its first 'closed' observation after the last 'open' one. Lists of tens of
thousands of recommendations then move one row each instead of their whole history.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session

from monitor.queries.common import StatusNow

KEY_WIDTH = 20  # YYYY-MM-DD plus a zero-padded 10-digit id


def _key(dialect: str, alias: str) -> str:
    """A string that sorts like (observed_date, id) for the event alias."""
    if dialect == "postgresql":
        return (
            f"(to_char({alias}.observed_date, 'YYYY-MM-DD') || "
            f"lpad(CAST({alias}.id AS TEXT), 10, '0'))"
        )
    return f"({alias}.observed_date || printf('%010d', {alias}.id))"


def _date_text(dialect: str, column: str) -> str:
    return f"to_char({column}, 'YYYY-MM-DD')" if dialect == "postgresql" else column


def _latest(dialect: str, column: str, value: str | None = None) -> str:
    """The latest non-null value of `column` (or of the expression `value`)."""
    return (
        f"SUBSTR(MAX(CASE WHEN e.{column} IS NOT NULL THEN {_key(dialect, 'e')} || "
        f"{value or 'e.' + column} END), {KEY_WIDTH + 1})"
    )


def status_sql(dialect: str) -> str:
    """SQL giving (recommendation id, concurrence, resolution, implementation, target, closed)."""
    grouped = (
        f"SELECT e.recommendation_id AS rid, {_latest(dialect, 'concurrence')} AS concurrence, "
        f"{_latest(dialect, 'resolution')} AS resolution, "
        f"{_latest(dialect, 'implementation')} AS implementation, "
        f"{_latest(dialect, 'target_date', _date_text(dialect, 'e.target_date'))} AS target, "
        f"MAX(CASE WHEN e.implementation = 'open' THEN {_key(dialect, 'e')} END) AS last_open "
        f"FROM recommendation_status_event e GROUP BY e.recommendation_id"
    )
    closed = (
        f"CASE WHEN g.implementation = 'closed' THEN (SELECT MIN(c.observed_date) FROM "
        f"recommendation_status_event c WHERE c.recommendation_id = g.rid AND "
        f"c.implementation = 'closed' AND (g.last_open IS NULL OR {_key(dialect, 'c')} > "
        f"g.last_open)) END"
    )
    return (
        f"SELECT g.rid, g.concurrence, g.resolution, g.implementation, g.target, {closed} "
        f"FROM ({grouped}) g"
    )


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


# Status events are append-only, so (row count, highest id) changes whenever the statuses can;
# each process keeps the last computation per engine and reuses it while that key holds.
_CACHE: WeakKeyDictionary[Engine, tuple[tuple[int, int], dict[int, StatusNow]]] = (
    WeakKeyDictionary()
)
_VERSION = "SELECT COUNT(*), COALESCE(MAX(id), 0) FROM recommendation_status_event"


def current_statuses(*, session: Session) -> dict[int, StatusNow]:
    """{recommendation id: current status} for every recommendation with an observation."""
    conn = session.connection()
    count, top = conn.execute(text(_VERSION)).one()
    key = (int(count), int(top))
    engine = conn.engine
    cached = _CACHE.get(engine)
    if cached is not None and cached[0] == key:
        return cached[1]
    statuses = _compute(session)
    _CACHE[engine] = (key, statuses)
    return statuses


def _compute(session: Session) -> dict[int, StatusNow]:
    dialect = session.connection().dialect.name
    out = {}
    for (
        rid,
        concurrence,
        resolution,
        implementation,
        target,
        closed,
    ) in session.connection().execute(text(status_sql(dialect))):
        target_date = _as_date(target)
        out[int(rid)] = StatusNow(
            concurrence=concurrence,
            resolution=resolution,
            implementation=implementation,
            target_date=target_date,
            closed_date=_as_date(closed),
            target_dates=[target_date] if target_date else [],
        )
    return out


def latest_axis_sql(column: str, rec: str = "r.id") -> str:
    """The latest non-null `column` of one recommendation's events, as a scalar subquery.

    The rule of `fold_status` and `status_sql` (later observations win per axis, ties by id),
    for pages that need a few recommendations' status: each is one seek along
    ix_status_rec_observed instead of grouping every event.
    """
    return (
        f"(SELECT e.{column} FROM recommendation_status_event e WHERE e.recommendation_id = "
        f"{rec} AND e.{column} IS NOT NULL ORDER BY e.observed_date DESC, e.id DESC LIMIT 1)"
    )
