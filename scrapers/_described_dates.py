"""The dates a sentence says a fact describes, with their precision. Pure; no database.

A staffing figure "during our February 1-3, 2022 inspection" describes those three days,
"as of March 2021" a month, "in 2021" a year; none of them is the report's publication date.
Each date found becomes `DescribedDate(start, end, precision)`:

- `precision` is "day", "month" or "year"; `start` is the first day of that unit;
- `end` is None for one day, month or year, and the first day of the last unit for a range
  ("January to March 2022" -> 2022-01-01 .. 2022-03-01, precision "month");
- a fiscal year is the day range 1 October .. 30 September.

Impossible dates ("February 30, 2022") and backwards ranges are not dates and are skipped.
Input is capped, and every pattern is linear, so hostile text costs bounded time.
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from typing import NamedTuple

MAX_TEXT = 200_000
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_MONTHS = {name.lower()[:3]: number for number, name in enumerate(calendar.month_name) if name}
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(\d{4})"
_TO = r"\s*(?:-|\u2013|\u2014|to|through|thru|until|and)\s*"
_PATTERNS: tuple[tuple[str, str], ...] = (
    ("days_across", rf"({_MONTH})\s+{_DAY}(?:,?\s+{_YEAR})?,?{_TO}({_MONTH})\s+{_DAY},?\s+{_YEAR}"),
    ("days", rf"({_MONTH})\s+{_DAY}{_TO}{_DAY},?\s+{_YEAR}"),
    ("day", rf"({_MONTH})\s+{_DAY},?\s+{_YEAR}"),
    ("numeric", r"(\d{1,2})/(\d{1,2})/(\d{4})"),
    ("months", rf"({_MONTH})(?:,?\s+{_YEAR})?{_TO}({_MONTH}),?\s+{_YEAR}"),
    ("month", rf"({_MONTH}),?\s+{_YEAR}"),
    ("fiscal", r"(?:fiscal\s+year|FY)\s?'?(\d{4}|\d{2})"),
    ("year", r"(?:in|during|throughout|as\s+of|since|for|calendar\s+year)\s+(\d{4})"),
)  # fmt: skip
_SCANNER = re.compile(
    "|".join(rf"(?P<{name}>\b{pattern}\b)" for name, pattern in _PATTERNS), re.IGNORECASE
)
_GROUPS = {name: re.compile(rf"\b{pattern}\b", re.IGNORECASE) for name, pattern in _PATTERNS}


class DescribedDate(NamedTuple):
    """A described date or period: (start, end or None, precision)."""

    start: date
    end: date | None
    precision: str


class Found(NamedTuple):
    """A described date and where the text states it."""

    when: DescribedDate
    start: int
    end: int


def find_described_dates(text: str) -> list[Found]:
    """Every described date in the text, in order, with its span."""
    found = []
    for match in _SCANNER.finditer(text[:MAX_TEXT]):
        kind = match.lastgroup or ""
        inner = _GROUPS[kind].fullmatch(match.group(0))
        when = _build(kind, inner.groups()) if inner else None
        if when is not None:
            found.append(Found(when, match.start(), match.end()))
    return found


def described_dates(text: str) -> list[DescribedDate]:
    """Every described date in the text, in order."""
    return [f.when for f in find_described_dates(text)]


def described_date(text: str) -> DescribedDate | None:
    """The first described date in the text, or None."""
    found = find_described_dates(text)
    return found[0].when if found else None


def described_near(text: str, words: re.Pattern[str], window: int = 80) -> DescribedDate | None:
    """The first described date with one of `words` within `window` characters of it."""
    for found in find_described_dates(text):
        around = text[max(0, found.start - window) : found.end + window]
        if words.search(around):
            return found.when
    return None


# Words right before a date that make it the time of the sentence's fact.
_ANCHOR = re.compile(
    r"\b(?:as of|during|at the time of|between|from|in|on)\s+(?:\w+\s+){0,2}$", re.IGNORECASE
)


def anchored_date(sentence: str) -> DescribedDate | None:
    """The first date a sentence introduces as the time of its fact.

    "As of January 2022, only 98 were filled", "during our February 1-3, 2022 inspection";
    a date that merely appears ("the 2019 contract", "signed May 1, 2019") is not taken.
    """
    for found in find_described_dates(sentence):
        if _ANCHOR.search(sentence[max(0, found.start - 40) : found.start]):
            return found.when
    return None


def _build(kind: str, groups: tuple[str | None, ...]) -> DescribedDate | None:
    """The DescribedDate of one match, or None when it names no real date."""
    try:
        return _BUILDERS[kind](groups)
    except (ValueError, KeyError, TypeError):
        return None


def _month(token: str | None) -> int:
    return _MONTHS[(token or "").lower().rstrip(".")[:3]]


def _year(token: str | None) -> int:
    year = int(token or "")
    if not 1900 <= year <= 2100:
        raise ValueError(f"year {year} out of range")
    return year


def _range(start: date, end: date, precision: str) -> DescribedDate | None:
    return DescribedDate(start, end, precision) if end > start else None


def _days_across(g: tuple[str | None, ...]) -> DescribedDate | None:
    month1, day1, year1, month2, day2, year2 = g
    end = date(_year(year2), _month(month2), int(day2 or ""))
    first_year = _year(year1) if year1 else end.year - (_month(month1) > end.month)
    return _range(date(first_year, _month(month1), int(day1 or "")), end, "day")


def _days(g: tuple[str | None, ...]) -> DescribedDate | None:
    month, day1, day2, year = g
    start = date(_year(year), _month(month), int(day1 or ""))
    return _range(start, start.replace(day=int(day2 or "")), "day")


def _day(g: tuple[str | None, ...]) -> DescribedDate:
    month, day, year = g
    return DescribedDate(date(_year(year), _month(month), int(day or "")), None, "day")


def _numeric(g: tuple[str | None, ...]) -> DescribedDate:
    month, day, year = g
    return DescribedDate(date(_year(year), int(month or ""), int(day or "")), None, "day")


def _months(g: tuple[str | None, ...]) -> DescribedDate | None:
    month1, year1, month2, year2 = g
    end = date(_year(year2), _month(month2), 1)
    first_year = _year(year1) if year1 else end.year - (_month(month1) > end.month)
    return _range(date(first_year, _month(month1), 1), end, "month")


def _one_month(g: tuple[str | None, ...]) -> DescribedDate:
    month, year = g
    return DescribedDate(date(_year(year), _month(month), 1), None, "month")


def _fiscal(g: tuple[str | None, ...]) -> DescribedDate:
    (token,) = g
    year = int(token or "")
    year = _year(str(year + 2000 if year < 100 else year))
    return DescribedDate(date(year - 1, 10, 1), date(year, 9, 30), "day")


def _one_year(g: tuple[str | None, ...]) -> DescribedDate:
    (year,) = g
    return DescribedDate(date(_year(year), 1, 1), None, "year")


_BUILDERS = {
    "days_across": _days_across,
    "days": _days,
    "day": _day,
    "numeric": _numeric,
    "months": _months,
    "month": _one_month,
    "fiscal": _fiscal,
    "year": _one_year,
}
