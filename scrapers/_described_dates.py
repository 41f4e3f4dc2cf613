"""The date or period a sentence describes, as it states it ("in January 2022", "during our
February 1-3, 2022 inspection", "as of July 1, 2022", "September 29, 2020, to October 1, 2020").

Pure and bounded: only the first `MAX_CHARS` characters are read. A month named without a
year ("in January") is read only when the caller gives the publication date: it is then the
latest such month on or before publication, which is how a press release means it.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

MAX_CHARS = 4_000
_MONTHS = {name.lower(): n for n, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): n for n, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_MONTH = r"(?P<{0}>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<{0}>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<{0}>(?:19|20)\d\d)"
_DASH = r"\s*(?:-|–|—|to|through|and|until)\s*"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # September 29, 2020, to October 1, 2020 / September 29 to October 1, 2020
    ("day_span", re.compile(
        _MONTH.format("m1") + r"\s+" + _DAY.format("d1") + r"(?:,?\s*" + _YEAR.format("y1")
        + r")?,?" + _DASH + _MONTH.format("m2") + r"\s+" + _DAY.format("d2") + r",?\s*"
        + _YEAR.format("y2"), re.I)),
    # February 1-3, 2022
    ("day_range", re.compile(
        _MONTH.format("m1") + r"\s+" + _DAY.format("d1") + _DASH + _DAY.format("d2") + r",?\s*"
        + _YEAR.format("y1"), re.I)),
    # July 1, 2022 / 1 July 2022
    ("day", re.compile(_MONTH.format("m1") + r"\s+" + _DAY.format("d1") + r",?\s*"
                       + _YEAR.format("y1"), re.I)),
    ("day", re.compile(_DAY.format("d1") + r"\s+" + _MONTH.format("m1") + r",?\s*"
                       + _YEAR.format("y1"), re.I)),
    # 10/1/2020 or 2020-10-01
    ("numeric", re.compile(r"\b(?P<m1>[01]?\d)/(?P<d1>[0-3]?\d)/(?P<y1>(?:19|20)\d\d)\b")),
    ("iso", re.compile(r"\b(?P<y1>(?:19|20)\d\d)-(?P<m1>[01]\d)-(?P<d1>[0-3]\d)\b")),
    # January 2022 / January of 2022
    ("month", re.compile(_MONTH.format("m1") + r"\s+(?:of\s+)?" + _YEAR.format("y1"), re.I)),
    # in January (needs the publication date)
    ("bare_month", re.compile(r"\b(?:in|during|since|as of)\s+" + _MONTH.format("m1")
                              + r"(?![\w ]*\d)", re.I)),
    # in 2021 / during fiscal year 2021
    ("year", re.compile(r"\b(?:in|during|since|for|of)\s+(?:(?:fiscal\s+)?year\s+|FY\s*)?"
                        + _YEAR.format("y1") + r"\b", re.I)),
]  # fmt: skip

Period = tuple[date | None, date | None, str | None]
NOT_STATED: Period = (None, None, None)


def described_period(text: str | None, *, published: date | None = None) -> Period:
    """(start, end, precision) of the first date the text states; precision day/month/year."""
    if not text:
        return NOT_STATED
    head = text[:MAX_CHARS]
    found: list[tuple[int, Period]] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(head):
            period = _period(kind, match.groupdict(), published)
            if period is not None:
                found.append((match.start(), period))
                break
    if not found:
        return NOT_STATED
    return min(found, key=lambda f: (f[0], _RANK[f[1][2] or "year"]))[1]


_RANK = {"day": 0, "month": 1, "year": 2}


def _month(value: str | None) -> int | None:
    if value is None:
        return None
    if value.isdigit():
        return int(value)
    return _MONTHS.get(value.lower().rstrip("."))


def _safe(year: int, month: int | None, day: int) -> date | None:
    if month is None or not 1 <= month <= 12:
        return None
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return date(year, month, day)


def _period(kind: str, g: dict[str, str | None], published: date | None) -> Period | None:
    if kind == "bare_month":
        return _bare_month(_month(g["m1"]), published)
    year = int(g["y1"] or g.get("y2") or 0)
    if kind == "year":
        return date(year, 1, 1), date(year, 12, 31), "year"
    month = _month(g["m1"])
    if kind == "month":
        if month is None:
            return None
        return date(year, month, 1), _month_end(year, month), "month"
    start = _safe(year, month, int(g["d1"] or 0))
    if kind == "day_span":
        end = _safe(int(g["y2"] or year), _month(g["m2"]), int(g["d2"] or 0))
    elif kind == "day_range":
        end = _safe(year, month, int(g["d2"] or 0))
    else:
        end = start
    if start is None or end is None or end < start:
        return None
    return start, end, "day"


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _bare_month(month: int | None, published: date | None) -> Period | None:
    """A month without its year: the latest such month on or before publication."""
    if month is None or published is None:
        return None
    year = published.year if month <= published.month else published.year - 1
    return date(year, month, 1), _month_end(year, month), "month"
