"""The heading of a cover letter: the SUBJECT line (kind of visit, facility) and the opening
sentence (standard, city and state, inspection period, remote or on site).
"""

from __future__ import annotations

import re

from scrapers._contract_letter.standard import letter_standard
from scrapers._ice_text import DateSpan, parse_span, state_code

MONTH_YEAR = re.compile(r"[A-Z][a-z]+\.? \d{4}\b")
SUBJECT = re.compile(
    r"^\s*SUBJECT:\s*(?P<kind>[^\n]*?\b(?:Inspection|Review))\s+of\s+(?:the\s+)?"
    r"(?P<name>[^\n]+)(?P<more>\n[ \t]*(?:[A-Z][\w.'-]*[ \t]*){1,4}[ \t]*(?=\n))?",
    re.I | re.M,
)


# a letter's kind is a cycle (annual, biennial) and/or a visit's purpose, e.g. "annual/90-day
# follow-up"; a review or pre-occupancy visit stands alone
_ALONE = (
    (r"special|technical assessment", "special/technical assessment review"),
    (r"pre-?\s?occupancy", "pre-occupancy"),
)
_CYCLES = (r"annual", r"biennial")
_PURPOSES = (
    (r"(\d+)[- ]day follow", "{}-day follow-up"),
    (r"(\d+)[- ]day re-?\s?inspection", "{}-day re-inspection"),
    (r"follow", "follow-up"),
    (r"re-?\s?inspection", "re-inspection"),
)
_OPENING_KIND = re.compile(
    r"(?:performed|conducted) an? (?P<k>[\w /-]{0,60}?)\s*\b(?:inspection|review)\b", re.I
)


def inspection_kind(subject_kind: str, opening: str = "") -> str:
    """'Annual Detention' -> 'contract annual': the most specific kind that the subject or the
    opening sentence ('performed an annual/180-day re-inspection') names."""
    m = _OPENING_KIND.search(opening)
    lowered = f"{subject_kind} {m.group(0) if m else ''}".lower()
    if alone := next((name for pattern, name in _ALONE if re.search(pattern, lowered)), None):
        return f"contract {alone}"
    # the subject's cycle first: an opening that says "annual" does not undo a biennial subject
    cycles = [
        c
        for text in (subject_kind.lower(), lowered)
        for c in _CYCLES
        if re.search(rf"\b{c}\b", text)
    ]
    parts = cycles[:1]
    for pattern, name in _PURPOSES:
        if found := re.search(pattern, lowered):
            parts.append(name.format(*found.groups()))
            break
    return "contract " + ("/".join(parts) if parts else "inspection")


_STANDARD_PHRASE = re.compile(
    r"(?:performed|conducted) an? .{0,160}?\bwith (?P<standard>.{0,220}?)\s+(?:of|at)\s+(?:the\s+)?[A-Z]"
    r"|(?:performed|conducted) an? .{0,160}?\bwith (?P<bare>.{0,220}?)\s+during the period"
)
# "... of the X in Anson, Texas, during the period" or "... of the X, Edensburg, PA, during"
PLACE = re.compile(
    r"(?:\bin|,)\s+(?P<city>[A-Z][\w.'-]*(?: [A-Z][\w.'-]*){0,3}),\s*"
    r"(?P<state>[A-Z][A-Za-z.]*(?: [A-Z][a-z]+)?)\s*,?\s+during the period"
)


_PERIODS = (
    re.compile(r"during the period of\s+(.{6,80})"),
    re.compile(
        r"(?:performed|conducted) an? [\w /-]{0,40}inspection\b.{0,200}?\b(?:on|from|during)\s+(.{6,80})"
    ),
)  # the letters' usual wording first, then the inspection sentence itself


def period_of(flat: str) -> tuple[re.Match[str] | None, DateSpan | None]:
    """The sentence giving the inspection's dates, and the dates (month only: uncertain)."""
    for pattern in _PERIODS:
        if (period := pattern.search(flat)) is None:
            continue
        span = parse_span(period.group(1))
        if span is None and MONTH_YEAR.match(period.group(1)):
            span = DateSpan(None, None, True, period.group(1))  # only a month: no exact dates
        if span is not None:
            return period, span
    return None, None


_COMPLIANCE_WITH = re.compile(r"compliance with (?P<p>.{0,160}?)(?:\.(?:\s|$)|\s+(?:of|at|for)\s)")


def standard_of(flat: str) -> str | None:
    """The standard of the opening sentence, else of the first 'compliance with' statement."""
    if (m := _STANDARD_PHRASE.search(flat)) and (
        found := letter_standard(m["standard"] or m["bare"])
    ):
        return found
    m = _COMPLIANCE_WITH.search(flat)
    return letter_standard(m["p"]) if m else None


def subject_place(subject: str) -> tuple[str, str | None, str | None]:
    """'Otero County Processing Center, Chaparral, NM' -> name, city, state (when given)."""
    parts = [p.strip() for p in subject.rsplit(",", 2)]
    if len(parts) == 3 and state_code(parts[2]):
        return parts[0], parts[1], state_code(parts[2])
    return subject, None, None


def remote_of(flat: str) -> bool | None:
    """True for remote inspections, False when on site is stated, else unknown."""
    lowered = flat.lower()
    if re.search(r"conducted remotely|remote nature of the inspection|\bremote\b[\w /-]{0,40}inspection", lowered):  # fmt: skip
        return True
    if re.search(r"\bon[- ]site inspection|inspection was conducted on[- ]site", lowered):
        return False
    return None
