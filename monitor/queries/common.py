"""Shared pieces of the read layer: paging, the clock, recommendation status folding."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Generic, TypeVar

T = TypeVar("T")


def today_utc() -> date:
    """Today's date in UTC (the clock every 'days open' figure uses)."""
    return datetime.now(UTC).date()


@dataclass(frozen=True)
class Paged(Generic[T]):
    """One page of a longer list."""

    items: list[T]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page)) if self.per_page else 1


def paginate(items: Sequence[T], page: int, per_page: int) -> Paged[T]:
    """Slice an already sorted list into one page."""
    start = (page - 1) * per_page
    return Paged(list(items[start : start + per_page]), len(items), page, per_page)


@dataclass(frozen=True)
class StatusEvent:
    """One observation of a recommendation's status, as recorded."""

    observed_date: date
    concurrence: str | None = None
    resolution: str | None = None
    implementation: str | None = None
    target_date: date | None = None
    document_id: int | None = None
    page: int | None = None
    quote: str | None = None


@dataclass
class StatusNow:
    """A recommendation's current status: each axis from its latest observation."""

    concurrence: str | None = None
    resolution: str | None = None
    implementation: str | None = None
    target_date: date | None = None
    closed_date: date | None = None
    last_observed: date | None = None
    target_dates: list[date] = field(default_factory=list)

    @property
    def is_open(self) -> bool:
        """Open until some observation says closed (no status yet counts as open)."""
        return self.implementation != "closed"


def fold_status(events: Iterable[StatusEvent]) -> StatusNow:
    """Fold events (oldest first) into the current status; later observations win per axis."""
    now = StatusNow()
    for event in events:
        now.last_observed = event.observed_date
        if event.concurrence:
            now.concurrence = event.concurrence
        if event.resolution:
            now.resolution = event.resolution
        if event.target_date:
            now.target_date = event.target_date
            if event.target_date not in now.target_dates:
                now.target_dates.append(event.target_date)
        if event.implementation == "closed" and now.implementation != "closed":
            now.closed_date = event.observed_date
        elif event.implementation == "open":
            now.closed_date = None
        if event.implementation:
            now.implementation = event.implementation
    return now


def days_since(start: date, until: date) -> int:
    """Whole days from `start` to `until`, never negative: the one count behind every 'days
    open' and 'days past target' the pages, API, packets and alert rules show."""
    return max(0, (until - start).days)


def days_open(issued: date | None, status: StatusNow, today: date) -> int | None:
    """Days from issue until closure (or until today while open)."""
    if issued is None:
        return None
    end = status.closed_date if not status.is_open and status.closed_date else today
    return days_since(issued, end)


def days_overdue(status: StatusNow, today: date) -> int:
    """Days past the target completion date for an open recommendation (0 otherwise)."""
    if not status.is_open or status.target_date is None:
        return 0
    return days_since(status.target_date, today)


def label(value: str | None) -> str:
    """Human wording of a stored code: non_concur -> non-concur, area_of_concern -> area of concern."""
    if not value:
        return ""
    return value.replace("non_concur", "non-concur").replace("_", " ")
