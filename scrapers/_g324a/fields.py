"""Reading filled-in values of the G-324A form, with the form's placeholders left empty.

The form software prints "Not Selected" for an untouched drop-down and a default date
(08/01/1983) for an untouched date field; inspectors write "N/A", "Unknown" or nothing.
None of these is a value, so each reads as None, never as data.
"""

from __future__ import annotations

import re
from datetime import date

from scrapers._base import InspectionRecord
from scrapers._ice_text import parse_us_date, squash

PLACEHOLDERS = frozenset({"not selected", "n/a", "na", "none", "unknown", "select", "-", ""})
# The form's default date and anything before the contract inspections began is no date.
EARLIEST_REAL_DATE = date(2000, 1, 1)
_DATE = r"\d{1,2}/\d{1,2}/\d{2,4}"
_SPAN = re.compile(rf"({_DATE})\s*(?:-|\u2013|to|/|through)\s*({_DATE})", re.I)


def value(text: str | None) -> str | None:
    """A filled-in text value, or None for blanks and form placeholders."""
    cleaned = squash(text or "").strip(" :;,")
    return None if cleaned.lower() in PLACEHOLDERS else cleaned


def real_date(text: str | None) -> date | None:
    """A date the form states, or None for blanks and the form's default dates."""
    day = parse_us_date((text or "").strip())
    return day if day is not None and day >= EARLIEST_REAL_DATE else None


def date_span(text: str | None) -> tuple[date | None, date | None]:
    """Start and end of a span written '10/16/2018 - 10/18/2018' (or 'to', '/')."""
    m = _SPAN.search(text or "")
    if not m:
        return None, None
    start, end = real_date(m.group(1)), real_date(m.group(2))
    if start and end and not 0 <= (end - start).days <= 31:
        return None, None  # an inspection takes days; anything else is a typo
    return start, end


def line_after(text: str, label: str) -> str | None:
    """The line that follows a label line (older revisions print the value below it)."""
    m = re.search(rf"^[ \t]*{label}[^\n]*\n[ \t]*([^\n]*)", text, re.M | re.I)
    return m.group(1) if m else None


def same_line(text: str, label: str) -> str | None:
    """The rest of the line after a label (the current form prints 'Label: value')."""
    m = re.search(rf"{label}[ \t]*([^\n]*)", text, re.I)
    return value(m.group(1)) if m else None


def normal_rating(raw: str | None) -> str | None:
    """One spelling per rating; placeholders are None."""
    cleaned = value(raw)
    if cleaned is None:
        return None
    lowered = cleaned.lower()
    if lowered.startswith("does not meet"):
        return "Does Not Meet Standards"
    if lowered.startswith("meet"):
        return "Meets Standards"
    if lowered.replace(" ", "").startswith("at-risk") or lowered.startswith("at risk"):
        return "At-Risk"
    return cleaned.title() if lowered in {"superior", "good", "acceptable", "deficient"} else None


def reject_later_previous_date(inspection: InspectionRecord) -> None:
    """Leave empty a previous inspection date that is not before this inspection.

    The "previous inspection" field is typed by hand, and a form may repeat the year of the
    current inspection ("09/13/2019" for a previous inspection of 09/13/2018); a date on or
    after this inspection's start cannot be the previous one, and no other date can be told.
    """
    previous, start = inspection.previous_date, inspection.start_date or inspection.end_date
    if previous is None or start is None or previous < start:
        return
    inspection.rejected["previous_date"] = (
        f"the form gives {previous:%m/%d/%Y}, which is not before this inspection"
        f" ({start:%m/%d/%Y})"
    )
    inspection.previous_date = None
