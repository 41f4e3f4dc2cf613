"""Findings in OIG report text, mapped to the one taxonomy, with raw heading, page and quote.

Three forms: body headings ("The Facility Did Not Meet Standards for Medical Care"), the
highlights' lists ("did not meet standards for medical care, segregation, or grievances";
"complied with the ICE detention standard regarding classification") and management-alert
bullet points.
"""

from __future__ import annotations

import re

from scrapers._base import FindingRecord
from scrapers._quotes import clean_quote, paragraphs, quote_around
from scrapers._taxonomy import categorize
from scrapers.dhs_oig.text import ReportText, split_sentences, squash

_HEADING_VERBS = re.compile(
    r"\b(did not|does not|do not|was not|were not|failed|fails|not meet|not comply|violat\w*|"
    r"understaffed|inadequate|insufficient|unsanitary|lacked|deficien\w*|complied|met standards|"
    r"generally met|compl(?:ies|ied) with|poses?|endanger\w*)\b",
    re.I,
)
_COMPLIANT = re.compile(r"\b(complied|compl(?:ies|ied)|met|meets)\b", re.I)
_NEGATIVE = re.compile(r"\bnot\b|\bfail|\bviolat|\bdeficien|\binadequate", re.I)
# Case-sensitive on purpose: prose says "did not meet", headings say "Did Not Meet".
_LIST_DEFICIENT = re.compile(
    r"did not (?:meet|comply with|follow) (?:the )?(?:ICE(?:'s|\u2019s)? )?(?:detention )?standards? "
    r"(?:for|regarding|on|related to|governing) ([^.;]+)"
)
_LIST_COMPLIANT = re.compile(
    r"(?:generally )?complied with (?:the )?(?:ICE(?:'s|\u2019s)? )?(?:detention )?standards? "
    r"(?:for|regarding|on|related to|governing) ([^.;]+)"
)
_LIST_PRACTICE = re.compile(
    r"did not (?:enforce|follow|implement|consistently enforce) ((?:ICE(?:'s|\u2019s)? )?[^.;]{3,80}?"
    r"(?:precautions|protocols|guidance|requirements|procedures))"
)
# Wording the shared keyword mapper reads wrongly ("environmental health" is not mental
# health) or misses; rewritten only for categorising, the raw label is kept.
_SYNONYMS = [
    (re.compile(r"environmental health", re.I), "environmental sanitation"),
    (re.compile(r"^detainee communication", re.I), "staff-detainee communication"),
]
_BULLET = re.compile(r"^\s*(?:\u2022|\u25cf|\u25aa|-|\*)\s+(.*)$")


def extract_findings(
    text: ReportText, report_type: str, facility: str | None = None, title: str = ""
) -> list[FindingRecord]:
    """Findings from headings, highlight lists and (management alerts) bullets, deduplicated."""
    found = _from_headings(text, squash(title).lower()) + _from_lists(text)
    if report_type == "management_alert":
        found += _from_bullets(text)
    seen: set[tuple[str, str]] = set()
    out = []
    for record in found:
        key = (record.category, record.result)
        if key in seen:
            continue
        seen.add(key)
        record.facility_name = facility
        out.append(record)
    return out


def category_of(label: str) -> str:
    """Taxonomy code of a heading or standard name."""
    for pattern, replacement in _SYNONYMS:
        label = pattern.sub(replacement, label)
    return categorize(label)


def _finding(label: str, result: str, page: int, quote: str, context: str = "") -> FindingRecord:
    category = category_of(label)
    if category == "OTHER" and context:
        category = category_of(context)
    return FindingRecord(
        category=category,
        result=result,
        raw_label=squash(label)[:300],
        page=page,
        quote=clean_quote(quote, 400),
    )


def _from_headings(text: ReportText, title: str) -> list[FindingRecord]:
    out = []
    for page_number, raw in enumerate(text.clean_pages, start=1):
        lines = [line.strip() for line in raw.splitlines()]
        for index, line in enumerate(lines):
            if page_number == 1 or not _is_heading(line) or squash(line).lower() in title:
                continue
            following = squash(" ".join(lines[index + 1 : index + 6]))
            first = (split_sentences(following) or [""])[0]
            result = (
                "compliant"
                if _COMPLIANT.search(line) and not _NEGATIVE.search(line)
                else "deficient"
            )
            out.append(_finding(line, result, page_number, f"{line}. {first}", first))
    return out


def _is_heading(line: str) -> bool:
    """Short, capitalised, unpunctuated lines that state a problem or compliance."""
    words = line.split()
    if not 4 <= len(words) <= 22 or line.endswith((".", ",", ";", ":")) or _BULLET.match(line):
        return False
    if re.search(r"\.{3,}|\s\d{1,3}$", line):
        return False  # a table-of-contents entry, not the heading itself
    capitals = sum(1 for w in words if w[:1].isupper())
    return capitals >= len(words) / 2 and bool(_HEADING_VERBS.search(line))


def _split_list(items: str) -> list[str]:
    """'a, b and c, or d' -> [a, b and c, d]; without commas, 'a and b' -> [a, b]."""
    if "," in items:
        parts = [re.sub(r"^(?:and|or)\s+", "", p.strip()) for p in items.split(",")]
    else:
        parts = re.split(r"\s+(?:and|or)\s+", items)
    # Standards are named in a few words; longer items come from two-column text run together.
    return [p.strip() for p in parts if len(p.strip()) > 2 and len(p.split()) <= 8]


def _from_lists(text: ReportText) -> list[FindingRecord]:
    out = []
    for page_number, clean in enumerate(text.clean_pages, start=1):
        page = paragraphs(clean)
        for pattern, result in (
            (_LIST_DEFICIENT, "deficient"),
            (_LIST_PRACTICE, "deficient"),
            (_LIST_COMPLIANT, "compliant"),
        ):
            for match in pattern.finditer(page):
                if result == "compliant" and _NEGATIVE.search(
                    page[max(0, match.start() - 12) : match.start()]
                ):
                    continue
                sentence = quote_around(page, match.start(), match.end())
                for item in _split_list(match.group(1)):
                    out.append(_finding(item, result, page_number, sentence))
    return out


def _from_bullets(text: ReportText) -> list[FindingRecord]:
    out = []
    for page_number, raw in enumerate(text.clean_pages, start=1):
        for bullet in _bullets(raw.splitlines()):
            first = (split_sentences(bullet) or [bullet])[0]
            out.append(_finding(first, "deficient", page_number, bullet, bullet))
    return out


# Lines that begin the report's next part, not a wrapped line of a bullet (PDF text loses
# the blank line that separates them).
_NEXT_PART = re.compile(
    r"^(?:Recommendation\s*(?:#|No\.\s*)?\d|We (?:also )?recommend\b|(?:ICE|DHS) (?:concurred|did not)\b)"
)


def _ends_item(line: str) -> bool:
    return _is_heading(line) or bool(_NEXT_PART.match(line))


def _bullets(lines: list[str]) -> list[str]:
    """Bullet items with their wrapped continuation lines joined."""
    items: list[list[str]] = []
    open_item = False
    for line in lines:
        match = _BULLET.match(line)
        if match:
            items.append([match.group(1)])
            open_item = True
        elif open_item and line.strip() and not _ends_item(line.strip()):
            items[-1].append(line.strip())
        else:
            open_item = False  # a blank line or a heading ends the item
    return [squash(" ".join(item)) for item in items if item]
