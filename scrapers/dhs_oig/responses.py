"""The component's response to each recommendation: where the report states it, and its words.

Three places, in order of preference: a "Management Comments and OIG Analysis" section per
recommendation ("ICE Comments to Recommendation 1: Non-concur. ..."), the component's letter
in an appendix ("Recommendation 2: ... Response: Concur. ..."), and a sentence that states the
response for several recommendations at once ("ICE concurred with recommendations 1 and 2",
"ICE concurred with all four recommendations").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scrapers._quotes import clean_quote, quote_around
from scrapers.dhs_oig.status import expand_numbers

RESPONSE_HEADING = re.compile(
    r"(?:(?:ICE|DHS|CBP|Management|Component|Agency|Department)(?:'s|\u2019s)?\s+)?"
    r"(?:Comments?|Responses?)\s+(?:to|on|for)\s+Recommendation\s*(?:#|No\.\s*)?(\d{1,2})\s*[:.]?",
    re.I,
)
_LETTER_RESPONSE = re.compile(r"\bResponse\s*:", re.I)
_LETTER_ITEM = r"Recommendation\s*(?:#|No\.\s*)?{number}\s*[:.]"
# OIG's own analysis follows the component's words; the quote stops there.
_ANALYSIS = re.compile(r"\bOIG Analysis\b|\bOIG Response\b", re.I)
_STATED = re.compile(
    r"\b(?:ICE|DHS|the component)\s+(?:did not concur|does not concur|non-?concurred|"
    r"partially concurred|concurred|concurs)\s+with\s+(?:(?:all|each|both)\s+(?:of\s+)?)?"
    r"(?:our\s+|OIG's\s+|the\s+|this\s+)?(?:\w+\s+)?(?:of\s+our\s+\w+\s+)?recommendations?"
    r"(?:\s+((?:#?\d{1,2}(?:\s*(?:,|and|through|-)\s*(?:and\s+)?)?)+))?",
    re.I,
)
QUOTE_LIMIT = 400


@dataclass(frozen=True)
class Response:
    """A response section: where its quote starts in the joined text, its body and its quote."""

    start: int
    body: str
    quote: str


def comment_sections(joined: str) -> dict[int, Response]:
    """Each 'ICE Comments to Recommendation N' section, up to the next one or an appendix."""
    matches = list(RESPONSE_HEADING.finditer(joined))
    sections: dict[int, Response] = {}
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(joined)
        body = joined[match.end() : end]
        cut = re.search(r"\bAppendix [A-Z]\b", body)
        body = body[: cut.start()] if cut else body[:4000]
        quote = _component_words(joined[match.start() : match.end()] + body)
        sections.setdefault(int(match.group(1)), Response(match.start(), body, quote))
    return sections


def letter_sections(joined: str, numbers: dict[int, int]) -> dict[int, Response]:
    """'Recommendation N: ... Response: Concur. ...' after the body, for {number: defined at}."""
    sections: dict[int, Response] = {}
    for number, defined_at in numbers.items():
        pattern = re.compile(_LETTER_ITEM.format(number=number))
        for match in pattern.finditer(joined, defined_at + 20):
            body = joined[match.end() : match.end() + 3000]
            following = re.search(_LETTER_ITEM.format(number=r"\d{1,2}"), body)
            body = body[: following.start()] if following else body
            response = _LETTER_RESPONSE.search(body)
            if response is not None:
                start = match.end() + response.start()
                words = _component_words(body[response.start() :])
                sections[number] = Response(start, body[response.end() :], words)
                break
    return sections


def stated_responses(joined: str, count: int) -> dict[int, Response]:
    """Sentences that state the response for numbered, or all, recommendations at once."""
    found: dict[int, Response] = {}
    for match in _STATED.finditer(joined):
        numbers = expand_numbers(match.group(1)) if match.group(1) else []
        if not numbers and not _covers_all(match.group(0), count):
            continue
        sentence = quote_around(joined, match.start(), match.end(), QUOTE_LIMIT)
        for number in numbers or range(1, count + 1):
            found.setdefault(number, Response(match.start(), "", sentence))
    return found


def _covers_all(phrase: str, count: int) -> bool:
    """'concurred with all four recommendations', or the only one a report makes."""
    return bool(re.search(r"\b(?:all|each|both)\b", phrase, re.I)) or (
        count == 1 and not re.search(r"\brecommendations\b", phrase, re.I)
    )


def _component_words(text: str) -> str:
    """The quote of a response: its heading and the component's words, before OIG's analysis."""
    analysis = _ANALYSIS.search(text)
    return clean_quote(text[: analysis.start()] if analysis else text, QUOTE_LIMIT)
