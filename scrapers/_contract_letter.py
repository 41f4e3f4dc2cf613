"""The contract-inspection cover letter (Nakamoto Group / Creative Corrections).

Facility, place, standard, facility type, dates, remote or on site, the recommended and
previous rating, the standards-compliance table, deficient components per standard, areas
of concern and staffing statements.
"""

from __future__ import annotations

import re

from scrapers._base import FindingRecord, InspectionRecord, LayoutChanged, Record
from scrapers._ice_staffing import staffing_statements
from scrapers._ice_text import (
    NUMBER_WORD,
    DateSpan,
    detention_standard,
    page_of,
    parse_span,
    squash,
    state_code,
    words_to_int,
)
from scrapers._taxonomy import categorize

MONTH_YEAR = re.compile(r"[A-Z][a-z]+\.? \d{4}\b")
INSPECTORS = {"nakamoto": "Nakamoto Group", "creative corrections": "Creative Corrections"}


def inspector_named(text: str) -> str:
    """The contractor named in the document; generic when neither is named."""
    lowered = re.sub(r"\s+", "", text.lower())
    for key, name in INSPECTORS.items():
        if key.replace(" ", "") in lowered:
            return name
    return "ICE contract inspector"


_SUBJECT = re.compile(
    r"SUBJECT:\s*(?:Annual|Follow-up|Special|90-day)?\s*Inspection of (?:the )?([^\n]+)", re.I
)
_LOCATION = re.compile(
    r"of (?:the )?(?P<name>[^\n]+?)\s+in\s+(?P<city>[A-Z][\w .'-]+?),\s*(?P<state>[A-Z][a-zA-Z ]+?)\s+(?:during|from|on)\b",
    re.S,
)
_TYPES = r"(IGSA|DIGSA|SPC|CDF|USMS IGA|USMS CDF|BOP|STATE|FAMILY)"
_TYPE = re.compile(
    rf"This (?:is an? |)(?:(?:Dedicated|Intergovernmental)[\w ]* \()?{_TYPES}\)? facility"
    rf"|facility is an? (?:Dedicated IGSA \()?{_TYPES}\b|operates as an? {_TYPES}\b",
    re.I,
)
_RATING = re.compile(
    r"(?:receive a|recommends? (?:a|the)) rating of\s+[\"'\u201c]?(Meets? Standards?|Does Not Meet Standards?|Superior|Good|Acceptable|Deficient|At-Risk|Pass|Fail)",
    re.I,
)
_PREVIOUS = re.compile(
    r"received a (?:previous )?rating of\s+(.+?)\s+during the\s+([A-Z][a-z]+ \d{4})", re.S
)
_COMPONENTS = re.compile(rf"identified ({NUMBER_WORD}) \(?\d*\)?\s*deficient components?", re.I)
_OPERATOR = re.compile(r"(?:owned and |is )?operated by ([A-Z][^.]+?)\.(?:\s|$)")  # fmt: skip


def parse_cover_letter(pages: list[str], *, url: str | None = None) -> list[Record]:
    """Read the cover letter: facility, standard, type, dates, remote, rating, concerns."""
    text = "\n".join(pages)
    flat = squash(text)
    inspection = _letter_identity(text, flat, url)
    _fill_rating(inspection, flat)
    _fill_counts(inspection, text)
    findings = _deficient_standards(text, pages, inspection) + _concerns(text, pages, inspection)
    inspection.areas_of_concern = sum(f.result == "area_of_concern" for f in findings)
    staffing = staffing_statements(
        flat, page=page_of(pages, "percent") or 1, facility_name=inspection.facility_name,
        as_of=inspection.end_date,
    )  # fmt: skip
    return [*findings, *staffing, inspection]  # inspection last: it links the findings


def _letter_identity(text: str, flat: str, url: str | None) -> InspectionRecord:
    """Facility, place, inspector, standard, type and dates from the letter's opening."""
    subject = _SUBJECT.search(text)
    period = re.search(r"during the period of\s+(.{6,80})", flat) or re.search(
        r"(?:performed|conducted) an? [\w -]{0,40}inspection\b.{0,200}?\b(?:on|from|during)\s+(.{6,80})",
        flat,
    )  # the usual wording first, then the inspection sentence itself
    span = parse_span(period.group(1)) if period else None
    if span is None and period and MONTH_YEAR.match(period.group(1)):
        span = DateSpan(None, None, True, period.group(1))  # only a month: no exact dates
    if subject is None or span is None or period is None:
        raise LayoutChanged("cover letter without a subject line or inspection period", url=url)
    name, city, state = _subject_place(squash(subject.group(1)).rstrip(". "))
    location = _LOCATION.search(flat)
    return InspectionRecord(
        page=1, quote=squash(period.group(0).split(". ")[0])[:500], facility_name=name,
        city=city or (location["city"].strip() if location else None),
        state=state or (state_code(location["state"]) if location else None),
        inspector=inspector_named(text), inspection_type="contract annual",
        standard=detention_standard(flat), start_date=span.start, end_date=span.end,
        date_uncertain=span.uncertain, remote=_remote(flat), facility_type=_facility_type(flat),
        operator=_operator(flat), pdf_url=url,
    )  # fmt: skip


def _subject_place(subject: str) -> tuple[str, str | None, str | None]:
    """'Otero County Processing Center, Chaparral, NM' -> name, city, state (when given)."""
    parts = [p.strip() for p in subject.rsplit(",", 2)]
    if len(parts) == 3 and state_code(parts[2]):
        return parts[0], parts[1], state_code(parts[2])
    return subject, None, None


def _facility_type(flat: str) -> str | None:
    """The contract type the letter states ('This is an IGSA facility')."""
    m = _TYPE.search(flat)
    return next(g for g in m.groups() if g).upper() if m else None


def _remote(flat: str) -> bool | None:
    """True for remote inspections, False when on site is stated, else unknown."""
    lowered = flat.lower()
    if re.search(r"conducted remotely|remote nature of the inspection|remote inspection", lowered):
        return True
    if re.search(r"\bon[- ]site inspection|inspection was conducted on[- ]site", lowered):
        return False
    return None


def _operator(flat: str) -> str | None:
    """The operator the facility description names, if any."""
    m = _OPERATOR.search(flat)
    return m.group(1).strip() if m and len(m.group(1)) < 80 else None


def _fill_rating(inspection: InspectionRecord, flat: str) -> None:
    """Recommended and previous ratings, kept apart from the counts."""
    # the recommendation section, when present, so the previous rating is never taken for it
    section = flat.split("Recommended Rating", 1)[-1]
    if m := _RATING.search(section) or _RATING.search(flat):
        inspection.rating = _normal_rating(m.group(1))
    if m := _PREVIOUS.search(flat):
        inspection.previous_rating = _normal_rating(m.group(1))


def _normal_rating(raw: str) -> str:
    """'Meet Standards' and 'Meets Standard' are the same rating as 'Meets Standards'."""
    cleaned = squash(raw).strip(" .")
    lowered = cleaned.lower()
    if lowered.startswith("does not meet"):
        return "Does Not Meet Standards"
    if lowered.startswith("meet"):
        return "Meets Standards"
    return cleaned


def _fill_counts(inspection: InspectionRecord, text: str) -> None:
    """Standards met / not met / repeat from the comparison table (last column is current)."""
    counts = {}
    for label, key in (
        (r"Meets? Standards?", "meets"),
        (r"Does Not Meet Standards?", "not_met"),
        (r"Repeat Findings?", "repeat"),
    ):
        values = re.findall(rf"(?<!Not ){label}\s+(\d+)", text)
        if values:
            counts[key] = int(values[-1])
    if "meets" in counts and "not_met" in counts:
        inspection.standards_compliant = counts["meets"]
        inspection.standards_deficient = counts["not_met"]
        inspection.standards_reviewed = counts["meets"] + counts["not_met"]
    inspection.repeat_deficiencies = counts.get("repeat")
    if m := _COMPONENTS.search(squash(text)):
        inspection.deficiency_count = words_to_int(m.group(1))
    elif "deficient component" not in text and inspection.standards_deficient == 0:
        inspection.deficiency_count = 0


def _deficient_standards(
    text: str, pages: list[str], inspection: InspectionRecord
) -> list[FindingRecord]:
    """'deficient components in the following ... standard(s): Visitation – 4, ...'."""
    m = re.search(
        r"in the following[^:]*standards?:\s*(.+?)\n\s*\n?(?:Facility|[A-Z][a-z]+ [A-Z])",
        text,
        re.S,
    )
    if not m:
        return []
    findings = []
    for label, count in re.findall(
        r"([A-Z][A-Za-z ,/&'-]+?)\s*[-\u2013\u2014]\s*(\d+)", m.group(1)
    ):
        findings.append(
            FindingRecord(
                page=page_of(pages, label),
                quote=squash(f"{label} - {count}"),
                facility_name=inspection.facility_name,
                category=categorize(label),
                result="deficient",
                raw_label=label.strip(),
                summary=f"{count} deficient component(s)",
                found_date=inspection.end_date,
            )  # fmt: skip
        )
    return findings


def _concerns(text: str, pages: list[str], inspection: InspectionRecord) -> list[FindingRecord]:
    """The 'Areas of Concern/Significant Observations' section as one finding, if any."""
    m = re.search(
        r"Areas of Concern[^\n]*\n(.+?)(?:Recommended Rating|LCI Assurance|$)", text, re.S
    )
    if not m:
        return []
    body = squash(re.sub(r"The N ?akamoto Group, Inc\s*\.?|Page \d+ of \d+", " ", m.group(1)))
    if not body or re.search(r"\bno areas of concern\b", body, re.I):
        return []
    return [
        FindingRecord(
            page=page_of(pages, "Areas of Concern"),
            quote=body[:1000],
            facility_name=inspection.facility_name,
            category=categorize(body),
            result="area_of_concern",
            raw_label="Areas of Concern/Significant Observations",
            summary=body[:300],
            found_date=inspection.end_date,
        )  # fmt: skip
    ]
