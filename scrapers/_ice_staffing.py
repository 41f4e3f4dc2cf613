"""Staffing statements in prose ("fifty percent of the authorized security positions").

Kept as reported, with computed values alongside (domain.md section 4), never instead.
"""

from __future__ import annotations

import re
from datetime import date

from scrapers._base import StaffingRecord
from scrapers._described_dates import anchored_date
from scrapers._ice_text import NUMBER_WORD, parse_us_date, squash, words_to_int
from scrapers._quotes import clean_quote
from scrapers._staffing_math import check_staffing

_PCT = rf"(?P<pct>\d{{1,3}}(?:\.\d+)?|{NUMBER_WORD})\s*(?:%|percent|per cent)"
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("filled", re.compile(rf"{_PCT} of (?:the |its )?(?:authorized|required|budgeted)\b[^.]{{0,60}}?(?:positions|staffing|staff)", re.I)),
    ("vacant", re.compile(rf"{_PCT} (?:staff(?:ing)? )?vacancy rate", re.I)),
    ("vacant", re.compile(rf"vacancy rate of {_PCT}", re.I)),
    ("vacant", re.compile(rf"understaffed by {_PCT}", re.I)),
    ("vacancies", re.compile(rf"(?P<count>\d{{1,4}}|{NUMBER_WORD}) (?:\w+ )?(?:positions (?:were |remained )?(?:vacant|open|unfilled)|vacant positions|vacancies)", re.I)),
]  # fmt: skip
# every pattern above needs one of these words: sentences without them are skipped (speed)
_HINT = re.compile(r"%|per ?cent|vacan|understaffed|open|unfilled", re.I)
_AS_OF = re.compile(r"(?:as of|in) ((?:[A-Z][a-z]+\.? \d{1,2},? \d{4})|(?:[A-Z][a-z]+ \d{1,2}))")
_ROLE_WORDS = (
    ("mental_health", ("mental health",)),
    ("medical", ("medical", "health care", "nurs")),
    ("security", ("security", "correctional", "officer", "detention officer")),
)


def staffing_statements(
    text: str, *, page: int | None = None, facility_name: str | None = None,
    as_of: date | None = None,
) -> list[StaffingRecord]:  # fmt: skip
    """Every staffing figure stated in `text`, one record per sentence and figure."""
    records: list[StaffingRecord] = []
    for sentence in re.split(r"(?<=[.;])\s+", squash(text)):
        if not _HINT.search(sentence):
            continue
        for kind, pattern in _PATTERNS:
            for m in pattern.finditer(sentence):
                record = _record(kind, m, sentence, page, facility_name, as_of)
                if record is not None:
                    records.append(record)
    return _dedupe(records)


def _record(
    kind: str, m: re.Match[str], sentence: str, page: int | None,
    facility_name: str | None, as_of: date | None,
) -> StaffingRecord | None:  # fmt: skip
    """Build one StaffingRecord from a match, or None when the number is unreadable."""
    raw = m.groupdict().get("pct") or m.groupdict().get("count") or ""
    value = _number(raw)
    if value is None:
        return None
    record = StaffingRecord(
        page=page, quote=clean_quote(sentence, 500), facility_name=facility_name,
        as_of_date=as_of or _as_of(sentence, as_of), role_group=_role(sentence),
    )  # fmt: skip
    described = anchored_date(sentence)  # "as of July 1, 2022", "during the 2021 review"
    if described is not None:
        record.observed_on, record.observed_until, record.observed_precision = described
    if kind == "filled" and value <= 100:
        record.pct_filled_reported = value
        record.pct_filled = check_staffing(pct_filled_reported=value).pct_filled
    elif kind == "vacant" and value <= 100:
        record.pct_vacant_reported = value
        record.pct_filled = check_staffing(pct_vacant_reported=value).pct_filled
    elif kind == "vacancies":
        record.vacancies = int(value)
    else:
        return None
    return record


def _number(raw: str) -> float | None:
    """A figure as float, from digits or number words."""
    try:
        return float(raw)
    except ValueError:
        value = words_to_int(raw)
        return float(value) if value is not None else None


def _role(sentence: str) -> str:
    """The role group a sentence is about; 'all' unless it names one."""
    lowered = sentence.lower()
    for group, words in _ROLE_WORDS:
        if any(word in lowered for word in words):
            return group
    return "all"


def _as_of(sentence: str, default: date | None) -> date | None:
    """An explicit full date in the sentence ('as of July 1, 2022'), else the default."""
    m = _AS_OF.search(sentence)
    return parse_us_date(m.group(1)) if m and parse_us_date(m.group(1)) else default


def _dedupe(records: list[StaffingRecord]) -> list[StaffingRecord]:
    """Drop repeats of the same figure from overlapping patterns."""
    seen: set[tuple[object, ...]] = set()
    unique = []
    for r in records:
        key = (r.quote, r.pct_filled_reported, r.pct_vacant_reported, r.vacancies)
        if key not in seen:
            seen.add(key)
            unique.append(r)
    return unique


def arithmetic(record: StaffingRecord) -> StaffingRecord:
    """Fill computed percent filled and check required = filled + vacancies where given."""
    check = check_staffing(
        required=record.required,
        filled=record.filled,
        vacancies=record.vacancies,
        pct_filled_reported=record.pct_filled_reported,
        pct_vacant_reported=record.pct_vacant_reported,
    )
    if record.filled is None and record.required is not None and record.vacancies is not None:
        record.filled = check.filled  # forms state required and vacant; filled follows
    if check.pct_filled is not None:
        record.pct_filled = check.pct_filled
    if record.required and record.filled is not None:
        record.arithmetic_ok = check.arithmetic_ok is not False
    return record
