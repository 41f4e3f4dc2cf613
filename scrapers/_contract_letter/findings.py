"""Findings of a contract-inspection cover letter: the deficient standards it lists and its
areas of concern, plus the letters' way of writing counts ("twenty-five (25)").

Every standard in the list becomes one finding, however the list wraps across lines and pages;
a letter that says there were no concerns yields no concern finding.
"""

from __future__ import annotations

import re

from scrapers._base import FindingRecord, InspectionRecord
from scrapers._ice_text import page_of, squash, words_to_int
from scrapers._quotes import clean_quote
from scrapers._taxonomy import categorize

# "25", "No (0)", "thirteen", "twenty-five (25)", "one hundred, fifty-nine (159)"
COUNT = (
    r"(?:[A-Za-z]+(?:[-\s,]+[A-Za-z]+){0,3}\s*\(\s*\d{1,4}\s*\)|\d{1,4}|[A-Za-z]+(?:-[A-Za-z]+)?)"
)


def read_count(text: str) -> int | None:
    """The number a count states; the digits in parentheses win over the words."""
    if m := re.search(r"\(\s*(\d{1,4})\s*\)", text):
        return int(m.group(1))
    return words_to_int(text)


# "deficient components in the following three (3) standards:"; a technical assessment review
# lists "components in five (5) standards that have outstanding issues with compliance"
_LIST_START = re.compile(
    rf"(?:deficient )?components?\s+in\s+(?:the\s+following\s+)?(?:{COUNT}\s+)?standards?\b"
    r"(?:\s+that have outstanding issues with compliance\.?)?\s*:?",
    re.I,
)
_LIST_END = re.compile(
    r"Facility (?:Snapshot|Description|Overview)|Areas of Concern|Recommended Rating|Inspection Summary"
)
_ITEM = re.compile(
    r"(?P<label>[A-Z][\w ,/&'().-]{0,120}?)\s*(?:[\u2013\u2014]|\s-|-(?=\s*\d))\s*"
    r"(?P<n>\d{1,3})\b",
)
# ", one (1) of which is a Priority and a repeat deficiency" after a count: not a label
_NOTE = re.compile(
    r",\s*(?:[\w()]+\s+){0,5}?(?:is|are|was|were)\s+(?:both\s+)?(?:an?\s+)?(?:Priority|repeat)\b"
    r"(?:\s+and\s+an?\s+repeat)?(?:\s+repeat)?(?:\s+(?:components?|deficienc(?:y|ies)|findings?))?",
    re.I,
)
MAX_LIST = 6000
_NOISE = re.compile(
    r"Page \d+ of \d+|The N ?akamoto Group, Inc\s*\.?|[\u2022\uf0b7\uf0a7\u25aa\u25cf]"
)


def listed_items(text: str) -> list[tuple[str, int, bool]]:
    """(standard, deficient components, repeat) for each standard the letter lists."""
    start = _LIST_START.search(text)
    if start is None:
        return []
    rest = text[start.end() :]
    end = _LIST_END.search(rest)
    # the longest real list (33 standards) is under 2,000 characters; the cap bounds the work
    segment = squash(_NOISE.sub(" ", rest[: min(end.start() if end else MAX_LIST, MAX_LIST)]))
    segment = _NOTE.sub(lambda m: " [repeat] " if "repeat" in m.group(0).lower() else " ", segment)
    first = re.search(r"[\u2013\u2014-]\s*\d", segment)
    if first and ". " in segment[: first.start()]:  # a sentence before the list is no label
        segment = segment[segment.rindex(". ", 0, first.start()) + 2 :]
    matches = list(_ITEM.finditer(segment))
    items = []
    for m, after in zip(matches, [*matches[1:], None], strict=False):
        # "- 2, both of which are repeat deficiencies" sits between this count and the next label
        note = segment[m.end() : after.start() if after else len(segment)]
        items.append((squash(m["label"]).strip(" ,"), int(m["n"]), "repeat" in note.lower()))
    return items


def deficient_standards(
    text: str, pages: list[str], inspection: InspectionRecord
) -> list[FindingRecord]:
    """One 'deficient' finding per standard listed ('Food Service - 3')."""
    return [
        FindingRecord(
            page=page_of(pages, label),
            quote=f"{label} - {count}",
            facility_name=inspection.facility_name,
            category=categorize(label),
            result="deficient",
            raw_label=label,
            summary=f"{count} deficient component(s)",
            found_date=inspection.end_date,
            is_repeat=repeat,
        )  # fmt: skip
        for label, count, repeat in listed_items(text)
    ]


# "conce[rn]" also matches OCR's "concem"
_NO_CONCERNS = re.compile(
    r"^(?:there (?:were|are) )?no (?:areas? of )?conce[a-z]{1,3}\b|^none\b"
    r"|^there were no (?:areas of conce[a-z]{1,3}|significant observations)",
    re.I,
)


def concerns(text: str, pages: list[str], inspection: InspectionRecord) -> list[FindingRecord]:
    """The 'Areas of Concern/Significant Observations' section as one finding, if any."""
    m = re.search(
        r"Areas of Concern[^\n]*\n(.+?)(?:Recommended Rating|LCI Assurance|$)", text, re.S
    )
    if not m:
        return []
    body = squash(_NOISE.sub(" ", m.group(1)))
    if not body or _NO_CONCERNS.search(body):
        return []
    return [
        FindingRecord(
            page=page_of(pages, "Areas of Concern"),
            quote=clean_quote(body, 1000),
            facility_name=inspection.facility_name,
            category=categorize(body),
            result="area_of_concern",
            raw_label="Areas of Concern/Significant Observations",
            summary=body[:300],
            found_date=inspection.end_date,
        )  # fmt: skip
    ]
