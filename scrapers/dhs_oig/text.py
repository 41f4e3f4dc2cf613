"""Text helpers for DHS OIG reports: whitespace, numbers in words, dates, cover metadata.

Report wording drifts from year to year, so each extractor keys on several forms.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from scrapers._described_dates import find_described_dates
from scrapers._quotes import paragraphs, squash, strip_page_furniture
from scrapers._states import US_STATES

REPORT_NUMBER = re.compile(r"\bOIG[-\u2010\u2011\u2013 ]?(\d{2})[-\u2010\u2011\u2013](\d{1,3})(?:[-\u2013]([A-Z]{1,4}))?\b")  # fmt: skip
MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTH_RE = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"  # fmt: skip
LONG_DATE = re.compile(rf"\b({MONTH_RE})\.?\s+(\d{{1,2}}),?\s+(\d{{2}}\s?\d{{2}})\b")
NUMERIC_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
MONTH_YEAR = re.compile(rf"\b({MONTH_RE})\.?,?\s+(\d{{4}})\b")

WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "a": 1, "an": 1, "single": 1,
}  # fmt: skip
NUMBER_WORD = r"(?:\d+|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"  # fmt: skip

STATES = US_STATES
STATE_RE = "|".join(sorted((s.title() for s in STATES), key=len, reverse=True))
STATE_RE += "|" + "|".join(sorted(set(STATES.values())))


def to_int(token: str | None) -> int | None:
    """'133', '1,204', 'five', 'twenty-one' -> int."""
    if token is None:
        return None
    token = token.strip().lower().replace(",", "")
    if token.isdigit():
        return int(token)
    parts = re.split(r"[- ]", token)
    if all(p in WORD_NUMBERS for p in parts):
        return sum(WORD_NUMBERS[p] for p in parts)
    return None


def parse_date(text: str | None) -> date | None:
    """The first date in `text`: 'March 16, 2022', '03/16/2022' or '2022-03-16'."""
    if not text:
        return None
    iso = re.search(r"\b(\d{4})-(\d{2})-(\d{2})\b", text)
    long = LONG_DATE.search(text)
    numeric = NUMERIC_DATE.search(text)
    found = [m for m in (iso, long, numeric) if m is not None]
    if not found:
        return None
    first = min(found, key=lambda m: m.start())
    try:
        if first is long:
            year = int(first.group(3).replace(" ", ""))
            return date(year, MONTHS[first.group(1).lower()[:3]], int(first.group(2)))
        if first is numeric:
            return date(int(first.group(3)), int(first.group(1)), int(first.group(2)))
        return date(int(first.group(1)), int(first.group(2)), int(first.group(3)))
    except (ValueError, KeyError):
        return None


def parse_target_date(text: str) -> date | None:
    """A completion date; 'June 2023' means the end of that month."""
    exact = parse_date(text)
    if exact is not None:
        return exact
    month = MONTH_YEAR.search(text)
    if month is None:
        return None
    year, number = int(month.group(2)), MONTHS[month.group(1).lower()[:3]]
    return date(year, number, calendar.monthrange(year, number)[1])


def normalize_report_number(text: str) -> str | None:
    """'OIG-22-31', 'OIG 17-43-MA' -> canonical 'OIG-22-31' / 'OIG-17-43-MA'."""
    match = REPORT_NUMBER.search(text or "")
    if match is None:
        return None
    number = f"OIG-{match.group(1)}-{int(match.group(2)):02d}"
    return f"{number}-{match.group(3)}" if match.group(3) else number


def fiscal_year(day: date | None) -> int | None:
    """Federal fiscal year of a date (October starts the next year)."""
    if day is None:
        return None
    return day.year + 1 if day.month >= 10 else day.year


def report_type(title: str, text: str = "", number: str | None = None) -> str:
    """management_alert, summary, unannounced_inspection, inspection or audit."""
    head = f"{title} {text[:3000]}".lower()
    if (number or "").endswith("-MA") or "management alert" in title.lower():
        return "management_alert"
    if re.search(r"\bsummary of\b|capping report|lessons learned|\bsummary report\b", title, re.I):
        return "summary"
    if "unannounced" in head or re.search(r"violations of (ice )?detention standards", head):
        return "unannounced_inspection"
    if re.search(r"why we did this (inspection|evaluation|review)|\binspections? of\b", head):
        return "inspection"
    return "audit"


_FACILITY_WORDS = r"(?:Facility|Center|Centre|Jail|Complex|Annex|Prison|Institution|Detention Center|Processing Center|Correctional Center|Sheriff's Office)"  # fmt: skip
FACILITY_IN_PLACE = re.compile(
    rf"((?:[A-Z][\w.'\u2019&-]*\s){{1,8}}?{_FACILITY_WORDS})(?:\s*\([A-Za-z]+\))?"
    rf"(?:\s*\(the facility\))?\s+in\s+([A-Z][A-Za-z.' -]{{1,30}}?),\s*({STATE_RE})\b"
)
_LEADING_NOISE = re.compile(r"^(?:(?:of|at|the|ICE's|ICE\u2019s|an?|Inspection|Unannounced|Results|Limited-Scope)\s+)+")  # fmt: skip


def facility_names(title: str, text: str) -> list[str]:
    """Facilities named as 'X Facility in City, State' in the title or opening pages."""
    found: dict[str, str] = {}
    for source in (squash(title), squash(text[:6000])):
        for match in FACILITY_IN_PLACE.finditer(source):
            name = _LEADING_NOISE.sub("", match.group(1).strip())
            state = STATES.get(match.group(3).lower(), match.group(3).upper())
            key = name.lower()
            if name and key not in found:
                found[key] = f"{name}, {match.group(2).strip()}, {state}"
    return list(found.values())


def cover_title(first_page: str) -> str | None:
    """The title on the cover: the lines before the issue date, without the masthead."""
    lines = [squash(line) for line in first_page.splitlines()]
    picked: list[str] = []
    for line in lines:
        if LONG_DATE.search(line) or REPORT_NUMBER.search(line):
            break
        if re.search(r"inspector general|homeland security|page \d+ ?of|www\.", line, re.I):
            continue
        if line:
            picked.append(line)
    title = squash(" ".join(picked))
    return title or None


def split_sentences(text: str) -> list[str]:
    """Sentences of squashed text (good enough for report prose)."""
    text = squash(text)
    parts = re.split(r"(?<=[.;])\s+(?=[A-Z(\u2022])|\s+\u2022\s+", text)
    return [p.strip() for p in parts if p.strip()]


def page_sentences(page: str) -> list[str]:
    """Sentences of a page with its line breaks, headings apart from the prose after them."""
    return [s for block in paragraphs(page).splitlines() for s in split_sentences(block)]


class ReportText:
    """A report's pages as squashed text, joined, with a way back from offset to page.

    `raw_pages` are the pages as extracted (footers name the report's own number);
    `clean_pages` keep their lines but lose running headers, footers and page numbers.
    """

    def __init__(self, pages: list[str]) -> None:
        self.raw_pages = pages
        self.clean_pages = strip_page_furniture(pages)
        self.pages = [squash(page) for page in self.clean_pages]
        self.starts: list[int] = []
        parts: list[str] = []
        offset = 0
        for page in self.pages:
            self.starts.append(offset)
            parts.append(page)
            offset += len(page) + 1
        self.joined = " ".join(parts)

    def page_at(self, offset: int) -> int:
        """1-based page number holding this offset of `joined`."""
        page = 1
        for index, start in enumerate(self.starts):
            if start <= offset:
                page = index + 1
        return page


_VISIT_LEAD = re.compile(r"\b(?:from|on|between)\s+$", re.I)


def visit_end(text: str) -> date | None:
    """Last day of the inspection visit ('From February 1 to 3, 2022' -> 2022-02-03)."""
    for found in find_described_dates(text):
        lead = text[max(0, found.start - 12) : found.start]
        if found.when.precision == "day" and _VISIT_LEAD.search(lead):
            return found.when.end or found.when.start
    return None


def own_report_number(raw_pages: list[str]) -> str | None:
    """The report's own number: the one its page footers repeat, else the first on the cover.

    Reports cite earlier reports (OIG-22-75 cites OIG-22-31), so the first number in the text
    is not always the report's own.
    """
    counts: dict[str, int] = {}
    for page in raw_pages:
        for match in REPORT_NUMBER.finditer(page):
            number = normalize_report_number(match.group(0))
            if number:
                counts[number] = counts.get(number, 0) + 1
    if not counts:
        return None
    best = max(counts.values())
    if best > 1 and list(counts.values()).count(best) == 1:
        return max(counts, key=lambda n: counts[n])
    return normalize_report_number("\n".join(raw_pages[:2]))
