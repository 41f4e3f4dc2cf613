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
from scrapers._contract_letter.facility import facility_type, operator
from scrapers._contract_letter.findings import concerns, deficient_standards
from scrapers._contract_letter.heading import (
    PLACE,
    SUBJECT,
    inspection_kind,
    period_of,
    remote_of,
    standard_of,
    subject_place,
)
from scrapers._contract_letter.rating import fill_counts, fill_rating
from scrapers._ice_staffing import staffing_statements
from scrapers._ice_text import page_of, squash, state_code
from scrapers._quotes import clean_quote

INSPECTORS = {"nakamoto": "Nakamoto Group", "creative corrections": "Creative Corrections"}


def inspector_named(text: str) -> str:
    """The contractor named in the document; generic when neither is named."""
    lowered = re.sub(r"\s+", "", text.lower())
    for key, name in INSPECTORS.items():
        if key.replace(" ", "") in lowered:
            return name
    return "ICE contract inspector"


def is_cover_letter(text: str) -> bool:
    """A memorandum whose SUBJECT names an inspection or review, from a contract inspector."""
    return bool(SUBJECT.search(text)) and "Lead Compliance Inspector" in text


# a word broken at a line end ("Ac-\nceptable", "dur-\ning the period"), as OCR text keeps it
# (a PDF text layer marks the break with U+FFFE, which the text cleaner already joins)
_BROKEN_WORD = re.compile(r"(?<=[a-z])-[ \t]*\n[ \t]*(?=[a-z])")


def parse_cover_letter(pages: list[str], *, url: str | None = None) -> list[Record]:
    """Read the cover letter: facility, standard, type, dates, remote, rating, findings."""
    pages = [_BROKEN_WORD.sub("", page) for page in pages]
    text = "\n".join(pages)
    flat = squash(text)
    inspection = _letter_identity(text, flat, url)
    fill_rating(inspection, flat)
    fill_counts(inspection, flat)
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
    subject = SUBJECT.search(text)
    period, span = period_of(flat)
    if subject is None or span is None or period is None:
        raise LayoutChanged("cover letter without a subject line or inspection period", url=url)
    name = squash(f"{subject['name']} {subject['more'] or ''}").rstrip(". ")
    name, city, state = subject_place(name)
    place = PLACE.search(flat)
    if city is None and place and state_code(place["state"]):
        city, state = place["city"], state_code(place["state"])
    return InspectionRecord(
        page=1, quote=clean_quote(period.group(0).split(". ")[0], 500), facility_name=name,
        city=city, state=state, inspector=inspector_named(text),
        inspection_type=inspection_kind(subject["kind"], flat[:2000]),
        raw_title=squash(subject.group(0).split(":", 1)[1]), standard=standard_of(flat),
        start_date=span.start, end_date=span.end, date_uncertain=span.uncertain,
        remote=remote_of(flat), facility_type=facility_type(flat), operator=operator(flat),
        pdf_url=url,
    )  # fmt: skip
