"""The recommended and previous ratings of a cover letter, and its counts (the comparison
table of standards met and not met, the deficient components), kept apart from each other.
"""

from __future__ import annotations

import re

from scrapers._base import InspectionRecord
from scrapers._contract_letter.findings import COUNT, read_count
from scrapers._ice_text import squash

_RATING = re.compile(
    r"(?:receive|be given|earn|recommends?) (?:an?|the) (?:overall )?rating of\s*[\"'\u201c]?(?P<r>"
    r"Meets?\s+Standards?|Does\s+Not\s+Meets?\s+Standards?|Superior|Good|Acceptable|Deficient"
    r"|At[- ]Risk|Pass|Fail)",
    re.I,
)
_PREVIOUS = re.compile(
    r"received an? (?:previous )?rating of\s+(?P<r>[A-Za-z ]{4,30}?)\s+(?:during|in|as|for)\b", re.I
)


def fill_rating(inspection: InspectionRecord, flat: str) -> None:
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


def fill_counts(inspection: InspectionRecord, flat: str) -> None:
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
