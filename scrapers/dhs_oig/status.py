"""OIG status and the component's response, in the many ways reports word them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from scrapers.dhs_oig.text import NUMBER_WORD, split_sentences, to_int


@dataclass(frozen=True)
class Status:
    """OIG's two independent axes: resolution and implementation."""

    resolution: str | None = None
    implementation: str | None = None

    def __bool__(self) -> bool:
        return self.resolution is not None or self.implementation is not None


_PAIR = re.compile(
    r"\b(unresolved|resolved)\s*(?:,|and|/)?\s*(open|closed)\b"
    r"|\b(open|closed)\s*(?:,|and|/)?\s*(unresolved|resolved)\b",
    re.I,
)
_AT_ISSUANCE = re.compile(r"\bclosed\s+(?:at|upon|on)\s+(?:report\s+)?issuance", re.I)
_ALONE = re.compile(
    r"\b(?:recommendations?|it|this)\s+(?:is|are|as|remains?|will remain|to be)\s+"
    r"(?:considered\s+)?(open|closed|resolved|unresolved)\b",
    re.I,
)
_NUMBERS = re.compile(
    r"\brecommendations?\s+((?:#?\d{1,2}(?:\s*(?:,|and|through|to|-|\u2013)\s*(?:and\s+)?)?)+)",
    re.I,
)
_ALL = re.compile(
    r"\ball\s+(?:" + NUMBER_WORD + r"\s+)?(?:of\s+(?:the|our)\s+)?recommendations\b", re.I
)
_COUNTED = re.compile(
    rf"\b({NUMBER_WORD})\s+(?:recommendations?\s+)?(?:(?:is|are|as|were)\s+)?"
    r"(unresolved|resolved|open|closed)\s*(?:,|and)?\s*(open|closed|unresolved|resolved)\b",
    re.I,
)


def status_from(phrase: str) -> Status:
    """The status stated in a phrase, in either word order; closed implies resolved."""
    if _AT_ISSUANCE.search(phrase):
        return Status("resolved", "closed")
    match = _PAIR.search(phrase)
    if match:
        words = [w.lower() for w in match.groups() if w]
        resolution = next(w for w in words if w.endswith("resolved"))
        implementation = next(w for w in words if w in ("open", "closed"))
        return Status(resolution, implementation)
    alone = _ALONE.search(phrase)
    if alone:
        word = alone.group(1).lower()
        if word == "closed":
            return Status("resolved", "closed")
        if word == "open":
            return Status(None, "open")
        return Status(word, None)
    return Status()


def status_in(section: str) -> Status | None:
    """The status OIG gives in one recommendation's analysis section (last statement wins)."""
    found = Status()
    for sentence in split_sentences(section):
        if re.search(r"recommendation|we consider|this is", sentence, re.I):
            status = status_from(sentence)
            if status:
                found = status
    return found or None


def expand_numbers(text: str) -> list[int]:
    """'1 through 4' -> [1,2,3,4]; '1, 2, and 4' -> [1,2,4]."""
    numbers: list[int] = []
    for match in re.finditer(r"(\d{1,2})\s*(?:through|to|-|\u2013)\s*(\d{1,2})|(\d{1,2})", text):
        if match.group(1):
            low, high = int(match.group(1)), int(match.group(2))
            if low <= high <= low + 50:
                numbers.extend(range(low, high + 1))
        else:
            numbers.append(int(match.group(3)))
    return numbers


def numbered_statuses(joined: str, known: list[int]) -> dict[int, Status]:
    """Statuses stated for numbered recommendations anywhere (memo, summary)."""
    result: dict[int, Status] = {}
    for sentence in split_sentences(joined):
        phrases = _status_phrases(sentence)
        if not phrases:
            continue
        groups = [(m.end(), expand_numbers(m.group(1))) for m in _NUMBERS.finditer(sentence)]
        if _ALL.search(sentence):
            groups.append((_ALL.search(sentence).end(), list(known)))  # type: ignore[union-attr]
        for end, numbers in groups:
            # A number group takes the first status stated after it ("1 and 2 resolved and
            # open, and 3 unresolved and open"), or the last one before it.
            after = [status for start, status in phrases if start >= end]
            status = after[0] if after else phrases[-1][1]
            for number in numbers:
                if number in known:
                    result.setdefault(number, status)
    return result


def _status_phrases(sentence: str) -> list[tuple[int, Status]]:
    found: list[tuple[int, Status]] = []
    for pattern in (_AT_ISSUANCE, _PAIR, _ALONE):
        for match in pattern.finditer(sentence):
            status = status_from(match.group(0))
            if status and not any(abs(start - match.start()) < 25 for start, _ in found):
                found.append((match.start(), status))
    return sorted(found, key=lambda item: item[0])


def counted_statuses(joined: str) -> list[tuple[int, Status]]:
    """'three resolved and closed, two resolved and open' -> [(3, ...), (2, ...)]."""
    out = []
    for match in _COUNTED.finditer(joined):
        count = to_int(match.group(1))
        status = status_from(f"{match.group(2)} and {match.group(3)}")
        if count and status.resolution and status.implementation:
            out.append((count, status))
    return out


_CONCUR = re.compile(
    r"\b(non-?\s?concur(?:s|red|rence)?|did not concur|does not concur|do not concur"
    r"|partially concur(?:s|red)?|concur(?:s|red|rence)? in part|concur(?:s|red|rence)?)\b",
    re.I,
)


def concurrence_word(word: str) -> str:
    """Map a response word to concur / non_concur / partial."""
    word = word.lower()
    if "not" in word or word.startswith("non"):
        return "non_concur"
    if "part" in word:
        return "partial"
    return "concur"


def concurrence_in(section: str) -> str | None:
    """The response stated at the start of a recommendation's comments section."""
    match = _CONCUR.search(section[:600])
    return concurrence_word(match.group(1)) if match else None


_NUMBERED_CONCUR = re.compile(
    r"\b(?:ICE|DHS|the component)\s+(did not concur|non-?concurred|partially concurred|concurred)"
    r"\s+with\s+(?:our\s+|OIG's\s+)?recommendations?\s+((?:#?\d{1,2}(?:\s*(?:,|and|through|-)\s*(?:and\s+)?)?)+)",
    re.I,
)


def numbered_concurrence(joined: str) -> dict[int, str]:
    """'ICE concurred with recommendations 1 and 2' -> {1: concur, 2: concur}."""
    result: dict[int, str] = {}
    for match in _NUMBERED_CONCUR.finditer(joined):
        for number in expand_numbers(match.group(2)):
            result.setdefault(number, concurrence_word(match.group(1)))
    return result


def global_concurrence(joined: str, count: int) -> str | None:
    """A response stated for every recommendation at once."""
    if re.search(r"\bconcurred with all\b", joined, re.I):
        return "concur"
    if count == 1:
        single = re.search(
            r"\b(?:ICE|DHS)\s+(did not concur|non-?concurred|partially concurred|concurred|"
            r"does not concur|concurs)\s+with\s+(?:the|our|this|OIG's)\s+(?:one\s+)?recommendation\b",
            joined,
            re.I,
        )
        if single:
            return concurrence_word(single.group(1))
    return None
