"""The detention standard a cover letter states in its opening sentence.

Read only from the letter's own statement ("for compliance with the ICE Performance-Based
National Detention Standards (PBNDS 2011 with 2016 revisions)"); the sexual-abuse add-on
(SAAPI) that some letters name after the main set is not the standard. A set named without a
year ("NDS") stays without one: the year is never borrowed from elsewhere in the letter.
"""

from __future__ import annotations

import re

# where the add-on begins: "(PBNDS 2008; 2011 SAAPI)", "(NDS/2011 SAAPI)", "(NDS) and SAAPI"
_ADD_ON = re.compile(r";|/|\band\b|\bSAAPI\b|\bSexual Abuse\b", re.I)
_YEAR = re.compile(r"\b(2000|2008|2011|2019|2025)\b")


def letter_standard(phrase: str) -> str | None:
    """'PBNDS 2011 (2016 revisions)', 'NDS 2019', 'NDS', 'FRS' or None."""
    main = _ADD_ON.split(phrase, 1)[0]
    lowered = main.lower()
    if "family residential" in lowered:
        family = "FRS"
    elif "performance" in lowered or "pbnds" in lowered:
        family = "PBNDS"
    elif "national detention" in lowered or re.search(r"\bNDS\b", main):
        family = "NDS"
    else:
        return None
    year = _YEAR.search(main)
    if year is None:
        return family
    revised = re.search(r"2016 revisions?|revised (?:in )?2016", main, re.I)
    return f"{family} {year.group(1)}" + (" (2016 revisions)" if revised else "")
