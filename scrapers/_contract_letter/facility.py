"""What a cover letter says about the facility itself: its contract type and its operator."""

from __future__ import annotations

import re

_TYPE_WORDS = (
    r"(?:Dedicated\s+IGSA|DIG-?SA|IGSA|USMS\s+IGA|USMS\s+CDF|CDF|SPC|Contract Detention Facility"
    r"|Service Processing Center)"
)
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
    raw = re.sub(r"\s+", " ", next(g for g in m.groups() if g)).lower().replace("-", "")
    if raw.startswith(("dedicated", "digsa")):
        return "DIGSA"
    if raw.startswith("contract"):
        return "CDF"
    if raw.startswith("service"):
        return "SPC"
    return raw.upper()


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


# "The city of Alvarado has a contract with LaSalle Corrections to manage and operate the facility"
_CONTRACTED = re.compile(
    r"contracts? with (?:the )?(?P<op>[A-Z][\w&.,' ()-]{2,60}?) to (?:manage and )?operate the facility"
)


def operator(flat: str) -> str | None:
    """Who operates the facility, cut at the end of its phrase ('LaSalle Corrections')."""
    section = flat.split("Facility Snapshot", 1)[-1]
    return _operated_by(section) or (m["op"] if (m := _CONTRACTED.search(section)) else None)


def _operated_by(section: str) -> str | None:
    """The first 'operated by X' / 'managed by X' about the facility itself."""
    for m in _OPERATED.finditer(section):
        lead = section[max(0, m.start() - 200) : m.start()].rsplit(". ", 1)[-1]
        if _NOT_THE_FACILITY.search(lead) or not _ABOUT_FACILITY.search(lead):
            continue  # "Food service is operated by ..." names a vendor, not the operator
        rest = section[m.end() : m.end() + 160]
        end = _OPERATOR_END.search(rest, 2)
        name = re.sub(r"^the (?=[A-Z])", "", (rest[: end.start()] if end else rest).strip(" ,"))
        if name.startswith(("ICE personnel", "Immigration")):
            return None  # ICE itself runs the facility (an SPC): no operator to name
        if not re.match(r"[A-Z]", name):
            continue  # "managed by direct supervision"
        name += "." if re.search(r"\b(?:Inc|Corp|Ltd)$", name) else ""
        return name if len(name) <= 80 else None
    return None
