"""Staffing figures in report prose, kept as reported, with computed values and a check.

Handles "133 of the 245 required positions were filled", "54 percent of required staffing",
"understaffed by 46%", "120 of 260 positions vacant", "a 54% staff vacancy rate", "fifty percent of the authorized
correctional/security positions", "112 vacancies, 94 of them security".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from scrapers._base import StaffingRecord
from scrapers.dhs_oig.text import NUMBER_WORD, ReportText, clean_quote, split_sentences, to_int

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
_FILLED = re.compile(rf"{_NUM}\s+(?:were|was|are|had been)\s+filled", re.I)
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
_KEYWORDS = re.compile(r"staff|position|vacan|understaffed", re.I)


@dataclass
class _Figures:
    role: str = "all"
    required: int | None = None
    filled: int | None = None
    vacancies: int | None = None
    pct_filled: float | None = None
    pct_vacant: float | None = None
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
    return role_of(min(spans, key=lambda m: m.start()).group(0)) if spans else "all"


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
    if (m := _PCT_FILLED.search(sentence)) and figures.pct_filled is None:
        figures.pct_filled = _number(_first(m))
        figures.role = role_of(m.group(0)) if figures.role == "all" else figures.role
    if (m := _PCT_VACANT.search(sentence)) and figures.pct_vacant is None:
        figures.pct_vacant = _number(_first(m))
    extra = []
    for split in _SPLIT.finditer(sentence):
        if split.group(1) and figures.vacancies is None:
            figures.vacancies = to_int(split.group(1))
        count = to_int(split.group(2) or split.group(3) or split.group(4))
        extra.append(_Figures(role=role_of(split.group(5)), vacancies=count, sentences=[sentence]))
    rest = _SPLIT.sub("", sentence)
    if (m := _REQUIRED.search(rest)) and figures.required is None:
        figures.required = to_int(_first(m))
    if (m := _FILLED.search(rest)) and figures.filled is None:
        figures.filled = to_int(m.group(1))
    vacancies = _VACANCIES.search(rest) or _VACANT_WERE.search(rest)
    if vacancies and figures.vacancies is None:
        figures.vacancies = to_int(vacancies.group(1))
    return extra


def extract_staffing(text: ReportText, facility: str | None = None) -> list[StaffingRecord]:
    """One observation per staffing passage (adjacent sentences on a page), plus role splits."""
    records: list[StaffingRecord] = []
    for page_number, page in enumerate(text.pages, start=1):
        current: _Figures | None = None
        for sentence in split_sentences(page):
            if not _KEYWORDS.search(sentence) or not re.search(r"\d|percent", sentence):
                if current is not None and not current.empty():
                    records.append(build(current, page_number, facility))
                current = None
                continue
            role = sentence_role(sentence)
            if current is not None and not current.empty() and role not in ("all", current.role):
                records.append(build(current, page_number, facility))
                current = None  # a figure for another role group starts a new observation
            current = current or _Figures()
            before = current.empty()
            extras = _read(sentence, current)
            if not current.empty() or extras:
                current.sentences.append(sentence)
            records.extend(build(e, page_number, facility) for e in extras)
            if before and current.empty() and not extras:
                current = None
        if current is not None and not current.empty():
            records.append(build(current, page_number, facility))
    return records


def build(f: _Figures, page: int, facility: str | None) -> StaffingRecord:
    """Computed values alongside the reported ones, and whether the arithmetic agrees."""
    # Counts stay as reported; derived counts are used only to compute percent filled.
    required, filled, vacancies = f.required, f.filled, f.vacancies
    checks: list[bool] = []
    if required is not None and filled is not None and vacancies is not None:
        checks.append(filled + vacancies == required)
    if required is None and filled is not None and vacancies is not None:
        required = filled + vacancies
    if filled is None and required is not None and vacancies is not None:
        filled = required - vacancies
    pct = round(100 * filled / required, 1) if filled is not None and required else None
    if pct is not None and f.pct_filled is not None:
        checks.append(abs(pct - f.pct_filled) <= 1.0)
    if pct is not None and f.pct_vacant is not None:
        checks.append(abs((100 - pct) - f.pct_vacant) <= 1.0)
    if pct is None:
        pct = (
            f.pct_filled
            if f.pct_filled is not None
            else (100 - f.pct_vacant if f.pct_vacant is not None else None)
        )
    return StaffingRecord(
        facility_name=facility,
        role_group=f.role,
        required=f.required,
        filled=f.filled,
        vacancies=f.vacancies,
        pct_filled_reported=f.pct_filled,
        pct_vacant_reported=f.pct_vacant,
        pct_filled=pct,
        arithmetic_ok=all(checks) if checks else None,
        page=page,
        quote=clean_quote(" ".join(f.sentences), 500),
    )
