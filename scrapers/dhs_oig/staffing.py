"""Staffing figures in report prose, kept as reported, with computed values and a check.

Handles "133 of the 245 required positions were filled", "54 percent of required staffing",
"understaffed by 46%", "120 of 260 positions vacant", "a 54% staff vacancy rate", "fifty percent of the authorized
correctional/security positions", "112 vacancies, 94 of them security".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from scrapers._base import StaffingRecord
from scrapers._described_dates import DescribedDate
from scrapers._quotes import clean_quote
from scrapers._staffing_math import PERCENT_TOLERANCE, StaffingCheck, check_staffing
from scrapers.dhs_oig.staffing_dates import passage_period, report_period
from scrapers.dhs_oig.text import NUMBER_WORD, ReportText, page_sentences, to_int

_NUM = r"(\d{1,3}(?:,\d{3})*|" + NUMBER_WORD + r")"
_PCT = r"(\d{1,3}(?:\.\d+)?|" + NUMBER_WORD + r")\s*(?:%|percent)"
_ROLE_WORDS = r"(?:security|correctional|custody|detention officer|medical|nursing|health care|mental health)"  # fmt: skip

_FILLED_OF = re.compile(
    rf"{_NUM}\s+(?:of|out of)\s+(?:the\s+|its\s+|their\s+)?{_NUM}\s+(?:required\s+|authorized\s+|budgeted\s+|funded\s+|contract(?:ually)?[- ]required\s+)?"
    rf"(?:{_ROLE_WORDS}\s+)?(?:staff(?:ing)?\s+)?(?:positions|posts|staff\b)(?![^.]{{0,40}}\bvacan)",
    re.I,
)
# "120 of 260 positions vacant": the first number counts vacancies, not filled posts.
_VACANT_OF = re.compile(
    rf"{_NUM}\s+(?:of|out of)\s+(?:the\s+|its\s+|their\s+)?{_NUM}\s+(?:required\s+|authorized\s+|budgeted\s+|funded\s+)?"
    rf"(?:{_ROLE_WORDS}\s+)?(?:staff(?:ing)?\s+)?(?:positions|posts)\s+(?:were\s+|was\s+|remained\s+)?(?:vacant|unfilled)",
    re.I,
)
_VACANCIES = re.compile(
    rf"{_NUM}\s+(?:{_ROLE_WORDS}\s+)?(?:vacancies|vacant\s+(?:positions|posts)|(?:positions|posts)\s+(?:were\s+|remained\s+)?(?:vacant|unfilled))",
    re.I,
)
_REQUIRED = re.compile(
    rf"(?:Of\s+the\s+{_NUM}\s+(?:required\s+|authorized\s+)?(?:positions|posts)|{_NUM}\s+(?:required|authorized|budgeted|funded)\s+(?:{_ROLE_WORDS}\s+)?(?:positions|posts))",
    re.I,
)
# "was required to maintain 160 positions", "the contract requires it to staff 245 posts";
# not "required to keep 2 officers in each unit" (a post ratio, not a head count).
_REQUIRED_VERB = re.compile(
    rf"(?:required|requires|require|obligated|expected)\s+(?:\w+\s+){{0,4}}?to\s+(?:maintain|have|employ|staff|fill|keep)\s+"
    rf"(?:a\s+(?:total|minimum)\s+of\s+)?{_NUM}\s+(?:\w+\s+){{0,2}}?(?:positions|posts|staff|employees)\b",
    re.I,
)
_REQUIRES_N = re.compile(
    rf"(?:requires?|required|calls for|authorized)\s+{_NUM}\s+(?:{_ROLE_WORDS}\s+)?(?:staff\s+)?(?:positions|posts|staff\b|employees)",
    re.I,
)
_REQUIRED_PASSIVE = re.compile(
    rf"{_NUM}\s+(?:{_ROLE_WORDS}\s+)?(?:staff\s+)?(?:positions|posts)\s+(?:are|were|was|is)\s+(?:required|authorized|budgeted)",
    re.I,
)
_FILLED = re.compile(
    rf"{_NUM}\s+(?:(?:{_ROLE_WORDS}\s+)?(?:staff\s+)?(?:positions|posts)\s+)?(?:were|was|are|had been)\s+filled",
    re.I,
)
_PCT_STAFFED = re.compile(rf"{_PCT}\s+staffed", re.I)
_PCT_ANY = re.compile(_PCT, re.I)
# A bare percentage in a staffing passage is read only when the sentence is not about people.
_NOT_STAFF = re.compile(r"detainee|inmate|\bcells?\b|\bbeds?\b|population|individuals", re.I)
_VACANT_WERE = re.compile(rf"{_NUM}\s+(?:were|was|are|remained)\s+(?:vacant|unfilled)", re.I)
_PCT_FILLED = re.compile(
    rf"{_PCT}\s+of\s+(?:the\s+|its\s+)?(?:required|authorized|necessary|contract(?:ually)?[- ]required|budgeted)\s+"
    rf"(?:{_ROLE_WORDS}[/ ]?)*(?:staff(?:ing)?|positions|posts)|staffed at\s+{_PCT}",
    re.I,
)
_PCT_VACANT = re.compile(
    rf"understaffed by\s+{_PCT}|{_PCT}\s+(?:staff(?:ing)?\s+)?vacancy rate|{_PCT}\s+of\s+(?:the\s+|its\s+)?(?:positions|posts)\s+(?:were\s+)?(?:vacant|unfilled)",
    re.I,
)
_SPLIT = re.compile(
    rf"(?:Of\s+the\s+{_NUM}\s+vacan\w*(?:\s+positions)?,\s*{_NUM}\s+(?:were|are)\s+|{_NUM}\s+of\s+(?:them|these|which|those|the vacancies|the vacant positions)\s+(?:were\s+|are\s+|in\s+)?|including\s+{_NUM}\s+)"
    rf"({_ROLE_WORDS})",
    re.I,
)
_KEYWORDS = re.compile(r"staff|position|vacan|understaffed|filled", re.I)


@dataclass
class _Figures:
    role: str = "all"
    required: int | None = None
    filled: int | None = None
    vacancies: int | None = None
    pct_filled: float | None = None
    pct_vacant: float | None = None
    pct_bare: float | None = None
    sentences: list[str] = field(default_factory=list)

    def empty(self) -> bool:
        return all(
            v is None
            for v in (self.required, self.filled, self.vacancies, self.pct_filled, self.pct_vacant)
        )


def role_of(text: str) -> str:
    """Role group named in a phrase."""
    lowered = text.lower()
    if "mental health" in lowered:
        return "mental_health"
    if re.search(r"medical|nurs|health care|clinical", lowered):
        return "medical"
    if re.search(r"security|correctional|custody|detention officer", lowered):
        return "security"
    return "all"


def sentence_role(sentence: str) -> str:
    """Role group of the first staffing figure a sentence states."""
    spans = [
        m
        for p in (_FILLED_OF, _PCT_FILLED, _PCT_VACANT, _REQUIRED)
        if (m := p.search(sentence)) is not None
    ]
    if spans:
        return role_of(min(spans, key=lambda m: m.start()).group(0))
    # "the medical unit was required to maintain 20 positions, but only 11 medical positions
    # were filled": the filled count names the role.
    filled = _FILLED.search(sentence)
    return role_of(filled.group(0)) if filled else "all"


def _number(token: str | None) -> float | None:
    if token is None:
        return None
    try:
        return float(token)
    except ValueError:
        value = to_int(token)
        return float(value) if value is not None else None


def _first(match: re.Match[str] | None) -> str | None:
    return next((g for g in match.groups() if g), None) if match else None


def _read(sentence: str, figures: _Figures) -> list[_Figures]:
    """Add one sentence's figures; returns role-specific observations it also states."""
    if (m := _VACANT_OF.search(sentence)) and figures.vacancies is None:
        figures.vacancies, figures.required = to_int(m.group(1)), to_int(m.group(2))
        figures.role = role_of(m.group(0)) if figures.role == "all" else figures.role
    if (m := _FILLED_OF.search(sentence)) and figures.filled is None:
        figures.filled, figures.required = to_int(m.group(1)), to_int(m.group(2))
        figures.role = role_of(m.group(0)) if figures.role == "all" else figures.role
    _read_percents(sentence, figures)
    extra = []
    for split in _SPLIT.finditer(sentence):
        if split.group(1) and figures.vacancies is None:
            figures.vacancies = to_int(split.group(1))
        count = to_int(split.group(2) or split.group(3) or split.group(4))
        extra.append(_Figures(role=role_of(split.group(5)), vacancies=count, sentences=[sentence]))
    rest = _SPLIT.sub("", sentence)
    if figures.required is None and (required := _required(rest)):
        figures.required = to_int(_first(required))
    if (m := _FILLED.search(rest)) and figures.filled is None:
        figures.filled = to_int(m.group(1))
        figures.role = role_of(m.group(0)) if figures.role == "all" else figures.role
    vacancies = _VACANCIES.search(rest) or _VACANT_WERE.search(rest)
    if vacancies and figures.vacancies is None:
        figures.vacancies = to_int(vacancies.group(1))
    return extra


def _required(sentence: str) -> re.Match[str] | None:
    """The first way of stating required positions that the sentence uses."""
    for pattern in (_REQUIRED, _REQUIRED_VERB, _REQUIRES_N, _REQUIRED_PASSIVE):
        if (found := pattern.search(sentence)) is not None:
            return found
    return None


def _read_percents(sentence: str, figures: _Figures) -> None:
    """Percent filled, percent vacant, or a bare percentage whose meaning the counts decide."""
    filled = _PCT_FILLED.search(sentence) or _PCT_STAFFED.search(sentence)
    if filled and figures.pct_filled is None:
        figures.pct_filled = _number(_first(filled))
        figures.role = role_of(filled.group(0)) if figures.role == "all" else figures.role
    vacant = _PCT_VACANT.search(sentence)
    if vacant and figures.pct_vacant is None:
        figures.pct_vacant = _number(_first(vacant))
    bare = _PCT_ANY.search(sentence)
    if bare and not (filled or vacant or _NOT_STAFF.search(sentence)) and figures.pct_bare is None:
        figures.pct_bare = _number(_first(bare))


def extract_staffing(
    text: ReportText, facility: str | None = None, published: date | None = None
) -> list[StaffingRecord]:
    """One observation per staffing passage (adjacent sentences on a page), plus role splits."""
    records: list[StaffingRecord] = []
    period = report_period(text.joined, published)
    for page_number, page in enumerate(text.clean_pages, start=1):
        current: _Figures | None = None
        for sentence in page_sentences(page):
            if not _KEYWORDS.search(sentence) or not re.search(r"\d|percent", sentence):
                if current is not None and not current.empty():
                    records.append(build(current, page_number, facility, period))
                current = None
                continue
            role = sentence_role(sentence)
            if current is not None and not current.empty() and role not in ("all", current.role):
                records.append(build(current, page_number, facility, period))
                current = None  # a figure for another role group starts a new observation
            current = current or _Figures()
            before = current.empty()
            extras = _read(sentence, current)
            if not current.empty() or extras:
                current.sentences.append(sentence)
            records.extend(build(e, page_number, facility, period) for e in extras)
            if before and current.empty() and not extras:
                current = None
        if current is not None and not current.empty():
            records.append(build(current, page_number, facility, period))
    return records


def _bare_percent(
    f: _Figures, check: StaffingCheck
) -> tuple[float | None, float | None, bool | None]:
    """Read "... leaving 62 vacancies (61 percent)" as filled or vacant by what the counts say.

    A bare percentage that fits neither reading makes the observation fail its check.
    """
    pct_filled, pct_vacant, ok = f.pct_filled, f.pct_vacant, check.arithmetic_ok
    if f.pct_bare is None or check.pct_filled is None or pct_filled is not None:
        return pct_filled, pct_vacant, ok
    if abs(check.pct_filled - f.pct_bare) <= PERCENT_TOLERANCE:
        return f.pct_bare, pct_vacant, ok is not False
    if pct_vacant is None and abs(100 - check.pct_filled - f.pct_bare) <= PERCENT_TOLERANCE:
        return pct_filled, f.pct_bare, ok is not False
    return pct_filled, pct_vacant, False


def build(
    f: _Figures, page: int, facility: str | None, period: DescribedDate | None = None
) -> StaffingRecord:
    """Computed values alongside the reported ones, checked against each other, and dated."""
    check = check_staffing(required=f.required, filled=f.filled, vacancies=f.vacancies,
                           pct_filled_reported=f.pct_filled, pct_vacant_reported=f.pct_vacant)  # fmt: skip
    pct_filled, pct_vacant, ok = _bare_percent(f, check)
    when = passage_period(f.sentences) or period
    return StaffingRecord(
        facility_name=facility,
        role_group=f.role,
        required=f.required,
        filled=f.filled,
        vacancies=f.vacancies,
        pct_filled_reported=pct_filled,
        pct_vacant_reported=pct_vacant,
        pct_filled=check.pct_filled,
        arithmetic_ok=ok,
        observed_on=when.start if when else None,
        observed_until=when.end if when else None,
        observed_precision=when.precision if when else None,
        page=page,
        quote=clean_quote(" ".join(f.sentences), 500),
    )
