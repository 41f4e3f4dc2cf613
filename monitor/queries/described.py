"""The date a fact describes: ONE function, called by timelines, charts, alerts, feeds, API,
CSV and packets alike.

A fact has two dates: the date or period it describes (a staffing count "in January 2022",
an inspection "February 1-3, 2022") and the date its document was published. Only the first
belongs on a time axis; when a document does not state it the fact reads "date not stated"
beside its publication date, and stays out of charts and of alert rules that compare values
over time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from monitor import i18n
from monitor.models import (
    DeathRecord,
    Document,
    Finding,
    Inspection,
    Recommendation,
    StaffingObservation,
)

NOT_STATED = i18n.N_("date not stated")
SPAN = i18n.N_("%(start)s to %(end)s")


@dataclass(frozen=True)
class Described:
    """The period a fact describes (start..end, with a precision) and its publication date."""

    start: date | None
    end: date | None
    precision: str | None  # day, month or year; None when the document does not state it
    published: date | None = None

    @property
    def stated(self) -> bool:
        return self.start is not None

    @property
    def when(self) -> date | None:
        """The point a chart or a rule uses: the end of the period (None when not stated)."""
        return self.end or self.start

    def label(self) -> str:
        """The described date as people write it: 2022-02-01 to 2022-02-03, 2022-01, 2021."""
        if self.start is None:
            return NOT_STATED
        if self.precision == "year":
            return str(self.start.year)
        if self.precision == "month":
            return self.start.strftime("%Y-%m")
        end = self.end or self.start
        return self.start.isoformat() if end == self.start else f"{self.start} to {end}"

    def shown(self) -> i18n.Text:
        """The described date as the reader's language writes it (label() is the API's form)."""
        if self.start is None:
            return i18n.Words(NOT_STATED)
        if self.precision in ("year", "month"):
            return self.label()
        end = self.end or self.start
        if end == self.start:
            return i18n.shown(self.start)
        return i18n.Words(SPAN, start=self.start, end=end)

    def sort_key(self) -> tuple[date, date]:
        """Described date first, then publication date; facts with neither go last."""
        return (self.when or self.published or date.max, self.published or date.max)

    def as_dict(self) -> dict[str, Any]:
        """JSON/CSV fields: described period, its precision, publication date."""
        return {
            "described_from": self.start.isoformat() if self.start else None,
            "described_until": self.end.isoformat() if self.end else None,
            "described_precision": self.precision,
            "date_stated": self.stated,
            "published_date": self.published.isoformat() if self.published else None,
        }


def observed(
    on: date | None,
    until: date | None,
    precision: str | None,
    published: date | None,
    parsed: date | None = None,
) -> Described:
    """The described date from a row's observed_on/until/precision columns (bulk queries).

    `parsed` is the day a parser read (as_of_date, found_date), for rows written before
    described dates existed; ingest clears it when it was only the publication date.
    """
    if on is None:
        if parsed is None:
            return Described(None, None, None, published)
        return Described(parsed, parsed, "day", published)
    return Described(on, until or on, precision or "day", published)


def inspection_precision(inspection: Inspection) -> str:
    """Day, unless the dates were read from a month or year ("during the period of July 2021")."""
    start, end = inspection.start_date, inspection.end_date or inspection.start_date
    if not inspection.date_uncertain or start is None or end is None:
        return "day"
    return "year" if (end - start).days > 31 else "month"


def described_date(fact: Any, published: date | None = None) -> Described:
    """The date or period `fact` describes; `published` is its document's publication date."""
    if isinstance(fact, StaffingObservation):
        return observed(fact.observed_on, fact.observed_until, fact.observed_precision,
                        published, fact.as_of_date)  # fmt: skip
    if isinstance(fact, Finding):
        return observed(fact.observed_on, fact.observed_until, fact.observed_precision,
                        published, fact.found_date)  # fmt: skip
    if isinstance(fact, Inspection) and (fact.start_date or fact.end_date):
        start = fact.start_date or fact.end_date
        return Described(start, fact.end_date or start, inspection_precision(fact), published)
    if isinstance(fact, DeathRecord) and fact.date_of_death is not None:
        return Described(fact.date_of_death, fact.date_of_death, "day", published)
    if isinstance(fact, Recommendation) and fact.issued_date is not None:
        return Described(fact.issued_date, fact.issued_date, "day", published or fact.issued_date)
    if isinstance(fact, Document) and fact.published_date is not None:
        return Described(fact.published_date, fact.published_date, "day", fact.published_date)
    return Described(None, None, None, published)


def on_time_axis(fact: StaffingObservation | Finding, published: date | None = None) -> bool:
    """Whether a fact belongs on a chart or in a rule comparing values over time.

    Not when its described date is not stated, nor when it repeats another document's figure.
    """
    if getattr(fact, "repeats_id", None) is not None:
        return False
    return described_date(fact, published).stated
