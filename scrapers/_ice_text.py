"""Text helpers shared by the ICE and NGO sources: PDF text, US dates, number words, states.

Pure functions with no database or network, so every parser stays re-runnable on archived bytes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from scrapers._base import BadDocument
from scrapers._pdftext import page_texts
from scrapers._states import US_STATES

MONTHS: dict[str, int] = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4,
    "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11,
    "november": 11, "dec": 12, "december": 12,
}  # fmt: skip

STATES = US_STATES
STATE_CODES = frozenset(STATES.values())

_UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
NUMBER_WORD = r"(?:\d{1,4}|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ]\w+)?|\w+teen|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|no)"


def words_to_int(text: str) -> int | None:
    """Read '39', 'thirty-nine', 'No' (0) or 'eighteen' as an integer; None when unreadable."""
    token = text.strip().lower().replace("\u2011", "-")
    if token.isdigit():
        return int(token)
    if token == "no":
        return 0
    if token in _UNITS:
        return _UNITS.index(token)
    parts = re.split(r"[- ]+", token)
    if parts and parts[0] in _TENS:
        value = 20 + 10 * _TENS.index(parts[0])
        if len(parts) == 2 and parts[1] in _UNITS[1:10]:
            return value + _UNITS.index(parts[1])
        return value if len(parts) == 1 else None
    return None


# ---------------------------------------------------------------- PDF text


def clean_text(raw: str) -> str:
    """Normalise extracted text: line ends, soft hyphens pdfium marks with U+FFFE, spaces."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    # pdfium joins a hyphenated line break with U+FFFE; a capital after it means a real hyphen
    text = re.sub("\ufffe(?=[A-Z])", "-", text)
    text = text.replace("\ufffe", "").replace("\u00ad", "")
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r"[ \t]+", " ", text)


def pdf_pages(content: bytes, *, url: str | None = None) -> list[str]:
    """Cleaned text of each page; BadDocument when unreadable or without a text layer."""
    pages = [clean_text(text) for text in page_texts(content, url=url)]
    if sum(len(p.strip()) for p in pages) < 40:
        raise BadDocument("the PDF has almost no text layer (scanned image?)", url=url)
    return pages


def page_of(pages: list[str], needle: str) -> int | None:
    """1-based number of the first page containing `needle` (case-insensitive)."""
    lowered = needle.lower()
    for number, text in enumerate(pages, start=1):
        if lowered in text.lower():
            return number
    return None


def squash(text: str) -> str:
    """Collapse all whitespace to single spaces."""
    return re.sub(r"\s+", " ", text).strip()


# ---------------------------------------------------------------- dates


def make_date(year: int, month: int, day: int) -> date | None:
    """A date, or None when the parts do not form one (Feb. 30)."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def month_number(name: str | None) -> int | None:
    """1-12 for 'Oct.', 'October', 'Sept'; None for anything else."""
    if not name:
        return None
    return MONTHS.get(name.strip(". ").lower())


_NUMERIC = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})\s*$")
_LONG = re.compile(r"^\s*([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")


def parse_us_date(text: str | None) -> date | None:
    """Read '9/29/2020', 'September 29, 2020', 'Oct. 25, 2022' or '2022-12-12'; else None."""
    if not text:
        return None
    if m := _NUMERIC.match(text):
        year = int(m.group(3))
        year = year + 2000 if year < 100 else year
        return make_date(year, int(m.group(1)), int(m.group(2)))
    if m := _LONG.match(text):
        month = month_number(m.group(1))
        return make_date(int(m.group(3)), month, int(m.group(2))) if month else None
    if m := _ISO.match(text):
        return make_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    return None


@dataclass(frozen=True)
class DateSpan:
    """Dates read from a phrase such as 'Nov. 29-Dec. 1, 2022'; uncertain ones stay None."""

    start: date | None
    end: date | None
    uncertain: bool
    matched: str = ""


_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_RANGE = re.compile(
    rf"(?P<m1>{_MONTH})\s*(?P<d1>\d{{1,2}})(?:,?\s*(?P<y1>\d{{4}}))?,?\s*"
    rf"(?:[-\u2013\u2014]|to|through)\s*(?:(?P<m2>{_MONTH})\s*)?(?P<d2>\d{{1,2}}),?\s*(?P<y2>\d{{4}})",
    re.I,
)
_SINGLE = re.compile(rf"(?P<m>{_MONTH})\s*(?P<d>\d{{1,2}}),?\s*(?P<y>\d{{4}})", re.I)
MAX_SPAN_DAYS = 31  # an inspection longer than a month is more likely a typo than a fact


_NUMERIC_RANGE = re.compile(
    r"\b(\d{1,2})/(\d{1,2})/(\d{4})\s*(?:[-\u2013\u2014]|to|through)\s*(\d{1,2})/(\d{1,2})/(\d{4})\b"
)


def parse_span(text: str) -> DateSpan | None:
    """Find the first date or date range in `text`; None when there is none at all."""
    if m := _RANGE.search(text):
        return _span_from_range(m)
    if m := _NUMERIC_RANGE.search(text):
        start = make_date(int(m[3]), int(m[1]), int(m[2]))
        end = make_date(int(m[6]), int(m[4]), int(m[5]))
        if start is None or end is None or end < start or (end - start).days > MAX_SPAN_DAYS:
            return DateSpan(None, None, True, m.group(0))
        return DateSpan(start, end, False, m.group(0))
    if m := _SINGLE.search(text):
        day = make_date(int(m["y"]), month_number(m["m"]) or 0, int(m["d"]))
        return DateSpan(day, day, day is None, m.group(0))
    return None


def _span_from_range(m: re.Match[str]) -> DateSpan:
    """Turn a range match into dates, refusing to guess when the parts contradict."""
    year2 = int(m["y2"])
    year1 = int(m["y1"]) if m["y1"] else year2
    month1 = month_number(m["m1"]) or 0
    month2 = (month_number(m["m2"]) or 0) if m["m2"] else month1
    if not m["y1"] and month2 < month1:
        year1 = year2 - 1  # "Dec. 30-Jan. 1, 2023" starts in the year before
    start = make_date(year1, month1, int(m["d1"]))
    end = make_date(year2, month2, int(m["d2"]))
    if start is None or end is None or end < start or (end - start).days > MAX_SPAN_DAYS:
        return DateSpan(None, None, True, m.group(0))
    return DateSpan(start, end, False, m.group(0))


def state_code(name: str | None) -> str | None:
    """'NM', 'New Mexico' or 'new mexico' as the two-letter code; None when unknown."""
    if not name:
        return None
    cleaned = squash(name).strip(" .,")
    if cleaned.upper() in STATE_CODES:
        return cleaned.upper()
    return STATES.get(cleaned.lower())


_STANDARD = re.compile(
    r"\b(PBNDS|NDS|Performance-Based National Detention Standards|National Detention Standards"
    r"|Family Residential Standards)\s*\)?\s*(2000|2008|2011|2019|2020|2025)?"
    r"(\s*(?:with|\(|,)\s*(?:the )?(?:2016 revisions?|revised 2016))?",
    re.I,
)


_YEAR_FIRST = re.compile(
    r"\b(2000|2008|2011|2019|2025)\s+(Performance-Based National Detention Standards|PBNDS"
    r"|National Detention Standards|NDS)\b",
    re.I,
)


def detention_standard(flat: str) -> str | None:
    """'PBNDS 2011', 'PBNDS 2011 (2016 revisions)', 'NDS 2019', 'FRS' or None."""
    named = _name_first_standard(flat)
    if named:
        return named
    if m := _YEAR_FIRST.search(flat):
        family = "PBNDS" if m.group(2).lower().startswith(("pbnds", "performance")) else "NDS"
        revised = re.search(r"2016 revisions?|revised 2016", flat[m.end() : m.end() + 40], re.I)
        return f"{family} {m.group(1)}" + (" (2016 revisions)" if revised else "")
    return None


def _name_first_standard(flat: str) -> str | None:
    """Standards written name first: 'PBNDS 2011', 'National Detention Standards 2019'."""
    for m in _STANDARD.finditer(flat):
        name = m.group(1).lower()
        if name.startswith("family"):
            return "FRS" + (f" {m.group(2)}" if m.group(2) else "")
        if not m.group(2):
            continue
        family = "PBNDS" if name.startswith(("pbnds", "performance")) else "NDS"
        return f"{family} {m.group(2)}" + (" (2016 revisions)" if m.group(3) else "")
    return None


_FACILITY_WORDS = (
    r"Detention (?:Facility|Center|Centre)|Processing Center|Correctional (?:Center|Facility|Complex)"
    r"|Contract (?:Detention )?Facility|County Jail|Jail|Residential (?:Center|Facility)"
    r"|Service Processing Center|Federal Contract Facility|Hold Room|Detention Complex"
)
_MENTION = re.compile(
    rf"\b((?:[A-Z][\w.-]*\s){{1,6}}?(?:{_FACILITY_WORDS}))(?:\s*\((?P<abbr>[A-Z]{{2,6}})\))?"
)
_LEADING = re.compile(
    r"^(?:(?:The|At|In|From|To|Of|And|ICE|ICE's|A|An|New|Report|Press|Release)\s)+"
)


def facility_mentions(text: str) -> list[str]:
    """Facility names a text mentions ('Torrance County Detention Facility'), each once."""
    found: list[str] = []
    for m in _MENTION.finditer(text):
        name = _LEADING.sub("", squash(m.group(1)))
        if len(name.split()) >= 2 and name not in found:
            found.append(name)
    return found
