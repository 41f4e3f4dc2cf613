"""The ODO compliance inspection report PDF: identification, counts, findings per standard.

Counts ("complied with 18 of the 26 standards", "21 deficiencies in the remaining 8 standards")
and any rating are read separately: they often disagree and the disagreement is a signal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from scrapers._base import BadDocument, FindingRecord, InspectionRecord, LayoutChanged, Page, Record
from scrapers._ice_text import (
    NUMBER_WORD,
    detention_standard,
    parse_span,
    pdf_pages,
    squash,
    state_code,
    words_to_int,
)
from scrapers._quotes import clean_quote, strip_page_furniture
from scrapers._taxonomy import categorize

N = rf"({NUMBER_WORD})"
_COUNTS: dict[str, list[re.Pattern[str]]] = {
    "reviewed": [re.compile(rf"compliance with {N} (?:\w+ )?standards", re.I),
                 re.compile(rf"of the {N} standards reviewed", re.I)],
    "compliant": [re.compile(rf"(?:complied|compliance|compliant) with {N} of (?:the|those|these)\b", re.I)],
    "deficiencies": [re.compile(rf"{N} deficiencies (?:in|among|across)", re.I),
                     re.compile(rf"(?:identified|found) {N} deficiencies", re.I)],
    "deficient": [re.compile(rf"in the remaining {N} standards", re.I),
                  re.compile(rf"among {N} (?:deficient )?standards", re.I)],
    "repeat": [re.compile(rf"{N} repeat deficienc", re.I)],
    "concerns": [re.compile(rf"{N} areas? of concern", re.I)],
}  # fmt: skip
_RATING = re.compile(r"(?:final rating|rated|rating of|rating:)\s*[\"']?(Superior|Good|Acceptable|Adequate|Deficient|At-Risk|Pass|Fail|Meets Standards|Does Not Meet Standards)\b", re.I)  # fmt: skip
_HEADING = re.compile(
    r"^(?P<label>[A-Z][A-Z0-9 ,/&'-]{3,}?)\s*\((?P<section>\d+(?:\.\d+)*|[A-Z]{2,5})\)\s*$"
)
_MARKER = re.compile(r"^(?P<kind>Repeat Deficiency|Deficiency|Area of Concern)\b\s*(?P<code>[\w.-]*)\s*(?P<repeat>\(Repeat(?: Deficiency)?\))?", re.I)  # fmt: skip


class NotAnOdoReport(BadDocument):
    """A PDF that is not an ODO compliance inspection report."""

    reason = "not an ODO inspection report"


def parse_report(page: Page) -> list[Record]:
    """The inspection and its findings from an ODO report PDF."""
    pages = pdf_pages(page.content, url=page.url)
    flat = squash(" ".join(pages))
    if "Detention Oversight" not in flat or "Compliance Inspection" not in flat.title():
        raise NotAnOdoReport(
            "PDF does not present itself as an ODO compliance inspection", url=page.url
        )
    inspection = _identify(pages, page.url)
    inspection.standard = detention_standard(flat)
    _fill_counts(inspection, flat)
    # Findings are quoted, so they are read without running headers, footers and page numbers.
    findings = read_findings(strip_page_furniture(pages), inspection)
    if inspection.deficiency_count is None and findings:
        inspection.deficiency_count = sum(f.result == "deficient" for f in findings)
    return [*findings, inspection]  # inspection last: its writer links the findings


def _identify(pages: list[str], url: str) -> InspectionRecord:
    """Facility, city, state and dates from the cover page."""
    lines = [squash(line) for line in pages[0].splitlines() if line.strip()]
    for name, place in zip(lines, lines[1:], strict=False):
        m = re.match(r"^([A-Z][\w .'-]+?),\s*([A-Za-z .]+)$", place)
        if m and state_code(m.group(2)) and not name.lower().endswith("field office"):
            span = parse_span(" ".join(lines))
            return InspectionRecord(
                page=1, quote=f"{name}, {place}", facility_name=name, city=m.group(1),
                state=state_code(m.group(2)), inspector="ODO", inspection_type="compliance",
                start_date=span.start if span else None, end_date=span.end if span else None,
                date_uncertain=span is None or span.uncertain, pdf_url=url,
            )  # fmt: skip
    raise LayoutChanged("ODO report cover without 'Facility' / 'City, State' lines", url=url)


def _count(flat: str, key: str) -> int | None:
    """The first figure any pattern for `key` finds."""
    for pattern in _COUNTS[key]:
        if m := pattern.search(flat):
            return words_to_int(m.group(1))
    return None


def _fill_counts(inspection: InspectionRecord, flat: str) -> None:
    """Counts, corrective-action plan and rating, each read on its own."""
    inspection.standards_reviewed = _count(flat, "reviewed")
    inspection.standards_compliant = _count(flat, "compliant")
    inspection.deficiency_count = _count(flat, "deficiencies")
    inspection.standards_deficient = _count(flat, "deficient")
    reviewed, compliant = inspection.standards_reviewed, inspection.standards_compliant
    if inspection.standards_deficient is None and reviewed is not None and compliant is not None:
        inspection.standards_deficient = reviewed - compliant
    if reviewed is not None and compliant is not None and compliant > reviewed:
        inspection.standards_compliant = None  # contradictory figures: keep neither guess
    inspection.repeat_deficiencies = _count(flat, "repeat")
    inspection.areas_of_concern = _count(flat, "concerns")
    inspection.corrective_action_plan = bool(
        re.search(r"corrective action plan|\bUCAP\b", flat, re.I)
    )
    if m := _RATING.search(flat):
        inspection.rating = m.group(1).title()


@dataclass
class _Item:
    """A finding being assembled line by line."""

    label: str
    kind: str
    code: str
    repeat: bool
    page: int
    lines: list[str] = field(default_factory=list)


def read_findings(pages: list[str], inspection: InspectionRecord) -> list[FindingRecord]:
    """Deficiencies and areas of concern under each standard heading, with page and quote."""
    findings: list[FindingRecord] = []
    label, item, started = "", None, False
    for number, text in enumerate(pages, start=1):
        for line in (squash(raw) for raw in text.splitlines()):
            started = started or line.upper().startswith("FINDINGS")
            if not started or not line:
                continue
            heading, marker = _HEADING.match(line), _MARKER.match(line)
            if heading or marker:
                _close(item, findings, inspection, label)
                item = None
            if heading:
                label = heading["label"].title()
                item = _Item(label, "heading", heading["section"], False, number)
            elif marker:
                repeat = bool(marker["repeat"]) or marker["kind"].lower().startswith("repeat")
                item = _Item(label, marker["kind"].lower(), marker["code"], repeat, number)
            elif item is not None:
                item.lines.append(line)
    _close(item, findings, inspection, label)
    return findings


def _close(
    item: _Item | None, out: list[FindingRecord], insp: InspectionRecord, label: str
) -> None:
    """Turn a finished item into a finding (a heading only when it states compliance)."""
    if item is None or not item.label:
        return
    body = squash(" ".join(item.lines))
    if item.kind == "heading":
        if not re.search(r"\bno deficiencies\b|\bin compliance\b|\bcompliant\b", body, re.I):
            return
        result = "compliant"
    else:
        result = "area_of_concern" if item.kind.startswith("area") else "deficient"
        item.repeat = item.repeat or bool(re.search(r"\brepeat deficiency\b", body, re.I))
    out.append(
        FindingRecord(
            page=item.page,
            quote=clean_quote(body, 1000) or None,
            facility_name=insp.facility_name,
            category=categorize(item.label),
            result=result,
            raw_label=f"{item.label} ({item.code})" if item.code else item.label,
            summary=body[:300] or None,
            found_date=insp.end_date,
            is_repeat=item.repeat,
        )  # fmt: skip
    )
