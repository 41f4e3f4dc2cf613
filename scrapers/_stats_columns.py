"""Header names of the ICE statistics facilities sheet, with the synonyms seen across releases."""

from __future__ import annotations

import re

from scrapers._base import ColumnsUnmapped
from scrapers._stats_inspections import InspectionColumns, read_header

POPULATION = "population"

# field -> patterns matched against the lower-cased, single-spaced header text.
# Anchored on purpose: "Second to Last Inspection Type" must not be read as the last one.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": (r"(facility |detention facility )?name", r"facility", r"detention facility"),
    "address": (r"(street )?address( line 1)?", r"street"),
    "city": (r"city",),
    "state": (r"state", r"st", r"state/territory"),
    "zip": (r"zip( ?code)?", r"postal code", r"zip/postal code"),
    "aor": (r"aor", r"area of responsibility", r"field office", r"ero field office"),
    "type_detailed": (r"type detailed", r"facility type( detailed)?", r"detailed (facility )?type"),
    "gender": (r"male/female", r"gender", r"sex", r"female/male"),
    "alos": (r"(fy ?\d{2,4} )?alos", r"(fy ?\d{2,4} )?average length of stay( \(days\))?"),
    "guaranteed_minimum": (r"guaranteed min(imum)?( capacity| beds)?", r"gm"),
    "adp_total": (r"(fy ?\d{2,4} )?(total )?adp( total)?", r"average daily population"),
    POPULATION: (
        r"level [a-d]",
        r"(male|female) (crim|non-crim|criminal|non-criminal)",
        r"ice threat level [1-3]",
        r"no ice threat level",
        r"mandatory",
    ),
}

_COMPILED = {name: [re.compile(rf"^{p}$") for p in patterns] for name, patterns in SYNONYMS.items()}


def field_for(header: str) -> str | None:
    """The record field a header feeds, or None for a column kept raw.

    Inspection columns are read by `_stats_inspections`; one that cannot be read gives None
    here (the parser raises for it when the release is parsed as a whole).
    """
    text = " ".join(header.lower().replace("\u2013", "-").split())
    for name, patterns in _COMPILED.items():
        if any(p.match(text) for p in patterns):
            return name
    try:
        read = read_header(header)
    except ColumnsUnmapped:
        return None
    return InspectionColumns({read[0]: {read[1]: header}}).field_names()[header] if read else None


def is_header_row(cells: list[str]) -> bool:
    """True when a row names the facility and at least two of its place columns."""
    found = {field_for(c) for c in cells if c}
    return "name" in found and len(found & {"address", "city", "state", "zip"}) >= 2
