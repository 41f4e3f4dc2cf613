"""The contract-inspection cover letter (Nakamoto Group / Creative Corrections).

A memorandum: SUBJECT line (kind of inspection and facility), an opening sentence (standard,
facility, city and state, period, facility type), the standards-compliance table, the list
of deficient standards, a facility description (operator), areas of concern, and the
recommended rating. Each field is read from the sentence that states it, never inferred from
a neighbouring one (a comparison table's year is not the standard).
"""

from __future__ import annotations

import re

from scrapers._base import InspectionRecord, LayoutChanged, Record
from scrapers._ice_staffing import staffing_statements
from scrapers._ice_text import (
    DateSpan,
    page_of,
    parse_span,
    squash,
    state_code,
)
from scrapers._letter_findings import COUNT, concerns, deficient_standards, read_count
from scrapers._letter_standard import letter_standard

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
    r"^\s*SUBJECT:\s*(?P<kind>[^\n]*?)\s*\b(?:Inspection|Review)\s+of\s+(?:the\s+)?"
    r"(?P<name>[^\n]+)(?P<more>\n[ \t]*(?:[A-Z][\w.'-]*[ \t]*){1,4}[ \t]*(?=\n))?",
    re.I | re.M,
)


def is_cover_letter(text: str) -> bool:
    """A memorandum whose SUBJECT names an inspection or review, from a contract inspector."""
    return bool(_SUBJECT.search(text)) and "Lead Compliance Inspector" in text


_KINDS = (
    (r"90[- ]day follow", "annual/90-day follow-up"),
    (r"180[- ]day re-?\s?$", "annual/180-day re-inspection"),
    (r"special|technical assessment", "special/technical assessment review"),
    (r"pre-?\s?occupancy", "pre-occupancy"),
    (r"biennial", "biennial"),
    (r"follow", "follow-up"),
    (r"annual", "annual"),
)


def inspection_kind(subject_kind: str) -> str:
    """'Annual Detention' -> 'contract annual'; every subject variant the letters use."""
    lowered = subject_kind.lower()
    kind = next((name for pattern, name in _KINDS if re.search(pattern, lowered)), None)
    return f"contract {kind}" if kind else "contract inspection"


_TYPE_WORDS = r"(?:Dedicated\s+IGSA|DIG-?SA|IGSA|CDF|SPC|Contract Detention Facility|Service Processing Center)"
_TYPE = re.compile(
    rf"\bThis is an?\s+(?P<a>{_TYPE_WORDS})\b|\bfacility(?:,)? is an?\s+(?:ICE\s+)?(?P<b>{_TYPE_WORDS})\b"
    rf"|, an?\s+(?:ICE\s+)?(?P<c>{_TYPE_WORDS})\b[^,.]{{0,20}},",
    re.I,
)


def facility_type(flat: str) -> str | None:
    """The contract type the letter states ('This is an IGSA.', 'a Dedicated IGSA (DIGSA)')."""
    m = _TYPE.search(flat)
    if m is None:
        return None
    raw = next(g for g in m.groups() if g).lower().replace("-", "")
    if raw.startswith(("dedicated", "digsa")):
        return "DIGSA"
    if raw.startswith("contract"):
        return "CDF"
    if raw.startswith("service"):
        return "SPC"
    return raw.upper()


_STANDARD_PHRASE = re.compile(
    r"(?:performed|conducted) an? .{0,160}?\bwith (?P<standard>.{0,220}?)\s+(?:of|at)\s+(?:the\s+)?[A-Z]"
    r"|(?:performed|conducted) an? .{0,160}?\bwith (?P<bare>.{0,220}?)\s+during the period"
)
# "... of the X in Anson, Texas, during the period" or "... of the X, Edensburg, PA, during"
_PLACE = re.compile(
    r"(?:\bin|,)\s+(?P<city>[A-Z][\w.'-]*(?: [A-Z][\w.'-]*){0,3}),\s*"
    r"(?P<state>[A-Z][A-Za-z.]*(?: [A-Z][a-z]+)?)\s*,?\s+during the period"
)


def parse_cover_letter(pages: list[str], *, url: str | None = None) -> list[Record]:
    """Read the cover letter: facility, standard, type, dates, remote, rating, findings."""
    text = "\n".join(pages)
    flat = squash(text)
    inspection = _letter_identity(text, flat, url)
    _fill_rating(inspection, flat)
    _fill_counts(inspection, flat)
    findings = deficient_standards(text, pages, inspection)
    findings += concerns(text, pages, inspection)
    inspection.areas_of_concern = sum(f.result == "area_of_concern" for f in findings)
    staffing = staffing_statements(
        flat, page=page_of(pages, "percent") or 1, facility_name=inspection.facility_name,
        as_of=inspection.end_date,
    )  # fmt: skip
    return [*findings, *staffing, inspection]  # inspection last: it links the findings


def _letter_identity(text: str, flat: str, url: str | None) -> InspectionRecord:
    """Facility, place, inspector, standard, type and dates from the letter's opening."""
    subject = _SUBJECT.search(text)
    period, span = _period(flat)
    if subject is None or span is None or period is None:
        raise LayoutChanged("cover letter without a subject line or inspection period", url=url)
    name = squash(f"{subject['name']} {subject['more'] or ''}").rstrip(". ")
    name, city, state = _subject_place(name)
    place = _PLACE.search(flat)
    if city is None and place and state_code(place["state"]):
        city, state = place["city"], state_code(place["state"])
    return InspectionRecord(
        page=1, quote=squash(period.group(0).split(". ")[0])[:500], facility_name=name,
        city=city, state=state, inspector=inspector_named(text),
        inspection_type=inspection_kind(subject["kind"]),
        raw_title=squash(subject.group(0).split(":", 1)[1]), standard=_standard(flat),
        start_date=span.start, end_date=span.end, date_uncertain=span.uncertain,
        remote=_remote(flat), facility_type=facility_type(flat), operator=operator(flat),
        pdf_url=url,
    )  # fmt: skip


_PERIODS = (
    re.compile(r"during the period of\s+(.{6,80})"),
    re.compile(
        r"(?:performed|conducted) an? [\w /-]{0,40}inspection\b.{0,200}?\b(?:on|from|during)\s+(.{6,80})"
    ),
)  # the letters' usual wording first, then the inspection sentence itself


def _period(flat: str) -> tuple[re.Match[str] | None, DateSpan | None]:
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


def _standard(flat: str) -> str | None:
    """The standard of the opening sentence, else of the first 'compliance with' statement."""
    if (m := _STANDARD_PHRASE.search(flat)) and (
        found := letter_standard(m["standard"] or m["bare"])
    ):
        return found
    m = _COMPLIANCE_WITH.search(flat)
    return letter_standard(m["p"]) if m else None


def _subject_place(subject: str) -> tuple[str, str | None, str | None]:
    """'Otero County Processing Center, Chaparral, NM' -> name, city, state (when given)."""
    parts = [p.strip() for p in subject.rsplit(",", 2)]
    if len(parts) == 3 and state_code(parts[2]):
        return parts[0], parts[1], state_code(parts[2])
    return subject, None, None


def _remote(flat: str) -> bool | None:
    """True for remote inspections, False when on site is stated, else unknown."""
    lowered = flat.lower()
    if re.search(r"conducted remotely|remote nature of the inspection|\bremote\b[\w /-]{0,40}inspection", lowered):  # fmt: skip
        return True
    if re.search(r"\bon[- ]site inspection|inspection was conducted on[- ]site", lowered):
        return False
    return None


# an operator phrase ends at the sentence's end or where a new clause starts
_OPERATOR_END = re.compile(
    r"\.(?:\s+[A-Z]|\s*$)|;|(?<=\))\s+(?=[A-Z][a-z])|\s(?=(?:It|The|This|They)\s)"
    r"|, (?:a|an|is|and|which|who|houses|formerly)\b|\sand\s(?=is\b|located|operates|has\b|governed|managed)"
    r"|\s(?:is|under|via|with|as|who|which|pursuant|in|since|to)\s|\s\((?:a|prison|private)\b"
)
_OPERATED = re.compile(r"\b(?:operated|managed) by\s+")
# the sentence must be about the facility, not a vendor's service ("kiosks are managed by")
_ABOUT_FACILITY = re.compile(
    r"\b(?:facility|jail|cent(?:er|re)|prison|complex|dormitory|corrections?|owned)\b", re.I
)
_NOT_THE_FACILITY = re.compile(
    r"\b(?:food|medical|health|commissary|telephone|maintenance|laundry|control|wings?|services?"
    r"|kiosks?|units?)\b",
    re.I,
)


def operator(flat: str) -> str | None:
    """Who operates the facility, cut at the end of its phrase ('LaSalle Corrections')."""
    section = flat.split("Facility Snapshot", 1)[-1]
    for m in _OPERATED.finditer(section):
        lead = section[max(0, m.start() - 200) : m.start()].rsplit(". ", 1)[-1]
        if _NOT_THE_FACILITY.search(lead) or not _ABOUT_FACILITY.search(lead):
            continue  # "Food service is operated by ..." names a vendor, not the operator
        rest = section[m.end() : m.end() + 160]
        end = _OPERATOR_END.search(rest, 2)
        name = re.sub(r"^the (?=[A-Z])", "", (rest[: end.start()] if end else rest).strip(" ,"))
        if not re.match(r"[A-Z]", name) or name.startswith(("ICE personnel", "Immigration")):
            return None  # "managed by direct supervision"; ICE itself runs the facility (SPC)
        name += "." if re.search(r"\b(?:Inc|Corp|Ltd)$", name) else ""
        return name if len(name) <= 80 else None
    return None


_RATING = re.compile(
    r"(?:receive|be given|earn|recommends?) (?:an?|the) (?:overall )?rating of\s*[\"'\u201c]?(?P<r>"
    r"Meets?\s+Standards?|Does\s+Not\s+Meets?\s+Standards?|Superior|Good|Acceptable|Deficient"
    r"|At[- ]Risk|Pass|Fail)",
    re.I,
)
_PREVIOUS = re.compile(
    r"received an? (?:previous )?rating of\s+(?P<r>[A-Za-z ]{4,30}?)\s+(?:during|in|as|for)\b", re.I
)


def _fill_rating(inspection: InspectionRecord, flat: str) -> None:
    """Recommended and previous ratings, kept apart from the counts."""
    # the recommendation section, when present, so the previous rating is never taken for it
    section = flat.split("Recommended Rating", 1)[-1]
    if m := _RATING.search(section):
        inspection.rating = normal_rating(m["r"])
    if m := _PREVIOUS.search(flat):
        inspection.previous_rating = normal_rating(m["r"])


def normal_rating(raw: str) -> str:
    """'Meet Standards', 'Meets Standard' and 'acceptable' as the ratings' usual spelling."""
    lowered = squash(raw).strip(" .").lower()
    if lowered.startswith("does not meet"):
        return "Does Not Meet Standards"
    if lowered.startswith("meet"):
        return "Meets Standards"
    if lowered.replace(" ", "-").startswith("at-risk"):
        return "At-Risk"
    return lowered.title()


def _fill_counts(inspection: InspectionRecord, flat: str) -> None:
    """Standards met / not met / repeat from the comparison table (last column is current)."""
    start = flat.find("Standards Compliance")
    table = flat[start : flat.find("identified", start)] if start >= 0 else ""
    counts = {}
    for label, key in (
        (r"(?:Meets? Standards?|Acceptable)", "meets"),
        (r"(?:Does Not Meet(?: Standards?)?|Deficient)", "not_met"),
        (r"Repeat (?:Findings?|Deficienc(?:y|ies))", "repeat"),
    ):
        values = re.findall(rf"(?<!Not )\b{label}\s+(\d+)\b", table)
        if values:
            counts[key] = int(values[-1])
    if "meets" in counts and "not_met" in counts:
        inspection.standards_compliant = counts["meets"]
        inspection.standards_deficient = counts["not_met"]
        inspection.standards_reviewed = counts["meets"] + counts["not_met"]
    inspection.repeat_deficiencies = counts.get("repeat")
    if m := re.search(rf"identified ({COUNT}) deficient components?", flat, re.I):
        inspection.deficiency_count = read_count(m.group(1))
    elif re.search(r"no deficient components? (?:were |was )?(?:identified|found)", flat, re.I):
        inspection.deficiency_count = 0
