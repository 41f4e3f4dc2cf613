"""Recommendations in DHS OIG report text: number, text, addressee, response, status, ECD.

Forms accepted (wording drifts across years): "Recommendation 1: We recommend ...",
"Recommendation #1:", responses headed "ICE Comments to Recommendation 1: Concur." or
"ICE Response to Recommendation 2: Non-concur.", status in either word order
("resolved and open", "open and resolved"), in memo ranges ("recommendations 1 through 4
open and resolved") and in counted form ("three resolved and closed, two resolved and open").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scrapers._base import LayoutChanged, RecommendationRecord
from scrapers._quotes import clean_quote
from scrapers.dhs_oig.responses import (
    Response,
    comment_sections,
    letter_sections,
    stated_responses,
)
from scrapers.dhs_oig.status import (
    Status,
    concurrence_in,
    counted_statuses,
    global_concurrence,
    numbered_concurrence,
    numbered_statuses,
    status_in,
)
from scrapers.dhs_oig.text import NUMBER_WORD, ReportText, parse_target_date, to_int

_DEFINE = re.compile(
    r"Recommendation\s*(?:#|No\.\s*)?(\d{1,2})\s*[:.\u2013\u2014-]\s*(?=.{0,60}?\brecommend|[A-Z])"
)
_NOT_DEFINING = re.compile(r"\b(?:to|for|on|with|of|and|Comments|Response|Analysis)\s*$", re.I)
_STOP = re.compile(
    r"\bRecommendation\s*#?\d{1,2}\s*[:.]|Management Comments|OIG Analysis|(?:ICE|DHS) (?:Comments|Response)"
    r"|\bConclusion\b|\bAppendix [A-Z]\b|DHS OIG HIGHLIGHTS|Objective, Scope"
    r"|(?:ICE|DHS) (?:concurred|did not concur|non-?concurred|partially concurred)\b"
)
_STATED = re.compile(rf"We made ({NUMBER_WORD}) recommendations?", re.I)
_NONE_STATED = re.compile(r"(?:We made|contains|includes) no recommendations", re.I)
_ECD = re.compile(
    r"(?i:Estimated|Target(?:ed)?|Projected)\s+(?i:completion\s+date)\s*(?:\(ECD\))?\s*(?:is|of|:)?\s*"
    r"([A-Z][a-z]+\.?\s+(?:\d{1,2},?\s+)?\d{4}|\d{1,2}/\d{1,2}/\d{4})|\bECD\s*:?\s*"
    r"([A-Z][a-z]+\.?\s+(?:\d{1,2},?\s+)?\d{4}|\d{1,2}/\d{1,2}/\d{4})"
)
_ADDRESSEE_START = re.compile(
    r"\bwe(?:\s+also)?\s+recommend(?:s|ed)?\s+(?:that\s+)?(?:the\s+)?", re.I
)
_CONNECTORS = {"of", "for", "and", "the", "in", "on", "u.s.", "&", "(ero)", "(ice)", "(ihsc)"}


@dataclass
class _Found:
    number: int
    start: int
    text: str


def extract_recommendations(
    text: ReportText, report_number: str | None
) -> list[RecommendationRecord]:
    """Every numbered recommendation with addressee, response, status and ECD."""
    found = _defined(text.joined)
    _check_count(text.joined, found)
    responses = _responses(text.joined, found)
    numbers = [f.number for f in found]
    memo = numbered_statuses(text.joined, numbers)
    counted = counted_statuses(text.joined)
    default_concur = global_concurrence(text.joined, len(found))
    stated_concur = numbered_concurrence(text.joined)
    records = []
    for item in found:
        response = responses.get(item.number)
        section = response.body if response else ""
        status = status_in(section) or memo.get(item.number) or Status()
        concurrence = concurrence_in(section) or stated_concur.get(item.number) or default_concur
        addressee = addressee_of(item.text)
        records.append(
            RecommendationRecord(
                report_number=report_number,
                number=item.number,
                text=item.text,
                addressee=addressee,
                addressee_office=normalize_office(addressee),
                concurrence=concurrence,
                resolution=status.resolution,
                implementation=status.implementation,
                target_date=_ecd(section),
                page=text.page_at(item.start),
                quote=clean_quote(item.text, 300),
                response_page=text.page_at(response.start) if response else None,
                response_quote=response.quote if response else None,
            )
        )
    _apply_counts(records, counted)
    _apply_single_ecd(records, text.joined)
    return records


def _apply_single_ecd(records: list[RecommendationRecord], joined: str) -> None:
    """One completion date stated once for the whole response applies to every open item."""
    dates = {_ecd(joined[m.start() : m.end()]) for m in _ECD.finditer(joined)}
    if len(dates) != 1 or any(r.target_date for r in records):
        return
    (only,) = dates
    for record in records:
        if record.implementation != "closed":
            record.target_date = only


def _defined(joined: str) -> list[_Found]:
    """The first defining occurrence of each recommendation number, in order."""
    found: dict[int, _Found] = {}
    for match in _DEFINE.finditer(joined):
        number = int(match.group(1))
        if (
            number in found
            or number == 0
            or _NOT_DEFINING.search(joined[max(0, match.start() - 30) : match.start()])
        ):
            continue
        body = joined[match.end() : match.end() + 1500]
        stop = _STOP.search(body)
        body = body[: stop.start()] if stop else body
        found[number] = _Found(number, match.start(), _trim_sentence(body))
    if not found:
        single = _single_unnumbered(joined)
        if single is not None:
            found[1] = single
    return [found[n] for n in sorted(found)]


def _single_unnumbered(joined: str) -> _Found | None:
    """Management alerts with one recommendation sometimes leave it unnumbered."""
    if not re.search(r"We made (?:one|a single) recommendation|our recommendation\b", joined, re.I):
        return None
    match = re.search(r"\bWe recommend (?:that )?the [^.]{10,600}\.", joined)
    return _Found(1, match.start(), match.group(0).strip()) if match else None


def _trim_sentence(body: str) -> str:
    body = body.strip()
    end = body.rfind(".")
    return body[: end + 1].strip() if end > 20 else body


def _check_count(joined: str, found: list[_Found]) -> None:
    """Fail by name when the report says it makes recommendations we could not read."""
    stated = _STATED.search(joined)
    expected = to_int(stated.group(1)) if stated else None
    numbers = [f.number for f in found]
    if expected and not found:
        raise LayoutChanged(
            f"the report says it makes {expected} recommendation(s) but none "
            "matched a known wording"
        )
    if numbers and numbers != list(range(1, max(numbers) + 1)):
        raise LayoutChanged(f"recommendation numbers {numbers} have gaps")


def _responses(joined: str, found: list[_Found]) -> dict[int, Response]:
    """Each recommendation's response: its comments section, else the letter, else a sentence."""
    stated = stated_responses(joined, len(found))
    letter = letter_sections(joined, {f.number: f.start for f in found})
    return {**stated, **letter, **comment_sections(joined)}


def _ecd(section: str):  # noqa: ANN202  (date | None; kept short for the record builder)
    match = _ECD.search(section)
    return parse_target_date(match.group(1) or match.group(2)) if match else None


def _apply_counts(records: list[RecommendationRecord], counted: list[tuple[int, Status]]) -> None:
    """Fill statuses from counted forms when the counts leave no doubt."""
    if not counted:
        return
    missing = [r for r in records if r.resolution is None and r.implementation is None]
    if not missing:
        return
    kinds = {status for _, status in counted}
    if len(kinds) == 1:
        only = next(iter(kinds))
        for record in missing:
            record.resolution, record.implementation = only.resolution, only.implementation
        return
    remaining = dict.fromkeys(kinds, 0)
    for count, status in counted:
        remaining[status] += count
    for record in records:
        key = Status(record.resolution, record.implementation)
        if key in remaining:
            remaining[key] -= 1
    left = [status for status, count in remaining.items() if count > 0]
    if len(missing) == 1 and len(left) == 1:
        missing[0].resolution, missing[0].implementation = (
            left[0].resolution,
            left[0].implementation,
        )


def addressee_of(text: str) -> str | None:
    """'We recommend the Acting Director of ICE relocate ...' -> 'Acting Director of ICE'."""
    match = _ADDRESSEE_START.search(text)
    if match is None:
        return None
    words: list[str] = []
    for word in text[match.end() :].split():
        bare = word.rstrip(",;:")
        if not (bare[:1].isupper() or bare.lower() in _CONNECTORS or bare.startswith("(")):
            break
        words.append(bare)
        if word.endswith((",", ";", ":")):
            break
    while words and words[-1].lower() in _CONNECTORS:
        words.pop()
    return " ".join(words) or None


_OFFICES = [
    (r"health service|ihsc", "ICE Health Service Corps"),
    (r"field office director", "ERO Field Office"),
    (r"custody management", "ERO Custody Management"),
    (r"field operations", "ERO Field Operations"),
    (r"professional responsibility|\bopr\b", "ICE Office of Professional Responsibility"),
    (r"records officer", "ICE Records Office"),
    (r"enforcement and removal|\bero\b", "ERO"),
    (r"secretary", "DHS Secretary"),
    (r"director|\bice\b|immigration and customs enforcement", "ICE Director"),
]  # fmt: skip


def normalize_office(addressee: str | None) -> str | None:
    """The office an addressee's title belongs to, stable across renamed titles."""
    if not addressee:
        return None
    for pattern, office in _OFFICES:
        if re.search(pattern, addressee, re.I):
            return office
    return None
